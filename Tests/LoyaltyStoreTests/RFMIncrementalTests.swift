import Foundation
import LoyaltyCore
@testable import LoyaltyStore
import PropertyBased
import Testing

/// A new or refunded order updates that customer's stored raw values at once: after any history of orders,
/// refunds, cancellations and deletions following a recompute, every stored row equals a from-scratch computation
/// at its own as-of time, scored against the recompute's breakpoints; and a recompute then changes no raw value.
@Suite struct RFMIncrementalTests {
    static let day: Int64 = 86_400

    @Test func incrementalEqualsFromScratch() async throws {
        await propertyCheck(count: 25, input: Gen.int(in: 0...Int(Int32.max))) { seed in
            try runHistory(seed: UInt64(seed))
        }
    }

    func runHistory(seed: UInt64) throws {
        var rng = SeededGenerator(seed: seed)
        func roll(_ n: Int) -> Int { Int(rng.next() % UInt64(n)) }
        let h = try StoreHarness()
        var orders: [IncomingOrder] = []
        var clock = StoreHarness.t0 + 3600
        let customers = (0..<6).map { "c\($0)" }
        func place() throws {
            let order = h.order("o\(orders.count)", customer: customers[roll(6)], amount: Int64(roll(3) == 0 ? 0 : 100 + roll(20_000)),
                                at: clock - Int64(roll(3)) * 3600)
            orders.append(order)
            try h.importOrders([order], now: clock)
        }
        for _ in 0..<(3 + roll(5)) {
            try place()
            clock += Int64(roll(3)) * Self.day + 60
        }
        let breakpoints = try h.store.recomputeRFM(h.owner, asOf: clock, now: clock)
        _ = breakpoints
        let run = try #require(try h.store.latestRFMRun(h.owner))
        for step in 0..<25 {
            clock += Int64(roll(3)) * Self.day + 60
            switch roll(7) {
            case 0, 1, 2:
                try place()
            case 3 where !orders.isEmpty:
                let index = roll(orders.count)
                var order = orders[index]
                order.refunds.append(IncomingRefund(externalID: "r\(step)", createdAt: clock,
                                                    amount: DecimalAmount(digits: Int64(1 + roll(500)), scale: 2)))
                orders[index] = order
                try h.importOrders([order], now: clock)
            case 4 where !orders.isEmpty:
                let index = roll(orders.count)
                if orders[index].cancelledAt == nil { orders[index].cancelledAt = clock }
                try h.importOrders([orders[index]], now: clock)
            case 5 where !orders.isEmpty:
                let id = orders[roll(orders.count)].externalID
                _ = try h.store.applySyncPage(h.owner, resource: .orders, SyncPage(deletedOrders: [(id, clock)]), now: clock)
            default:
                break
            }
            try checkRowsMatchFromScratch(h, breakpoints: run.breakpoints, seed: seed)
        }
        // The next recompute starts from values equal to its own: no raw value moves for a customer touched today.
        let before = try h.rows()
        _ = try h.store.recomputeRFM(h.owner, asOf: clock, now: clock)
        for (id, row) in try h.rows() where before[id]?.asOf == clock {
            let old = try #require(before[id])
            #expect(row.recencyDays == old.recencyDays && row.frequency == old.frequency && row.monetary == old.monetary
                    && row.churnSummary == old.churnSummary, "seed \(seed), \(id)")
        }
        #expect(try h.failedChecks().isEmpty, "seed \(seed)")
    }

    /// Every stored row against the orders as of the row's own as-of time.
    func checkRowsMatchFromScratch(_ h: StoreHarness, breakpoints: RFMBreakpoints?, seed: UInt64) throws {
        let stored = try h.store.rfmTable(h.owner, asOf: nil, now: StoreHarness.t0)
        for row in stored.rows {
            let fresh = try #require(try h.rows(asOf: row.asOf)[row.externalID ?? ""], "seed \(seed): \(row.externalID ?? "?") has no orders now")
            #expect(row.recencyDays == fresh.recencyDays && row.frequency == fresh.frequency && row.monetary == fresh.monetary
                    && row.totalSpentMinor == fresh.totalSpentMinor && row.churnSummary == fresh.churnSummary,
                    "seed \(seed): \(row.externalID ?? "?")")
            if let breakpoints {
                #expect(row.scores == breakpoints.scores(recencyDays: row.recencyDays, frequency: row.frequency, monetary: row.monetary),
                        "seed \(seed): \(row.externalID ?? "?") not scored against the stored breakpoints")
            }
        }
        // A customer with an order that counts is never missing from the stored rows once they were touched or scored.
        let storedIDs = Set(stored.rows.compactMap(\.externalID))
        let current = try h.rows(asOf: stored.rows.map(\.asOf).max() ?? StoreHarness.t0)
        for id in current.keys where !storedIDs.contains(id) {
            Issue.record("seed \(seed): \(id) has orders but no stored row")
        }
    }

    @Test func ingestWithoutARecomputeStoresNothing() throws {
        let h = try StoreHarness()
        try h.importOrders([h.order("o1", customer: "c1", amount: 1_000)])
        #expect(try h.count("customer_rfm") == 0)
    }

    @Test func aCustomerWhoseOnlyOrderIsCancelledLeavesTheGridAtTheNextRecompute() throws {
        let h = try StoreHarness()
        var order = h.order("o1", customer: "c1", amount: 1_000)
        try h.importOrders([order, h.order("o2", customer: "c2", amount: 2_000)])
        let now = StoreHarness.t0 + 2 * Self.day
        _ = try h.store.recomputeRFM(h.owner, asOf: now, now: now)
        order.cancelledAt = now + 60
        try h.importOrders([order], now: now + 120)
        #expect(try h.rows()["c1"] == nil)
        let report = try h.store.recomputeRFM(h.owner, asOf: now + 3 * Self.day, now: now + 3 * Self.day)
        #expect(report.customers == 1 && report.segmentChanges == 1)
        let matrix = try h.store.rfmMigration(h.owner, fromDay: now / Self.day, toDay: now / Self.day + 3).matrix
        #expect(matrix[.newCustomers, nil].count == 1 && matrix.movedCount == 1)
        #expect(try h.count("customer_rfm") == 1)
    }
}
