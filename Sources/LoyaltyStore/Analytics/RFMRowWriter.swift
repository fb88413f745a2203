import Foundation
import GRDB
import GRDBSQLite
import LoyaltyCore

/// The stored figures of a customer_rfm row apart from its as-of time, segment and log state: what a recompute
/// compares to decide whether the row needs writing.
struct RFMFigures: Equatable {
    var monetary: Int64
    var totalSpentMinor: Int64
    var lastOrderAt: Int64
    var frequency: Int64
    // Narrow types: a recompute holds a million of these (stored rows) while it compares.
    var purchaseDays: Int32
    var firstOrderDay: Int32
    var lastOrderDay: Int32
    var r: UInt8
    var f: UInt8
    var m: UInt8

    static let columns = "frequency, monetary, total_spent_minor, last_order_at, purchase_days, first_order_day, last_order_day, r, f, m"

    init(_ row: RFMRow, lastOrderAt: UnixTime, _ days: PurchaseDays) {
        frequency = row.frequency
        monetary = row.monetary
        totalSpentMinor = row.totalSpentMinor
        self.lastOrderAt = lastOrderAt
        purchaseDays = days.count
        firstOrderDay = days.first
        lastOrderDay = days.last
        r = UInt8(clamping: row.scores.r)
        f = UInt8(clamping: row.scores.f)
        m = UInt8(clamping: row.scores.m)
    }

    /// From `columns` starting at column `first` of the row SQLite is on (NULL reads as 0).
    init(_ row: OpaquePointer, from first: Int32) {
        frequency = sqlite3_column_int64(row, first)
        monetary = sqlite3_column_int64(row, first + 1)
        totalSpentMinor = sqlite3_column_int64(row, first + 2)
        lastOrderAt = sqlite3_column_int64(row, first + 3)
        purchaseDays = Int32(clamping: sqlite3_column_int64(row, first + 4))
        firstOrderDay = Int32(clamping: sqlite3_column_int64(row, first + 5))
        lastOrderDay = Int32(clamping: sqlite3_column_int64(row, first + 6))
        r = UInt8(clamping: sqlite3_column_int64(row, first + 7))
        f = UInt8(clamping: sqlite3_column_int64(row, first + 8))
        m = UInt8(clamping: sqlite3_column_int64(row, first + 9))
    }

    func bind(_ fast: inout FastStatement) {
        fast.bind(frequency); fast.bind(monetary); fast.bind(totalSpentMinor); fast.bind(lastOrderAt); fast.bind(Int64(purchaseDays))
        fast.bind(Int64(firstOrderDay)); fast.bind(Int64(lastOrderDay)); fast.bind(Int64(r)); fast.bind(Int64(f)); fast.bind(Int64(m))
    }
}

/// A customer's BG/NBD day figures, kept narrow beside the scoring.
struct PurchaseDays {
    var count: Int32
    var first: Int32
    var last: Int32

    init(_ activity: CustomerActivity) {
        count = Int32(clamping: activity.purchaseDays)
        first = Int32(clamping: activity.firstOrderDay)
        last = Int32(clamping: activity.lastOrderDay)
    }
}

/// The recompute's writes: customer_rfm rows (with as_of NULL: as of this recompute) and segment changes.
struct RowWriter {
    let db: Database
    let merchantID: Int64
    let day: Int64
    private let insertRow: Statement
    /// `batchSize` rows per INSERT: at a million new rows (a first recompute) a fifth less time than one by one.
    private let insertBatch: Statement
    private static let batchSize = 32
    private var pending: [(customerID: Int64, figures: RFMFigures, segment: RFMSegment, logged: (segment: RFMSegment?, revenue: Int64))] = []
    private let updateRow: Statement
    private let log: Statement
    private let forget: Statement
    private(set) var rowsWritten = 0

    init(db: Database, merchantID: Int64, day: Int64) throws {
        self.db = db
        self.merchantID = merchantID
        self.day = day
        let insert = "INSERT INTO customer_rfm (\(RFMFigures.columns), segment, logged_segment, logged_revenue_minor, customer_id, merchant_id, as_of) VALUES "
        let values = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)"
        insertRow = try db.makeStatement(sql: insert + values)
        insertBatch = try db.makeStatement(sql: insert + Array(repeating: values, count: Self.batchSize).joined(separator: ", "))
        updateRow = try db.makeStatement(sql: """
            UPDATE customer_rfm SET frequency = ?, monetary = ?, total_spent_minor = ?, last_order_at = ?, purchase_days = ?,
                first_order_day = ?, last_order_day = ?, r = ?, f = ?, m = ?, segment = ?, logged_segment = ?,
                logged_revenue_minor = ?, as_of = NULL
            WHERE customer_id = ?
            """)
        log = try db.makeStatement(sql: """
            INSERT INTO rfm_segment_changes (merchant_id, day, customer_id, from_segment, from_revenue_minor, to_segment,
                revenue_minor)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (merchant_id, day, customer_id) DO UPDATE SET to_segment = excluded.to_segment,
                revenue_minor = excluded.revenue_minor
            """)
        forget = try db.makeStatement(sql: "DELETE FROM customer_rfm WHERE customer_id = ?")
    }

    /// Inserts are batched: call `finish()` at the end.
    mutating func insert(_ customerID: Int64, figures: RFMFigures, segment: RFMSegment,
                         logged: (segment: RFMSegment?, revenue: Int64)) throws {
        pending.append((customerID, figures, segment, logged))
        if pending.count == Self.batchSize { try flush() }
    }

    mutating func finish() throws { try flush() }

    private mutating func flush() throws {
        let batch = pending.count == Self.batchSize
        var fast = FastStatement(batch ? insertBatch : insertRow, db)
        for row in pending {
            row.figures.bind(&fast)
            fast.bind(static: row.segment.staticKey); fast.bind(static: row.logged.segment?.staticKey); fast.bind(row.logged.revenue)
            fast.bind(row.customerID); fast.bind(merchantID)
            if !batch { try fast.step() }
        }
        if batch { try fast.step() }
        rowsWritten += pending.count
        pending.removeAll(keepingCapacity: true)
    }

    mutating func update(_ customerID: Int64, figures: RFMFigures, segment: RFMSegment,
                         logged: (segment: RFMSegment?, revenue: Int64)) throws {
        var fast = FastStatement(updateRow, db)
        figures.bind(&fast)
        fast.bind(static: segment.staticKey); fast.bind(static: logged.segment?.staticKey); fast.bind(logged.revenue); fast.bind(customerID)
        try fast.step()
        rowsWritten += 1
    }

    func logChange(_ customerID: Int64, from: (segment: RFMSegment?, revenue: Int64), to: (segment: RFMSegment?, revenue: Int64)) throws {
        var fast = FastStatement(log, db)
        fast.bind(merchantID); fast.bind(day); fast.bind(customerID); fast.bind(static: from.segment?.staticKey); fast.bind(from.revenue)
        fast.bind(static: to.segment?.staticKey); fast.bind(to.revenue)
        try fast.step()
    }

    /// A customer who counted before and does not any more: their leaving logged (when they had a segment), their
    /// row dropped. Returns 1 when a segment was left, for the change count.
    mutating func leave(_ customerID: Int64, segment: RFMSegment?, revenue: Int64) throws -> Int {
        if let segment { try logChange(customerID, from: (segment, revenue), to: (nil, revenue)) }
        var fast = FastStatement(forget, db)
        fast.bind(customerID)
        try fast.step()
        rowsWritten += 1
        return segment == nil ? 0 : 1
    }
}
