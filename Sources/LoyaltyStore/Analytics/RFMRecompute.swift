import Foundation
import GRDB
import GRDBSQLite
import LoyaltyCore

public struct RFMSegmentCount: Codable, Hashable, Sendable {
    public var segment: RFMSegment
    public var customers: Int
    /// The customers' total spent (refunds subtracted), minor units.
    public var revenueMinor: Int64
}

public struct RFMRecomputeReport: Codable, Hashable, Sendable {
    public var runID: Int64
    public var asOf: UnixTime
    /// The as-of date in the merchant's zone, YYYY-MM-DD: the day the snapshot and the segment changes are filed under.
    public var day: String
    public var customers: Int
    /// Customers whose segment changed since the last recompute, entering and leaving the grid included.
    public var segmentChanges: Int
    /// customer_rfm rows written: the customers whose figures changed (all of them the first time).
    public var rowsWritten: Int
    /// Every segment of the grid, in grid order, with zero counts included.
    public var segments: [RFMSegmentCount]
    /// Lifecycle campaign awards for entering a segment, paid in the same transaction (docs/decisions/0071).
    public var lifecycleAwards: Int
    public var lifecyclePoints: Int64
}

extension LoyaltyStore {
    /// Full recompute as of `asOf` (staff and above): every customer with an order read from the orders, scored
    /// against quintile breakpoints over them all, the changed rows of customer_rfm written, the day's segment
    /// snapshot and every customer's segment change; one transaction. Refused for an as-of day after today or before
    /// the last recompute's (that would rewrite the segment history: `rfmTable(asOf:)` answers for any date without
    /// storing).
    public func recomputeRFM(_ session: Session, asOf: UnixTime, now: UnixTime) throws -> RFMRecomputeReport {
        try require(session, .recomputeAnalytics)
        return try write(enforcingForeignKeys: false) { db in
            var report = try RFMRecompute(db: db, pool: pool, session: session, now: now).run(asOf: asOf)
            let (version, settings) = try currentSettings(db, merchantID: session.merchant.id)
            let program = try CompiledProgram.load(db, merchantID: session.merchant.id, settings: settings, settingsVersion: version)
            let day = ZoneDays.cached(session.merchant.timeZone, through: max(asOf, now)).day(asOf)
            let paid = try SegmentEntryAwards(db: db, session: session, program: program).fire(day: day, at: asOf)
            report.lifecycleAwards = paid.awards
            report.lifecyclePoints = paid.points
            if paid.awards > 0 {
                try Audit.record(db, session: session, action: "campaign.segment_entry_awards", entity: "rfm_run",
                                 entityID: report.runID, before: nil as String?,
                                 after: ["awards": String(paid.awards), "points": String(paid.points), "day": report.day], now: now)
            }
            return report
        }
    }
}

/// One recompute inside its write transaction.
struct RFMRecompute {
    let db: Database
    let pool: DatabasePool
    let session: Session
    let now: UnixTime
    var merchantID: Int64 { session.merchant.id }

    /// A customer_rfm row before this recompute.
    private struct Stored: Sendable {
        var customerID: Int64
        var loggedRevenue: Int64
        var figures: RFMFigures
        var loggedSegment: RFMSegment?
        /// Updated by an order since the last recompute (as_of not NULL).
        var touched: Bool
    }

    func run(asOf: UnixTime) throws -> RFMRecomputeReport {
        let days = ZoneDays.cached(session.merchant.timeZone, through: max(asOf, now))
        let day = days.day(asOf)
        guard day <= days.day(now) else {
            throw StoreError.invalid("the as-of date \(Self.date(day)) is after today (\(Self.date(days.day(now)))); RFM is recomputed as of today or a past date")
        }
        let last = try RFMRun.latest(db, merchantID: merchantID)
        if let last, day < last.day {
            throw StoreError.invalid("RFM was already recomputed as of \(Self.date(last.day)); a recompute as of the earlier \(Self.date(day)) would rewrite the segment history. `loyalnest rfm --as-of \(Self.date(day))` shows the scores at that date without storing them.")
        }
        // The merchant's first recompute is the history's baseline: no change rows, everyone's state is logged_*.
        let baseline = last == nil
        let settings = try RFMSettings.read(db, merchantID: merchantID)
        var stored: [Stored] = []
        var activity = try OrderActivityReader.parallel(pool, db, merchantID: merchantID, asOf: asOf, days: days,
                                                        parts: max(1, min(4, ProcessInfo.processInfo.activeProcessorCount)),
                                                        meanwhile: { if let last { stored = try storedRows(expected: last.customers) } })
        let customers = activity.map(\.rfmCustomer)
        let purchaseDays = activity.map(PurchaseDays.init)
        activity = []  // half its size lives on in the two arrays; the scoring's memory peak comes next
        let result = RFM.compute(customers, asOf: asOf, measure: settings.monetaryMeasure)
        precondition(result.rows.count == customers.count, "every customer read has an order on or before the as-of time")

        var writer = try RowWriter(db: db, merchantID: merchantID, day: day)
        var changes = 0
        var counts = [(customers: Int, revenue: Int64)](repeating: (0, 0), count: RFMSegment.allCases.count)
        var j = 0
        for (i, row) in result.rows.enumerated() {
            while j < stored.count, stored[j].customerID < row.customerID {
                changes += try writer.leave(stored[j].customerID, segment: stored[j].loggedSegment, revenue: stored[j].loggedRevenue)
                j += 1
            }
            var previous: Stored?
            if j < stored.count, stored[j].customerID == row.customerID {
                previous = stored[j]
                j += 1
            }
            let figures = RFMFigures(row, lastOrderAt: customers[i].lastOrderAt, purchaseDays[i])
            var logged = (segment: previous?.loggedSegment, revenue: previous?.loggedRevenue ?? 0)
            if baseline {
                logged = (row.segment, row.totalSpentMinor)
                changes += 1
            } else if logged.segment != row.segment || logged.revenue != row.totalSpentMinor {
                try writer.logChange(row.customerID, from: logged, to: (row.segment, row.totalSpentMinor))
                if logged.segment != row.segment { changes += 1 }
                logged = (row.segment, row.totalSpentMinor)
            }
            if let previous {
                if previous.touched || previous.figures != figures || previous.loggedSegment != logged.segment
                    || previous.loggedRevenue != logged.revenue {
                    try writer.update(row.customerID, figures: figures, segment: row.segment, logged: logged)
                }
            } else {
                try writer.insert(row.customerID, figures: figures, segment: row.segment, logged: logged)
            }
            counts[row.segment.ordinal].customers += 1
            counts[row.segment.ordinal].revenue += row.totalSpentMinor
        }
        while j < stored.count {
            changes += try writer.leave(stored[j].customerID, segment: stored[j].loggedSegment, revenue: stored[j].loggedRevenue)
            j += 1
        }
        try writer.finish()

        let segments = RFMSegment.allCases.map {
            RFMSegmentCount(segment: $0, customers: counts[$0.ordinal].customers, revenueMinor: counts[$0.ordinal].revenue)
        }
        try writeSnapshot(day: day, segments)
        let runID = try insertRun(asOf: asOf, day: day, customers: result.rows.count, breakpoints: result.breakpoints,
                                  measure: settings.monetaryMeasure)
        let report = RFMRecomputeReport(runID: runID, asOf: asOf, day: Self.date(day), customers: result.rows.count,
                                        segmentChanges: changes, rowsWritten: writer.rowsWritten, segments: segments,
                                        lifecycleAwards: 0, lifecyclePoints: 0)
        try Audit.record(db, session: session, action: "rfm.recompute", entity: "rfm_run", entityID: runID,
                         before: nil as String?, after: ["asOf": Timestamp.iso8601(asOf), "customers": String(report.customers),
                                                         "segmentChanges": String(changes)], now: now)
        return report
    }

    /// customer_rfm's rows, ascending by customer id, read on a reader connection whose small page cache is then
    /// handed back (this transaction has written nothing yet, so the reader sees the same rows): through the
    /// writer's they would fill its 40 MiB cache at the recompute's memory peak. `expected` (the last recompute's
    /// customers) sizes the array once: growing by doubling would hold two copies at a time.
    private func storedRows(expected: Int) throws -> [Stored] {
        let merchantID = self.merchantID, pool = self.pool
        return try Parallel.map([expected]) { expected in
            try pool.read { db in
                defer { try? db.execute(sql: "PRAGMA shrink_memory") }
                return try RFMRecompute.storedRows(db, merchantID: merchantID, expected: expected)
            }
        }[0]
    }

    private static func storedRows(_ db: Database, merchantID: Int64, expected: Int) throws -> [Stored] {
        let statement = try db.makeStatement(sql: """
            SELECT customer_id, as_of, logged_segment, COALESCE(logged_revenue_minor, 0), \(RFMFigures.columns)
            FROM customer_rfm WHERE merchant_id = ? ORDER BY customer_id
            """)
        try statement.setArguments([merchantID])
        var rows: [Stored] = []
        rows.reserveCapacity(expected + expected / 16)
        try RawRows.each(statement, db) { row in
            rows.append(Stored(customerID: sqlite3_column_int64(row, 0), loggedRevenue: sqlite3_column_int64(row, 3),
                               figures: RFMFigures(row, from: 4), loggedSegment: RFMSegment.column(row, 2),
                               touched: sqlite3_column_type(row, 1) != SQLITE_NULL))
        }
        return rows
    }

    private func writeSnapshot(day: Int64, _ segments: [RFMSegmentCount]) throws {
        try db.execute(sql: "DELETE FROM rfm_segment_snapshots WHERE merchant_id = ? AND day = ?", arguments: [merchantID, day])
        for count in segments {
            try db.execute(sql: """
                INSERT INTO rfm_segment_snapshots (merchant_id, day, segment, customers, revenue_minor) VALUES (?, ?, ?, ?, ?)
                """, arguments: [merchantID, day, count.segment.rawValue, count.customers, count.revenueMinor])
        }
    }

    private func insertRun(asOf: UnixTime, day: Int64, customers: Int, breakpoints: RFMBreakpoints?,
                           measure: RFMMonetaryMeasure) throws -> Int64 {
        try db.execute(sql: """
            INSERT INTO rfm_runs (merchant_id, as_of, day, computed_at, operator_id, customers, monetary_measure,
                recency_breakpoints, frequency_breakpoints, monetary_breakpoints)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [merchantID, asOf, day, now, session.actor.id, customers, measure.rawValue,
                             RFMRun.encode(breakpoints?.recencyDays), RFMRun.encode(breakpoints?.frequency),
                             RFMRun.encode(breakpoints?.monetary)])
        return db.lastInsertedRowID
    }

    static func date(_ day: Int64) -> String { Timestamp.date(day * Timestamp.secondsPerDay) }
}
