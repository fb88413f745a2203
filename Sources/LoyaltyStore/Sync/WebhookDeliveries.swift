import Foundation
import GRDB
import LoyaltyCore

/// A webhook kept between its acknowledgement and its processing.
public struct WebhookDelivery: Hashable, Sendable {
    public var webhookID: String
    public var topic: String
    public var receivedAt: UnixTime
    public var body: Data
}

extension LoyaltyStore {
    /// Stores a verified delivery before it is acknowledged. Returns false for a delivery seen before (Shopify retries
    /// and duplicates carry the same X-Shopify-Webhook-Id): it is acknowledged again and not processed twice.
    public func acceptWebhook(_ session: Session, webhookID: String, topic: String, body: Data, now: UnixTime) throws -> Bool {
        try write { db in
            try db.execute(sql: """
                INSERT INTO webhook_deliveries (merchant_id, webhook_id, topic, received_at, body) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT DO NOTHING
                """, arguments: [session.merchant.id, webhookID, topic, now, body])
            return db.changesCount > 0
        }
    }

    public func pendingWebhooks(_ session: Session, limit: Int = 100) throws -> [WebhookDelivery] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT webhook_id, topic, received_at, body FROM webhook_deliveries
                WHERE merchant_id = ? AND processed_at IS NULL ORDER BY received_at, webhook_id LIMIT ?
                """, arguments: [session.merchant.id, limit]).map {
                WebhookDelivery(webhookID: $0["webhook_id"], topic: $0["topic"], receivedAt: $0["received_at"], body: $0["body"] ?? Data())
            }
        }
    }

    /// Marks a delivery done; its body is dropped (it may hold personal data) and the outcome kept.
    public func markWebhookProcessed(_ session: Session, webhookID: String, outcome: String, now: UnixTime) throws {
        try write { db in
            try db.execute(sql: """
                UPDATE webhook_deliveries SET processed_at = ?, outcome = ?, body = NULL WHERE merchant_id = ? AND webhook_id = ?
                """, arguments: [now, outcome, session.merchant.id, webhookID])
        }
    }

    /// Applies a refund the shop reported on its own (refunds/create) to a known order. Returns nil when the order is
    /// not in the store yet: the sync brings the order with its refunds later.
    public func applyRefund(_ session: Session, orderExternalID: String, refund: IncomingRefund, now: UnixTime) throws -> SyncPageReport? {
        let known = try read { db in
            try Row.fetchOne(db, sql: """
                SELECT o.*, c.external_id AS customer_external_id, c.email AS customer_email FROM orders o
                JOIN customers c ON c.id = o.customer_id WHERE o.merchant_id = ? AND o.external_id = ?
                """, arguments: [session.merchant.id, orderExternalID])
        }
        guard let row = known else { return nil }
        let refunds = try read { db in
            try Row.fetchAll(db, sql: "SELECT external_id, created_at, amount_minor FROM refunds WHERE order_id = ?",
                             arguments: [row["id"] as Int64])
        }
        let exponent = session.currency.exponent
        func amount(_ minor: Int64?) -> DecimalAmount? { minor.map { DecimalAmount(digits: $0, scale: exponent) } }
        var all = refunds.map { IncomingRefund(externalID: $0["external_id"], createdAt: $0["created_at"], amount: amount($0["amount_minor"])!) }
        guard !all.contains(where: { $0.externalID == refund.externalID }) else { return SyncPageReport() }
        all.append(refund)
        let order = IncomingOrder(externalID: orderExternalID, name: row["name"],
                                  customer: IncomingCustomer(externalID: row["customer_external_id"], email: row["customer_email"]),
                                  processedAt: row["processed_at"], currency: row["currency"], totalPrice: amount(row["total_minor"])!,
                                  subtotalPrice: amount(row["subtotal_minor"]), financialStatus: row["financial_status"],
                                  cancelledAt: row["cancelled_at"], refunds: all,
                                  discountCodes: (row["discount_codes"] as String?).map { $0.split(separator: ",").map(String.init) } ?? [])
        return try applySyncPage(session, resource: .orders, SyncPage(orders: [order]), now: now)
    }
}
