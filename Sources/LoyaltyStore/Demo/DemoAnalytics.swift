import LoyaltyCore

extension DemoStore {
    /// Monthly RFM recomputes over the last quarter, then a churn fit, so the demo's RFM screen opens on scores, a
    /// segment history (the migration matrix has two dates to compare) and a fitted model, as a store that has run
    /// the daily job for a while would.
    static func recordAnalyticsHistory(_ store: LoyaltyStore, session: Session, asOf: UnixTime) throws {
        for monthsAgo in stride(from: 3, through: 0, by: -1) {
            let at = asOf - Int64(monthsAgo * 30) * Timestamp.secondsPerDay
            _ = try store.recomputeRFM(session, asOf: at, now: at)
        }
        _ = try store.fitChurn(session, now: asOf)
    }
}
