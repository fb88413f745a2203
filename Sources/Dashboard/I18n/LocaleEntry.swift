/// One string of a locale file: a text, or a table of plural forms keyed by CLDR category.
public enum LocaleEntry: Sendable, Hashable {
    case text(TextTemplate)
    case plural([PluralCategory: TextTemplate])

    /// Every placeholder any form uses.
    public var placeholders: Set<String> {
        switch self {
        case .text(let template): return template.placeholders
        case .plural(let forms): return forms.values.reduce(into: Set()) { $0.formUnion($1.placeholders) }
        }
    }
}
