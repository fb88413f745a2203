import Foundation
import GRDB
import LoyaltyCore

public struct JourneyOrder: Codable, Hashable, Sendable {
    public enum Status: String, Codable, Hashable, Sendable { case placed, partiallyRefunded, refunded, cancelled }
    public var id: Int64
    public var externalID: String
    /// The shop-facing name ("#1001") when the source gave one.
    public var name: String?
    public var processedAt: UnixTime
    public var totalMinor: Int64
    public var refundedMinor: Int64
    public var financialStatus: String?
    public var cancelledAt: UnixTime?
    public var status: Status
}

public struct JourneyRefund: Codable, Hashable, Sendable {
    public var id: Int64
    public var externalID: String
    public var orderExternalID: String
    public var orderName: String?
    public var createdAt: UnixTime
    public var amountMinor: Int64
}

/// A ledger entry with whether `undoEntry` would accept it now, and why not when it would not.
public struct JourneyEntry: Codable, Hashable, Sendable {
    public var entry: LedgerEntryInfo
    public var undoable: Bool
    public var notUndoableBecause: String?
}

public enum JourneyEvent: Codable, Hashable, Sendable {
    case order(JourneyOrder)
    case refund(JourneyRefund)
    case entry(JourneyEntry)
    case redemption(RedemptionInfo)
    case audit(AuditEntry)

    public var at: UnixTime {
        switch self {
        case .order(let o): return o.processedAt
        case .refund(let r): return r.createdAt
        case .entry(let e): return e.entry.createdAt
        case .redemption(let r): return r.createdAt
        case .audit(let a): return a.createdAt
        }
    }

    /// Among events of the same second, what a business event caused is shown above (after) its cause:
    /// an order, then its ledger entry, then the audit record of the operation.
    var causalOrder: Int {
        switch self {
        case .order: return 0
        case .refund: return 1
        case .redemption: return 2
        case .entry: return 3
        case .audit: return 4
        }
    }

    var id: Int64 {
        switch self {
        case .order(let o): return o.id
        case .refund(let r): return r.id
        case .entry(let e): return e.entry.id
        case .redemption(let r): return r.id
        case .audit(let a): return a.id
        }
    }
}

public struct CustomerJourney: Codable, Hashable, Sendable {
    public var customer: CustomerInfo
    public var referralCode: String?
    public var currency: String
    public var balances: Balances
    public var expiring: ExpiringPoints
    /// Newest first.
    public var events: [JourneyEvent]
    /// Older events exist beyond `limit`.
    public var hasMore: Bool
}

extension Session {
    /// Reads need only the merchant; the store's shared query helpers take a session, so reads made for a merchant
    /// alone run as this stand-in viewer, which can never write (every write checks a stronger role).
    static func reading(_ merchant: MerchantInfo) -> Session {
        Session(merchant: merchant, actor: Operator(id: 0, merchantID: merchant.id, name: "(reader)", role: .viewer))
    }
}

extension LoyaltyStore {
    /// Everything that happened to one customer, newest first: orders, refunds, ledger entries (with whether each
    /// can be undone), redemptions and the audit records of operations on them, plus balances as of `now`.
    public func customerJourney(merchant: MerchantInfo, customerID: Int64, limit: Int = 200, now: UnixTime) throws -> CustomerJourney {
        let session = Session.reading(merchant)
        let limit = max(1, limit)
        return try read { db in
            let row = try customerRow(db, session: session, id: customerID)
            let events = try orders(db, customerID: customerID, limit: limit)
                + refunds(db, customerID: customerID, limit: limit)
                + entries(db, customerID: customerID, limit: limit)
                + redemptions(db, customerID: customerID, limit: limit)
                + audits(db, merchantID: merchant.id, customerID: customerID, limit: limit)
            let sorted = events.sorted { a, b in
                if a.at != b.at { return a.at > b.at }
                if a.causalOrder != b.causalOrder { return a.causalOrder > b.causalOrder }
                return a.id > b.id
            }
            return CustomerJourney(customer: CustomerInfo(row: row), referralCode: row["referral_code"], currency: merchant.currency,
                                   balances: try balances(db, customerID: customerID, session: session, now: now),
                                   expiring: try expiring(db, session: session, customerID: customerID, now: now),
                                   events: Array(sorted.prefix(limit)), hasMore: sorted.count > limit)
        }
    }

    private func orders(_ db: Database, customerID: Int64, limit: Int) throws -> [JourneyEvent] {
        try Row.fetchAll(db, sql: """
            SELECT o.*, COALESCE((SELECT SUM(r.amount_minor) FROM refunds r WHERE r.order_id = o.id), 0) AS refunded
            FROM orders o WHERE o.customer_id = ? ORDER BY o.processed_at DESC, o.id DESC LIMIT ?
            """, arguments: [customerID, limit + 1]).map { row in
            let total: Int64 = row["total_minor"]
            let refunded: Int64 = row["refunded"]
            let cancelledAt: UnixTime? = row["cancelled_at"]
            let status: JourneyOrder.Status = cancelledAt != nil ? .cancelled
                : refunded <= 0 ? .placed : refunded >= (row["eligible_minor"] as Int64) ? .refunded : .partiallyRefunded
            return .order(JourneyOrder(id: row["id"], externalID: row["external_id"], name: row["name"], processedAt: row["processed_at"],
                                       totalMinor: total, refundedMinor: refunded, financialStatus: row["financial_status"],
                                       cancelledAt: cancelledAt, status: status))
        }
    }

    private func refunds(_ db: Database, customerID: Int64, limit: Int) throws -> [JourneyEvent] {
        try Row.fetchAll(db, sql: """
            SELECT r.*, o.external_id AS order_external_id, o.name AS order_name FROM orders o JOIN refunds r ON r.order_id = o.id
            WHERE o.customer_id = ? ORDER BY r.created_at DESC, r.id DESC LIMIT ?
            """, arguments: [customerID, limit + 1]).map { row in
            .refund(JourneyRefund(id: row["id"], externalID: row["external_id"], orderExternalID: row["order_external_id"],
                                  orderName: row["order_name"], createdAt: row["created_at"], amountMinor: row["amount_minor"]))
        }
    }

    /// The same rules as `undoEntry` (Corrections.swift), read without trying.
    private func entries(_ db: Database, customerID: Int64, limit: Int) throws -> [JourneyEvent] {
        try Row.fetchAll(db, sql: """
            SELECT e.*,
                   (SELECT COALESCE(SUM(r.points), 0) FROM points_transactions r WHERE r.reverses_id = e.id) AS corrected,
                   (SELECT status FROM reward_redemptions WHERE id = e.redemption_id) AS redemption_status
            FROM (\(LedgerSQL.entryWithContext) WHERE t.customer_id = ? ORDER BY t.created_at DESC, t.id DESC LIMIT ?) e
            """, arguments: [customerID, limit + 1]).map { row in
            let entry = LedgerEntryInfo(row: row)
            let corrected: Int64 = row["corrected"]
            let redemptionStatus: String? = row["redemption_status"]
            let refusal: String?
            if entry.kind == EntryKind.undo.rawValue || entry.kind == EntryKind.redemptionCancel.rawValue {
                refusal = "an undo cannot be undone; post an adjustment instead"
            } else if let by = entry.reversedByID {
                refusal = "already undone by entry \(by)"
            } else if entry.kind == EntryKind.redeem.rawValue, let status = redemptionStatus, status != RedemptionStatus.issued.rawValue {
                refusal = "its code is \(status) and cannot be cancelled"
            } else if entry.points > 0 && entry.points + corrected <= 0 {
                refusal = "no points of it are left to undo"
            } else {
                refusal = nil
            }
            return .entry(JourneyEntry(entry: entry, undoable: refusal == nil, notUndoableBecause: refusal))
        }
    }

    private func redemptions(_ db: Database, customerID: Int64, limit: Int) throws -> [JourneyEvent] {
        try Row.fetchAll(db, sql: """
            SELECT r.*, w.name AS reward_name FROM reward_redemptions r JOIN rewards w ON w.id = r.reward_id
            WHERE r.customer_id = ? ORDER BY r.created_at DESC, r.id DESC LIMIT ?
            """, arguments: [customerID, limit + 1]).map { .redemption(RedemptionInfo(row: $0)) }
    }

    /// Audit records about the customer, their ledger entries (undos) and their redemptions (cancellations): three
    /// lookups of the (merchant, entity, entity id) index. Left to itself SQLite walks the merchant's whole log by time
    /// to save the sort.
    private func audits(_ db: Database, merchantID: Int64, customerID: Int64, limit: Int) throws -> [JourneyEvent] {
        try Row.fetchAll(db, sql: """
            SELECT * FROM (
                SELECT * FROM audit_logs INDEXED BY audit_logs_entity WHERE merchant_id = :merchant AND entity = 'customer' AND entity_id = :customer
                UNION ALL
                SELECT * FROM audit_logs INDEXED BY audit_logs_entity WHERE merchant_id = :merchant AND entity = 'points_transaction'
                    AND entity_id IN (SELECT id FROM points_transactions WHERE customer_id = :customer)
                UNION ALL
                SELECT * FROM audit_logs INDEXED BY audit_logs_entity WHERE merchant_id = :merchant AND entity = 'reward_redemption'
                    AND entity_id IN (SELECT id FROM reward_redemptions WHERE customer_id = :customer))
            ORDER BY created_at DESC, id DESC LIMIT :limit
            """, arguments: ["merchant": merchantID, "customer": customerID, "limit": limit + 1]).map {
            .audit(AuditEntry(id: $0["id"], operatorName: $0["operator_name"], action: $0["action"], entity: $0["entity"],
                              entityID: $0["entity_id"], before: $0["before_json"], after: $0["after_json"], createdAt: $0["created_at"]))
        }
    }
}
