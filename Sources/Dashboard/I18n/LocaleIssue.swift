/// One thing wrong with a locale file: where (file, line, key), what, and what to do about it.
public struct LocaleIssue: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable {
        // The file cannot be used at all (LocaleFile.parse throws these).
        case unreadable, syntax, missingLocaleTable, badLocaleField, badDirection, badNumbers, unknownTable
        case missingStrings, badValue, badTemplate, pluralMissingOther, unknownPluralCategory
        // The file loads; missing or broken texts fall back to English at run time (LocaleCheck finds these).
        case missingKey, extraKey, placeholderMismatch, shapeMismatch, missingPluralForm, unusedPluralForm
    }

    public let kind: Kind
    public let file: String
    public let line: Int?
    /// The TOML path of the offending value, e.g. `locale.direction` or `strings."age.days"`.
    public let key: String?
    /// The `[strings]` key the issue is about, if it is about one.
    public let entry: String?
    public let problem: String
    public let fix: String

    public init(_ kind: Kind, file: String, line: Int?, key: String?, entry: String? = nil, problem: String,
                fix: String) {
        self.kind = kind; self.file = file; self.line = line; self.key = key; self.entry = entry
        self.problem = problem; self.fix = fix
    }

    /// `ja.toml:42: strings."age.days": plural forms lack “other”. Add other = "…".`
    public var description: String {
        var place = file
        if let line { place += ":\(line)" }
        let subject = key.map { "\($0): " } ?? ""
        return "\(place): \(subject)\(problem). \(fix)"
    }

    static func stringKey(_ key: String) -> String { "strings.\"\(key)\"" }
}

/// A locale file that cannot be used; `issues` lists everything found, in file order.
public struct LocaleFileError: Error, Sendable, CustomStringConvertible {
    public let issues: [LocaleIssue]
    public var description: String { issues.map(\.description).joined(separator: "\n") }
}
