import Foundation
import LoyaltyCore
@testable import LoyaltyStore
import Testing

/// The migration matrix from the stored segment changes equals the matrix of two from-scratch computations at the
/// recomputes' dates, counts and revenue; snapshots hold each recompute day's segment counts.
@Suite struct RFMMigrationStoreTests {
    static let day: Int64 = 86_400
    static let t0 = StoreHarness.t0

    func assignments(_ h: StoreHarness, asOf: UnixTime) throws -> [RFMSegmentAssignment] {
        try h.store.rfmTable(h.owner, asOf: asOf, now: asOf).rows.map {
            RFMSegmentAssignment(customerID: $0.customerID, segment: $0.segment, revenueMinor: $0.totalSpentMinor)
        }
    }

    @Test func matrixBetweenTwoRecomputesEqualsTheFromScratchMatrix() throws {
        let h = try StoreHarness()
        let d = Self.day, t0 = Self.t0
        try h.importOrders((0..<12).map { h.order("a\($0)", customer: "c\($0)", amount: Int64(1_000 + 700 * $0), at: t0 + Int64($0) * d) },
                           now: t0 + 12 * d)
        let first = t0 + 12 * d
        _ = try h.store.recomputeRFM(h.owner, asOf: first, now: first)
        let earlier = try assignments(h, asOf: first)
        // A month later: some customers come back (one twice), one new customer, one customer's only order cancelled.
        var orders = (0..<4).map { h.order("b\($0)", customer: "c\($0 * 3)", amount: 5_000, at: first + Int64(10 + $0) * d) }
        orders.append(h.order("b9", customer: "c0", amount: 9_000, at: first + 20 * d))
        orders.append(h.order("b10", customer: "new", amount: 400, at: first + 25 * d))
        try h.importOrders(orders, now: first + 26 * d)
        var cancelled = h.order("a5", customer: "c5", amount: 1_000 + 700 * 5, at: t0 + 5 * d)
        cancelled.cancelledAt = first + 26 * d
        try h.importOrders([cancelled], now: first + 26 * d)
        let second = first + 30 * d
        let report = try h.store.recomputeRFM(h.owner, asOf: second, now: second)

        let stored = try h.store.rfmMigration(h.owner, fromDay: first / d, toDay: second / d)
        let expected = RFMMigrationMatrix(from: earlier, to: try assignments(h, asOf: second))
        #expect(stored.matrix == expected)
        #expect(stored.matrix[nil, .newCustomers].count == 1)
        #expect(stored.matrix.cells.filter { $0.key.to == nil }.map(\.value.count) == [1])
        #expect(stored.fromRun?.asOf == first && stored.toRun?.asOf == second)
        #expect(report.segmentChanges == stored.matrix.movedCount)
        // Between the two recomputes the state is the first one's.
        #expect(try h.store.rfmMigration(h.owner, fromDay: first / d, toDay: second / d - 1).matrix.movedCount == 0)
    }

    @Test func aDateBeforeTheFirstRecomputeHasNoSegments() throws {
        let h = try StoreHarness()
        try h.importOrders([h.order("o1", customer: "c1", amount: 1_000), h.order("o2", customer: "c2", amount: 3_000)])
        let asOf = Self.t0 + 5 * Self.day
        _ = try h.store.recomputeRFM(h.owner, asOf: asOf, now: asOf)
        let report = try h.store.rfmMigration(h.owner, fromDay: asOf / Self.day - 3, toDay: asOf / Self.day)
        #expect(report.fromRun == nil && report.matrix[nil, .newCustomers].count == 2)
        #expect(report.matrix[nil, .newCustomers].revenueMinor == 4_000)
        #expect(throws: StoreError.self) { try h.store.rfmMigration(h.owner, fromDay: 10, toDay: 9) }
    }

    @Test func aSecondRecomputeOnTheSameDayReplacesThatDaysState() throws {
        let h = try StoreHarness()
        let asOf = Self.t0 + 5 * Self.day
        try h.importOrders([h.order("o1", customer: "c1", amount: 1_000), h.order("o2", customer: "c2", amount: 3_000)], now: asOf)
        _ = try h.store.recomputeRFM(h.owner, asOf: asOf, now: asOf)
        try h.importOrders([h.order("o3", customer: "c1", amount: 2_000, at: asOf + 60)], now: asOf + 120)
        _ = try h.store.recomputeRFM(h.owner, asOf: asOf + 180, now: asOf + 180)
        let day = asOf / Self.day
        let report = try h.store.rfmMigration(h.owner, fromDay: day - 1, toDay: day)
        let expected = RFMMigrationMatrix(from: [], to: try assignments(h, asOf: asOf + 180))
        #expect(report.matrix == expected)
        let snapshot = try #require(try h.store.rfmSnapshots(h.owner, days: day...day).first)
        #expect(snapshot.segments.reduce(0) { $0 + $1.customers } == 2)
        #expect(snapshot.segments.reduce(Int64(0)) { $0 + $1.revenueMinor } == 6_000)
    }
}
