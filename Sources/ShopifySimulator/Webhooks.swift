import Crypto
import Foundation

/// The webhook topics the simulator can produce, in Shopify's spelling.
public enum WebhookTopic: String, CaseIterable, Sendable {
    case ordersCreate = "orders/create"
    case ordersUpdated = "orders/updated"
    case ordersCancelled = "orders/cancelled"
    case ordersDelete = "orders/delete"
    case refundsCreate = "refunds/create"
}

extension ShopifySimulator {
    /// base64(HMAC-SHA256(webhook secret, raw body)), the `X-Shopify-Hmac-Sha256` value.
    public func signWebhook(body: Data) -> String { Self.sign(body: body, secret: webhookSecret) }

    static func sign(body: Data, secret: String) -> String {
        let key = SymmetricKey(data: Data(secret.utf8))
        return Data(HMAC<SHA256>.authenticationCode(for: body, using: key)).base64EncodedString()
    }

    /// A signed delivery for the order's current state in the REST shape (refunds/create carries the newest
    /// refund; orders/delete only the id). Nil when the order does not exist or the refund topic has no refund.
    public func makeWebhook(topic: WebhookTopic, order id: Int64) -> (headers: [String: String], body: Data)? {
        guard let o = state.withLock({ $0.order(id: id) }) else { return nil }
        var w = JSONBuffer(capacity: 2_048)
        switch topic {
        case .ordersDelete:
            w.raw("{\"id\":"); w.int(o.id); w.byte(125)
        case .refundsCreate:
            guard let refund = o.refunds.last else { return nil }
            OrderJSON.restRefund(refund, orderID: o.id, into: &w)
        case .ordersCreate, .ordersUpdated, .ordersCancelled:
            OrderJSON.restOrder(o, store: store, into: &w)
        }
        let body = w.data
        let triggered = SimTime.isoUTC(wallNow)
        let headers = [
            "Content-Type": "application/json",
            "X-Shopify-Topic": topic.rawValue,
            "X-Shopify-Hmac-Sha256": signWebhook(body: body),
            "X-Shopify-Shop-Domain": options.shopDomain,
            "X-Shopify-API-Version": SimulatorAPIVersions.newest,
            "X-Shopify-Webhook-Id": UUID().uuidString.lowercased(),
            "X-Shopify-Triggered-At": triggered,
            "X-Shopify-Event-Id": UUID().uuidString.lowercased(),
        ]
        return (headers, body)
    }
}
