import Foundation
import LoyaltyCore
import LoyaltyStore
import TerminalUI

/// What the `loyalnest dashboard` command passes in.
public struct DashboardOptions: Sendable {
    public var store: LoyaltyStore
    public var session: Session
    public var config: AppConfig
    public var configDirectory: URL
    public var lang: String?
    public var theme: String?
    public var environment: [String: String]
    public var wallClock: @Sendable () -> UnixTime
    /// The background sync; nil: `run` starts one when Shopify credentials resolve (tests pass their own or none).
    public var sync: SyncLink?

    public init(store: LoyaltyStore, session: Session, config: AppConfig, configDirectory: URL, lang: String?,
                theme: String?, environment: [String: String], wallClock: @escaping @Sendable () -> UnixTime,
                sync: SyncLink? = nil) {
        self.store = store; self.session = session; self.config = config; self.configDirectory = configDirectory
        self.lang = lang; self.theme = theme; self.environment = environment; self.wallClock = wallClock
        self.sync = sync
    }
}

/// A problem with the user's files found before the terminal is taken over (printed, exit 2).
public struct DashboardSetupError: Error, CustomStringConvertible, Sendable {
    public var description: String
}

public enum DashboardLauncher {
    /// Builds the program for a terminal of `size` with `capabilities`; everything that can be wrong with the
    /// user's files (theme, keymap, language) is reported here, before any drawing. `start: false` only checks
    /// the files: no background load is started.
    public static func makeProgram(_ options: DashboardOptions, capabilities: TerminalCapabilities, size: Size,
                                   monotonic: ContinuousClock.Instant = .now, start: Bool = true) throws -> DashboardProgram {
        let timeZone = TimeZone(identifier: options.session.merchant.timeZone) ?? .gmt
        let resources = DashboardResources(configDirectory: options.configDirectory, timeZone: timeZone)
        let themeName = options.theme ?? options.config.theme ?? "dark"
        let theme: Theme
        do { theme = try resources.theme(named: themeName, depth: capabilities.colorDepth) } catch {
            throw DashboardSetupError(description: String(describing: error))
        }
        var keymap = DefaultKeymap.keymap
        if let keys = options.config.keysTOML {
            do { keymap = try keymap.applyingOverrides(toml: keys, source: options.config.source) } catch {
                throw DashboardSetupError(description: String(describing: error))
            }
        }
        let choice = LocaleResolver.resolve(flag: options.lang, config: options.config.lang,
                                            environment: options.environment, available: resources.languages)
        let localizer: Localizer
        do { localizer = try Localizer.bundled(choice.code, timeZone: timeZone, reporter: resources.reporter) } catch {
            throw DashboardSetupError(description: String(describing: error))
        }
        var state = AppState(session: options.session, localizer: localizer, theme: theme, keymap: keymap,
                             capabilities: capabilities, size: size, wallClock: options.wallClock(),
                             monotonic: monotonic)
        if let notice = choice.notices.first {
            Reducer.showToast(&state, notice.message(localizer, available: resources.languages), level: .warn)
        }
        let runner = EffectRunner(store: options.store, session: options.session, clock: options.wallClock)
        var program = DashboardProgram(state: state, runner: runner, resources: resources, wallClock: options.wallClock,
                                       sync: options.sync ?? .off(reason: nil))
        if start { program.start() }
        return program
    }

    /// Runs the dashboard in this process's terminal until the operator quits; returns the exit status.
    public static func run(_ options: DashboardOptions) throws -> Int32 {
        // Fail on bad files before ncurses takes the screen, so the message stays readable.
        // Not started: its overview query would run in the background next to the real program's, doubling the
        // startup work and the page cache it fills (docs/benchmarks.md, "Dashboard").
        _ = try makeProgram(options, capabilities: TerminalCapabilities(colorDepth: .trueColor, unicode: true, mouse: false),
                            size: ShellLayout.minimum, start: false)
        var options = options
        let background = options.sync == nil ? BackgroundSync.start(options) : nil
        defer { background?.scheduler?.stop() }
        if let background { options.sync = background.link }
        if background?.scheduler == nil { OfflineDailyAnalytics.start(options) }
        let end = try TerminalSession.run { capabilities, size in
            try makeProgram(options, capabilities: capabilities, size: size)
        }
        return end.exit.exitStatus
    }
}
