import Foundation
import GRDB
import GRDBSQLite
import LoyaltyCore

/// Reads customers' activity (`CustomerActivity`) from the orders table without holding orders in memory.
///
/// For a whole merchant it makes two sequential passes, because walking orders_customer and looking each order up
/// in the table is a random read per order (8 M of them at a million customers, many seconds):
/// 1. the orders table in rowid order: counts, amounts (refunds merged in by order id) and last order times into
///    one accumulator per customer id, and a bitmap of the orders that count;
/// 2. the orders_customer index alone (it covers customer id, time and rowid): the orders that count, per customer
///    in time order, for the distinct purchase days.
enum OrderActivityReader {
    /// Every customer of the merchant with an order on or before `asOf`, ascending by customer id.
    static func all(_ db: Database, merchantID: Int64, asOf: UnixTime, days: ZoneDays) throws -> [CustomerActivity] {
        guard let range = try Row.fetchOne(db, sql: "SELECT MIN(id), MAX(id) FROM customers WHERE merchant_id = ?",
                                           arguments: [merchantID]),
              let low = range[0] as Int64?, let high = range[1] as Int64? else { return [] }
        let maxOrderID = try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM orders") ?? 0
        guard maxOrderID > 0 else { return [] }
        let refunds = try refundsByOrder(db, merchantID: merchantID, asOf: asOf)
        var accumulators = [ActivityAccumulator](repeating: ActivityAccumulator(), count: Int(high - low + 1))
        var counted = Bitmap(count: Int(maxOrderID) + 1)

        let orders = try db.makeStatement(sql: """
            SELECT id, customer_id, processed_at, total_minor FROM orders NOT INDEXED
            WHERE merchant_id = ? AND processed_at <= ? AND cancelled_at IS NULL AND deleted_at IS NULL
            """)
        try orders.setArguments([merchantID, asOf])
        var refund = 0
        try accumulators.withUnsafeMutableBufferPointer { acc in
            try RawRows.each(orders, db) { row in
                let orderID = sqlite3_column_int64(row, 0)
                let customerID = sqlite3_column_int64(row, 1)
                guard customerID >= low, customerID <= high else { return }
                var amount = sqlite3_column_int64(row, 3)
                while refund < refunds.count, refunds[refund].orderID < orderID { refund += 1 }
                if refund < refunds.count, refunds[refund].orderID == orderID { amount -= refunds[refund].amount }
                acc[Int(customerID - low)].addOrder(at: sqlite3_column_int64(row, 2), amountMinor: amount)
                counted.insert(Int(orderID))
            }
        }

        let byCustomer = try db.makeStatement(sql: """
            SELECT customer_id, processed_at, id FROM orders INDEXED BY orders_customer
            WHERE customer_id BETWEEN ? AND ? AND processed_at <= ? ORDER BY customer_id, processed_at
            """)
        try byCustomer.setArguments([low, high, asOf])
        try accumulators.withUnsafeMutableBufferPointer { acc in
            try RawRows.each(byCustomer, db) { row in
                let orderID = sqlite3_column_int64(row, 2)
                guard orderID <= maxOrderID, counted.contains(Int(orderID)) else { return }
                let day = days.day(sqlite3_column_int64(row, 1))
                acc[Int(sqlite3_column_int64(row, 0) - low)].addPurchaseDay(Int32(clamping: day))
            }
        }

        var result: [CustomerActivity] = []
        result.reserveCapacity(accumulators.count)
        for (offset, accumulator) in accumulators.enumerated() {
            if let activity = accumulator.activity(customerID: low + Int64(offset)) { result.append(activity) }
        }
        return result
    }

    /// One customer as of `asOf` (nil when no order counts).
    static func one(_ db: Database, customerID: Int64, asOf: UnixTime, days: ZoneDays) throws -> CustomerActivity? {
        let statement = try db.cachedStatement(sql: """
            SELECT o.processed_at, o.total_minor - COALESCE((SELECT SUM(r.amount_minor) FROM refunds r
                                                             WHERE r.order_id = o.id AND r.created_at <= ?1), 0)
            FROM orders o
            WHERE o.customer_id = ?2 AND o.processed_at <= ?1 AND o.cancelled_at IS NULL AND o.deleted_at IS NULL
            ORDER BY o.processed_at
            """)
        try statement.setArguments([asOf, customerID])
        var accumulator = ActivityAccumulator()
        try RawRows.each(statement, db) { row in
            let at = sqlite3_column_int64(row, 0)
            accumulator.addOrder(at: at, amountMinor: sqlite3_column_int64(row, 1))
            accumulator.addPurchaseDay(Int32(clamping: days.day(at)))
        }
        return accumulator.activity(customerID: customerID)
    }

    /// Refunds made on or before `asOf`, summed per order, ascending by order id.
    private static func refundsByOrder(_ db: Database, merchantID: Int64, asOf: UnixTime) throws -> [(orderID: Int64, amount: Int64)] {
        var refunds: [(orderID: Int64, amount: Int64)] = []
        let statement = try db.makeStatement(sql: """
            SELECT order_id, amount_minor FROM refunds NOT INDEXED WHERE merchant_id = ? AND created_at <= ?
            """)
        try statement.setArguments([merchantID, asOf])
        try RawRows.each(statement, db) { row in
            refunds.append((sqlite3_column_int64(row, 0), sqlite3_column_int64(row, 1)))
        }
        refunds.sort { $0.orderID < $1.orderID }
        var merged: [(orderID: Int64, amount: Int64)] = []
        merged.reserveCapacity(refunds.count)
        for refund in refunds {
            if merged.last?.orderID == refund.orderID { merged[merged.count - 1].amount += refund.amount } else { merged.append(refund) }
        }
        return merged
    }
}
