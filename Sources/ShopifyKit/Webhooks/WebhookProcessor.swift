import Foundation
import LoyaltyCore
import LoyaltyStore

/// Applies stored webhook deliveries through the same store path as the sync (one transaction per delivery;
/// the ledger's idempotency keys make a webhook and the poller delivering the same order harmless).
public struct WebhookProcessor: Sendable {
    public static let orderTopics: Set<String> = ["orders/create", "orders/updated", "orders/cancelled", "orders/edited", "orders/paid"]
    public static let privacyTopics: Set<String> = ["customers/redact", "customers/data_request", "shop/redact"]
    public static let topics: Set<String> = orderTopics.union(privacyTopics)
        .union(["orders/delete", "refunds/create", "customers/create", "customers/update"])

    let store: LoyaltyStore
    let session: Session
    let clock: @Sendable () -> UnixTime

    public init(store: LoyaltyStore, session: Session, clock: @escaping @Sendable () -> UnixTime) {
        self.store = store
        self.session = session
        self.clock = clock
    }

    /// Processes every pending delivery in arrival order; returns how many were processed.
    @discardableResult
    public func processPending() throws -> Int {
        var processed = 0
        while true {
            let batch = try store.pendingWebhooks(session, limit: 100)
            if batch.isEmpty { return processed }
            for delivery in batch {
                let outcome = process(delivery)
                try store.markWebhookProcessed(session, webhookID: delivery.webhookID, outcome: outcome, now: clock())
                processed += 1
            }
        }
    }

    /// What a delivery did, in words for the record (a bad body is recorded, not retried: Shopify's next
    /// update of the order, or the poller, brings the right data).
    func process(_ delivery: WebhookDelivery) -> String {
        let now = clock()
        do {
            switch delivery.topic {
            case let topic where Self.orderTopics.contains(topic):
                let decoded = ShopifyOrderJSON.decodeOrders(delivery.body, format: .shopifyJSON)
                if let error = decoded.errors.first { return "refused: \(error.message)" }
                let report = try store.applySyncPage(session, resource: .orders, SyncPage(orders: decoded.orders), now: now)
                return "orders new \(report.ordersNew), updated \(report.ordersUpdated), known \(report.ordersKnown), points \(report.pointsPosted)"
            case "orders/delete":
                let id = try ShopifyWebhookPayloads.deletedOrderID(delivery.body)
                let report = try store.applySyncPage(session, resource: .deletions, SyncPage(deletedOrders: [(id, delivery.receivedAt)]), now: now)
                return "order \(id) deleted: \(report.ordersDeleted), points \(report.pointsPosted)"
            case "refunds/create":
                let (orderID, refund) = try ShopifyWebhookPayloads.refund(delivery.body)
                guard let report = try store.applyRefund(session, orderExternalID: orderID, refund: refund, now: now) else {
                    return "order \(orderID) not synced yet; the sync brings it with this refund"
                }
                return "refund \(refund.externalID) on order \(orderID): points \(report.pointsPosted)"
            case "customers/create", "customers/update":
                let payload = try ShopifyWebhookPayloads.customer(delivery.body)
                let update = IncomingCustomerUpdate(customer: payload.customer, createdAt: payload.createdAt ?? delivery.receivedAt,
                                                    updatedAt: payload.updatedAt ?? delivery.receivedAt)
                let report = try store.applySyncPage(session, resource: .customers, SyncPage(customers: [update]), now: now)
                return "customer created \(report.customersCreated), updated \(report.customersUpdated)"
            case let topic where Self.privacyTopics.contains(topic):
                // Recorded for an operator: redaction and data export tools are not built yet (see the issue note).
                return "privacy request recorded; awaiting an operator"
            default:
                return "ignored: topic \(delivery.topic) is not one LoyalNest subscribes to"
            }
        } catch {
            return "refused: \(error)"
        }
    }
}
