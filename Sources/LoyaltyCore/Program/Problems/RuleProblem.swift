/// One reason a rule cannot be saved: the field it is about, what kind of problem it is (`code`) and the values
/// the sentence needs. `message` is the English sentence the CLI and the store's errors show; the dashboard
/// renders `code` and `values` in the operator's language instead (docs/decisions/0080-rule-problems-localized.md).
public struct RuleProblem: Error, Hashable, Sendable, CustomStringConvertible {
    /// The rule field, spelled as the editors' field ids ("threshold").
    public var field: String
    public var code: RuleProblemCode
    /// The values the sentence names, keyed by the placeholder they fill (`{maximum}`).
    public var values: [String: RuleValue]
    /// The tier a table-wide check found the problem in; the sentence is prefixed with its key ("gold: …").
    public var tier: String?

    public init(field: String, _ code: RuleProblemCode, _ values: [String: RuleValue] = [:], tier: String? = nil) {
        self.field = field
        self.code = code
        self.values = values
        self.tier = tier
    }

    /// The same problem, found while checking tier `key` as part of a table.
    public func inTier(_ key: String) -> RuleProblem {
        var copy = self
        copy.tier = key
        return copy
    }

    /// The English sentence a merchant reads in the CLI.
    public var message: String {
        let sentence = RuleTemplate.fill(code.english) { values[$0]?.english }
        return tier.map { "\($0): \(sentence)" } ?? sentence
    }

    public var description: String { message }
}

/// Fills `{name}` placeholders; a name with no value stays as written.
enum RuleTemplate {
    static func fill(_ template: String, _ value: (String) -> String?) -> String {
        var result = ""
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            result += rest[..<open]
            guard let close = rest[open...].firstIndex(of: "}") else { break }
            let name = String(rest[rest.index(after: open)..<close])
            result += value(name) ?? "{\(name)}"
            rest = rest[rest.index(after: close)...]
        }
        return result + rest
    }
}
