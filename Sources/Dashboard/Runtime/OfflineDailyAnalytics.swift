import Foundation
import LoyaltyCore
import LoyaltyStore

/// Without a background sync (which runs the day's RFM recompute after its runs), the dashboard runs it once at start,
/// on a thread of its own, when its operator may (staff and above): recency moves with the calendar even offline.
/// Quitting mid-way loses nothing: the recompute is one transaction.
enum OfflineDailyAnalytics {
    static func start(_ options: DashboardOptions) {
        guard options.session.actor.role.allows(.recomputeAnalytics) else { return }
        let store = options.store, session = options.session, clock = options.wallClock
        let thread = Thread { _ = try? store.recomputeRFMIfDue(session, now: clock()) }
        thread.name = "loyalnest.rfm.daily"
        thread.start()
    }
}
