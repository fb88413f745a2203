import Foundation
import LoyaltyCore
@testable import LoyaltyStore
import Testing

/// A hand-built shop whose every figure is worked out by hand below (1 point per dollar, points expire 60 days
/// after they are earned, "now" is day 100 at noon UTC).
@Suite struct OverviewTests {
    static func day(_ n: Int64) -> UnixTime { StoreHarness.t0 + n * 86_400 + 12 * 3600 }
    static let now = day(100)

    func shop() throws -> StoreHarness {
        let h = try StoreHarness(settings: ProgramSettings(expiry: .daysAfterEarned(60)))
        // c1: A (day 10, $100), B (day 80, $50), C (day 95, $30). c3: E (day 20, $40).
        try h.importOrders([h.order("A", customer: "c1", amount: 10_000, at: Self.day(10)),
                            h.order("E", customer: "c3", amount: 4_000, at: Self.day(20))], now: Self.day(21))
        // c5 joins the program on day 50; their order G of day 41 was placed before they were a member.
        _ = try h.store.importCustomers(h.owner, data: Data("email\nc5@example.com\n".utf8), source: "c.csv", now: Self.day(50))
        try h.store.adjustPoints(h.owner, customerID: try h.customerID("c3"), delta: 30, reason: "goodwill", now: Self.day(60))
        try h.importOrders([h.order("B", customer: "c1", amount: 5_000, at: Self.day(80)),
                            h.order("D", customer: "c2", amount: 20_000, at: Self.day(85)),
                            h.order("G", customer: "c5", amount: 6_000, at: Self.day(41)),
                            h.order("F", customer: "c4", amount: 7_000, at: Self.day(90), cancelledAt: Self.day(90) + 3600),
                            h.order("H", customer: "c5", amount: 2_000, at: Self.day(92)),
                            h.order("C", customer: "c1", amount: 3_000, at: Self.day(95)),
                            h.order("K", customer: "c6", amount: 1_000, at: Self.day(96))], now: Self.day(96) + 3600)
        // Day 82: A (expired day 70) and E (day 80) expire: 140 points.
        _ = try h.store.expirePoints(h.owner, asOf: Self.day(82))
        let five = try h.store.addReward(h.owner, RewardDefinition(name: "$5 off", kind: .fixedAmount, pointsCost: 50, valueMinor: 500), now: Self.day(1))
        _ = try h.store.addReward(h.owner, RewardDefinition(name: "$15 off", kind: .fixedAmount, pointsCost: 100, valueMinor: 1_500), now: Self.day(1))
        _ = try h.store.addReward(h.owner, RewardDefinition(name: "$1 off (retired)", kind: .fixedAmount, pointsCost: 100, valueMinor: 100,
                                                            active: false), now: Self.day(1))
        _ = try h.store.addReward(h.owner, RewardDefinition(name: "10%", kind: .percentOff, pointsCost: 1, percent: 10), now: Self.day(1))
        let c2 = try h.customerID("c2")
        _ = try h.store.redeem(h.owner, customerID: c2, rewardID: five.id, now: Self.day(88))
        let again = try h.store.redeem(h.owner, customerID: c2, rewardID: five.id, now: Self.day(89))
        _ = try h.store.cancelRedemption(h.owner, code: again.code, reason: "by mistake", now: Self.day(89) + 3600)
        try h.store.adjustPoints(h.owner, customerID: try h.customerID("c1"), delta: -10, reason: "correction", now: Self.day(91))
        try h.store.adjustPoints(h.owner, customerID: try h.customerID("c4"), delta: -25, reason: "fraud", now: Self.day(93))
        let c6 = try h.customerID("c6")
        try h.store.write { db in try db.execute(sql: "UPDATE customers SET redacted_at = ? WHERE id = ?", arguments: [Self.day(97), c6]) }
        #expect(try h.failedChecks() == [])
        return h
    }

    @Test func membersActivityAndRepeatCustomers() throws {
        let h = try shop()
        let m = try h.store.overview(merchant: h.owner.merchant, now: Self.now)
        #expect(m.members == 5)  // c1…c6 less the redacted c6
        #expect(m.activeMembers == 4)  // c1, c2, c4 (its cancelled order still counts as ordering), c5
        #expect(m.customersWithOrders == 5 && m.repeatCustomers == 2)  // c1 (3 orders) and c5 (2) of c1, c2, c3, c5, c6
        #expect(m.repeatCustomerRate == 0.4)
    }

    @Test func pointsIssuedRedeemedAndExpired() throws {
        let h = try shop()
        let m = try h.store.overview(merchant: h.owner.merchant, now: Self.now)
        // Last 30 days: B 50 + D 200 + H 20 + C 30 + K 10 issued; 50 + 50 - 50 (cancelled) redeemed; A 100 + E 40 expired.
        #expect(m.last30Days == OverviewMetrics.PointTotals(issued: 310, redeemed: 50, expired: 140))
        // All time adds A 100, E 40, G 60 and the +30 adjustment of day 60.
        #expect(m.allTime == OverviewMetrics.PointTotals(issued: 540, redeemed: 50, expired: 140))
        #expect(m.redemptionRate == 50.0 / 310.0)
        // As of day 85 (noon): the +30 of day 60, B 50 and D 200 (day 85, noon) are in; H, C, K and the redemptions not yet.
        let earlier = try h.store.overview(merchant: h.owner.merchant, now: Self.day(85))
        #expect(earlier.last30Days == OverviewMetrics.PointTotals(issued: 280, redeemed: 0, expired: 140))
        #expect(earlier.allTime == OverviewMetrics.PointTotals(issued: 480, redeemed: 0, expired: 140))
    }

    @Test func liabilityAtTheCheapestActiveCashReward() throws {
        let h = try shop()
        let m = try h.store.overview(merchant: h.owner.merchant, now: Self.now)
        // c1 70, c2 150, c3 30, c5 80, c6 (redacted, still holding) 10; c4 owes 25.
        #expect(m.outstandingPoints == 340 && m.owedPoints == 25)
        #expect(m.cashRate?.rewardName == "$5 off")  // 10 minor units a point; "$15 off" gives 15, the retired one is inactive
        #expect(m.outstandingValue == MoneyAmount(minor: 3_400, currency: "USD"))
        #expect(m.outstandingValue?.formatted == "34.00 USD")
    }

    @Test func memberAndNonMemberPurchases() throws {
        let h = try shop()
        let m = try h.store.overview(merchant: h.owner.merchant, now: Self.now)
        // Non-member: G ($60), placed by c5 nine days before joining.
        #expect(m.nonMemberPurchases.customers == 1 && m.nonMemberPurchases.orders == 1)
        #expect(m.nonMemberPurchases.averageOrderValue?.minor == 6_000 && m.nonMemberPurchases.ordersPerCustomer == 1)
        // Members: A, B, C, E, D, H, K = $450 in 7 orders by 5 customers (the cancelled F is not a purchase).
        #expect(m.memberPurchases.customers == 5 && m.memberPurchases.orders == 7 && m.memberPurchases.spend.minor == 45_000)
        #expect(m.memberPurchases.averageOrderValue?.minor == 6_428 && m.memberPurchases.ordersPerCustomer == 1.4)
    }

    @Test func expiringPointsAndTopCustomers() throws {
        let h = try shop()
        let m = try h.store.overview(merchant: h.owner.merchant, now: Self.now)
        // By day 130: G 60 (day 101) and the +30 adjustment (day 120). By day 160 also what is left of B (40 after the
        // -10), D (100 after two redemptions), the cancelled redemption's 50 (day 149), H 20, C 30 and K 10.
        #expect(m.expiring == ExpiringPoints(within30: 90, within60: 340, within90: 340))
        #expect(m.expiring == (try h.store.expiringPoints(h.owner, now: Self.now)))
        #expect(m.topCustomers.map(\.externalID) == ["c2", "c1", "c5", "c3"])  // by spend; c6 is redacted, c4 has no purchase
        #expect(m.topCustomers.first?.spend.formatted == "200.00 USD" && m.topCustomers.first?.pointsBalance == 150)
    }

    @Test func dailySeriesIsOldestFirstInUTCByDefault() throws {
        let h = try shop()
        let m = try h.store.overview(merchant: h.owner.merchant, now: Self.now)
        #expect(m.timeZone == "UTC")
        #expect(m.daily.days.count == 30 && m.daily.days.first == "2026-03-13" && m.daily.days.last == "2026-04-11")
        var issued = [Int64](repeating: 0, count: 30), redeemed = [Int64](repeating: 0, count: 30)
        for (day, points) in [(80, 50), (85, 200), (92, 20), (95, 30), (96, 10)] as [(Int, Int64)] { issued[day - 71] = points }
        redeemed[88 - 71] = 50  // day 89: 50 redeemed and 50 returned
        #expect(m.daily.issued == issued)
        #expect(m.daily.redeemed == redeemed)
    }

    @Test func dailySeriesFollowsTheMerchantsTimeZoneAcrossDaylightSaving() throws {
        let h = try StoreHarness()
        let ny = try h.store.addMerchant(shopDomain: "ny.myshopify.com", timeZone: "America/New_York", ownerName: "nia",
                                         now: StoreHarness.t0)
        func at(_ iso: String) -> UnixTime { Timestamp.parse(iso)! }
        let orders = [("late", "2026-02-09T04:59:00Z", 100), ("first", "2026-02-09T05:00:00Z", 200),
                      ("eve", "2026-03-10T03:59:00Z", 300), ("morning", "2026-03-10T04:00:00Z", 400)].map { id, time, cents in
            IncomingOrder(externalID: id, customer: IncomingCustomer(externalID: id, email: "\(id)@example.com"), processedAt: at(time),
                          currency: "USD", totalPrice: DecimalAmount(digits: Int64(cents * 100), scale: 2))
        }
        _ = try h.store.importOrders(ny, orders: orders, source: "t", now: at("2026-03-10T12:00:00Z"))
        let m = try h.store.overview(merchant: ny.merchant, now: at("2026-03-10T12:00:00Z"))
        #expect(m.timeZone == "America/New_York")
        #expect(m.daily.days.first == "2026-02-09" && m.daily.days.last == "2026-03-10" && Set(m.daily.days).count == 30)
        // 04:59Z on 9 Feb is still 8 Feb in New York (EST, -5); 03:59Z on 10 March is 9 March (EDT, -4, since 8 March).
        #expect(m.daily.issued.first == 200)
        #expect(m.daily.issued.suffix(2) == [300, 400])
        #expect(m.daily.issued.reduce(0, +) == 900)
        #expect(m.cashRate == nil && m.outstandingValue == nil && m.redemptionRate == 0)
    }

    @Test func anEmptyShopHasZerosAndNoRates() throws {
        let h = try StoreHarness()
        let m = try h.store.overview(merchant: h.owner.merchant, now: Self.now)
        #expect(m.members == 0 && m.outstandingPoints == 0 && m.topCustomers.isEmpty)
        #expect(m.redemptionRate == nil && m.repeatCustomerRate == nil && m.outstandingValue == nil)
        #expect(m.memberPurchases.averageOrderValue == nil && m.nonMemberPurchases.ordersPerCustomer == nil)
        #expect(m.daily.issued == [Int64](repeating: 0, count: 30))
        // Absent figures are written as null, so the JSON always has the same keys.
        let json = try JSONSerialization.jsonObject(with: try JSONEncoder().encode(m)) as! [String: Any]
        #expect(json["redemptionRate"] is NSNull && json["outstandingValue"] is NSNull && json["cashRate"] is NSNull)
        #expect((json["memberPurchases"] as? [String: Any])?["averageOrderValue"] is NSNull)
        #expect(try JSONDecoder().decode(OverviewMetrics.self, from: try JSONEncoder().encode(m)) == m)
    }

    @Test func theCachesGiveTheSameFiguresAsTheLedger() throws {
        let h = try shop()
        let merchant = h.owner.merchant
        let uncached = try h.store.overview(merchant: merchant, now: Self.now)  // few rows: read from the ledger itself
        // Rolled up two entries (and allocations) per statement, as a large backfill is rolled up in slices.
        try h.store.refreshOverviewCaches(force: true, slice: 2)
        #expect(try h.store.overview(merchant: merchant, now: Self.now) == uncached)
        // New rows after the refresh are added to the cached sums: an order, and a redemption drawing on old grants.
        try h.importOrders([h.order("L", customer: "c3", amount: 7_000, at: Self.day(98))], now: Self.day(98) + 60)
        let reward = try #require(try h.store.rewards(h.owner).first { $0.name == "$15 off" })
        _ = try h.store.redeem(h.owner, customerID: try h.customerID("c3"), rewardID: reward.id, now: Self.day(99))
        let mixed = try h.store.overview(merchant: merchant, now: Self.now)
        #expect(mixed.last30Days == OverviewMetrics.PointTotals(issued: 380, redeemed: 150, expired: 140))
        #expect(mixed.expiring == (try h.store.expiringPoints(h.owner, now: Self.now)))
        try h.store.refreshOverviewCaches()
        #expect(try h.store.overview(merchant: merchant, now: Self.now) == mixed)
    }

    @Test func moneyIsWrittenWithGroupingAndTheCurrencysDecimals() {
        #expect(MoneyAmount(minor: 123_456_789, currency: "USD").formatted == "1,234,567.89 USD")
        #expect(MoneyAmount(minor: -5, currency: "EUR").formatted == "-0.05 EUR")
        #expect(MoneyAmount(minor: 1_234_567, currency: "JPY").formatted == "1,234,567 JPY")
        #expect(MoneyAmount(minor: 999, currency: "KWD").formatted == "0.999 KWD")
    }
}
