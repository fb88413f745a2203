import Foundation
import GRDB
import LoyaltyCore

/// The stored figures summed for the RFM screen: the R×F heatmap and the segment bar chart, without reading every
/// customer into memory.
public struct RFMGrid: Hashable, Sendable {
    /// The last recompute; nil before the first (then everything is empty).
    public var run: RFMRun?
    public var customers: Int
    /// `counts[r - 1][f - 1]`: customers per R and F score.
    public var counts: [[Int]]
    /// Every segment in grid order, zeros included; revenue is the customers' total spent.
    public var segments: [RFMSegmentCount]
    public var names: RFMSegmentNames
}

extension LoyaltyStore {
    public func rfmGrid(_ session: Session) throws -> RFMGrid {
        try read { db in
            var counts = [[Int]](repeating: [Int](repeating: 0, count: 5), count: 5)
            var bySegment: [RFMSegment: (customers: Int, revenue: Int64)] = [:]
            var total = 0
            for row in try Row.fetchAll(db, sql: """
                SELECT r, f, COUNT(*), SUM(total_spent_minor) FROM customer_rfm
                WHERE merchant_id = ? AND segment IS NOT NULL GROUP BY r, f
                """, arguments: [session.merchant.id]) {
                let r: Int = row[0], f: Int = row[1], n: Int = row[2], revenue: Int64 = row[3]
                guard (1...5).contains(r), (1...5).contains(f) else { continue }
                counts[r - 1][f - 1] += n
                let segment = RFMSegment(r: r, f: f)
                bySegment[segment, default: (0, 0)].customers += n
                bySegment[segment, default: (0, 0)].revenue += revenue
                total += n
            }
            return RFMGrid(run: try RFMRun.latest(db, merchantID: session.merchant.id), customers: total, counts: counts,
                           segments: RFMSegment.allCases.map {
                               RFMSegmentCount(segment: $0, customers: bySegment[$0]?.customers ?? 0,
                                               revenueMinor: bySegment[$0]?.revenue ?? 0)
                           },
                           names: try RFMSegmentNames.stored(db, merchantID: session.merchant.id))
        }
    }

    /// The stored customers of one heatmap cell or one segment, highest total spent first.
    public func rfmCustomers(_ session: Session, r: Int? = nil, f: Int? = nil, segment: RFMSegment? = nil, limit: Int = 100,
                             offset: Int = 0) throws -> [RFMCustomerRow] {
        try read { db in
            var sql = "SELECT customer_id FROM customer_rfm WHERE merchant_id = ? AND segment IS NOT NULL"
            var arguments: StatementArguments = [session.merchant.id]
            if let r { sql += " AND r = ?"; _ = arguments.append(contentsOf: [r]) }
            if let f { sql += " AND f = ?"; _ = arguments.append(contentsOf: [f]) }
            if let segment { sql += " AND segment = ?"; _ = arguments.append(contentsOf: [segment.rawValue]) }
            sql += " ORDER BY total_spent_minor DESC, customer_id LIMIT ? OFFSET ?"
            _ = arguments.append(contentsOf: [max(0, limit), max(0, offset)])
            let ids = try Int64.fetchAll(db, sql: sql, arguments: arguments)
            let rows = Dictionary(uniqueKeysWithValues: try RFMRows.stored(db, merchant: session.merchant, customerIDs: ids)
                .map { ($0.customerID, $0) })
            return ids.compactMap { rows[$0] }
        }
    }
}
