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
    /// Every segment of the grid, in grid order, with zero counts included.
    public var segments: [RFMSegmentCount]
}

extension LoyaltyStore {
    /// Full recompute as of `asOf` (staff and above): scores from quintile breakpoints over every customer with an
    /// order, written to customer_rfm, the day's segment snapshot and every customer's segment change; one
    /// transaction. Refused for an as-of day after today or before the last recompute's (that would rewrite the
    /// segment history: `rfmTable(asOf:)` answers for any date without storing).
    public func recomputeRFM(_ session: Session, asOf: UnixTime, now: UnixTime) throws -> RFMRecomputeReport {
        try require(session, .recomputeAnalytics)
        return try write(enforcingForeignKeys: false) { db in
            try RFMRecompute(db: db, session: session, now: now).run(asOf: asOf)
        }
    }
}

/// One recompute inside its write transaction.
struct RFMRecompute {
    let db: Database
    let session: Session
    let now: UnixTime
    var merchantID: Int64 { session.merchant.id }

    /// The segment-change log's state of one customer before this recompute.
    private struct Logged {
        var customerID: Int64
        var segment: RFMSegment?
        var revenue: Int64
        var day: Int64
    }

    func run(asOf: UnixTime) throws -> RFMRecomputeReport {
        let days = ZoneDays.cached(session.merchant.timeZone, through: max(asOf, now))
        let day = days.day(asOf)
        guard day <= days.day(now) else {
            throw StoreError.invalid("the as-of date \(Self.date(day)) is after today (\(Self.date(days.day(now)))); RFM is recomputed as of today or a past date")
        }
        if let last = try RFMRun.latest(db, merchantID: merchantID), day < last.day {
            throw StoreError.invalid("RFM was already recomputed as of \(Self.date(last.day)); a recompute as of the earlier \(Self.date(day)) would rewrite the segment history. `loyalnest rfm --as-of \(Self.date(day))` shows the scores at that date without storing them.")
        }
        let settings = try RFMSettings.read(db, merchantID: merchantID)
        let activity = try OrderActivityReader.all(db, merchantID: merchantID, asOf: asOf, days: days)
        let result = RFM.compute(activity.map(\.rfmCustomer), asOf: asOf, measure: settings.monetaryMeasure)
        precondition(result.rows.count == activity.count, "every customer read has an order on or before the as-of time")

        let logged = try loggedStates()
        var changes = 0
        var counts: [RFMSegment: (customers: Int, revenue: Int64)] = [:]
        let upsert = try db.makeStatement(sql: """
            INSERT OR REPLACE INTO customer_rfm (customer_id, merchant_id, as_of, recency_days, frequency, monetary,
                total_spent_minor, last_order_at, purchase_days, first_order_day, last_order_day, r, f, m, segment,
                logged_segment, logged_revenue_minor, logged_day)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        let log = try db.makeStatement(sql: """
            INSERT INTO rfm_segment_changes (merchant_id, day, customer_id, from_segment, to_segment, revenue_minor)
            VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (merchant_id, day, customer_id) DO UPDATE SET to_segment = excluded.to_segment,
                revenue_minor = excluded.revenue_minor
            """)
        let forget = try db.makeStatement(sql: "DELETE FROM customer_rfm WHERE customer_id = ?")
        func logChange(_ customerID: Int64, from: RFMSegment?, to: RFMSegment?, revenue: Int64) throws {
            var fast = FastStatement(log, db)
            fast.bind(merchantID); fast.bind(day); fast.bind(customerID); fast.bind(from?.rawValue); fast.bind(to?.rawValue)
            fast.bind(revenue)
            try fast.step()
        }
        /// A customer who counted at the last recompute and does not any more.
        func leave(_ state: Logged) throws {
            if let segment = state.segment {
                try logChange(state.customerID, from: segment, to: nil, revenue: state.revenue)
                changes += 1
            }
            var fast = FastStatement(forget, db)
            fast.bind(state.customerID)
            try fast.step()
        }

        var j = 0
        for (i, row) in result.rows.enumerated() {
            while j < logged.count, logged[j].customerID < row.customerID {
                try leave(logged[j])
                j += 1
            }
            var previous: Logged?
            if j < logged.count, logged[j].customerID == row.customerID {
                previous = logged[j]
                j += 1
            }
            let segment = row.segment
            var loggedDay = previous?.day ?? day
            if previous?.segment != segment || previous?.revenue != row.totalSpentMinor {
                try logChange(row.customerID, from: previous?.segment, to: segment, revenue: row.totalSpentMinor)
                loggedDay = day
                if previous?.segment != segment { changes += 1 }
            }
            counts[segment, default: (0, 0)].customers += 1
            counts[segment, default: (0, 0)].revenue += row.totalSpentMinor
            let a = activity[i]
            var fast = FastStatement(upsert, db)
            fast.bind(row.customerID); fast.bind(merchantID); fast.bind(asOf); fast.bind(row.recencyDays)
            fast.bind(row.frequency); fast.bind(row.monetary); fast.bind(row.totalSpentMinor); fast.bind(a.lastOrderAt)
            fast.bind(Int64(a.purchaseDays)); fast.bind(a.firstOrderDay); fast.bind(a.lastOrderDay)
            fast.bind(Int64(row.scores.r)); fast.bind(Int64(row.scores.f)); fast.bind(Int64(row.scores.m))
            fast.bind(segment.rawValue); fast.bind(segment.rawValue); fast.bind(row.totalSpentMinor); fast.bind(loggedDay)
            try fast.step()
        }
        while j < logged.count {
            try leave(logged[j])
            j += 1
        }

        let segments = RFMSegment.allCases.map {
            RFMSegmentCount(segment: $0, customers: counts[$0]?.customers ?? 0, revenueMinor: counts[$0]?.revenue ?? 0)
        }
        try writeSnapshot(day: day, segments)
        let runID = try insertRun(asOf: asOf, day: day, customers: result.rows.count, breakpoints: result.breakpoints,
                                  measure: settings.monetaryMeasure)
        let report = RFMRecomputeReport(runID: runID, asOf: asOf, day: Self.date(day), customers: result.rows.count,
                                        segmentChanges: changes, segments: segments)
        try Audit.record(db, session: session, action: "rfm.recompute", entity: "rfm_run", entityID: runID,
                         before: nil as String?, after: ["asOf": Timestamp.iso8601(asOf), "customers": String(report.customers),
                                                         "segmentChanges": String(changes)], now: now)
        return report
    }

    /// customer_rfm's log state, ascending by customer id.
    private func loggedStates() throws -> [Logged] {
        let statement = try db.makeStatement(sql: """
            SELECT customer_id, logged_segment, COALESCE(logged_revenue_minor, 0), COALESCE(logged_day, 0)
            FROM customer_rfm WHERE merchant_id = ? ORDER BY customer_id
            """)
        try statement.setArguments([merchantID])
        var states: [Logged] = []
        try RawRows.each(statement, db) { row in
            states.append(Logged(customerID: sqlite3_column_int64(row, 0), segment: RFMSegment.column(row, 1),
                                 revenue: sqlite3_column_int64(row, 2), day: sqlite3_column_int64(row, 3)))
        }
        return states
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
