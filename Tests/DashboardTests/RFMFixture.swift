import Foundation
import LoyaltyCore
import LoyaltyStore
@testable import Dashboard

/// A demo store with RFM recomputed three times through the store's API (60 and 30 days before the golden tests'
/// fixed time, and at it), the churn model refitted after each, as `loyalnest rfm recompute` does.
enum RFMFixture {
    static let now = DemoFixture.now
    static let day: Int64 = 86_400

    static let shared: LoyaltyStore = try! make()

    static func make() throws -> LoyaltyStore {
        let store = try unscored()
        let owner = try store.session(merchant: nil, operator: nil)
        for daysBefore: Int64 in [60, 30, 0] {
            let at = now - daysBefore * day
            _ = try store.recomputeRFM(owner, asOf: at, now: at)
            try store.fitChurn(owner, now: at)
        }
        return store
    }

    /// Orders but no recompute yet: the screen's empty state.
    static func unscored() throws -> LoyaltyStore { try DemoFixture.make(customers: 200, analyticsHistory: false) }
}
