import Foundation
import LoyaltyCore
@testable import LoyaltyStore
import PropertyBased
import Testing

/// Random sequences of orders, refunds, cancellations, redemptions, adjustments, undos and expiries on a real
/// SQLite file: the cache always equals the ledger, redemptions never overdraw, and replays post nothing.
@Suite struct LedgerPropertyTests {
    @Test func randomHistoriesKeepEveryInvariant() async throws {
        await propertyCheck(count: 30, input: Gen.int(in: 0...Int(Int32.max))) { seed in
            try runHistory(seed: UInt64(seed))
        }
    }

    func runHistory(seed: UInt64) throws {
        var rng = SeededGenerator(seed: seed)
        func roll(_ n: Int) -> Int { Int(rng.next() % UInt64(n)) }
        let settings = ProgramSettings(pointsPerUnit: ["1", "0.5", "3"][roll(3)], pendingDays: [0, 0, 7][roll(3)],
                                       expiry: [.never, .daysAfterEarned(20), .daysAfterLastActivity(40)][roll(3)],
                                       negativeBalance: roll(2) == 0 ? .allowNegative : .capAtZero)
        let h = try StoreHarness(settings: settings)
        let support = try h.session(.support)
        let reward = try h.store.addReward(h.owner, RewardDefinition(name: "Five off", kind: .fixedAmount, pointsCost: 40, valueMinor: 500),
                                           now: StoreHarness.t0)
        var orders: [IncomingOrder] = []
        var clock = StoreHarness.t0 + 3600
        let customers = (0..<4).map { "c\($0)" }
        for step in 0..<40 {
            clock += Int64(roll(4)) * 86_400 + 60
            switch roll(8) {
            case 0, 1, 2:
                let order = h.order("o\(step)", customer: customers[roll(4)], amount: Int64(500 + roll(20_000)), at: clock)
                orders.append(order)
                try h.importOrders([order], now: clock)
            case 3 where !orders.isEmpty:
                let index = roll(orders.count)
                var order = orders[index]
                let amount = Int64(1 + roll(Int(order.subtotalPrice!.digits)))
                order.refunds.append(IncomingRefund(externalID: "r\(step)", createdAt: clock, amount: DecimalAmount(digits: amount, scale: 2)))
                orders[index] = order
                try h.importOrders([order], now: clock)
            case 4 where !orders.isEmpty:
                let index = roll(orders.count)
                if orders[index].cancelledAt == nil { orders[index].cancelledAt = clock }
                try h.importOrders([orders[index]], now: clock)
            case 5:
                let id = try h.customerIDIfAny(customers[roll(4)])
                if let id {
                    let before = try h.store.balances(h.owner, customerID: id, now: clock)
                    do {
                        _ = try h.store.redeem(support, customerID: id, rewardID: reward.id, now: clock)
                        #expect(before.available >= 40, "redeemed with only \(before.available) available")
                        #expect(try h.store.balances(h.owner, customerID: id, now: clock).available >= 0)
                    } catch StoreError.insufficientBalance {
                        #expect(before.available < 40)
                    }
                }
            case 6:
                if let id = try h.customerIDIfAny(customers[roll(4)]) {
                    _ = try? h.store.adjustPoints(support, customerID: id, delta: Int64(roll(400)) - 200, reason: "property test", now: clock)
                }
            default:
                let count = try h.ledgerCount()
                if count > 0 {
                    _ = try? h.store.undoEntry(support, entryID: Int64(1 + roll(count)), reason: "property test", now: clock)
                }
                if roll(3) == 0 { _ = try h.store.expirePoints(h.owner, asOf: clock) }
            }
            let failed = try h.failedChecks()
            #expect(failed.isEmpty, "seed \(seed), step \(step): \(failed)")
        }
        // Replaying every order as last seen posts nothing new.
        let ledgerBefore = try h.ledgerCount()
        let replay = try h.importOrders(orders, now: clock)
        #expect(replay.new == 0)
        #expect(replay.pointsPosted == 0)
        #expect(try h.ledgerCount() == ledgerBefore)
        let failed = try h.failedChecks()
        #expect(failed.isEmpty, "seed \(seed) after replay: \(failed)")
    }
}

extension StoreHarness {
    func customerIDIfAny(_ external: String) throws -> Int64? {
        do { return try customerID(external) } catch StoreError.customerNotFound { return nil }
    }
}
