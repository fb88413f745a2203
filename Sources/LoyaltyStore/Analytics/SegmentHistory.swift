import Foundation
import GRDB
import GRDBSQLite
import LoyaltyCore

/// Every customer's segment and revenue on any day, from the merchant's segment history: the baseline (first)
/// recompute's states, kept in customer_rfm.logged_* or as the from-state of a customer's first change, and the
/// change rows after it (docs/decisions/0052).
struct SegmentHistory {
    struct State {
        var segment: RFMSegment?
        var revenue: Int64
    }

    /// A customer with change rows: the state before their first one, and their rows in day order.
    private struct Changes {
        var before: State
        var rows: [(day: Int64, state: State)]
    }

    /// nil before the first recompute: nobody has a segment on any day.
    private let baselineDay: Int64?
    private var changes: [Int64: Changes] = [:]
    /// Customers who never changed since the baseline, with their baseline state.
    private var unchanged: [(customerID: Int64, state: State)] = []

    static func read(_ db: Database, merchantID: Int64) throws -> SegmentHistory {
        var history = SegmentHistory(baselineDay: try Int64.fetchOne(db, sql: "SELECT MIN(day) FROM rfm_runs WHERE merchant_id = ?",
                                                                      arguments: [merchantID]))
        guard history.baselineDay != nil else { return history }
        let rows = try db.makeStatement(sql: """
            SELECT day, customer_id, from_segment, from_revenue_minor, to_segment, revenue_minor FROM rfm_segment_changes
            WHERE merchant_id = ? ORDER BY day, customer_id
            """)
        try rows.setArguments([merchantID])
        try RawRows.each(rows, db) { row in
            let customerID = sqlite3_column_int64(row, 1)
            let state = State(segment: RFMSegment.column(row, 4), revenue: sqlite3_column_int64(row, 5))
            history.changes[customerID, default: Changes(before: State(segment: RFMSegment.column(row, 2),
                                                                          revenue: sqlite3_column_int64(row, 3)), rows: [])]
                .rows.append((sqlite3_column_int64(row, 0), state))
        }
        let logged = try db.makeStatement(sql: """
            SELECT customer_id, logged_segment, logged_revenue_minor FROM customer_rfm
            WHERE merchant_id = ? AND logged_segment IS NOT NULL
            """)
        try logged.setArguments([merchantID])
        try RawRows.each(logged, db) { row in
            let customerID = sqlite3_column_int64(row, 0)
            guard history.changes[customerID] == nil else { return }
            history.unchanged.append((customerID, State(segment: RFMSegment.column(row, 1), revenue: sqlite3_column_int64(row, 2))))
        }
        return history
    }

    /// Every customer with a segment on `day`, with their revenue then.
    func assignments(on day: Int64) -> [RFMSegmentAssignment] {
        guard let baselineDay, day >= baselineDay else { return [] }
        var result: [RFMSegmentAssignment] = []
        result.reserveCapacity(unchanged.count + changes.count)
        for (customerID, state) in unchanged {
            if let segment = state.segment { result.append(RFMSegmentAssignment(customerID: customerID, segment: segment, revenueMinor: state.revenue)) }
        }
        for (customerID, history) in changes {
            let state = history.rows.last(where: { $0.day <= day })?.state ?? history.before
            if let segment = state.segment { result.append(RFMSegmentAssignment(customerID: customerID, segment: segment, revenueMinor: state.revenue)) }
        }
        return result
    }
}
