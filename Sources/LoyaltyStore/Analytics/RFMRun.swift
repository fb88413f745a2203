import Foundation
import GRDB
import LoyaltyCore

/// One stored full recompute (rfm_runs) and the breakpoints it scored against.
public struct RFMRun: Hashable, Sendable {
    public var id: Int64
    public var asOf: UnixTime
    /// The as-of date's calendar day in the merchant's zone (days since 1970-01-01).
    public var day: Int64
    public var computedAt: UnixTime
    public var customers: Int
    /// nil when no customer had an order as of `asOf`.
    public var breakpoints: RFMBreakpoints?
    public var monetaryMeasure: RFMMonetaryMeasure

    static let columns = "id, as_of, day, computed_at, customers, monetary_measure, recency_breakpoints, frequency_breakpoints, monetary_breakpoints"

    init(row: Row) {
        id = row["id"]
        asOf = row["as_of"]
        day = row["day"]
        computedAt = row["computed_at"]
        customers = row["customers"]
        monetaryMeasure = RFMMonetaryMeasure(rawValue: row["monetary_measure"]) ?? .totalSpent
        if let r = Self.decode(row["recency_breakpoints"]), let f = Self.decode(row["frequency_breakpoints"]),
           let m = Self.decode(row["monetary_breakpoints"]) {
            breakpoints = RFMBreakpoints(recencyDays: r, frequency: f, monetary: m, monetaryMeasure: monetaryMeasure)
        }
    }

    static func latest(_ db: Database, merchantID: Int64) throws -> RFMRun? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT \(columns) FROM rfm_runs WHERE merchant_id = ? ORDER BY id DESC LIMIT 1"),
                         arguments: [merchantID]).map(RFMRun.init(row:))
    }

    /// The last recompute whose as-of day is on or before `day`.
    static func latest(_ db: Database, merchantID: Int64, onOrBefore day: Int64) throws -> RFMRun? {
        try Row.fetchOne(db, sql: """
            SELECT \(columns) FROM rfm_runs WHERE merchant_id = ? AND day <= ? ORDER BY day DESC, id DESC LIMIT 1
            """, arguments: [merchantID, day]).map(RFMRun.init(row:))
    }

    /// "5·q1,5·q2,5·q3,5·q4": the exact integers `QuintileBreakpoints` keeps.
    static func encode(_ breakpoints: QuintileBreakpoints?) -> String? {
        breakpoints.map { $0.timesFive.map(String.init).joined(separator: ",") }
    }

    static func decode(_ text: String?) -> QuintileBreakpoints? {
        guard let values = text?.split(separator: ",").map({ Int64($0) }), values.allSatisfy({ $0 != nil }) else { return nil }
        return QuintileBreakpoints(timesFive: values.compactMap { $0 })
    }
}

extension LoyaltyStore {
    /// The latest full recompute, nil before the first.
    public func latestRFMRun(_ session: Session) throws -> RFMRun? {
        try read { db in try RFMRun.latest(db, merchantID: session.merchant.id) }
    }
}
