import GRDB
import LoyaltyCore

/// A recompute and the churn refit on its figures.
public struct RFMRefreshReport: Sendable {
    public var rfm: RFMRecomputeReport
    public var churn: ChurnFitStatus
}

extension LoyaltyStore {
    /// The daily job of issue 6: recomputes RFM as of `now` and refits the churn model when the shop has orders and
    /// its last recompute is from an earlier day in its time zone (or it never ran); nil when nothing was due. The
    /// background sync calls it after each run, `loyalnest rfm recompute --if-due` from cron.
    public func recomputeRFMIfDue(_ session: Session, now: UnixTime) throws -> RFMRefreshReport? {
        try require(session, .recomputeAnalytics)
        let due = try read { db -> Bool in
            guard try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM orders WHERE merchant_id = ?)",
                                    arguments: [session.merchant.id]) == true else { return false }
            guard let last = try RFMRun.latest(db, merchantID: session.merchant.id) else { return true }
            return last.day < ZoneDays.cached(session.merchant.timeZone, through: now).day(now)
        }
        guard due else { return nil }
        return try refreshRFM(session, asOf: now, now: now)
    }

    /// What `loyalnest rfm recompute`, the RFM screen's `r` and the daily job do: the recompute as of `asOf`, then
    /// the churn model refitted on the figures it stored.
    public func refreshRFM(_ session: Session, asOf: UnixTime, now: UnixTime) throws -> RFMRefreshReport {
        let rfm = try recomputeRFM(session, asOf: asOf, now: now)
        return RFMRefreshReport(rfm: rfm, churn: try fitChurn(session, now: now))
    }
}
