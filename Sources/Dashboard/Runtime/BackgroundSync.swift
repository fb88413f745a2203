import Foundation
import LoyaltyCore
import LoyaltyStore
import ShopifyClient
import ShopifyKit

/// The dashboard's handle on the background sync: whether it runs, and how to ask it for a run now.
public struct SyncLink: Sendable {
    public var setup: SyncSetup
    public var syncNow: @Sendable () -> Void

    public init(setup: SyncSetup, syncNow: @escaping @Sendable () -> Void) {
        self.setup = setup
        self.syncNow = syncNow
    }

    public static func off(reason: String?) -> SyncLink { SyncLink(setup: .off(reason: reason), syncNow: {}) }
}

/// Starts a `SyncScheduler` for the dashboard's merchant when Shopify credentials resolve (environment or
/// config.toml); without them the dashboard runs offline and the Integrations screen says how to connect.
enum BackgroundSync {
    static let defaultInterval = 60

    struct Started {
        var scheduler: SyncScheduler?
        var link: SyncLink
    }

    static func start(_ options: DashboardOptions) -> Started {
        let settings = options.config.shopifyConnection
        let environment = options.environment
        let hasToken = !(environment["LOYALNEST_SHOPIFY_TOKEN"]?.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ?? true)
        guard hasToken || settings.tokenFile != nil || settings.clientID != nil else {
            return Started(scheduler: nil, link: .off(reason: nil))
        }
        let store = options.store
        let clock = options.wallClock
        let config: AdminAPIConfig
        let session: Session
        do {
            config = try ShopifyConnection.resolve(shopDomain: options.session.merchant.shopDomain, settings: settings,
                                                   environment: environment)
            session = try store.syncSession(merchant: options.session.merchant.shopDomain, now: clock())
        } catch {
            return Started(scheduler: nil, link: .off(reason: String(describing: error)))
        }
        let interval = Int(environment["LOYALNEST_SYNC_INTERVAL"] ?? "").flatMap { (5...86_400).contains($0) ? $0 : nil }
            ?? options.config.syncInterval ?? defaultInterval
        let scheduler = SyncScheduler(store: store, session: session, interval: TimeInterval(interval), clock: clock,
                                      makeReader: { try AdminAPIReader(config: config) })
        scheduler.start()
        return Started(scheduler: scheduler,
                       link: SyncLink(setup: .running(intervalSeconds: interval), syncNow: { scheduler.syncNow() }))
    }
}
