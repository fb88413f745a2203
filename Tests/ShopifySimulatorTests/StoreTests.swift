import Foundation
import Testing
@testable import ShopifySimulator

@Suite struct StoreTests {
    @Test func sameSeedGivesTheSameTruthAndAnotherSeedDoesNot() throws {
        let a = ShopifySimulator(options: SimulatorOptions(orders: 500, seed: 7)).truth()
        let b = ShopifySimulator(options: SimulatorOptions(orders: 500, seed: 7)).truth()
        let c = ShopifySimulator(options: SimulatorOptions(orders: 500, seed: 8)).truth()
        #expect(a == b)
        #expect(a != c)
        #expect(a.orders.map(\.subtotal) != c.orders.map(\.subtotal))
        // The streamed document is the encoded truth.
        var streamed = Data()
        ShopifySimulator(options: SimulatorOptions(orders: 500, seed: 7)).streamTruth { streamed.append($0) }
        #expect(try JSONDecoder().decode(SimulatorTruth.self, from: streamed) == a)
    }

    @Test func historyLooksLikeAShop() throws {
        let truth = ShopifySimulator(options: SimulatorOptions(orders: 4_000, seed: 3)).truth()
        #expect(truth.orders.count == 4_000)
        #expect(truth.customers.count == 500)
        let cancelled = truth.orders.filter { $0.cancelledAt != nil }.count
        let refunded = truth.orders.filter { !$0.refunds.isEmpty }.count
        let guests = truth.orders.filter { $0.customerId == nil }.count
        #expect((100...220).contains(cancelled), "cancelled \(cancelled)")
        #expect((220...430).contains(refunded), "refunded \(refunded)")
        #expect((60...190).contains(guests), "guests \(guests)")
        #expect(truth.orders.first?.name == "#1001")
        let end = try #require(SimTime.parse("2026-11-01T00:00:00Z"))
        for o in truth.orders {
            let id = try #require(Int64(o.id))
            #expect(id > 9_007_199_254_740_992)
            let processed = try #require(SimTime.parse(o.processedAt)), updated = try #require(SimTime.parse(o.updatedAt))
            #expect(updated >= processed && updated < end)
            let subtotal = try #require(Decimal(string: o.subtotal)), total = try #require(Decimal(string: o.total))
            #expect(total >= subtotal)
            let refundedSum = o.refunds.compactMap { Decimal(string: $0.amount) }.reduce(0, +)
            #expect(refundedSum <= subtotal)
            for r in o.refunds {
                let at = try #require(SimTime.parse(r.createdAt))
                #expect(at >= processed && at <= updated)
            }
        }
        let counted = truth.customers.reduce(0) { $0 + $1.numberOfOrders }
        #expect(counted == 4_000 - guests)
    }

    @Test func pagingVisitsEveryOrderOnceInOrderAcrossMutations() throws {
        let base = SyntheticStore(orders: 1_000, seed: 11)
        var state = StoreState(base: base)
        let now = SimTime.historyEnd + 100
        state.touch(index: 10, at: now)
        state.refund(index: 20, cents: 500, lines: 2, at: now + 1)
        state.delete(index: 30, at: now + 2)
        state.edit(index: 40, subtotal: 1234, at: now + 3)
        state.addLiveOrder(at: now + 4)
        var seen: [OrderKey] = []
        var after: OrderKey?
        while true {
            let page = state.page(after: after, window: UpdatedWindow(), limit: 97)
            if page.isEmpty { break }
            seen += page.map(\.key)
            after = page.last?.key
        }
        #expect(seen.count == 1_000)  // 1000 − 1 deleted + 1 live
        #expect(seen == seen.sorted())
        #expect(Set(seen.map(\.id)).count == seen.count)
        #expect(!seen.contains { $0.id == base.orderID(30) })
        #expect(Array(seen.suffix(4).map(\.id)) == [10, 20, 40, 1_000].map(base.orderID))
        // Descending from the end gives the same orders reversed.
        var back: [OrderKey] = []
        var before = OrderKey(updatedAt: .max, id: .max)
        while true {
            let page = state.page(after: nil, before: before, window: UpdatedWindow(), limit: 61)
            if page.isEmpty { break }
            back += page.map(\.key)
            before = page.last?.key ?? before
        }
        #expect(back == seen.reversed())
        // A window keeps only what is inside it.
        let window = UpdatedWindow(from: base.baseUpdatedAt(100), to: base.baseUpdatedAt(200))
        let windowed = state.page(after: nil, window: window, limit: 1_000)
        #expect(windowed.count == 100)
        #expect(windowed.allSatisfy { window.contains($0.updatedAt) })
    }

    @Test func truthReflectsMutations() throws {
        let sim = ShopifySimulator(options: SimulatorOptions(orders: 300, seed: 5, wallClock: { SimTime.historyEnd + 3_600 }))
        let ids = sim.orderIDs()
        let before = sim.truth()
        let paid = try #require(before.orders.first { $0.refunds.isEmpty && $0.cancelledAt == nil })
        let paidID = try #require(Int64(paid.id))
        #expect(sim.refundOrder(id: paidID, cents: 250, lines: 2))
        #expect(sim.deleteOrder(id: ids[1]))
        #expect(!sim.deleteOrder(id: ids[1]))
        #expect(sim.editOrder(id: ids[2], subtotalCents: 999))
        #expect(sim.touchOrder(id: ids[3]))
        let touched = Set([paid.id] + ids.prefix(4).map(String.init))
        let cancellable = try #require(before.orders.first { $0.cancelledAt == nil && $0.refunds.isEmpty && !touched.contains($0.id) })
        #expect(sim.cancelOrder(id: try #require(Int64(cancellable.id))))
        let live = sim.addLiveOrder()
        #expect(!sim.touchOrder(id: 42))

        let after = sim.truth()
        let byID = Dictionary(uniqueKeysWithValues: after.orders.map { ($0.id, $0) })
        #expect(byID[paid.id]?.refunds.map(\.amount) == ["2.50"])
        #expect(byID[paid.id]?.updatedAt == "2026-11-01T01:00:00Z")
        #expect(byID[String(ids[1])]?.deleted == true)
        #expect(byID[String(ids[2])]?.subtotal == "9.99")
        #expect(byID[String(ids[3])]?.updatedAt == "2026-11-01T01:00:00Z")
        #expect(byID[cancellable.id]?.cancelledAt == "2026-11-01T01:00:00Z")
        #expect(byID[String(live)]?.name == "#1301")
        #expect(after.orders.count == 301)
    }
}
