import GRDB
import LoyaltyCore

extension LoyaltyStore {
    /// Re-evaluates every customer against the changed tier table, in the caller's transaction.
    func afterTierTableChange(_ db: Database, session: Session, reason: String, now: UnixTime) throws {
        // Filled in with the tier engine (issue 5, in progress).
    }
}
