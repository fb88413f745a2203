import LoyaltyCore
import PropertyBased
import Testing

@Suite("RFM")
struct RFMTests {
    let asOf = Timestamp.make(year: 2025, month: 6, day: 30, hour: 12)

    func customer(_ id: Int64, daysAgo: Int64, orders: Int64, spent: Int64) -> RFMCustomer {
        RFMCustomer(id: id, lastOrderAt: asOf - daysAgo * 86_400, orderCount: orders, totalSpentMinor: spent)
    }

    /// Customer i (1...10): last order 10·i days ago, 11 − i orders, 10·i dollars.
    func tenCustomers() -> [RFMCustomer] {
        (1...10).map { (i: Int64) -> RFMCustomer in customer(i, daysAgo: i * 10, orders: 11 - i, spent: i * 1000) }
    }

    @Test func breakpointsInterpolateLikeNumpy() {
        // numpy.percentile([1, 2, 2, 3, 10, 10, 10, 50], [20, 40, 60, 80]) == [2, 2.8, 10, 10]
        let q = QuintileBreakpoints(values: [10, 2, 50, 1, 10, 3, 2, 10])
        #expect(q.values == [2, 2.8, 10, 10])
        // Strictly below: 2 is not above q1 = 2; 3 is above q1 and q2 = 2.8; 10 equals q3 = q4.
        #expect([1, 2, 3, 10, 11, 50].map(q.score) == [1, 1, 3, 3, 5, 5])
        // Stored and restored exactly.
        #expect(q.timesFive == [10, 14, 50, 50])
        #expect(QuintileBreakpoints(timesFive: q.timesFive) == q)
        #expect(QuintileBreakpoints(timesFive: [3, 2, 5, 6]) == nil)
    }

    @Test func tiesGetEqualScoresAndBinsCanBeUneven() {
        // numpy.percentile([1]*7 + [2, 3, 4], [20, 40, 60, 80]) == [1, 1, 1, 2.2]
        let q = QuintileBreakpoints(values: Array(repeating: 1, count: 7) + [2, 3, 4])
        #expect(q.values == [1, 1, 1, 2.2])
        #expect([1, 2, 3, 4].map(q.score) == [1, 4, 5, 5])
    }

    @Test func recencyIsWholeDaysFloored() {
        #expect(RFM.recencyDays(lastOrderAt: asOf - 23 * 3600, asOf: asOf) == 0)
        #expect(RFM.recencyDays(lastOrderAt: asOf - 25 * 3600, asOf: asOf) == 1)
        #expect(RFM.recencyDays(lastOrderAt: asOf - 86_400 * 3, asOf: asOf) == 3)
        #expect(RFM.recencyDays(lastOrderAt: asOf, asOf: asOf) == 0)
    }

    @Test func averageOrderValueRoundsHalfAwayFromZero() {
        #expect(RFM.monetary(totalSpentMinor: 1000, orderCount: 3, measure: .averageOrderValue) == 333)
        #expect(RFM.monetary(totalSpentMinor: 1001, orderCount: 2, measure: .averageOrderValue) == 501)
        #expect(RFM.monetary(totalSpentMinor: -1001, orderCount: 2, measure: .averageOrderValue) == -501)
        #expect(RFM.monetary(totalSpentMinor: 1000, orderCount: 3, measure: .totalSpent) == 1000)
    }

    @Test func scoresTenCustomers() {
        let customers = tenCustomers()
        let result = RFM.compute(customers, asOf: asOf)
        let rows = result.rows
        #expect(rows.map(\.customerID) == Array(1...10))
        // Recency 10...100 days: q = 28, 46, 64, 82 → the most recent two get R = 5.
        #expect(rows.map(\.scores.r) == [5, 5, 4, 4, 3, 3, 2, 2, 1, 1])
        #expect(rows.map(\.scores.f) == [5, 5, 4, 4, 3, 3, 2, 2, 1, 1])
        #expect(rows.map(\.scores.m) == [1, 1, 2, 2, 3, 3, 4, 4, 5, 5])
        #expect(rows[0].segment == .champions)
        #expect(rows[9].segment == .hibernating)
        #expect(result.breakpoints?.recencyDays.values == [28, 46, 64, 82])
    }

    @Test func averageMeasureScoresAverageButKeepsTotal() {
        let customers = [customer(1, daysAgo: 1, orders: 10, spent: 10_000), customer(2, daysAgo: 1, orders: 1, spent: 5_000)]
        let result = RFM.compute(customers, asOf: asOf, measure: .averageOrderValue)
        #expect(result.rows.map(\.monetary) == [1_000, 5_000])
        #expect(result.rows.map(\.totalSpentMinor) == [10_000, 5_000])
        #expect(result.rows.map(\.scores.m) == [1, 5])
        #expect(result.breakpoints?.monetaryMeasure == .averageOrderValue)
    }

    @Test func noCustomersGiveAnEmptyResult() {
        let result = RFM.compute([], asOf: asOf)
        #expect(result.rows.isEmpty)
        #expect(result.breakpoints == nil)
    }

    @Test func oneCustomerIsANewCustomer() {
        let result = RFM.compute([customer(7, daysAgo: 40, orders: 3, spent: 9_000)], asOf: asOf)
        #expect(result.rows.count == 1)
        #expect(result.rows[0].scores == RFMScores(r: 5, f: 1, m: 1))
        #expect(result.rows[0].segment == .newCustomers)
    }

    @Test func identicalCustomersAllScoreTheSame() {
        let customers = (1...50).map { customer(Int64($0), daysAgo: 12, orders: 2, spent: 4_000) }
        let result = RFM.compute(customers, asOf: asOf)
        #expect(Set(result.rows.map(\.scores)) == [RFMScores(r: 5, f: 1, m: 1)])
    }

    @Test func allZeroMonetaryScoresM1() {
        let customers = (1...20).map { customer(Int64($0), daysAgo: Int64($0), orders: Int64($0), spent: 0) }
        let result = RFM.compute(customers, asOf: asOf)
        #expect(Set(result.rows.map(\.scores.m)) == [1])
        #expect(Set(result.rows.map(\.scores.f)) == [1, 2, 3, 4, 5])
    }

    @Test func customersWithoutOrdersOrOrderingAfterAsOfAreLeftOut() {
        let customers = [
            customer(1, daysAgo: 5, orders: 2, spent: 100),
            customer(2, daysAgo: -3, orders: 1, spent: 100), // last order after the as-of date: not cut by the caller
            customer(3, daysAgo: 5, orders: 0, spent: 0),
        ]
        let result = RFM.compute(customers, asOf: asOf)
        #expect(result.rows.map(\.customerID) == [1])
    }

    @Test func asOfBeforeTheFirstOrderIsEmpty() {
        let customers = (1...5).map { customer(Int64($0), daysAgo: 10 * Int64($0), orders: 1, spent: 100) }
        let result = RFM.compute(customers, asOf: asOf - 100 * 86_400)
        #expect(result.rows.isEmpty)
        #expect(result.breakpoints == nil)
    }

    @Test func whatIfScoresAgainstTheSameBreakpoints() throws {
        let customers = tenCustomers()
        let result = RFM.compute(customers, asOf: asOf)
        let breakpoints = try #require(result.breakpoints)
        let fading = customers[7] // 80 days, 3 orders, 80.00: R2 F2 M4, hibernating
        let answer = breakpoints.whatIf(customer: fading, extraOrderMinor: 5_000, asOf: asOf)
        #expect(answer.before == RFMScores(r: 2, f: 2, m: 4))
        #expect(answer.before?.segment == .hibernating)
        #expect(answer.after == RFMScores(r: 5, f: 2, m: 5))
        #expect(answer.after.segment == .potentialLoyalists)
        #expect(answer.frequency == 4 && answer.totalSpentMinor == 13_000 && answer.recencyDays == 0)
        #expect(result.breakpoints == breakpoints) // nothing recomputed
        let stranger = breakpoints.whatIf(customer: nil, extraOrderMinor: 500, asOf: asOf)
        #expect(stranger.before == nil)
        #expect(stranger.after == RFMScores(r: 5, f: 1, m: 1))
        #expect(stranger.after.segment == .newCustomers)
    }

    /// The exact integer comparison agrees with a straightforward Double implementation of type-7 quantiles
    /// wherever the Double one is not within rounding of a breakpoint.
    @Test func scoresAgreeWithAFloatingPointReference() async {
        await propertyCheck(input: Gen.int(in: 0...40).array(of: 1...60), Gen.int(in: -5...45)) { values, probe in
            let q = QuintileBreakpoints(values: values.map(Int64.init))
            let sorted = values.sorted().map(Double.init)
            let reference = [0.2, 0.4, 0.6, 0.8].map { p -> Double in
                let h = Double(sorted.count - 1) * p
                let lo = Int(h.rounded(.down))
                return lo + 1 < sorted.count ? sorted[lo] + (h - Double(lo)) * (sorted[lo + 1] - sorted[lo]) : sorted[lo]
            }
            for (exact, approx) in zip(q.values, reference) { #expect(abs(exact - approx) < 1e-9) }
            let v = Double(probe)
            if reference.allSatisfy({ abs($0 - v) > 1e-9 }) {
                #expect(q.score(Int64(probe)) == 1 + reference.filter { $0 < v }.count)
            }
            // Monotone in the value.
            #expect(q.score(Int64(probe)) <= q.score(Int64(probe) + 1))
        }
    }
}
