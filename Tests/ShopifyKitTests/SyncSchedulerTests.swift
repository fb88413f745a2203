import Foundation
import LoyaltyCore
import LoyaltyStore
import ShopifyClient
@testable import ShopifyKit
import Synchronization
import Testing

/// The dashboard's background scheduler against the simulator: its runs bring the orders in and then run the day's
/// RFM recompute and churn refit once.
@Suite struct SyncSchedulerTests {
    @Test func aRunIsFollowedByTheDaysRFMRecomputeOnce() async throws {
        let h = try await SyncHarness(orders: 300)
        defer { Task { await h.stop() } }
        let runs = Runs()
        let scheduler = SyncScheduler(store: h.store, session: h.session, interval: 3_600, clock: { SyncHarness.now() },
                                      makeReader: { [h] in try AdminAPIReader(config: h.config(), retryPolicy: h.retryPolicy) },
                                      onRun: { runs.add($0) })
        scheduler.start()
        defer { scheduler.stop() }
        // The fit is the job's last step (its own transaction, after the recompute's).
        _ = try await waitFor { try h.store.churnFitStatus(h.session).latest }
        let first = try #require(try h.store.latestRFMRun(h.session))
        #expect(first.customers > 0)
        #expect(runs.count >= 1 && runs.failures == 0)
        // A second run the same day brings nothing new and recomputes nothing.
        // (A third run's report means the second run's job has finished: the loop does one thing at a time.)
        for target in 2...3 {
            scheduler.syncNow()
            _ = try await waitFor { runs.count >= target ? true : nil }
        }
        #expect(try h.store.latestRFMRun(h.session)?.id == first.id)
    }

    private func waitFor<T>(_ probe: () throws -> T?) async throws -> T {
        for _ in 0..<300 {
            if let value = try probe() { return value }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw StoreError.invalid("timed out after 30 s")
    }

    /// Run reports from the scheduler's thread.
    private final class Runs: Sendable {
        private let state = Mutex<(count: Int, failures: Int)>((0, 0))
        func add(_ report: SyncRunReport) { state.withLock { $0.count += 1; $0.failures += report.failed.count } }
        var count: Int { state.withLock { $0.count } }
        var failures: Int { state.withLock { $0.failures } }
    }
}
