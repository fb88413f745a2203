import Foundation
import LoyaltyCore
@testable import LoyaltyStore
import Testing

/// The daily job: recompute + refit once per shop day, only for shops with orders, staff and above.
@Suite struct RFMDailyJobTests {
    static let day: Int64 = 86_400
    static let t0 = StoreHarness.t0

    @Test func aShopWithoutOrdersHasNothingDue() throws {
        let h = try StoreHarness()
        #expect(try h.store.recomputeRFMIfDue(h.owner, now: Self.t0 + Self.day) == nil)
        #expect(try h.store.latestRFMRun(h.owner) == nil)
    }

    @Test func runsOncePerShopDayThenAgainTheNextDay() throws {
        let h = try StoreHarness()
        try h.importOrders([h.order("o1", customer: "c1", amount: 5_000), h.order("o2", customer: "c2", amount: 9_000)])
        let first = try #require(try h.store.recomputeRFMIfDue(h.owner, now: Self.t0 + 2 * Self.day))
        #expect(first.rfm.customers == 2 && first.rfm.asOf == Self.t0 + 2 * Self.day)
        #expect(first.churn.latest != nil)
        // Later the same day (UTC shop): nothing due, nothing written.
        let audit = try h.count("audit_logs")
        #expect(try h.store.recomputeRFMIfDue(h.owner, now: Self.t0 + 2 * Self.day + 3_600) == nil)
        #expect(try h.count("audit_logs") == audit)
        let next = try #require(try h.store.recomputeRFMIfDue(h.owner, now: Self.t0 + 3 * Self.day + 60))
        #expect(next.rfm.runID > first.rfm.runID && next.rfm.day == "2026-01-04")
    }

    @Test func viewersAndSupportMayNotRunIt() throws {
        let h = try StoreHarness()
        try h.importOrders([h.order("o1", customer: "c1", amount: 5_000)])
        for role in [Role.viewer, .support] {
            let session = try h.session(role)
            #expect(throws: (any Error).self) { try h.store.recomputeRFMIfDue(session, now: Self.t0 + 2 * Self.day) }
        }
        #expect(try h.store.latestRFMRun(h.owner) == nil)
        #expect(try h.store.recomputeRFMIfDue(try h.session(.staff), now: Self.t0 + 2 * Self.day) != nil)
    }
}
