/// Merchant-written text stored per language (reward names, tier perks, campaign names). Lookup falls back to the
/// merchant's default language, then English, then any text there is.
public struct LocalizedText: Codable, Hashable, Sendable {
    /// The product's languages (spec/domain.md, Multilingual content).
    public static let languages = ["en", "es", "fr", "de", "pt", "ja", "ru", "it", "nl", "pl", "tr", "fa", "zh-CN",
                                   "vi", "id", "cs", "ar", "ko", "uk", "hu", "sv", "he"]
    public static let maximumLength = 200

    public var values: [String: String]

    public init(_ values: [String: String] = [:]) { self.values = values }
    public init(en text: String) { self.values = ["en": text] }

    public init(from decoder: any Decoder) throws {
        values = try decoder.singleValueContainer().decode([String: String].self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(values)
    }

    public var isEmpty: Bool { values.values.allSatisfy { $0.nonBlank == nil } }

    public func text(for language: String, defaultLanguage: String = "en") -> String {
        for candidate in [language, defaultLanguage, "en"] {
            if let text = values[candidate]?.nonBlank { return text }
        }
        return values.keys.sorted().lazy.compactMap { values[$0]?.nonBlank }.first ?? ""
    }

    /// Problems with the text of rule field `field` ("name"), whose sentences call it `named` ("tier_name", read
    /// "tier name"); empty when valid.
    public func problems(field: String, named: String, required: Bool) -> [RuleProblem] {
        var problems: [RuleProblem] = []
        let name = RuleValue.field(named)
        if required && isEmpty { problems.append(RuleProblem(field: field, .textRequired, ["field": name])) }
        for (language, text) in values.sorted(by: { $0.key < $1.key }) {
            if !LocalizedText.languages.contains(language) {
                problems.append(RuleProblem(field: field, .textUnknownLanguage, ["field": name, "language": .text(language),
                                                                                 "languages": .list(LocalizedText.languages)]))
            }
            if text.count > LocalizedText.maximumLength {
                problems.append(RuleProblem(field: field, .textTooLong, ["field": name, "language": .text(language),
                                                                         "maximum": .integer(Int64(LocalizedText.maximumLength))]))
            }
            if text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
                problems.append(RuleProblem(field: field, .textControlCharacters, ["field": name, "language": .text(language)]))
            }
        }
        return problems
    }
}
