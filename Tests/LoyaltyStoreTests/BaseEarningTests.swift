import Foundation
import GRDB
import Testing
@testable import LoyaltyCore
@testable import LoyaltyStore

@Suite struct BaseEarningTests {
    private let csv: String = {
        var text = "customer_id,order_id,processed_at,total_price,financial_status,cancelled_at\n"
        for n in 0..<300 {
            let cents = 199 + n * 317 % 25_000
            let cancelled = n % 23 == 0 ? "2026-01-03T12:00:00Z" : ""
            text += "\(n % 41),\(7_000 + n),2026-01-02T10:\(String(format: "%02d", n % 60)):00Z,\(cents / 100).\(String(format: "%02d", cents % 100)),\(n % 29 == 0 ? "voided" : "paid"),\(cancelled)\n"
        }
        return text
    }()

    private func ledger(_ h: StoreHarness) throws -> [String] {
        try h.store.read { db in
            try Row.fetchAll(db, sql: "SELECT customer_id, kind, points, explanation FROM points_transactions ORDER BY id").map { "\($0)" }
        }
    }

    /// The parser thread's earning (no customer-dependent rules) posts exactly what the writer's own would: a daily
    /// cap too high to matter sends every order through the writer's computation instead.
    @Test func theParserThreadsEarningPostsWhatTheWritersWould() throws {
        var settings = ProgramSettings()
        settings.pointsPerUnit = "1.5"
        settings.minimumOrderMinor = 500
        let parser = try StoreHarness(settings: settings)
        settings.dailyCap = 1_000_000_000
        let writer = try StoreHarness(settings: settings)
        for h in [parser, writer] {
            let report = try h.store.importOrders(h.owner, data: Data(csv.utf8), source: "orders.csv", now: StoreHarness.t0 + 86_400 * 5)
            #expect(report.new == 300 && report.rejected == 0)
        }
        let offered = try parser.store.write { db in
            try OrderIngestor(db: db, session: parser.owner, settings: parser.store.currentSettings(db, merchantID: parser.owner.merchant.id).settings,
                              settingsVersion: 1, batchID: nil, now: StoreHarness.t0).baseEarning != nil
        }
        #expect(offered, "without customer-dependent rules the parser thread works the earning out")
        let posted = try ledger(parser)
        let written = try ledger(writer)
        #expect(posted.count > 200 && posted == written)
        #expect(posted.allSatisfy { $0.contains("(rules v") }, "every earn explanation names its rules version")
    }

    @Test func onlyWhenWhatAnOrderEarnsDependsOnTheOrderAlone() throws {
        var capped = ProgramSettings()
        capped.dailyCap = 100
        let h = try StoreHarness(settings: capped)
        try h.store.write { db in
            let settings = try h.store.currentSettings(db, merchantID: h.owner.merchant.id).settings
            let ingestor = OrderIngestor(db: db, session: h.owner, settings: settings, settingsVersion: 1, batchID: nil, now: StoreHarness.t0)
            #expect(ingestor.baseEarning == nil, "a daily cap depends on the customer's day")
        }
        let tiers = try StoreHarness()
        try tiers.store.createTier(tiers.owner, TierDefinition(key: "gold", name: LocalizedText(en: "Gold"), threshold: 100_000,
                                                               multiplier: "1.5", entryRewardPoints: 0), now: StoreHarness.t0)
        try tiers.store.write { db in
            let settings = try tiers.store.currentSettings(db, merchantID: tiers.owner.merchant.id).settings
            let ingestor = OrderIngestor(db: db, session: tiers.owner, settings: settings, settingsVersion: 1, batchID: nil, now: StoreHarness.t0)
            #expect(ingestor.baseEarning == nil, "a tier multiplier depends on the customer")
        }
        let plain = BaseEarning(settings: ProgramSettings(), rate: DecimalAmount(digits: 1, scale: 0), currency: .usd, rulesSuffix: " (rules v1)")
        #expect(plain.result(for: tiers.order("X", customer: "c", amount: 1_000, cancelledAt: StoreHarness.t0)) == nil)
        #expect(plain.result(for: tiers.order("Y", customer: "c", amount: 1_234))?.points == 12)
    }
}
