import LoyaltyCore
import LoyaltyStore
import TerminalUI

/// Everything that can change the dashboard's state: input, and results coming back from background work.
public enum Msg: Sendable {
    case input(InputEvent)
    /// The wall clock moved (header ages, toasts).
    case clock(wall: UnixTime, monotonic: ContinuousClock.Instant)
    case overviewLoaded(Result<OverviewMetrics, DashboardError>)
    case searchLoaded(generation: Int, Result<[CustomerSearchHit], DashboardError>)
    case pageLoaded(generation: Int, offset: Int, total: Int, Result<[CustomerRow], DashboardError>)
    case journeyLoaded(customerID: Int64, Result<CustomerJourney, DashboardError>)
    case rewardsLoaded(Result<[RewardInfo], DashboardError>)
    case writeFinished(Result<WriteOutcome, DashboardError>)
    case integrationsLoaded(Result<[IntegrationHealth], DashboardError>)
    case apiLogsLoaded(errorsOnly: Bool, Result<[APICallLog], DashboardError>)
    /// Answers for the program screens.
    case program(ProgramMsg)
    /// Answers for the RFM & churn screen.
    case rfm(RFMMsg)
}

/// Work the reducer asks for; the runtime performs it off the main thread and answers with a `Msg`.
public enum Effect: Sendable, Hashable {
    case loadOverview
    case search(query: String, generation: Int)
    case loadPage(sort: CustomerSort, offset: Int, limit: Int, generation: Int)
    case loadJourney(customerID: Int64)
    case loadRewards
    case write(PendingWrite)
    case setTheme(String)
    case setLanguage(String)
    case loadIntegrations
    case loadAPILogs(errorsOnly: Bool)
    /// Asks the background sync for a run now (the runtime's closure; it only wakes the sync's thread).
    case syncNow
    case program(ProgramEffect)
    case rfm(RFMEffect)
}

/// A change to the ledger that waits for the operator's confirmation, then runs through LoyaltyStore.
public enum PendingWrite: Sendable, Hashable {
    case adjust(customerID: Int64, customerName: String, points: Int64, reason: String)
    case undo(entryID: Int64, points: Int64, reason: String)
    case redeem(customerID: Int64, rewardID: Int64, rewardName: String, points: Int64)
    case setSyncPaused(resource: SyncResource, paused: Bool)
    case program(ProgramWrite)

    public var customerID: Int64? {
        switch self {
        case .adjust(let id, _, _, _), .redeem(let id, _, _, _): return id
        case .undo, .setSyncPaused, .program: return nil
        }
    }
}

/// What a confirmed write did, for the toast and the reload.
public enum WriteOutcome: Sendable, Hashable {
    case adjusted(customerName: String, balance: Int64)
    case undone(entryID: Int64)
    case redeemed(code: String)
    case syncPaused(resource: SyncResource, paused: Bool)
    case program(ProgramOutcome)
}

/// An error for a person: what happened and what to do, already in plain words (the store's messages).
public struct DashboardError: Error, Sendable, Hashable {
    public var message: String
    /// The fields a refused rule names (the store's `StoreError.rules`), for the editor to show next to each.
    public var problems: [RuleProblem] = []

    public init(_ message: String) { self.message = message }
    public init(_ error: any Error) {
        message = String(describing: error)
        if let error = error as? StoreError { problems = error.ruleProblems }
    }
}
