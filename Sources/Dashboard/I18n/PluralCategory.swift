/// The CLDR plural categories (https://cldr.unicode.org/index/cldr-spec/plural-rules).
/// A language uses a subset; `other` is always in it.
public enum PluralCategory: String, CaseIterable, Sendable, Hashable, Comparable {
    case zero, one, two, few, many, other

    public static func < (lhs: PluralCategory, rhs: PluralCategory) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
