import Foundation
import LoyaltyCore
@testable import LoyaltyStore
import ShopifyClient
@testable import ShopifyKit
import ShopifySimulator
import Testing

/// After every run under every fault, the local store equals the simulator's truth — each order credited exactly
/// once, each refund clawed back once — and `doctor` passes. Real SQLite, real libcurl, real HTTP on loopback.
@Suite(.serialized) struct SyncTruthTests {
    @Test func aCleanBackfillMatchesTheTruth() async throws {
        let h = try await SyncHarness(orders: 700)
        defer { Task { await h.stop() } }
        let report = try await h.sync()
        #expect(report.failed.isEmpty, "\(report.failed)")
        let orders = try #require(report.resources.first { $0.resource == .orders })
        #expect(orders.pages >= 3 && orders.written.ordersNew > 600)
        try h.expectTruth()
        // The bookmark is capped at the run's start and a second run writes nothing new.
        #expect(try h.store.syncBookmark(h.session, .orders).map { $0 <= report.startedAt } == true)
        let again = try await h.sync()
        #expect(again.resources.allSatisfy { $0.written.ordersNew == 0 && $0.written.pointsPosted == 0 })
        let health = try h.store.integrationHealth(h.session, now: SyncHarness.now())
        #expect(health.first?.status.health == .ok)
        #expect(health.first?.callsLastHour ?? 0 >= Int64(orders.pages))
    }

    @Test func aFirstBackfillByBulkExportThenIncrementalRunsMatchTheTruth() async throws {
        let h = try await SyncHarness(orders: 900)
        defer { Task { await h.stop() } }
        let first = try await h.sync(SyncOptions(bulkBackfill: true))
        let orders = try #require(first.resources.first { $0.resource == .orders })
        #expect(orders.bulk && orders.error == nil, "\(orders)")
        #expect(orders.written.ordersNew > 800)
        #expect(try h.store.syncBookmark(h.session, .orders) == first.startedAt)
        let endpoints = Set(try h.store.apiLogs(h.session, limit: 100).map(\.endpoint))
        #expect(endpoints.contains("bulk download"), "\(endpoints)")
        try h.expectTruth()
        // With a bookmark, later runs page incrementally even with bulk allowed.
        let ids = h.simulator.orderIDs()
        h.simulator.refundOrder(id: ids[10], cents: 1_00)
        try await Task.sleep(for: .seconds(1.1))
        let second = try await h.sync(SyncOptions(bulkBackfill: true))
        #expect(second.resources.first?.bulk == false)
        try h.expectTruth()
    }

    @Test func aBulkExportLeftRunningByAKilledRunMakesTheNextRunPage() async throws {
        let h = try await SyncHarness(orders: 400, bulkSeconds: 30)
        defer { Task { await h.stop() } }
        let config = h.config()
        let started: Result<BulkOperation, ShopifyError> = await SyncHarness.offPool {
            do throws(ShopifyError) {
                guard let client = try? AdminAPIClient(config: config) else { return .failure(ShopifyError(.other, "no client")) }
                return .success(try client.runBulkOrdersExport())
            } catch { return .failure(error) }
        }
        _ = try started.get()
        let report = try await h.sync(SyncOptions(bulkBackfill: true))
        let orders = try #require(report.resources.first { $0.resource == .orders })
        #expect(!orders.bulk && orders.error == nil && orders.pages >= 2, "\(orders)")
        try h.expectTruth()
    }

    @Test(arguments: ["throttle", "throttle429", "retry-after", "5xx", "truncate", "invalid-json", "duplicate-pages"])
    func transientFaultsStillEndEqualToTheTruth(_ fault: String) async throws {
        let h = try await SyncHarness(orders: 600, faults: try FaultPlan(parsing: fault == "duplicate-pages" ? fault : "\(fault)=0.3"))
        defer { Task { await h.stop() } }
        try await h.syncUntilQuiet()
        h.simulator.setFaults(.none)
        try await h.syncUntilQuiet()
        try h.expectTruth()
        let errors = try h.store.apiLogs(h.session, errorsOnly: true, limit: 1000)
        if fault != "duplicate-pages" { #expect(!errors.isEmpty, "the fault was never seen") }
    }

    @Test func changesInShopifyBetweenRunsAreFollowed() async throws {
        let h = try await SyncHarness(orders: 500)
        defer { Task { await h.stop() } }
        try await h.sync()
        let ids = h.simulator.orderIDs()
        h.simulator.editOrder(id: ids[3], subtotalCents: 123_45)
        h.simulator.editOrder(id: ids[4], subtotalCents: 1_00)
        h.simulator.refundOrder(id: ids[5], cents: 5_00, lines: 2)
        h.simulator.cancelOrder(id: ids[6])
        h.simulator.deleteOrder(id: ids[7])
        h.simulator.deleteOrder(id: ids[8])
        for _ in 0..<5 { h.simulator.addLiveOrder() }
        try await Task.sleep(for: .seconds(1.1))  // updatedAt has one-second resolution
        try await h.syncUntilQuiet()
        try h.expectTruth()
    }

    @Test(arguments: ["update-during-sync", "late-refund", "delete"])
    func shopChangesDuringASyncAreCaughtByTheNextRuns(_ fault: String) async throws {
        let h = try await SyncHarness(orders: 800, faults: try FaultPlan(parsing: "\(fault)=0.3"))
        defer { Task { await h.stop() } }
        try await h.sync()
        h.simulator.setFaults(.none)
        try await Task.sleep(for: .seconds(1.1))
        try await h.syncUntilQuiet()
        try h.expectTruth()
    }

    @Test func aRevokedTokenFailsAsAuthAndARestoredOneResumes() async throws {
        let h = try await SyncHarness(orders: 300)
        defer { Task { await h.stop() } }
        let bad = try await h.sync(token: "shpat_wrong_token_abcdef")
        #expect(bad.failed.first?.health == .authFailed)
        let status = try h.store.integrationStatuses(h.session).first
        #expect(status?.health == .authFailed)
        #expect(status?.lastError?.isEmpty == false)
        // The token never reaches the database, the logs or an error text.
        let dump = try h.store.read { db in
            try String.fetchAll(db, sql: "SELECT COALESCE(last_error, '') FROM integrations UNION ALL SELECT COALESCE(message, '') || COALESCE(endpoint, '') FROM api_logs")
        }.joined(separator: "\n") + "\(bad)"
        #expect(!dump.contains("shpat_wrong_token_abcdef"))
        #expect(!dump.contains(h.simulator.accessToken))
        try await h.syncUntilQuiet()
        try h.expectTruth()
        #expect(try h.store.integrationStatuses(h.session).first?.health == .ok)
    }

    @Test func slowResponsesTimeOutAndAreRetried() async throws {
        let h = try await SyncHarness(orders: 300, faults: try FaultPlan(parsing: "slow=0.3"), slowSeconds: 1.5)
        defer { Task { await h.stop() } }
        h.totalTimeoutMs = 700
        try await h.syncUntilQuiet()
        try h.expectTruth()
        #expect(try h.store.apiLogs(h.session, errorsOnly: true, limit: 500).contains { $0.errorClass == "timeout" })
    }

    @Test func pausedResourcesAreSkippedByTheBackgroundSyncOnly() async throws {
        let h = try await SyncHarness(orders: 100)
        defer { Task { await h.stop() } }
        let owner = try h.store.session(merchant: nil, operator: nil)
        try h.store.setSyncPaused(owner, .orders, paused: true, now: SyncHarness.now())
        let background = try await h.sync()
        #expect(background.resources.first?.skipped != nil)
        #expect(try h.count("orders") == 0)
        let explicit = try await h.sync(SyncOptions(honourPause: false))
        #expect(explicit.resources.first?.written.ordersNew ?? 0 > 0)
    }
}

extension SyncHarness {
    func expectTruth(sourceLocation: SourceLocation = #_sourceLocation) throws {
        let differences = try differences()
        #expect(differences.isEmpty, "\(differences.count) differences: \(differences.prefix(8).joined(separator: " | "))",
                sourceLocation: sourceLocation)
    }

    func count(_ table: String) throws -> Int {
        try store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table)") ?? 0 }
    }
}
