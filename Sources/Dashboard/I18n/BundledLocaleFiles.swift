import BundledLocales
import Foundation

/// The locale files shipped in Locales/ (the BundledLocales resources).
public enum BundledLocaleFiles {
    /// Codes of the shipped locales, English first.
    public static var codes: [String] { BundledLocales.codes }

    public static func load(_ code: String) throws(LocaleFileError) -> LocaleFile {
        guard let url = BundledLocales.url(for: code) else {
            throw LocaleFileError(issues: [LocaleIssue(
                .unreadable, file: "\(code).toml", line: nil, key: nil,
                problem: "is not a bundled locale",
                fix: "Use one of \(codes.joined(separator: ", ")), or add Locales/\(code).toml and list it in "
                     + "Package.swift and BundledLocales.codes")])
        }
        return try LocaleFile.load(contentsOf: url)
    }
}

extension Localizer {
    /// The bundled locale `code` backed by bundled English.
    public static func bundled(_ code: String, timeZone: TimeZone = .gmt,
                               reporter: MissingTextReporter = MissingTextReporter()) throws(LocaleFileError)
        -> Localizer {
        let english = try BundledLocaleFiles.load("en")
        let file = code == "en" ? english : try BundledLocaleFiles.load(code)
        return Localizer(file: file, english: english, timeZone: timeZone, reporter: reporter)
    }
}
