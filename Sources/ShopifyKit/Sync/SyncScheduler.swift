import Foundation
import LoyaltyCore
import LoyaltyStore
import Synchronization

/// The dashboard's background sync: a run every `interval` seconds and on demand, on its own thread, never on the
/// UI thread. The dashboard reads progress from the store (integrations, api_logs), so this only reports runs.
public final class SyncScheduler: Sendable {
    public typealias ReaderFactory = @Sendable () throws -> any ShopifyReader

    private let store: LoyaltyStore
    private let session: Session
    private let makeReader: ReaderFactory
    private let interval: TimeInterval
    private let clock: @Sendable () -> UnixTime
    private let onRun: @Sendable (SyncRunReport) -> Void
    private let wake = DispatchSemaphore(value: 0)
    private let state = Mutex<State>(State())

    private struct State {
        var stopped = false
        var started = false
        var full = false
        var running = false
    }

    public init(store: LoyaltyStore, session: Session, interval: TimeInterval, clock: @escaping @Sendable () -> UnixTime,
                makeReader: @escaping ReaderFactory, onRun: @escaping @Sendable (SyncRunReport) -> Void = { _ in }) {
        self.store = store
        self.session = session
        self.interval = interval
        self.clock = clock
        self.makeReader = makeReader
        self.onRun = onRun
    }

    public var isRunning: Bool { state.withLock { $0.running } }

    public func start() {
        guard state.withLock({ s in defer { s.started = true }; return !s.started }) else { return }
        let thread = Thread { [self] in loop() }
        thread.name = "loyalnest.sync"
        thread.start()
    }

    /// Runs now (or right after the run in progress); `full` forgets the bookmarks first.
    public func syncNow(full: Bool = false) {
        state.withLock { $0.full = $0.full || full }
        wake.signal()
    }

    public func stop() {
        state.withLock { $0.stopped = true }
        wake.signal()
    }

    private func loop() {
        var reader: (any ShopifyReader)?
        while !state.withLock({ $0.stopped }) {
            let full = state.withLock { s in defer { s.full = false; s.running = true }; return s.full }
            do {
                if reader == nil { reader = try makeReader() }
                let engine = SyncEngine(store: store, session: session, reader: reader!, clock: clock)
                onRun(engine.run(SyncOptions(full: full, bulkBackfill: true)))
                // The day's RFM recompute and churn refit, once the shop's new orders are in (a failure shows on the
                // RFM screen's next manual recompute; the sync's own status is not the place for it).
                _ = try? store.recomputeRFMIfDue(session, now: clock())
            } catch {
                // No reader (e.g. no credentials): every resource shows why.
                let failure = SyncFailure(classifying: error)
                for var status in (try? store.integrationStatuses(session)) ?? [] {
                    status.health = failure.health
                    status.lastErrorAt = clock()
                    status.lastError = failure.message
                    status.updatedAt = clock()
                    try? store.updateIntegration(session, status)
                }
            }
            state.withLock { $0.running = false }
            _ = wake.wait(timeout: .now() + interval)
        }
    }
}
