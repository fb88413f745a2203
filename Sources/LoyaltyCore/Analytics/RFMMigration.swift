import Foundation

/// A customer's segment at one date, with the revenue the matrix adds up (their total spent at that date).
public struct RFMSegmentAssignment: Hashable, Sendable {
    public var customerID: Int64
    public var segment: RFMSegment
    public var revenueMinor: Int64

    public init(customerID: Int64, segment: RFMSegment, revenueMinor: Int64) {
        self.customerID = customerID
        self.segment = segment
        self.revenueMinor = revenueMinor
    }
}

extension RFMRow {
    public var assignment: RFMSegmentAssignment {
        RFMSegmentAssignment(customerID: customerID, segment: segment, revenueMinor: totalSpentMinor)
    }
}

/// From-segment × to-segment counts and revenue between two dates. A nil from-segment means the customer had no
/// segment at the earlier date (first order in between); a nil to-segment means they have none at the later one
/// (e.g. their only orders were cancelled). Revenue is the customer's revenue at the later date, or at the earlier
/// one for those with no later segment. A customer listed twice in one list counts once, with the later entry.
public struct RFMMigrationMatrix: Hashable, Sendable {
    public struct Transition: Hashable, Sendable {
        public var from: RFMSegment?
        public var to: RFMSegment?
    }

    public struct Cell: Hashable, Sendable {
        public var count: Int
        public var revenueMinor: Int64

        public init(count: Int = 0, revenueMinor: Int64 = 0) {
            self.count = count
            self.revenueMinor = revenueMinor
        }
    }

    /// Only the non-empty cells.
    public private(set) var cells: [Transition: Cell] = [:]

    public init(from earlier: [RFMSegmentAssignment], to later: [RFMSegmentAssignment]) {
        var before: [Int64: RFMSegmentAssignment] = [:]
        before.reserveCapacity(earlier.count)
        for assignment in earlier { before[assignment.customerID] = assignment }
        var after: [Int64: RFMSegmentAssignment] = [:]
        after.reserveCapacity(later.count)
        for assignment in later { after[assignment.customerID] = assignment }
        for (id, now) in after {
            add(Transition(from: before[id]?.segment, to: now.segment), revenue: now.revenueMinor)
        }
        for (id, then) in before where after[id] == nil {
            add(Transition(from: then.segment, to: nil), revenue: then.revenueMinor)
        }
    }

    public subscript(from: RFMSegment?, to: RFMSegment?) -> Cell {
        cells[Transition(from: from, to: to)] ?? Cell()
    }

    /// Customers whose segment changed (including entering or leaving the grid).
    public var movedCount: Int { cells.filter { $0.key.from != $0.key.to }.reduce(0) { $0 + $1.value.count } }

    private mutating func add(_ transition: Transition, revenue: Int64) {
        cells[transition, default: Cell()].count += 1
        cells[transition, default: Cell()].revenueMinor += revenue
    }
}
