import Foundation
import GRDB
import GRDBSQLite
import LoyaltyCore

extension LoyaltyStore {
    /// The BG/NBD summaries of the stored customers (customer_rfm rows with a segment), each calibrated to its row's
    /// as-of day, ascending by customer id.
    public func storedChurnSummaries(_ session: Session) throws -> [BGNBDCustomerSummary] {
        try read { db in try ChurnSummaries.stored(db, merchant: session.merchant) }
    }

    /// Fits BG/NBD on the stored summaries and records the fit, converged or not (staff and above). The fit runs
    /// outside the write transaction; only its record is written. A failed fit leaves the last good one in use.
    @discardableResult
    public func fitChurn(_ session: Session, now: UnixTime) throws -> ChurnFitStatus {
        try require(session, .recomputeAnalytics)
        let (run, summaries) = try read { db in
            (try RFMRun.latest(db, merchantID: session.merchant.id), try ChurnSummaries.stored(db, merchant: session.merchant))
        }
        guard let run else {
            throw StoreError.invalid("there are no stored RFM figures to fit the churn model on yet; run `loyalnest rfm recompute` first")
        }
        let attempt = ChurnFitRecord(result: BGNBDFit.fit(summaries.map(\.summary)), asOf: run.asOf, fittedAt: now)
        return try write { db in
            let stored = try attempt.insert(db, merchantID: session.merchant.id)
            try Audit.record(db, session: session, action: "churn.fit", entity: "churn_fit", entityID: stored.id,
                             before: nil as String?, after: stored, now: now)
            return ChurnFitStatus(latest: stored, lastGood: try ChurnFitRecord.latest(db, merchantID: session.merchant.id,
                                                                                     convergedOnly: true))
        }
    }

    public func churnFitStatus(_ session: Session) throws -> ChurnFitStatus {
        try read { db in
            ChurnFitStatus(latest: try ChurnFitRecord.latest(db, merchantID: session.merchant.id, convergedOnly: false),
                           lastGood: try ChurnFitRecord.latest(db, merchantID: session.merchant.id, convergedOnly: true))
        }
    }
}

enum ChurnSummaries {
    static func stored(_ db: Database, merchant: MerchantInfo) throws -> [BGNBDCustomerSummary] {
        guard let run = try RFMRun.latest(db, merchantID: merchant.id) else { return [] }
        let statement = try db.makeStatement(sql: """
            SELECT customer_id, purchase_days, first_order_day, last_order_day, COALESCE(as_of, ?) FROM customer_rfm
            WHERE merchant_id = ? AND segment IS NOT NULL ORDER BY customer_id
            """)
        try statement.setArguments([run.asOf, merchant.id])
        let days = ZoneDays.cached(merchant.timeZone, through: run.asOf)
        var lastAsOf: UnixTime = .min
        var endDay: Int64 = 0
        var summaries: [BGNBDCustomerSummary] = []
        try RawRows.each(statement, db) { row in
            let asOf = sqlite3_column_int64(row, 4)
            if asOf != lastAsOf {
                endDay = days.day(asOf)
                lastAsOf = asOf
            }
            let activity = CustomerActivity(customerID: sqlite3_column_int64(row, 0), orderCount: 0, totalSpentMinor: 0,
                                            lastOrderAt: 0, purchaseDays: Int(sqlite3_column_int64(row, 1)),
                                            firstOrderDay: sqlite3_column_int64(row, 2), lastOrderDay: sqlite3_column_int64(row, 3))
            summaries.append(BGNBDCustomerSummary(customerID: activity.customerID, summary: activity.summary(endDay: endDay)))
        }
        return summaries
    }
}
