import Foundation
import GRDB
import GRDBSQLite
import LoyaltyCore

/// One scored customer as the CLI, the export and the RFM screen show them.
public struct RFMCustomerRow: Hashable, Sendable {
    public var customerID: Int64
    /// The shop's customer id (e.g. the CSV's customer_id); nil for a customer known by email only.
    public var externalID: String?
    public var asOf: UnixTime
    public var recencyDays: Int64
    public var frequency: Int64
    /// The M value scored: total spent or average order value (`RFMSettings.monetaryMeasure`), minor units.
    public var monetary: Int64
    public var totalSpentMinor: Int64
    public var lastOrderAt: UnixTime
    public var scores: RFMScores
    public var segment: RFMSegment
    /// The BG/NBD summary as of `asOf`, in weeks.
    public var churnSummary: BGNBDSummary
}

/// Every scored customer of a merchant at once, with where the figures come from.
public struct RFMTable: Sendable {
    public enum Source: Hashable, Sendable {
        /// customer_rfm: the last recompute, with incremental updates of customers who ordered since (their rows
        /// carry a later as-of time).
        case stored(RFMRun)
        /// Computed from the orders for this answer; nothing stored.
        case computed
    }

    public var source: Source
    public var asOf: UnixTime
    /// nil when no customer had an order as of `asOf`.
    public var breakpoints: RFMBreakpoints?
    public var monetaryMeasure: RFMMonetaryMeasure
    public var names: RFMSegmentNames
    /// Ascending by customer id.
    public var rows: [RFMCustomerRow]
}

extension LoyaltyStore {
    /// With `asOf`: computed from the orders as of that time, nothing stored (any date, past or future). Without:
    /// the stored figures, or, before the first recompute, computed as of `now` (docs/decisions/0050).
    public func rfmTable(_ session: Session, asOf: UnixTime?, now: UnixTime) throws -> RFMTable {
        try read { db in
            let names = try RFMSegmentNames.stored(db, merchantID: session.merchant.id)
            if asOf == nil, let run = try RFMRun.latest(db, merchantID: session.merchant.id) {
                return RFMTable(source: .stored(run), asOf: run.asOf, breakpoints: run.breakpoints,
                                monetaryMeasure: run.monetaryMeasure, names: names,
                                rows: try RFMRows.stored(db, merchant: session.merchant))
            }
            let asOf = asOf ?? now
            let measure = try RFMSettings.read(db, merchantID: session.merchant.id).monetaryMeasure
            let (result, rows) = try RFMRows.computed(db, merchant: session.merchant, asOf: asOf, measure: measure)
            return RFMTable(source: .computed, asOf: asOf, breakpoints: result.breakpoints, monetaryMeasure: measure,
                            names: names, rows: rows)
        }
    }
}

enum RFMRows {
    /// Every stored row of the merchant, or only those of `customerIDs`. Rows without an as-of time of their own
    /// are as of the latest recompute; none before the first.
    static func stored(_ db: Database, merchant: MerchantInfo, customerIDs: [Int64]? = nil) throws -> [RFMCustomerRow] {
        guard let run = try RFMRun.latest(db, merchantID: merchant.id) else { return [] }
        let only = customerIDs.map { " AND r.customer_id IN (\(Array(repeating: "?", count: $0.count).joined(separator: ",")))" } ?? ""
        let statement = try db.makeStatement(sql: """
            SELECT r.customer_id, c.external_id, COALESCE(r.as_of, ?), r.frequency, r.monetary, r.total_spent_minor,
                r.last_order_at, r.r, r.f, r.m, r.segment, r.purchase_days, r.first_order_day, r.last_order_day
            FROM customer_rfm r JOIN customers c ON c.id = r.customer_id
            WHERE r.merchant_id = ? AND r.segment IS NOT NULL\(only) ORDER BY r.customer_id
            """)
        try statement.setArguments(StatementArguments([run.asOf, merchant.id] + (customerIDs ?? [])))
        let days = ZoneDays.cached(merchant.timeZone, through: run.asOf)
        var lastAsOf: UnixTime = .min
        var endDay: Int64 = 0
        var rows: [RFMCustomerRow] = []
        try RawRows.each(statement, db) { row in
            let asOf = sqlite3_column_int64(row, 2)
            if asOf != lastAsOf {
                endDay = days.day(asOf)
                lastAsOf = asOf
            }
            let activity = CustomerActivity(customerID: sqlite3_column_int64(row, 0), orderCount: sqlite3_column_int64(row, 3),
                                            totalSpentMinor: sqlite3_column_int64(row, 5), lastOrderAt: sqlite3_column_int64(row, 6),
                                            purchaseDays: Int(sqlite3_column_int64(row, 11)),
                                            firstOrderDay: sqlite3_column_int64(row, 12), lastOrderDay: sqlite3_column_int64(row, 13))
            let scores = RFMScores(r: Int(sqlite3_column_int64(row, 7)), f: Int(sqlite3_column_int64(row, 8)),
                                   m: Int(sqlite3_column_int64(row, 9)))
            rows.append(RFMCustomerRow(customerID: activity.customerID, externalID: text(row, 1), asOf: asOf,
                                       recencyDays: RFM.recencyDays(lastOrderAt: activity.lastOrderAt, asOf: asOf),
                                       frequency: activity.orderCount, monetary: sqlite3_column_int64(row, 4),
                                       totalSpentMinor: activity.totalSpentMinor, lastOrderAt: activity.lastOrderAt,
                                       scores: scores, segment: RFMSegment.column(row, 10) ?? scores.segment,
                                       churnSummary: activity.summary(endDay: endDay)))
        }
        return rows
    }

    static func computed(_ db: Database, merchant: MerchantInfo, asOf: UnixTime, measure: RFMMonetaryMeasure) throws
        -> (RFMResult, [RFMCustomerRow]) {
        let days = ZoneDays.cached(merchant.timeZone, through: asOf)
        let activity = try OrderActivityReader.all(db, merchantID: merchant.id, asOf: asOf, days: days)
        let result = RFM.compute(activity.map(\.rfmCustomer), asOf: asOf, measure: measure)
        let external = try externalIDs(db, merchantID: merchant.id, ascending: activity.map(\.customerID))
        let endDay = days.day(asOf)
        let rows = zip(activity, zip(result.rows, external)).map { a, pair in
            let (row, externalID) = pair
            return RFMCustomerRow(customerID: row.customerID, externalID: externalID, asOf: asOf, recencyDays: row.recencyDays,
                                  frequency: row.frequency, monetary: row.monetary, totalSpentMinor: row.totalSpentMinor,
                                  lastOrderAt: a.lastOrderAt, scores: row.scores, segment: row.segment,
                                  churnSummary: a.summary(endDay: endDay))
        }
        return (result, rows)
    }

    /// The shop ids of `ids` (ascending), in the same order, from one walk over the customers' rowid range.
    private static func externalIDs(_ db: Database, merchantID: Int64, ascending ids: [Int64]) throws -> [String?] {
        guard let first = ids.first, let last = ids.last else { return [] }
        let statement = try db.makeStatement(sql: """
            SELECT id, external_id FROM customers NOT INDEXED WHERE id BETWEEN ? AND ? AND merchant_id = ? ORDER BY id
            """)
        try statement.setArguments([first, last, merchantID])
        var result = [String?](repeating: nil, count: ids.count)
        var i = 0
        try RawRows.each(statement, db) { row in
            let id = sqlite3_column_int64(row, 0)
            while i < ids.count, ids[i] < id { i += 1 }
            if i < ids.count, ids[i] == id { result[i] = text(row, 1) }
        }
        return result
    }

    static func text(_ row: OpaquePointer, _ index: Int32) -> String? {
        sqlite3_column_text(row, index).map { String(cString: $0) }
    }
}
