import LoyaltyCore
import Testing

@Suite("RFM migration")
struct RFMMigrationTests {
    func assign(_ id: Int64, _ segment: RFMSegment, _ revenue: Int64) -> RFMSegmentAssignment {
        RFMSegmentAssignment(customerID: id, segment: segment, revenueMinor: revenue)
    }

    @Test func countsAndRevenueFromTwoAssignmentLists() {
        let lastMonth = [assign(1, .champions, 1000), assign(2, .champions, 2000), assign(3, .atRisk, 500),
                         assign(4, .hibernating, 100)]
        let thisMonth = [assign(1, .champions, 1200), assign(2, .loyalCustomers, 2100), assign(3, .atRisk, 500),
                         assign(5, .newCustomers, 300)]
        let matrix = RFMMigrationMatrix(from: lastMonth, to: thisMonth)
        #expect(matrix[.champions, .champions] == .init(count: 1, revenueMinor: 1200))
        #expect(matrix[.champions, .loyalCustomers] == .init(count: 1, revenueMinor: 2100))
        #expect(matrix[.atRisk, .atRisk] == .init(count: 1, revenueMinor: 500))
        #expect(matrix[nil, .newCustomers] == .init(count: 1, revenueMinor: 300))
        #expect(matrix[.hibernating, nil] == .init(count: 1, revenueMinor: 100))
        #expect(matrix[.promising, .champions] == .init())
        #expect(matrix.cells.values.reduce(0) { $0 + $1.count } == 5)
        #expect(matrix.movedCount == 3)
    }

    @Test func rowsGiveAssignmentsWithTotalSpent() {
        let asOf = Timestamp.make(year: 2025, month: 1, day: 1)
        let result = RFM.compute([RFMCustomer(id: 9, lastOrderAt: asOf, orderCount: 4, totalSpentMinor: 8_000)],
                                 asOf: asOf, measure: .averageOrderValue)
        #expect(result.rows.map(\.assignment) == [assign(9, .newCustomers, 8_000)])
    }
}
