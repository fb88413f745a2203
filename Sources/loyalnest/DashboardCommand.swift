import ArgumentParser
import Dashboard
import Foundation
import LoyaltyCore
import LoyaltyStore
import TerminalUI

struct DashboardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dashboard",
        abstract: "Open the full-screen dashboard.",
        discussion: """
            Settings come from $XDG_CONFIG_HOME/loyalnest/config.toml (theme, lang, merchant, operator, database, \
            [keys]); flags win over the file. Exit codes: 0 after quitting, 2 when the terminal or a settings \
            file cannot be used, 128+N after signal N.
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: ArgumentHelp("Language: en, es, ar, he, ja (default: config, then LANG).", valueName: "CODE"))
    var lang: String?
    @Option(help: ArgumentHelp("Theme: dark, light, high-contrast, monochrome, ascii, or a file in the config folder's themes/.", valueName: "NAME"))
    var theme: String?
    @Option(help: ArgumentHelp("Settings file (default: $XDG_CONFIG_HOME/loyalnest/config.toml).", valueName: "PATH"))
    var config: String?

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let configDirectory = AppConfig.directory(environment: environment)
        let configURL = config.map { URL(fileURLWithPath: $0) } ?? configDirectory.appendingPathComponent("config.toml")
        if let config, !FileManager.default.fileExists(atPath: config) {
            throw CLIError("--config \(config): no such file")
        }
        let settings: AppConfig
        do { settings = try AppConfig.load(from: configURL) } catch let error as ConfigError {
            throw CLIError(error.description)
        }
        var global = global
        if global.db == nil, environment["LOYALNEST_DB"] == nil, let database = settings.database { global.db = database }
        if global.merchant == nil, environment["LOYALNEST_MERCHANT"] == nil { global.merchant = settings.merchant }
        if global.operatorName == nil, environment["LOYALNEST_OPERATOR"] == nil { global.operatorName = settings.operatorName }
        let store = try global.openStore()
        let session = try global.session(store)
        let pinned = try Clock.pinned()  // read once: the loop asks for the time every 50 ms
        let options = DashboardOptions(store: store, session: session, config: settings, configDirectory: configDirectory,
                                       lang: lang, theme: theme, environment: environment,
                                       wallClock: { pinned ?? UnixTime(Date().timeIntervalSince1970) })
        let status: Int32
        do { status = try DashboardLauncher.run(options) } catch let error as TerminalSetupError {
            throw CLIError(error.description)
        } catch let error as DashboardSetupError {
            throw CLIError(error.description)
        }
        if status != 0 { throw ExitCode(status) }
    }
}
