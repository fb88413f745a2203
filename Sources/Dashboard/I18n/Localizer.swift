import Foundation
import TerminalUI

/// The texts and formats of one locale, with English behind every gap. A Sendable value: keep it in app state.
///
/// A key the locale lacks shows the English text; a key no file has shows the key itself. Each gap is reported
/// once to `reporter`. Entries that `LocaleCheck` finds broken (placeholders that differ from English, a text
/// where English has plural forms) are treated as missing, so a half-translated file never shows `{name}`.
public struct Localizer: Sendable {
    public let code: String
    /// The language's own name ("Español").
    public let name: String
    public let direction: LayoutDirection
    public private(set) var format: LocaleFormat
    public let reporter: MissingTextReporter
    private let entries: [String: LocaleEntry]
    private let rule: PluralRule
    private let english: [String: LocaleEntry]
    private let englishRule: PluralRule

    public init(file: LocaleFile, english: LocaleFile, timeZone: TimeZone = .gmt,
                reporter: MissingTextReporter = MissingTextReporter()) {
        let broken: Set<LocaleIssue.Kind> = [.placeholderMismatch, .shapeMismatch]
        var entries = file.entries
        for issue in LocaleCheck.issues(of: file, reference: english) where broken.contains(issue.kind) {
            if let key = issue.entry { entries[key] = nil }
        }
        self.code = file.code
        self.name = file.name
        self.direction = file.direction
        self.format = LocaleFormat(file, timeZone: timeZone)
        self.reporter = reporter
        self.entries = entries
        self.rule = PluralRule.forLocale(file.code) ?? .otherOnly
        self.english = english.entries
        self.englishRule = PluralRule.forLocale(english.code) ?? .otherOnly
    }

    /// The text for `key` with its placeholders filled in.
    public func t(_ key: String, _ args: [String: String] = [:]) -> String {
        guard let (entry, _) = lookup(key) else { return key }
        switch entry {
        case .text(let template): return render(template, key, args)
        case .plural(let forms): return render(forms[.other] ?? TextTemplate.empty, key, args)
        }
    }

    /// The plural form of `key` that `count` selects. `{count}` is `count` in the locale's digits unless `args`
    /// gives it (e.g. a signed "+50" while `count` picks the form).
    public func plural(_ key: String, count: Int, args: [String: String] = [:]) -> String {
        var args = args
        if args["count"] == nil { args["count"] = format.integer(count) }
        guard let (entry, isEnglish) = lookup(key) else { return key }
        switch entry {
        case .text(let template):
            return render(template, key, args)
        case .plural(let forms):
            let category = (isEnglish ? englishRule : rule).category(for: count)
            if let template = forms[category] { return render(template, key, args) }
            if !isEnglish { reporter.note(.init(locale: code, key: key, kind: .missingPluralForm(category))) }
            return render(forms[.other] ?? TextTemplate.empty, key, args)
        }
    }

    /// How long ago something happened, from elapsed seconds: "just now", "5 min ago", "3 days ago".
    /// A negative age (a clock ahead of ours) reads "just now".
    public func age(seconds: Int64) -> String {
        switch seconds {
        case ..<60: t("age.justNow")
        case ..<3_600: plural("age.minutes", count: Int(seconds / 60))
        case ..<86_400: plural("age.hours", count: Int(seconds / 3_600))
        default: plural("age.days", count: Int(clamping: seconds / 86_400))
        }
    }

    public func age(since then: Int64, now: Int64) -> String { age(seconds: now &- then) }

    /// The same texts with dates shown in another time zone (the merchant's).
    public func inTimeZone(_ timeZone: TimeZone) -> Localizer {
        var copy = self
        copy.format = LocaleFormat(code: format.code, numbers: format.numbers, timeZone: timeZone)
        return copy
    }

    private func lookup(_ key: String) -> (LocaleEntry, isEnglish: Bool)? {
        if let entry = entries[key] { return (entry, false) }
        let english = english[key]
        reporter.note(.init(locale: code, key: key, kind: .missingKey(shownInEnglish: english != nil)))
        return english.map { ($0, true) }
    }

    private func render(_ template: TextTemplate, _ key: String, _ args: [String: String]) -> String {
        let (text, missing) = template.render(args)
        for name in missing { reporter.note(.init(locale: code, key: key, kind: .missingArgument(name))) }
        return text
    }
}

