import LoyaltyCore
import LoyaltyStore
import TerminalUI

/// The whole state of the dashboard: the reducer changes it, the panes draw it.
public struct AppState: Sendable {
    public var screens: [ScreenID]
    public var screen: ScreenID = .overview
    public var session: Session
    public var localizer: Localizer
    public var theme: Theme
    public var keymap: Keymap
    /// The colour depth and glyphs the terminal supports (themes are degraded to it).
    public var capabilities: TerminalCapabilities
    public var size: Size
    public var wallClock: UnixTime
    public var monotonic: ContinuousClock.Instant
    /// The newest last success of the integrations; nil until a sync has succeeded: the header then says "offline".
    public var lastSyncAt: UnixTime?
    /// Whether this dashboard runs the background sync, set by the runtime at start.
    public var sync: SyncSetup = .off(reason: nil)

    public var overview = OverviewState()
    public var customers = CustomersState()
    public var journey: JourneyState?
    public var integrations = IntegrationsState()
    public var points = PointsState()
    public var tiers = TiersState()
    public var campaigns = CampaignsState()
    public var referrals = ReferralsState()
    public var rfm = RFMState()
    public var overlay: Overlay?
    /// A program editor left for its confirmation, reason or what-if: Esc there, or a refused save, comes back to it.
    public var suspendedEditor: EditorState?
    /// Numbers what-if previews, so an answer for one already closed is dropped.
    public var whatIfToken = 0
    public var toast: Toast?

    public init(session: Session, localizer: Localizer, theme: Theme, keymap: Keymap,
                capabilities: TerminalCapabilities, size: Size, wallClock: UnixTime,
                monotonic: ContinuousClock.Instant) {
        self.session = session; self.localizer = localizer; self.theme = theme; self.keymap = keymap
        self.capabilities = capabilities; self.size = size; self.wallClock = wallClock; self.monotonic = monotonic
        screens = ScreenID.visible(to: session.actor.role)
    }

    public var direction: LayoutDirection { localizer.direction }
    public var glyphs: Glyphs { capabilities.unicode && !theme.asciiOnly ? .unicode : .ascii }
    public var currency: Currency { session.currency }

    /// Key scopes in effect, innermost first.
    public var activeScopes: [KeyScope] {
        switch screen {
        case .overview: return [DashboardScope.overview, DashboardScope.table]
        case .customers:
            if journey != nil { return [DashboardScope.journey, DashboardScope.table, DashboardScope.customers] }
            return [DashboardScope.customers, DashboardScope.table]
        case .integrations:
            if integrations.logs != nil { return [DashboardScope.apiLog, DashboardScope.table] }
            return [DashboardScope.integrations, DashboardScope.table]
        case .program, .tiers, .campaigns, .referrals, .rfm: return [screen.scope, DashboardScope.table]
        }
    }
}

/// Figures on the Overview screen, loaded in the background.
public struct OverviewState: Sendable {
    public var metrics: OverviewMetrics?
    public var loading = false
    public var error: String?
    public var topSelection = ListSelection()
}

/// The Customers screen: the search field and the results (search hits, or every customer, sorted, paged).
public struct CustomersState: Sendable {
    public var search = TextInput(text: "", placeholder: "", isFocused: false)
    public var generation = 0
    /// Search hits for the current query; nil while the query is empty (the paged list shows instead).
    public var hits: [CustomerSearchHit]?
    public var searching = false
    public var page = RowWindow<CustomerRow>()
    public var sort = CustomerSort(.name)
    public var selection = ListSelection()
    public var error: String?

    public var query: String { search.text.trimmingCharacters(in: .whitespaces) }
    public var rowCount: Int { hits?.count ?? page.total }
}

/// One customer's journey, opened from the Customers screen.
public struct JourneyState: Sendable {
    public var customerID: Int64
    public var journey: CustomerJourney?
    public var error: String?
    public var selection = ListSelection()
    public var rewards: [RewardInfo] = []
    /// The screen Esc goes back to when the journey was opened from another screen's list (nil: Customers).
    public var returnTo: ScreenID?
}

/// The Integrations screen: the sync's health per resource, refreshed live, and the api_logs sub-view.
public struct IntegrationsState: Sendable {
    public var health: [IntegrationHealth] = []
    public var loaded = false
    /// A health query is in flight: the next one waits for it (a slow disk never queues them up).
    public var loading = false
    public var error: String?
    public var selection = ListSelection()
    /// When the next live refresh is due (monotonic); nil: at the next tick.
    public var nextRefresh: ContinuousClock.Instant?
    /// The api_logs table, open over the screen.
    public var logs: APILogState?

    public var selectedResource: IntegrationHealth? { selection.selected.flatMap { health[safe: $0] } }
}

/// The api_logs table: the most recent calls, errors only or all.
public struct APILogState: Sendable {
    public var errorsOnly = true
    public var rows: [APICallLog] = []
    public var loaded = false
    public var loading = false
    public var error: String?
    public var selection = ListSelection()
}

/// Whether this dashboard runs the background sync.
public enum SyncSetup: Sendable, Hashable {
    case running(intervalSeconds: Int)
    /// Off: no credentials (nil), or the settings' own explanation of what is wrong with them.
    case off(reason: String?)

    public var isRunning: Bool { if case .running = self { return true } else { return false } }
}

/// What floats above the screens; at most one at a time.
public enum Overlay: Sendable, Equatable {
    case help(HelpOverlay)
    case palette(CommandPalette)
    case adjust(FormView, customerID: Int64, customerName: String)
    case undoReason(FormView, entryID: Int64, points: Int64)
    case chooseReward(ListView, customerID: Int64)
    case confirm(ConfirmDialog, PendingWrite)
    /// A program rule's editor (settings, reward, tier, campaign).
    case editor(EditorState)
    /// The reason a new settings version is saved with.
    case reason(FormView, ProgramWrite)
    /// The what-if preview before a tier change or a campaign launch.
    case whatIf(WhatIfState)
    case working(PendingWrite)
    case message(title: String, body: String)
}

/// A window of rows loaded from a large sorted list, so the table only ever holds what is near the screen.
public struct RowWindow<Row: Sendable>: Sendable {
    public var offset = 0
    public var rows: [Row] = []
    public var total = 0
    public var generation = 0
    public var requested: Range<Int>?

    public init() {}

    public func row(_ index: Int) -> Row? {
        let i = index - offset
        return i >= 0 && i < rows.count ? rows[i] : nil
    }

    /// True when rows `visible` are not all loaded and not already requested.
    public func needs(_ visible: Range<Int>) -> Bool {
        guard !visible.isEmpty else { return false }
        let loaded = offset..<(offset + rows.count)
        if loaded.contains(visible.lowerBound) && loaded.contains(visible.upperBound - 1) { return false }
        if let requested, requested.contains(visible.lowerBound), requested.contains(visible.upperBound - 1) { return false }
        return true
    }
}
