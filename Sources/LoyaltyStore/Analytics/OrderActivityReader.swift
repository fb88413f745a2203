import Foundation
import GRDB
import GRDBSQLite
import LoyaltyCore

/// Reads customers' activity (`CustomerActivity`) from the orders table without holding orders in memory.
///
/// For a whole merchant it makes two sequential passes (docs/decisions/0055), because walking orders_customer and
/// looking each order up in the table is a random read per order (25 s for 8 M orders stored in time order):
/// 1. amounts: the orders table in rowid order, refunds merged in by order id, summed per customer; the voided
///    orders (cancelled or deleted) noted;
/// 2. days: the orders_customer index alone (it covers customer id, time and rowid), per customer in time order:
///    order count, last order time and distinct purchase days, voided orders skipped.
/// Each pass splits into ranges (order ids, then customer ids) that `parallel` reads on reader connections at once.
enum OrderActivityReader {
    struct Scope: Sendable {
        let merchantID: Int64
        let asOf: UnixTime
        let customers: ClosedRange<Int64>
        let maxOrderID: Int64
        let days: ZoneDays
    }

    /// Every customer of the merchant with an order on or before `asOf`, ascending by customer id, from `db`'s
    /// snapshot.
    static func all(_ db: Database, merchantID: Int64, asOf: UnixTime, days: ZoneDays) throws -> [CustomerActivity] {
        guard let scope = try scope(db, merchantID: merchantID, asOf: asOf, days: days) else { return [] }
        let refunds = try refundsByOrder(db, merchantID: merchantID, asOf: asOf)
        let amounts = AmountsPart.merged([try AmountsPart.read(db, scope, orderIDs: 1...scope.maxOrderID, refunds: refunds)])
        var accumulators = [ActivityAccumulator](repeating: ActivityAccumulator(), count: scope.customers.count)
        try accumulators.withUnsafeMutableBufferPointer { acc in
            try DaysPart.read(db, scope, customers: scope.customers, amounts: amounts, into: acc)
        }
        return activities(accumulators, spent: amounts.spent, low: scope.customers.lowerBound)
    }

    /// The same, each pass split over `parts` reader connections of `pool` at once, `meanwhile` run on the calling
    /// thread during the first pass. Only consistent while the caller holds the write lock (no commit can land
    /// between the parts' snapshots): the recompute's case.
    static func parallel(_ pool: DatabasePool, _ db: Database, merchantID: Int64, asOf: UnixTime, days: ZoneDays,
                         parts: Int, meanwhile: () throws -> Void = {}) throws -> [CustomerActivity] {
        guard let scope = try scope(db, merchantID: merchantID, asOf: asOf, days: days) else {
            try meanwhile()
            return []
        }
        let refunds = try refundsByOrder(db, merchantID: merchantID, asOf: asOf)
        let orderRanges = split(1...scope.maxOrderID, parts: parts)
        let pieces = try Parallel.map(orderRanges, meanwhile: meanwhile) { range in
            try pool.read { db in
                defer { releaseCache(db) }
                return try AmountsPart.read(db, scope, orderIDs: range, refunds: refunds)
            }
        }
        let amounts = AmountsPart.merged(pieces)
        Heap.trim()
        var accumulators = [ActivityAccumulator](repeating: ActivityAccumulator(), count: scope.customers.count)
        try accumulators.withUnsafeMutableBufferPointer { acc in
            let shared = SharedBuffer(acc)
            _ = try Parallel.map(split(scope.customers, parts: parts)) { range in
                try pool.read { db in
                    defer { releaseCache(db) }
                    try DaysPart.read(db, scope, customers: range, amounts: amounts, into: shared.buffer)
                }
            }
        }
        return activities(accumulators, spent: amounts.spent, low: scope.customers.lowerBound)
    }

    /// A reader's page cache is full of orders nobody will read again soon: handed back rather than kept beside the
    /// recompute's own memory peak.
    private static func releaseCache(_ db: Database) {
        try? db.execute(sql: "PRAGMA shrink_memory")
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
        var spent: Int64 = 0
        try RawRows.each(statement, db) { row in
            let at = sqlite3_column_int64(row, 0)
            spent += sqlite3_column_int64(row, 1)
            accumulator.addOrder(at: at, day: Int32(clamping: days.day(at)))
        }
        return accumulator.activity(customerID: customerID, spent: spent)
    }

    private static func scope(_ db: Database, merchantID: Int64, asOf: UnixTime, days: ZoneDays) throws -> Scope? {
        // The first and last rowid of the merchant's customers; MIN/MAX with this WHERE would walk every index entry.
        guard let range = try Row.fetchOne(db, sql: """
                SELECT (SELECT id FROM customers NOT INDEXED WHERE merchant_id = ?1 ORDER BY id LIMIT 1),
                       (SELECT id FROM customers NOT INDEXED WHERE merchant_id = ?1 ORDER BY id DESC LIMIT 1)
                """, arguments: [merchantID]),
              let low = range[0] as Int64?, let high = range[1] as Int64?,
              let maxOrderID = try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM orders") else { return nil }
        return Scope(merchantID: merchantID, asOf: asOf, customers: low...high, maxOrderID: maxOrderID, days: days)
    }

    private static func activities(_ accumulators: [ActivityAccumulator], spent: [Int64], low: Int64) -> [CustomerActivity] {
        var result: [CustomerActivity] = []
        result.reserveCapacity(accumulators.count)
        for (offset, accumulator) in accumulators.enumerated() {
            if let activity = accumulator.activity(customerID: low + Int64(offset), spent: spent[offset]) { result.append(activity) }
        }
        return result
    }

    /// `range` cut into at most `parts` consecutive pieces.
    static func split(_ range: ClosedRange<Int64>, parts: Int) -> [ClosedRange<Int64>] {
        let count = Int64(range.count)
        let parts = Int64(max(1, min(parts, Int(count))))
        var pieces: [ClosedRange<Int64>] = []
        var start = range.lowerBound
        for i in 1...parts {
            let end = i == parts ? range.upperBound : range.lowerBound + count * i / parts - 1
            if end >= start { pieces.append(start...end) }
            start = end + 1
        }
        return pieces
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

/// Pass 1 over one range of order ids.
struct AmountsPart: Sendable {
    /// Per customer id − low: total of the orders that count, refunds by the as-of time subtracted; `unseen` when
    /// none counts (the id range can hold other merchants' customers too). One array, so each order costs one
    /// random memory access.
    var spent: [Int64]
    /// Per customer id − low: whether one of their orders on or before the as-of time is voided (cancelled or deleted).
    var hasVoided: [Bool]
    /// Those voided orders' ids, ascending.
    var voided: [Int64]
    /// The same as a bitmap over order ids, built by `merged` for pass 2's lookups.
    private(set) var voidedBits: [UInt64] = []

    static let unseen = Int64.min

    static func read(_ db: Database, _ scope: OrderActivityReader.Scope, orderIDs: ClosedRange<Int64>,
                     refunds: [(orderID: Int64, amount: Int64)]) throws -> AmountsPart {
        let low = scope.customers.lowerBound, high = scope.customers.upperBound
        var part = AmountsPart(spent: [Int64](repeating: unseen, count: scope.customers.count),
                               hasVoided: [Bool](repeating: false, count: scope.customers.count), voided: [])
        let statement = try db.makeStatement(sql: """
            SELECT id, customer_id, total_minor, cancelled_at IS NULL AND deleted_at IS NULL FROM orders NOT INDEXED
            WHERE id BETWEEN ? AND ? AND merchant_id = ? AND processed_at <= ?
            """)
        try statement.setArguments([orderIDs.lowerBound, orderIDs.upperBound, scope.merchantID, scope.asOf])
        var refund = refunds.partitioningIndex(where: { $0.orderID >= orderIDs.lowerBound })
        var voided: [Int64] = []
        var hasVoided = part.hasVoided
        var buckets = AmountBuckets(customers: scope.customers.count, expectedOrders: orderIDs.count)
        try part.spent.withUnsafeMutableBufferPointer { spent in
            try RawRows.each(statement, db) { row in
                let customerID = sqlite3_column_int64(row, 1)
                guard customerID >= low, customerID <= high else { return }
                let orderID = sqlite3_column_int64(row, 0)
                let index = Int(customerID - low)
                guard sqlite3_column_int64(row, 3) != 0 else {
                    hasVoided[index] = true
                    voided.append(orderID)
                    return
                }
                var amount = sqlite3_column_int64(row, 2)
                while refund < refunds.count, refunds[refund].orderID < orderID { refund += 1 }
                if refund < refunds.count, refunds[refund].orderID == orderID { amount -= refunds[refund].amount }
                if !buckets.append(index, amount) { add(amount, at: index, spent) }
            }
            buckets.drain { index, amount in add(amount, at: index, spent) }
        }
        part.hasVoided = hasVoided
        part.voided = voided
        return part
    }

    private static func add(_ amount: Int64, at index: Int, _ spent: UnsafeMutableBufferPointer<Int64>) {
        let before = spent[index]
        spent[index] = before == unseen ? amount : before + amount
    }

    /// The parts of consecutive ranges, in order, as one, ready for pass 2.
    static func merged(_ parts: [AmountsPart]) -> AmountsPart {
        guard var total = parts.first else { return AmountsPart(spent: [], hasVoided: [], voided: []) }
        for part in parts.dropFirst() {
            for i in total.spent.indices where part.spent[i] != unseen {
                total.spent[i] = total.spent[i] == unseen ? part.spent[i] : total.spent[i] + part.spent[i]
            }
            for i in total.hasVoided.indices where part.hasVoided[i] { total.hasVoided[i] = true }
            total.voided += part.voided
        }
        total.voidedBits = [UInt64](repeating: 0, count: Int((total.voided.last ?? 0) >> 6) + 1)
        for id in total.voided { total.voidedBits[Int(id >> 6)] |= 1 << UInt64(id & 63) }
        return total
    }

    func isVoided(_ orderID: Int64) -> Bool {
        let word = Int(orderID >> 6)
        return word < voidedBits.count && voidedBits[word] & (1 << UInt64(orderID & 63)) != 0
    }
}

/// Pass 2 over one range of customer ids: their accumulators only.
enum DaysPart {
    static func read(_ db: Database, _ scope: OrderActivityReader.Scope, customers: ClosedRange<Int64>, amounts: AmountsPart,
                     into acc: UnsafeMutableBufferPointer<ActivityAccumulator>) throws {
        let low = scope.customers.lowerBound
        let statement = try db.makeStatement(sql: """
            SELECT customer_id, processed_at, id FROM orders INDEXED BY orders_customer
            WHERE customer_id BETWEEN ? AND ? AND processed_at <= ? ORDER BY customer_id, processed_at
            """)
        try statement.setArguments([customers.lowerBound, customers.upperBound, scope.asOf])
        var days = ZoneDays.Cursor(scope.days)
        try RawRows.each(statement, db) { row in
            let index = Int(sqlite3_column_int64(row, 0) - low)
            // Another merchant's customer, one whose orders are all voided, or a voided order.
            guard amounts.spent[index] != AmountsPart.unseen else { return }
            if amounts.hasVoided[index], amounts.isVoided(sqlite3_column_int64(row, 2)) { return }
            let at = sqlite3_column_int64(row, 1)
            acc[index].addOrder(at: at, day: Int32(clamping: days.day(at)))
        }
    }
}
