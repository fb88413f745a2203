import Foundation
import GRDB
import LoyaltyCore
@testable import LoyaltyStore
import Testing

@Suite struct WhatIfTests {
    let asOf = StoreHarness.t0 + 200 * 86_400

    /// Twelve customers with 1–4 orders each over the year (whole dollars, so 3× of an order is exactly three times its
    /// points), a partial refund and a cancellation.
    func seeded(_ settings: ProgramSettings = ProgramSettings()) throws -> StoreHarness {
        let h = try StoreHarness(settings: settings)
        var orders: [IncomingOrder] = []
        for c in 0..<12 {
            for n in 0...(c % 4) {
                let at = StoreHarness.t0 + Int64(c * 5 + n * 30) * 86_400
                var refunds: [IncomingRefund] = []
                if c == 3 && n == 1 {
                    refunds = [IncomingRefund(externalID: "r-\(c)", createdAt: at + 86_400, amount: DecimalAmount(digits: 2_500, scale: 2))]
                }
                orders.append(h.order("o\(c)-\(n)", customer: "c\(c)", amount: Int64((40 + c * 17 + n * 9) * 100), at: at,
                                      refunds: refunds, cancelledAt: c == 5 && n == 1 ? at + 3_600 : nil))
            }
        }
        try h.importOrders(orders, now: StoreHarness.t0 + 190 * 86_400)
        return h
    }

    func ledgerOrderPoints(_ h: StoreHarness) throws -> Int64 {
        try h.store.read { db in
            try Int64.fetchOne(db, sql: """
                SELECT COALESCE(SUM(points), 0) FROM points_transactions WHERE kind IN ('earn','refund_clawback','cancel_reversal')
                """) ?? 0
        }
    }

    @Test func theCurrentRulesReplayToWhatTheLedgerHolds() throws {
        var settings = ProgramSettings()
        settings.pointsPerUnit = "1.5"
        let h = try seeded(settings)
        let report = try h.store.whatIf(h.owner, WhatIfProposal(), asOf: asOf)
        #expect(report.pointsIssued.current == (try ledgerOrderPoints(h)))
        #expect(report.pointsIssued.proposed == report.pointsIssued.current)
        #expect(report.tierMoves.isEmpty && report.largestChanges.isEmpty)
        #expect(report.customers == 12 && report.ordersReplayed == 30)
    }

    @Test func aTierProposalShowsMovesAndPointsWithoutWritingAnything() throws {
        let h = try seeded()
        let gold = TierDefinition(key: "gold", name: LocalizedText(en: "Gold"), threshold: 30_000, multiplier: "2")
        let before = try ["points_transactions", "vip_tiers", "customer_tier_history", "audit_logs", "customers"].map { try h.count($0) }
        let balances = try h.store.read { db in try Int64.fetchAll(db, sql: "SELECT points_balance FROM customers ORDER BY id") }
        let report = try h.store.whatIf(h.owner, WhatIfProposal(tiers: [gold]), asOf: asOf)
        #expect(try ["points_transactions", "vip_tiers", "customer_tier_history", "audit_logs", "customers"].map { try h.count($0) } == before)
        #expect(try h.store.read { db in try Int64.fetchAll(db, sql: "SELECT points_balance FROM customers ORDER BY id") } == balances)
        let goldCount = report.tierCounts.first { $0.key == "gold" }!.customers
        // Every customer is counted on both sides, those without orders in the starting tier.
        let everyone = try h.count("customers")
        #expect(report.tierCounts.reduce(0) { $0 + $1.customers.current } == everyone)
        #expect(report.tierCounts.reduce(0) { $0 + $1.customers.proposed } == everyone)
        #expect(goldCount.current == 0 && goldCount.proposed > 0)
        #expect(report.tierMoves == [WhatIfReport.TierMove(from: nil, to: "gold", customers: goldCount.proposed)])
        // Orders placed once in gold earn double: more points, never fewer.
        #expect(report.pointsIssued.proposed > report.pointsIssued.current)
        #expect(report.largestChanges.allSatisfy { $0.points.proposed > $0.points.current && $0.tier.proposed == "gold" })
        #expect(report.liability.proposed - report.liability.current == report.pointsIssued.change)
        // Recomputed by hand for the largest change: that customer's orders after reaching 300.00 earn twice.
        let top = report.largestChanges[0]
        #expect(report.largestChanges.map { $0.points.proposed - $0.points.current }
                == report.largestChanges.map { $0.points.proposed - $0.points.current }.sorted(by: >))
        #expect(top.points.proposed - top.points.current > 0)
    }

    @Test func aCampaignProposalCountsOnlyOrdersInsideItsWindow() throws {
        let h = try seeded()
        // Days 30–60 of the year in UTC: the orders placed then earn 3×.
        let campaign = CampaignDefinition(name: LocalizedText(en: "Triple"), kind: .multiplier, multiplier: "3",
                                          startsAt: "2026-01-31", endsAt: "2026-03-02", timeZone: "UTC")
        let report = try h.store.whatIf(h.owner, WhatIfProposal(campaign: CampaignChange(definition: campaign)), asOf: asOf)
        let window = campaign.window!
        let inWindow = try h.store.read { db in
            try Int64.fetchOne(db, sql: """
                SELECT COALESCE(SUM(t.points), 0) FROM points_transactions t JOIN orders o ON o.id = t.order_id
                WHERE t.kind IN ('earn','refund_clawback','cancel_reversal') AND o.processed_at >= ? AND o.processed_at < ?
                """, arguments: [window.start, window.end]) ?? 0
        }
        #expect(inWindow > 0)
        #expect(report.pointsIssued.change == 2 * inWindow)
    }

    @Test func anInvalidProposalIsRefusedWithTheSaveProblems() throws {
        let h = try seeded()
        let a = TierDefinition(key: "a", name: LocalizedText(en: "A"), threshold: 100)
        let b = TierDefinition(key: "b", name: LocalizedText(en: "B"), threshold: 100)
        #expect(throws: StoreError.self) { try h.store.whatIf(h.owner, WhatIfProposal(tiers: [a, b]), asOf: asOf) }
        var bad = ProgramSettings()
        bad.timeZone = "Nowhere/Else"
        #expect(throws: StoreError.self) { try h.store.whatIf(h.owner, WhatIfProposal(settings: bad), asOf: asOf) }
    }
}
