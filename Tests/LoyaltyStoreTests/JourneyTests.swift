import Foundation
import LoyaltyCore
@testable import LoyaltyStore
import Testing

@Suite struct JourneyTests {
    static let t0 = StoreHarness.t0
    static func day(_ n: Int64) -> UnixTime { t0 + n * 86_400 }

    /// Orders with a partial and a full refund, an adjustment and its undo, a redemption kept and one cancelled.
    func history() throws -> (StoreHarness, Int64, ids: [String: Int64]) {
        let h = try StoreHarness()
        try h.importOrders([h.order("A", customer: "c1", amount: 10_000, at: Self.t0 + 3600),
                            h.order("B", customer: "c1", amount: 5_000, at: Self.day(3))], now: Self.day(3) + 60)
        try h.importOrders([h.order("A", customer: "c1", amount: 10_000, at: Self.t0 + 3600,
                                    refunds: [IncomingRefund(externalID: "RA", createdAt: Self.day(2), amount: DecimalAmount(digits: 2_500, scale: 2))])],
                           now: Self.day(3) + 120)
        let id = try h.customerID("c1")
        let support = try h.session(.support)
        let adjust = try h.store.adjustPoints(support, customerID: id, delta: 40, reason: "late parcel", now: Self.day(4))
        let undo = try h.store.undoEntry(h.owner, entryID: adjust.id, reason: "wrong customer", now: Self.day(5))
        let reward = try h.store.addReward(h.owner, RewardDefinition(name: "$5 off", kind: .fixedAmount, pointsCost: 50, valueMinor: 500),
                                           now: Self.t0)
        let kept = try h.store.redeem(h.owner, customerID: id, rewardID: reward.id, now: Self.day(6))
        let cancelled = try h.store.redeem(h.owner, customerID: id, rewardID: reward.id, now: Self.day(7))
        _ = try h.store.cancelRedemption(support, code: cancelled.code, reason: "changed mind", now: Self.day(8))
        try h.importOrders([h.order("C", customer: "c1", amount: 2_000, at: Self.day(9),
                                    refunds: [IncomingRefund(externalID: "RC", createdAt: Self.day(10), amount: DecimalAmount(digits: 2_000, scale: 2))])],
                           now: Self.day(10) + 60)
        return (h, id, ["adjust": adjust.id, "undo": undo.id, "kept": kept.id, "cancelled": cancelled.id])
    }

    /// A compact label per event, to compare whole timelines.
    func label(_ event: JourneyEvent) -> String {
        switch event {
        case .order(let o): return "order \(o.name ?? o.externalID) \(o.status.rawValue)"
        case .refund(let r): return "refund \(r.orderName ?? r.orderExternalID) \(r.amountMinor)"
        case .entry(let e): return "\(e.entry.kind) \(e.entry.points)"
        case .redemption(let r): return "redemption \(r.status)"
        case .audit(let a): return "audit \(a.action)"
        }
    }

    @Test func eventsAreMergedNewestFirstWithCausesBelowTheirEffects() throws {
        let (h, id, _) = try history()
        let journey = try h.store.customerJourney(merchant: h.owner.merchant, customerID: id, now: Self.day(11))
        #expect(journey.events.map(label) == [
            "refund_clawback -20", "refund #C 2000",
            "earn 20", "order #C refunded",
            "audit reward.cancel", "redemption_cancel 50",
            "audit reward.redeem", "redeem -50", "redemption cancelled",
            "audit reward.redeem", "redeem -50", "redemption issued",
            "audit points.undo", "undo -40",
            "audit points.adjust", "adjust 40",
            "earn 50", "order #B placed",
            "refund_clawback -25", "refund #A 2500",
            "earn 100", "order #A partiallyRefunded",
        ])
        #expect(journey.events.map(\.at) == journey.events.map(\.at).sorted(by: >))
        #expect(!journey.hasMore)
        #expect(journey.balances == Balances(total: 75, pending: 0, available: 75, lifetimeEarned: 210))
        #expect(journey.currency == "USD" && journey.customer.id == id)
    }

    @Test func entriesSayWhetherTheyCanBeUndoneAndWhyNot() throws {
        let (h, id, ids) = try history()
        let journey = try h.store.customerJourney(merchant: h.owner.merchant, customerID: id, now: Self.day(11))
        let entries = journey.events.compactMap { event -> JourneyEntry? in
            if case .entry(let e) = event { return e } else { return nil }
        }
        let verdicts = entries.map { "\($0.entry.kind) \($0.entry.points): " + ($0.notUndoableBecause ?? "undoable") }
        let cancelEntry = try #require(entries.first { $0.entry.kind == "redemption_cancel" }).entry.id
        #expect(verdicts == [
            "refund_clawback -20: undoable",
            "earn 20: no points of it are left to undo",
            "redemption_cancel 50: an undo cannot be undone; post an adjustment instead",
            "redeem -50: already undone by entry \(cancelEntry)",
            "redeem -50: undoable",
            "undo -40: an undo cannot be undone; post an adjustment instead",
            "adjust 40: already undone by entry \(ids["undo"]!)",
            "earn 50: undoable",
            "refund_clawback -25: undoable",
            "earn 100: undoable",
        ])
        #expect(entries.allSatisfy { $0.undoable == ($0.notUndoableBecause == nil) })
        let adjust = try #require(entries.first { $0.entry.id == ids["adjust"] })
        #expect(adjust.entry.reason == "late parcel" && adjust.entry.operatorName == "op-support" && adjust.entry.reversedByID == ids["undo"])
        let undo = try #require(entries.first { $0.entry.id == ids["undo"] })
        #expect(undo.entry.reversesID == ids["adjust"])

        // The verdicts agree with what undoEntry does (here no undo changes another entry's verdict).
        for entry in entries {
            let attempt = Result(catching: { try h.store.undoEntry(h.owner, entryID: entry.entry.id, reason: "check", now: Self.day(12)) })
            switch attempt {
            case .success: #expect(entry.undoable, "entry \(entry.entry.id) was undone")
            case .failure(let error): #expect(!entry.undoable, "entry \(entry.entry.id) refused: \(error)")
            }
        }
    }

    @Test func ordersRefundsAndRedemptionsCarryTheirDetails() throws {
        let (h, id, ids) = try history()
        let journey = try h.store.customerJourney(merchant: h.owner.merchant, customerID: id, now: Self.day(11))
        let orders = journey.events.compactMap { event -> JourneyOrder? in if case .order(let o) = event { return o } else { return nil } }
        let a = try #require(orders.first { $0.externalID == "A" })
        #expect(a.totalMinor == 10_000 && a.refundedMinor == 2_500 && a.name == "#A" && a.processedAt == Self.t0 + 3600)
        let redemptions = journey.events.compactMap { event -> RedemptionInfo? in
            if case .redemption(let r) = event { return r } else { return nil }
        }
        #expect(redemptions.map(\.id) == [ids["cancelled"]!, ids["kept"]!])
        #expect(redemptions.allSatisfy { $0.rewardName == "$5 off" && DiscountCode.isWellFormed($0.code) && $0.points == 50 })
    }

    @Test func theLimitKeepsTheNewestEvents() throws {
        let (h, id, _) = try history()
        let full = try h.store.customerJourney(merchant: h.owner.merchant, customerID: id, now: Self.day(11))
        let short = try h.store.customerJourney(merchant: h.owner.merchant, customerID: id, limit: 5, now: Self.day(11))
        #expect(short.events == Array(full.events.prefix(5)))
        #expect(short.hasMore)
    }

    @Test func anotherMerchantsCustomerIsNotFound() throws {
        let (h, id, _) = try history()
        let other = try h.store.addMerchant(shopDomain: "other.myshopify.com", ownerName: "otto", now: Self.t0)
        #expect(throws: StoreError.customerNotFound(String(id))) {
            try h.store.customerJourney(merchant: other.merchant, customerID: id, now: Self.day(11))
        }
    }
}
