/// CLDR cardinal plural rules for whole numbers (operands i = n, v = 0), as of CLDR 42+ (checked against ICU 72's
/// `uplrules_select`). Counts in this app are always integers, so fraction-only categories (ru/uk `other`,
/// cs `many`) are never selected; `other` is still required in every file because it is the fallback.
public struct PluralRule: Sendable {
    /// The language subtag this rule is for ("en", "pt", …), or "" for the catch-all rule.
    public let language: String
    /// The categories whole numbers can select in this language, plus `other`.
    public let categories: Set<PluralCategory>
    /// Categories that exactly one whole number selects (Arabic `two` is only 2). A plural form for such a
    /// category may leave `{count}` out, as natural text often does ("منذ يومين", "לפני יומיים").
    public let singleValued: [PluralCategory: Int]
    private let select: @Sendable (Int) -> PluralCategory

    init(_ language: String, _ categories: Set<PluralCategory>, singleValued: [PluralCategory: Int] = [:],
         select: @escaping @Sendable (Int) -> PluralCategory) {
        self.language = language
        self.categories = categories.union([.other])
        self.singleValued = singleValued
        self.select = select
    }

    /// The category of `count`. CLDR operands are absolute values, so -1 behaves like 1.
    public func category(for count: Int) -> PluralCategory {
        select(count == .min ? .max : abs(count))
    }

    /// The rule for a locale code such as "pt-BR" (its language subtag decides), or nil when none is built in.
    public static func forLocale(_ code: String) -> PluralRule? {
        let language = code.split(whereSeparator: { $0 == "-" || $0 == "_" }).first.map { $0.lowercased() } ?? ""
        return byLanguage[language]
    }

    /// For languages without a built-in rule: only `other`, which every plural table has.
    public static let otherOnly = PluralRule("", [.other]) { _ in .other }

    /// Languages whose built-in rule exists (the product's languages; more need only a locale file).
    public static var languages: [String] { byLanguage.keys.sorted() }

    private static let byLanguage: [String: PluralRule] = {
        var rules: [String: PluralRule] = [:]
        func add(_ languages: [String], _ categories: Set<PluralCategory>, singleValued: [PluralCategory: Int] = [:],
                 _ select: @escaping @Sendable (Int) -> PluralCategory) {
            for language in languages {
                rules[language] = PluralRule(language, categories, singleValued: singleValued, select: select)
            }
        }
        // one: i = 1 and v = 0 (tr, hu: n = 1 — the same for integers)
        add(["en", "de", "nl", "sv", "tr", "hu"], [.one], singleValued: [.one: 1]) { $0 == 1 ? .one : .other }
        // one: n = 1 / i = 1 (it) / i = 0..1 (fr, pt); many: e = 0 and i != 0 and i % 1000000 = 0 and v = 0
        add(["es", "it"], [.one, .many], singleValued: [.one: 1]) { n in
            n == 1 ? .one : (n != 0 && n % 1_000_000 == 0 ? .many : .other)
        }
        add(["fr", "pt"], [.one, .many]) { n in
            n <= 1 ? .one : (n % 1_000_000 == 0 ? .many : .other)
        }
        // zero: n = 0; one: n = 1; two: n = 2; few: n % 100 = 3..10; many: n % 100 = 11..99
        add(["ar"], [.zero, .one, .two, .few, .many], singleValued: [.zero: 0, .one: 1, .two: 2]) { n in
            switch n {
            case 0: return .zero
            case 1: return .one
            case 2: return .two
            default:
                switch n % 100 {
                case 3...10: return .few
                case 11...99: return .many
                default: return .other
                }
            }
        }
        // one: i = 1 and v = 0; two: i = 2 and v = 0 (CLDR 42 dropped he `many`)
        add(["he"], [.one, .two], singleValued: [.one: 1, .two: 2]) { n in
            n == 1 ? .one : (n == 2 ? .two : .other)
        }
        // one: v = 0 and i % 10 = 1 and i % 100 != 11; few: i % 10 = 2..4 and i % 100 != 12..14; many: the rest
        add(["ru", "uk"], [.one, .few, .many]) { n in
            let (d, h) = (n % 10, n % 100)
            if d == 1 && h != 11 { return .one }
            if (2...4).contains(d) && !(12...14).contains(h) { return .few }
            return .many
        }
        // one: i = 1 and v = 0; few: i % 10 = 2..4 and i % 100 != 12..14; many: the rest
        add(["pl"], [.one, .few, .many], singleValued: [.one: 1]) { n in
            if n == 1 { return .one }
            let (d, h) = (n % 10, n % 100)
            return (2...4).contains(d) && !(12...14).contains(h) ? .few : .many
        }
        // one: i = 1 and v = 0; few: i = 2..4 and v = 0 (many is for fractions)
        add(["cs"], [.one, .few], singleValued: [.one: 1]) { n in
            n == 1 ? .one : ((2...4).contains(n) ? .few : .other)
        }
        // one: i = 0 or n = 1
        add(["fa"], [.one]) { $0 <= 1 ? .one : .other }
        add(["ja", "zh", "ko", "vi", "id"], []) { _ in .other }
        return rules
    }()
}
