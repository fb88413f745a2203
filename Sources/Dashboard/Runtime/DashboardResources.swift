import BundledThemes
import Foundation
import TerminalUI

/// Themes and languages the dashboard can switch to: the user's folder first, then the bundled files.
struct DashboardResources: Sendable {
    let themeLoader: ThemeLoader
    let timeZone: TimeZone
    let reporter: MissingTextReporter

    init(configDirectory: URL, timeZone: TimeZone, reporter: MissingTextReporter = MissingTextReporter()) {
        var search = [configDirectory.appendingPathComponent("themes")]
        if let bundled = BundledThemes.url(named: "dark")?.deletingLastPathComponent() { search.append(bundled) }
        themeLoader = ThemeLoader(search: search)
        self.timeZone = timeZone
        self.reporter = reporter
    }

    var languages: [String] { BundledLocaleFiles.codes }

    func theme(named name: String, depth: ColorDepth) throws -> Theme {
        try themeLoader.load(named: name).degraded(to: depth)
    }

    func localizer(_ requested: String) -> Localizer? {
        guard let code = LocaleResolver.match(requested, available: languages) else { return nil }
        return try? Localizer.bundled(code, timeZone: timeZone, reporter: reporter)
    }
}
