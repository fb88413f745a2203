import GRDB
import LoyaltyCore

public struct RFMDailyJobReport: Sendable {
    public var rfm: RFMRecomputeReport
    public var churn: ChurnFitStatus
}

extension LoyaltyStore {
    /// The daily job of issue 6: recomputes RFM as of `now` and refits the churn model when the shop has orders and
    /// its last recompute is from an earlier day in its time zone (or it never ran); nil when nothing was due. The
    /// background sync calls it after each run, `loyalnest rfm recompute --if-due` from cron.
    public func recomputeRFMIfDue(_ session: Session, now: UnixTime) throws -> RFMDailyJobReport? {
        try require(session, .recomputeAnalytics)
        let due = try read { db -> Bool in
            guard try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM orders WHERE merchant_id = ?)",
                                    arguments: [session.merchant.id]) == true else { return false }
            guard let last = try RFMRun.latest(db, merchantID: session.merchant.id) else { return true }
            return last.day < ZoneDays.cached(session.merchant.timeZone, through: now).day(now)
        }
        guard due else { return nil }
        let rfm = try recomputeRFM(session, asOf: now, now: now)
        return RFMDailyJobReport(rfm: rfm, churn: try fitChurn(session, now: now))
    }
}
