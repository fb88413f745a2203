import Foundation
import GRDB
import LoyaltyCore
@testable import LoyaltyStore
import Testing

@Suite struct TierCampaignIngestTests {
    let t0 = StoreHarness.t0

    func gold(_ threshold: Int64 = 20_000, reward: Int64 = 100) -> TierDefinition {
        TierDefinition(key: "gold", name: LocalizedText(en: "Gold"), threshold: threshold, multiplier: "1.5",
                       entryRewardPoints: reward)
    }

    func tierOf(_ h: StoreHarness, _ external: String) throws -> String? {
        let id = try h.customerID(external)
        return try h.store.read { db in try String.fetchOne(db, sql: "SELECT tier_key FROM customers WHERE id = ?", arguments: [id]) }
    }

    func history(_ h: StoreHarness) throws -> [String] {
        try h.store.read { db in
            try Row.fetchAll(db, sql: "SELECT from_key, to_key, reason FROM customer_tier_history ORDER BY id").map {
                "\(($0["from_key"] as String?) ?? "-")→\(($0["to_key"] as String?) ?? "-") \($0["reason"] as String)"
            }
        }
    }

    func entries(_ h: StoreHarness, kind: String) throws -> [(points: Int64, explanation: String)] {
        try h.store.read { db in
            try Row.fetchAll(db, sql: "SELECT points, explanation FROM points_transactions WHERE kind = ? ORDER BY id", arguments: [kind])
                .map { ($0["points"], $0["explanation"]) }
        }
    }

    @Test func reachingATierRecordsItPaysTheEntryRewardOnceAndMultipliesLaterOrders() throws {
        let h = try StoreHarness()
        try h.store.createTier(h.owner, gold(), now: t0)
        try h.importOrders([h.order("1", customer: "c", amount: 15_000, at: t0 + 3_600)], now: t0 + 86_400)
        #expect(try tierOf(h, "c") == nil)
        try h.importOrders([h.order("2", customer: "c", amount: 6_000, at: t0 + 7_200)], now: t0 + 86_400)
        #expect(try tierOf(h, "c") == "gold")
        #expect(try history(h) == ["-→gold order"])
        #expect(try entries(h, kind: "tier_reward").map(\.points) == [100])
        try h.importOrders([h.order("3", customer: "c", amount: 10_000, at: t0 + 10_800)], now: t0 + 86_400)
        let earns = try entries(h, kind: "earn")
        #expect(earns.map(\.points) == [150, 60, 150])
        #expect(earns[2].explanation.contains("× 1.5 Gold") && earns[2].explanation.hasSuffix("(rules v1)"))
        // Replaying the same file changes nothing: no second entry reward, no second history row.
        try h.importOrders([h.order("3", customer: "c", amount: 10_000, at: t0 + 10_800)], now: t0 + 86_400)
        #expect(try entries(h, kind: "tier_reward").count == 1 && history(h).count == 1)
        #expect(try h.allChecksPass())
    }

    @Test func aRefundBelowTheThresholdMovesTheCustomerDownWhenThePolicySaysImmediately() throws {
        var settings = ProgramSettings()
        settings.tiers = TierPolicy(basis: .spend, window: .rolling12Months, downgrade: .immediately)
        let h = try StoreHarness(settings: settings)
        try h.store.createTier(h.owner, gold(reward: 0), now: t0)
        try h.importOrders([h.order("1", customer: "c", amount: 25_000, at: t0 + 3_600)], now: t0 + 86_400)
        #expect(try tierOf(h, "c") == "gold")
        let refunded = h.order("1", customer: "c", amount: 25_000, at: t0 + 3_600,
                               refunds: [IncomingRefund(externalID: "r1", createdAt: t0 + 2 * 86_400, amount: DecimalAmount(digits: 10_000, scale: 2))])
        try h.importOrders([refunded], now: t0 + 3 * 86_400)
        #expect(try tierOf(h, "c") == nil)
        #expect(try history(h) == ["-→gold order", "gold→- refund"])
        // A year later the rolling window is empty: the daily job has nothing more to change.
        let report = try h.store.recalculateTiers(h.owner, asOf: t0 + 400 * 86_400)
        #expect(report.movedDown == 0 && report.movedUp == 0)
    }

    @Test func theDailyJobMovesCustomersDownWhenTheirActivityLeavesTheWindow() throws {
        var settings = ProgramSettings()
        settings.tiers = TierPolicy(basis: .spend, window: .rolling12Months, downgrade: .immediately)
        let h = try StoreHarness(settings: settings)
        try h.store.createTier(h.owner, gold(reward: 0), now: t0)
        try h.importOrders([h.order("1", customer: "c", amount: 25_000, at: t0 + 3_600)], now: t0 + 86_400)
        #expect(try h.store.recalculateTiers(h.owner, asOf: t0 + 200 * 86_400).movedDown == 0)
        let report = try h.store.recalculateTiers(h.owner, asOf: t0 + 400 * 86_400)
        #expect(try report.movedDown == 1 && tierOf(h, "c") == nil)
        #expect(try history(h).last == "gold→- daily_recalculation")
    }

    @Test func changingTheTierTableReevaluatesEveryone() throws {
        let h = try StoreHarness()
        try h.store.createTier(h.owner, gold(reward: 0), now: t0)
        try h.importOrders([h.order("1", customer: "a", amount: 12_000, at: t0 + 3_600),
                            h.order("2", customer: "b", amount: 30_000, at: t0 + 3_600)], now: t0 + 86_400)
        #expect(try tierOf(h, "a") == nil && tierOf(h, "b") == "gold")
        try h.store.updateTier(h.owner, key: "gold", gold(10_000, reward: 0), now: t0 + 2 * 86_400)
        #expect(try tierOf(h, "a") == "gold")
        #expect(try history(h).last == "-→gold tier_table_changed")
        try h.store.deleteTier(h.owner, key: "gold", now: t0 + 3 * 86_400)
        #expect(try tierOf(h, "a") == nil && tierOf(h, "b") == nil)
    }

    @Test func campaignsMultiplyOrAddBonusesInTheirWindowAndReportWhatTheyDid() throws {
        let h = try StoreHarness()
        let double = try h.store.createCampaign(h.owner, CampaignDefinition(
            name: LocalizedText(en: "Double week"), kind: .multiplier, multiplier: "2", startsAt: "2026-01-05", endsAt: "2026-01-12",
            timeZone: "UTC"), now: t0)
        var bonusDefinition = CampaignDefinition(name: LocalizedText(en: "First order bonus"), kind: .fixedBonus, bonusPoints: 50,
                                                 startsAt: "2026-01-01", endsAt: "2026-02-01", timeZone: "UTC")
        bonusDefinition.conditions.firstOrderOnly = true
        let bonus = try h.store.createCampaign(h.owner, bonusDefinition, now: t0)
        try h.store.changeCampaign(h.owner, id: double.id, .launch, now: t0)
        try h.store.changeCampaign(h.owner, id: bonus.id, .launch, now: t0)
        let day: Int64 = 86_400
        let orders = [h.order("1", customer: "a", amount: 10_000, at: t0 + 2 * day),    // before the double week; first order
                      h.order("2", customer: "a", amount: 10_000, at: t0 + 5 * day),    // in it
                      h.order("3", customer: "b", amount: 4_000, at: t0 + 6 * day),     // in it; first order
                      h.order("4", customer: "b", amount: 10_000, at: t0 + 12 * day)]   // after it
        try h.importOrders(orders, now: t0 + 20 * day)
        try h.importOrders(orders, now: t0 + 21 * day)
        #expect(try entries(h, kind: "earn").map(\.points) == [100, 200, 80, 100])
        #expect(try entries(h, kind: "campaign_bonus").map(\.points) == [50, 50])
        let doubleReport = try h.store.campaignReport(h.owner, id: double.id)
        #expect(doubleReport.qualifyingOrders == 2 && doubleReport.pointsAwarded == 140 && doubleReport.revenueMinor == 14_000)
        let bonusReport = try h.store.campaignReport(h.owner, id: bonus.id)
        #expect(bonusReport.qualifyingOrders == 2 && bonusReport.pointsAwarded == 100 && bonusReport.customers == 2)
        // A campaign that awarded points cannot be deleted (its report and ledger references stay).
        #expect(throws: StoreError.self) { try h.store.deleteCampaign(h.owner, id: double.id, now: t0 + 22 * day) }
        #expect(try h.allChecksPass())
    }

    /// The what-if replay of the current rules must land where the live ingest path did, with tiers and campaigns.
    @Test func theReplayOfTheCurrentRulesMatchesTheLedgerWithTiersAndCampaigns() throws {
        var settings = ProgramSettings()
        settings.tiers = TierPolicy(basis: .spend, window: .calendarYear, downgrade: .atWindowEnd)
        let h = try StoreHarness(settings: settings)
        try h.store.createTier(h.owner, gold(30_000, reward: 75), now: t0)
        try h.store.createTier(h.owner, TierDefinition(key: "silver", name: LocalizedText(en: "Silver"), threshold: 12_000,
                                                       multiplier: "1.25", entryRewardPoints: 20), now: t0)
        let campaign = try h.store.createCampaign(h.owner, CampaignDefinition(
            name: LocalizedText(en: "Spring"), kind: .multiplier, multiplier: "2", startsAt: "2026-03-01", endsAt: "2026-04-01",
            timeZone: "UTC"), now: t0)
        try h.store.changeCampaign(h.owner, id: campaign.id, .launch, now: t0)
        var orders: [IncomingOrder] = []
        for c in 0..<15 {
            for n in 0..<(1 + c % 5) {
                let at = t0 + Int64(c * 3 + n * 23) * 86_400 + 3_600
                let refunds = (c + n) % 7 == 0 ? [IncomingRefund(externalID: "r\(c)-\(n)", createdAt: at + 86_400,
                                                                 amount: DecimalAmount(digits: 1_500, scale: 2))] : []
                orders.append(h.order("o\(c)-\(n)", customer: "c\(c)", amount: Int64(3_000 + c * 1_100 + n * 700), at: at,
                                      refunds: refunds, cancelledAt: (c * n) % 11 == 5 ? at + 600 : nil))
            }
        }
        // Imported one order at a time in time order, as a live sync would see them.
        for order in orders.sorted(by: { $0.processedAt < $1.processedAt }) {
            try h.importOrders([order], now: order.processedAt + 60)
        }
        let asOf = t0 + 200 * 86_400
        let ledger = try h.store.read { db in
            try Int64.fetchOne(db, sql: """
                SELECT COALESCE(SUM(points), 0) FROM points_transactions
                WHERE kind IN ('earn','refund_clawback','cancel_reversal','campaign_bonus','tier_reward')
                """) ?? 0
        }
        let report = try h.store.whatIf(h.owner, WhatIfProposal(), asOf: asOf)
        #expect(report.pointsIssued.current == ledger)
        #expect(try entries(h, kind: "tier_reward").count > 0)
        #expect(try h.allChecksPass())
    }
}
