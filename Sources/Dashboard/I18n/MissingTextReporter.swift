import Synchronization

/// Hears about texts a locale lacks while the app runs and passes each one to `sink` once (the caller logs it;
/// nothing is printed while the dashboard is drawn). Shared by every copy of a `Localizer`.
public final class MissingTextReporter: Sendable {
    public struct Report: Sendable, Hashable, CustomStringConvertible {
        public enum Kind: Sendable, Hashable {
            /// The key is not in the locale file (English is shown), or in no file at all (the key is shown).
            case missingKey(shownInEnglish: Bool)
            /// The file lacks the plural form the count needs; its `other` form is shown.
            case missingPluralForm(PluralCategory)
            /// The caller gave no value for a placeholder; `{name}` is shown.
            case missingArgument(String)
        }

        public let locale: String
        public let key: String
        public let kind: Kind

        public var description: String {
            switch kind {
            case .missingKey(true): "\(locale).toml lacks \"\(key)\"; showing the English text"
            case .missingKey(false): "no locale has \"\(key)\"; showing the key itself"
            case .missingPluralForm(let category):
                "\(locale).toml lacks the “\(category.rawValue)” form of \"\(key)\"; showing “other”"
            case .missingArgument(let name): "\"\(key)\" was given no value for {\(name)}"
            }
        }
    }

    private let seen = Mutex<Set<Report>>([])
    private let sink: @Sendable (Report) -> Void

    public init(sink: @escaping @Sendable (Report) -> Void = { _ in }) {
        self.sink = sink
    }

    func note(_ report: Report) {
        if seen.withLock({ $0.insert(report).inserted }) { sink(report) }
    }

    /// Everything reported so far, for a diagnostics view or a test.
    public var reports: Set<Report> { seen.withLock { $0 } }
}
