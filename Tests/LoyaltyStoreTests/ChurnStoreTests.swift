import Foundation
import GRDB
import LoyaltyCore
@testable import LoyaltyStore
import Testing

/// BG/NBD in the store: day-resolution summaries in the shop's zone equal LoyaltyCore's from the raw orders, the
/// stored fit equals a fit on those, a failed fit keeps the last good one in use and never writes NaN, and the
/// at-risk list follows its definition.
@Suite struct ChurnStoreTests {
    static let day: Int64 = 86_400

    /// A generated shop (America/New_York, orders following the BG/NBD model) in a temporary folder.
    struct GeneratedShop {
        let directory: String
        let store: LoyaltyStore
        let session: Session

        init(customers: Int) throws {
            directory = NSTemporaryDirectory() + "loyalnest-churn-" + UUID().uuidString
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            _ = try RFMBenchStore.prepare(customers: customers, seed: 7, path: directory + "/shop.sqlite") { _ in }
            store = try LoyaltyStore(path: directory + "/shop.sqlite", create: false)
            session = try store.session(merchant: RFMBenchStore.shopDomain, operator: nil)
        }
    }

    /// Summaries computed here from the raw orders with Foundation's time zone, per order.
    func oracleSummaries(_ shop: GeneratedShop, asOf: UnixTime) throws -> [BGNBDCustomerSummary] {
        let zone = TimeZone(identifier: "America/New_York")!
        func local(_ t: UnixTime) -> UnixTime { t + Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(t)))) }
        let purchases = try shop.store.read { db in
            try Row.fetchAll(db, sql: """
                SELECT customer_id, processed_at FROM orders
                WHERE cancelled_at IS NULL AND deleted_at IS NULL AND processed_at <= ?
                """, arguments: [asOf]).map { BGNBDPurchase(customerID: $0[0], at: local($0[1])) }
        }
        return BGNBDSummary.summaries(of: purchases, calibrationEnd: local(asOf))
    }

    @Test func storedSummariesAndFitMatchLoyaltyCoreOnTheRawOrders() throws {
        let shop = try GeneratedShop(customers: 3_000)
        let asOf = RFMBenchStore.asOf
        _ = try shop.store.recomputeRFM(shop.session, asOf: asOf, now: asOf)
        let stored = try shop.store.storedChurnSummaries(shop.session)
        let oracle = try oracleSummaries(shop, asOf: asOf)
        #expect(stored == oracle)
        let status = try shop.store.fitChurn(shop.session, now: asOf)
        let fit = try #require(status.latest)
        #expect(fit.converged && fit.failure == nil && status.lastGood == fit)
        let direct = BGNBDFit.fit(oracle.map(\.summary))
        #expect(fit.parameters == direct.parameters && fit.logLikelihood == direct.logLikelihood)
        // The generator's own parameters are r 1.5, α 5, a 1, b 8: the fit lands near them.
        let p = try #require(fit.parameters)
        #expect(abs(p.r - 1.5) < 0.4 && abs(p.alpha - 5) < 1.5 && abs(p.a - 1) < 0.5 && abs(p.b - 8) < 4)

        let report = try shop.store.churnReport(shop.session, asOf: nil, horizonDays: 90, now: asOf)
        #expect(report.fit == fit && report.failedFit == nil && report.rows.count == stored.count)
        for row in report.rows {
            let alive = try #require(row.probabilityAlive), expected = try #require(row.expectedPurchases)
            #expect(alive.isFinite && alive >= 0 && alive <= 1 && expected.isFinite && expected >= 0)
        }
        // With --as-of the summaries and the fit are made for the answer (the same date: the same parameters).
        let fresh = try shop.store.churnReport(shop.session, asOf: asOf, horizonDays: 90, now: asOf)
        #expect(fresh.fit?.id == nil && fresh.fit?.parameters == fit.parameters)
        try shop.store.close()
        try? FileManager.default.removeItem(atPath: shop.directory)
    }

    @Test func aFailedFitIsRecordedAndTheLastGoodOneStaysInUse() throws {
        let shop = try GeneratedShop(customers: 1_500)
        let asOf = RFMBenchStore.asOf
        _ = try shop.store.recomputeRFM(shop.session, asOf: asOf, now: asOf)
        let good = try #require(try shop.store.fitChurn(shop.session, now: asOf).lastGood)
        // Every repeat order cancelled: nobody bought on a second day, so the likelihood has no maximum.
        try shop.store.write { db in
            try db.execute(sql: """
                UPDATE orders SET cancelled_at = processed_at WHERE id NOT IN (SELECT MIN(id) FROM orders GROUP BY customer_id)
                """)
        }
        _ = try shop.store.recomputeRFM(shop.session, asOf: asOf + Self.day, now: asOf + Self.day)
        let status = try shop.store.fitChurn(shop.session, now: asOf + Self.day)
        let failed = try #require(status.latest)
        #expect(!failed.converged && failed.parameters == nil && failed.failure?.contains("second day") == true)
        #expect(status.lastGood == good && status.failedLatest == failed)
        let report = try shop.store.churnReport(shop.session, asOf: nil, horizonDays: 30, now: asOf + Self.day)
        #expect(report.fit == good && report.failedFit == failed)
        #expect(report.rows.allSatisfy { $0.summary.x == 0 && $0.probabilityAlive == 1 })
        // A fit made for an answer fails the same way and falls back to the same parameters.
        let fresh = try shop.store.churnReport(shop.session, asOf: asOf + Self.day, horizonDays: 30, now: asOf + Self.day)
        #expect(fresh.fit == good && fresh.failedFit?.converged == false && fresh.failedFit?.id == nil)
        let rows = try shop.store.read { db in
            try Row.fetchAll(db, sql: "SELECT converged, r, alpha, a, b, log_likelihood FROM churn_fits ORDER BY id")
        }
        #expect(rows.count == 2)
        for row in rows {
            for column in ["r", "alpha", "a", "b", "log_likelihood"] {
                if let value = row[column] as Double? { #expect(value.isFinite, "\(column)") }
            }
        }
        try shop.store.close()
        try? FileManager.default.removeItem(atPath: shop.directory)
    }

    @Test func customersWithoutHeterogeneityDoNotConvergeAndNothingIsNaN() throws {
        let h = try StoreHarness()
        let t0 = StoreHarness.t0
        // Forty identical customers: orders on day 0 and day 7, as of day 14.
        var orders: [IncomingOrder] = []
        for c in 0..<40 {
            orders.append(h.order("a\(c)", customer: "c\(c)", amount: 1_000, at: t0 + 3600))
            orders.append(h.order("b\(c)", customer: "c\(c)", amount: 1_000, at: t0 + 7 * Self.day + 3600))
        }
        try h.importOrders(orders, now: t0 + 14 * Self.day)
        let asOf = t0 + 14 * Self.day
        _ = try h.store.recomputeRFM(h.owner, asOf: asOf, now: asOf)
        let status = try h.store.fitChurn(h.owner, now: asOf)
        let fit = try #require(status.latest)
        #expect(!fit.converged && fit.failure != nil && status.lastGood == nil)
        if let p = fit.parameters { #expect(p.isValid) }
        let report = try h.store.churnReport(h.owner, asOf: nil, horizonDays: 90, now: asOf)
        #expect(report.fit == nil && report.rows.allSatisfy { $0.probabilityAlive == nil && $0.expectedPurchases == nil })
    }

    @Test func extremeCustomersGiveFiniteFigures() throws {
        let h = try StoreHarness()
        let t0 = StoreHarness.t0
        var orders: [IncomingOrder] = []
        // A customer who bought on 60 consecutive days two years ago and never again, among ordinary ones.
        for k in 0..<60 { orders.append(h.order("x\(k)", customer: "binge", amount: 2_000, at: t0 + Int64(k) * Self.day)) }
        for c in 0..<30 {
            for k in 0..<(1 + c % 4) {
                orders.append(h.order("o\(c)-\(k)", customer: "c\(c)", amount: 1_500, at: t0 + Int64(30 * k + 7 * c) * Self.day))
            }
        }
        let asOf = t0 + 730 * Self.day
        try h.importOrders(orders, now: asOf)
        _ = try h.store.recomputeRFM(h.owner, asOf: asOf, now: asOf)
        let status = try h.store.fitChurn(h.owner, now: asOf)
        guard let p = status.lastGood?.parameters else { return }
        let binge = try #require(try h.rows()["binge"]).churnSummary
        let alive = BGNBD.probabilityAlive(binge, p)
        #expect(alive.isFinite && alive >= 0 && alive < 1e-3)
        #expect(BGNBD.expectedPurchases(binge, p, horizon: 52).isFinite)
    }

    @Test func atRiskAndValuableFollowsItsDefinition() throws {
        let shop = try GeneratedShop(customers: 2_000)
        let asOf = RFMBenchStore.asOf
        _ = try shop.store.recomputeRFM(shop.session, asOf: asOf, now: asOf)
        try shop.store.fitChurn(shop.session, now: asOf)
        try shop.store.updateRFMSettings(shop.session, RFMSettings(atRiskBelow: 0.3), now: asOf)
        let (report, threshold, customers) = try shop.store.atRiskValuable(shop.session, limit: 50, now: asOf)
        #expect(threshold == 0.3 && !customers.isEmpty && customers.count <= 50)
        #expect(report.rows == customers && report.horizonDays == 90)
        // The definition by brute force over every customer's figures.
        let all = try shop.store.churnReport(shop.session, asOf: nil, horizonDays: 90, now: asOf).rows
        let average = Double(all.reduce(Int64(0)) { $0 + $1.monetary }) / Double(all.count)
        for row in customers {
            #expect((row.probabilityAlive ?? 1) < 0.3 && Double(row.monetary) > 2 * average)
        }
        let values = customers.map { Double($0.monetary) * (1 - ($0.probabilityAlive ?? 1)) }
        #expect(values == values.sorted(by: >))
        let expected = all.filter { ($0.probabilityAlive ?? 1) < 0.3 && Double($0.monetary) > 2 * average }
            .sorted { (Double($0.monetary) * (1 - $0.probabilityAlive!), $1.customerID) > (Double($1.monetary) * (1 - $1.probabilityAlive!), $0.customerID) }
        #expect(customers == Array(expected.prefix(50)))
        try shop.store.close()
        try? FileManager.default.removeItem(atPath: shop.directory)
    }
}
