import Foundation
import GRDB
import LoyaltyCore
@testable import LoyaltyStore
import ShopifyClient
@testable import ShopifyKit
import ShopifySimulator

/// A real SQLite store and an in-process simulator on a free loopback port, synced over libcurl.
final class SyncHarness: @unchecked Sendable {
    // @unchecked: tests use a harness from one test function at a time; the blocking sync runs on a helper thread
    // while that function awaits it, so no two threads touch it at once.
    let directory: String
    let store: LoyaltyStore
    let simulator: ShopifySimulator
    let session: Session
    var retryPolicy = RetryPolicy(maxAttempts: 6, baseDelay: 0.01, maxDelay: 0.05)
    var totalTimeoutMs = 10_000

    init(orders: Int, seed: UInt64 = 7, faults: FaultPlan = .none, throttling: Bool = false, bucket: Double = 1000,
         restoreRate: Double = 50, slowSeconds: Double = 3, bulkSeconds: Double = 0.3) async throws {
        directory = NSTemporaryDirectory() + "loyalnest-sync-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        store = try LoyaltyStore(path: directory + "/store.sqlite")
        simulator = ShopifySimulator(options: SimulatorOptions(orders: orders, seed: seed, faults: faults, bucketSize: bucket,
                                                               restoreRate: restoreRate, throttling: throttling,
                                                               slowResponseSeconds: slowSeconds, bulkDurationSeconds: bulkSeconds))
        try await simulator.start()
        let owner = try store.addMerchant(shopDomain: simulator.shopDomain, currency: "USD", timeZone: "America/New_York",
                                          ownerName: "olive", now: Self.now())
        session = try store.syncSession(merchant: owner.merchant.shopDomain, now: Self.now())
    }

    /// The store's file, for tests that let child processes (`loyalnest sync`) write it.
    var databasePath: String { directory + "/store.sqlite" }

    static func now() -> UnixTime { UnixTime(Date().timeIntervalSince1970) }

    func config(token: String? = nil) -> AdminAPIConfig {
        AdminAPIConfig(shopDomain: simulator.shopDomain, apiVersion: "2026-07",
                       credentials: .accessToken(token ?? simulator.accessToken), baseURL: simulator.baseURL,
                       connectTimeoutMs: 2000, totalTimeoutMs: totalTimeoutMs)
    }

    func engine(token: String? = nil) throws -> SyncEngine {
        let reader = try AdminAPIReader(config: config(token: token), retryPolicy: retryPolicy)
        return SyncEngine(store: store, session: session, reader: reader, clock: { SyncHarness.now() })
    }

    /// Runs a sync on its own thread (it blocks on HTTP; the simulator needs the cooperative pool free).
    func sync(_ options: SyncOptions = SyncOptions(), token: String? = nil) async throws -> SyncRunReport {
        let result: Result<SyncRunReport, any Error> = await Self.offPool { [self] in
            Result { try self.engine(token: token).run(options) }
        }
        return try result.get()
    }

    static func offPool<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            let thread = Thread { continuation.resume(returning: body()) }
            thread.stackSize = 4 << 20
            thread.start()
        }
    }

    /// Syncs until a run changes nothing and fails nowhere (at most `runs` times).
    @discardableResult
    func syncUntilQuiet(runs: Int = 8, _ options: SyncOptions = SyncOptions()) async throws -> [SyncRunReport] {
        var reports: [SyncRunReport] = []
        for _ in 0..<runs {
            let report = try await sync(options)
            reports.append(report)
            if report.failed.isEmpty && report.resources.allSatisfy({ $0.written.rowsChanged == 0 }) { break }
        }
        return reports
    }

    func stop() async {
        await simulator.stop()
        try? store.close()
        try? FileManager.default.removeItem(atPath: directory)
    }

    // MARK: Comparing the store with the simulator's truth

    /// Every difference between the local store and the simulator's ground truth: orders, amounts, cancellations,
    /// deletions, refunds, and each order's net points (credited once, clawed back once per refund).
    /// `store` is another handle on the same file (e.g. reopened after child processes wrote it); nil = the harness's.
    func differences(in store: LoyaltyStore? = nil) throws -> [String] {
        let store = store ?? self.store
        let truth = simulator.truth()
        let settings = try store.settings(session).settings
        let currency = Currency(code: "USD")!
        let rate = try DecimalAmount.parse(settings.pointsPerUnit).get()
        var problems: [String] = []
        let rows = try store.read { db in
            try Row.fetchAll(db, sql: """
                SELECT o.external_id, o.total_minor, o.subtotal_minor, o.cancelled_at, o.deleted_at,
                    COALESCE((SELECT SUM(points) FROM points_transactions p WHERE p.order_id = o.id), 0) AS net,
                    (SELECT COUNT(*) FROM points_transactions p WHERE p.order_id = o.id AND p.kind = 'earn'
                        AND p.idempotency_key NOT LIKE '%:edit:%') AS earns,
                    (SELECT group_concat(r.external_id || '=' || r.amount_minor, ',') FROM
                        (SELECT * FROM refunds r WHERE r.order_id = o.id ORDER BY r.external_id) r) AS refunds
                FROM orders o
                """)
        }
        var local: [String: Row] = [:]
        for row in rows { local[row["external_id"]] = row }
        func minor(_ text: String) -> Int64 { (try? DecimalAmount.parse(text).get()).flatMap { $0.minorUnits(in: currency) } ?? -1 }
        for order in truth.orders {
            let row = local.removeValue(forKey: order.id)
            // A guest checkout with neither customer nor email has nobody to credit.
            if order.customerId == nil && order.email == nil {
                if row != nil { problems.append("guest order \(order.id) was stored") }
                continue
            }
            guard let row else {
                if !order.deleted { problems.append("order \(order.id) is missing") }
                continue
            }
            if order.deleted {
                if (row["deleted_at"] as Int64?) == nil { problems.append("order \(order.id) was deleted in Shopify but not here") }
                if (row["net"] as Int64) != 0 { problems.append("deleted order \(order.id) keeps \(row["net"] as Int64) pts") }
                continue
            }
            if (row["deleted_at"] as Int64?) != nil { problems.append("order \(order.id) is marked deleted") }
            if (row["total_minor"] as Int64) != minor(order.total) { problems.append("order \(order.id) total \(row["total_minor"] as Int64) != \(order.total)") }
            if (row["subtotal_minor"] as Int64?) != minor(order.subtotal) { problems.append("order \(order.id) subtotal differs from \(order.subtotal)") }
            let cancelled = order.cancelledAt != nil
            if ((row["cancelled_at"] as Int64?) != nil) != cancelled { problems.append("order \(order.id) cancellation differs") }
            let refunds = order.refunds.sorted { $0.id < $1.id }.map { "\($0.id)=\(minor($0.amount))" }.joined(separator: ",")
            if ((row["refunds"] as String?) ?? "") != refunds { problems.append("order \(order.id) refunds \(row["refunds"] as String? ?? "") != \(refunds)") }
            if (row["earns"] as Int64) > 1 { problems.append("order \(order.id) credited \(row["earns"] as Int64) times") }
            let eligible = minor(order.subtotal)
            var expected: Int64 = 0
            if !cancelled {
                let earned = Earning.pointsForOrder(settings: settings, rate: rate, eligible: Money(minorUnits: eligible, currency: currency),
                                                    earnedToday: 0).points
                let refunded = order.refunds.reduce(0) { $0 + minor($1.amount) }
                expected = earned - (eligible > 0 ? Earning.clawback(earnedPoints: earned, eligibleMinor: eligible, refundedBeforeMinor: 0,
                                                                     refundMinor: min(refunded, eligible)) : 0)
            }
            if (row["net"] as Int64) != expected { problems.append("order \(order.id) nets \(row["net"] as Int64) pts, expected \(expected)") }
        }
        for id in local.keys.sorted() { problems.append("order \(id) is not in Shopify") }
        problems += try store.doctor().filter { !$0.ok }.map { "doctor: \($0.name): \($0.problems)" }
        return problems
    }
}
