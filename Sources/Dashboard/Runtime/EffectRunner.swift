import Dispatch
import LoyaltyCore
import LoyaltyStore
import Synchronization
import TerminalUI

/// Latest-value mailboxes from background work to the main loop, one per kind of result: a newer answer of
/// the same kind replaces an older one nobody has drawn yet.
final class ResultMailboxes: Sendable {
    let overview = Mailbox<Result<OverviewMetrics, DashboardError>>()
    let search = Mailbox<(Int, Result<[CustomerSearchHit], DashboardError>)>()
    let page = Mailbox<(Int, Int, Int, Result<[CustomerRow], DashboardError>)>()
    let journey = Mailbox<(Int64, Result<CustomerJourney, DashboardError>)>()
    let rewards = Mailbox<Result<[RewardInfo], DashboardError>>()
    let write = Mailbox<Result<WriteOutcome, DashboardError>>()
    let integrations = Mailbox<Result<[IntegrationHealth], DashboardError>>()
    let apiLogs = Mailbox<(Bool, Result<[APICallLog], DashboardError>)>()
    let program = ProgramMailboxes()
    let rfm = RFMMailboxes()

    /// Everything that arrived since the last call, as messages for the reducer.
    func drain() -> [Msg] {
        var messages: [Msg] = []
        if let r = overview.take() { messages.append(.overviewLoaded(r)) }
        if let (g, r) = search.take() { messages.append(.searchLoaded(generation: g, r)) }
        if let (g, o, t, r) = page.take() { messages.append(.pageLoaded(generation: g, offset: o, total: t, r)) }
        if let (id, r) = journey.take() { messages.append(.journeyLoaded(customerID: id, r)) }
        if let r = rewards.take() { messages.append(.rewardsLoaded(r)) }
        if let r = write.take() { messages.append(.writeFinished(r)) }
        if let r = integrations.take() { messages.append(.integrationsLoaded(r)) }
        if let (e, r) = apiLogs.take() { messages.append(.apiLogsLoaded(errorsOnly: e, r)) }
        return messages + program.drain() + rfm.drain()
    }
}

/// Performs the reducer's effects off the main thread against LoyaltyStore, posting results to the mailboxes.
/// Queries that a newer request made pointless (a search overtaken by more typing) are skipped.
final class EffectRunner: Sendable {
    let store: LoyaltyStore
    let session: Session
    let clock: @Sendable () -> UnixTime
    let mailboxes = ResultMailboxes()

    private let searchQueue = DispatchQueue(label: "loyalnest.search", qos: .userInteractive)
    private let pageQueue = DispatchQueue(label: "loyalnest.pages", qos: .userInteractive)
    private let detailQueue = DispatchQueue(label: "loyalnest.details", qos: .userInitiated)
    private let overviewQueue = DispatchQueue(label: "loyalnest.overview", qos: .utility)
    private let writeQueue = DispatchQueue(label: "loyalnest.writes", qos: .userInitiated)
    private let integrationsQueue = DispatchQueue(label: "loyalnest.integrations", qos: .utility)
    /// The program screens' figures; the what-if replays on its own queue (it can take seconds on a large shop).
    let programQueue = DispatchQueue(label: "loyalnest.program", qos: .userInitiated)
    let whatIfQueue = DispatchQueue(label: "loyalnest.whatif", qos: .userInitiated)
    /// The RFM screen's reads, and its recompute on a queue of its own.
    let rfmQueue = DispatchQueue(label: "loyalnest.rfm", qos: .userInitiated)
    let rfmRecomputeQueue = DispatchQueue(label: "loyalnest.rfm.recompute", qos: .utility)
    private let latestSearch = Atomic<Int>(0)
    private let latestPage = Atomic<Int>(0)

    init(store: LoyaltyStore, session: Session, clock: @escaping @Sendable () -> UnixTime) {
        self.store = store; self.session = session; self.clock = clock
    }

    func run(_ effect: Effect) {
        let store = store, session = session, clock = clock, mailboxes = mailboxes
        switch effect {
        case .loadOverview:
            overviewQueue.async {
                mailboxes.overview.post(Self.catching { try store.overview(merchant: session.merchant, now: clock()) })
            }
        case .search(let query, let generation):
            latestSearch.store(generation, ordering: .relaxed)
            searchQueue.async { [self] in
                guard latestSearch.load(ordering: .relaxed) == generation else { return }
                let result = Self.catching {
                    try store.searchCustomers(merchant: session.merchant, query: query, limit: Reducer.searchLimit)
                }
                mailboxes.search.post((generation, result))
            }
        case .loadPage(let sort, let offset, let limit, let generation):
            latestPage.store(generation, ordering: .relaxed)
            pageQueue.async { [self] in
                guard latestPage.load(ordering: .relaxed) == generation else { return }
                do {
                    let total = try store.customerCount(merchant: session.merchant)
                    let rows = try store.customersPage(merchant: session.merchant, sort: sort, offset: offset, limit: limit)
                    mailboxes.page.post((generation, offset, total, .success(rows)))
                } catch {
                    mailboxes.page.post((generation, offset, 0, .failure(DashboardError(error))))
                }
            }
        case .loadJourney(let customerID):
            detailQueue.async {
                let result = Self.catching {
                    try store.customerJourney(merchant: session.merchant, customerID: customerID, now: clock())
                }
                mailboxes.journey.post((customerID, result))
            }
        case .loadRewards:
            detailQueue.async { mailboxes.rewards.post(Self.catching { try store.rewards(session) }) }
        case .write(let write):
            writeQueue.async { mailboxes.write.post(Self.catching { try Self.perform(write, store, session, clock()) }) }
        case .loadIntegrations:
            integrationsQueue.async {
                mailboxes.integrations.post(Self.catching { try store.integrationHealth(session, now: clock()) })
            }
        case .loadAPILogs(let errorsOnly):
            integrationsQueue.async {
                let result = Self.catching { try store.apiLogs(session, errorsOnly: errorsOnly, limit: IntegrationsActions.logLimit) }
                mailboxes.apiLogs.post((errorsOnly, result))
            }
        case .program(let effect):
            runProgram(effect)
        case .rfm(let effect):
            runRFM(effect)
        case .setTheme, .setLanguage, .syncNow:
            break // handled on the main thread by the program (small files, no SQL; sync now only wakes a thread)
        }
    }

    /// Blocks until every queued effect has run (tests and benchmarks only).
    func waitForIdle() {
        for queue in [searchQueue, pageQueue, detailQueue, overviewQueue, writeQueue, integrationsQueue, programQueue,
                      whatIfQueue, rfmRecomputeQueue, rfmQueue] { queue.sync {} }
    }

    static func perform(_ write: PendingWrite, _ store: LoyaltyStore, _ session: Session, _ now: UnixTime) throws -> WriteOutcome {
        switch write {
        case .adjust(let customerID, let name, let points, let reason):
            try store.adjustPoints(session, customerID: customerID, delta: points, reason: reason, now: now)
            let balances = try store.balances(session, customerID: customerID, now: now)
            return .adjusted(customerName: name, balance: balances.available)
        case .undo(let entryID, _, let reason):
            try store.undoEntry(session, entryID: entryID, reason: reason, now: now)
            return .undone(entryID: entryID)
        case .redeem(let customerID, let rewardID, _, _):
            let redemption = try store.redeem(session, customerID: customerID, rewardID: rewardID, now: now)
            return .redeemed(code: redemption.code)
        case .setSyncPaused(let resource, let paused):
            try store.setSyncPaused(session, resource, paused: paused, now: now)
            return .syncPaused(resource: resource, paused: paused)
        case .program(let write):
            return .program(try ProgramWrites.perform(write, store, session, now))
        }
    }

    static func catching<T>(_ body: () throws -> T) -> Result<T, DashboardError> {
        do { return .success(try body()) } catch { return .failure(DashboardError(error)) }
    }
}
