import Foundation
import GRDB
import LoyaltyCore

/// A customer's points right now. `total` (the ledger sum) = `available` + `pending`; a negative `available`
/// is owed points.
public struct Balances: Codable, Hashable, Sendable {
    public var total: Int64
    public var pending: Int64
    public var available: Int64
    public var lifetimeEarned: Int64
}

public struct LedgerEntryInfo: Codable, Hashable, Sendable {
    public var id: Int64
    public var customerID: Int64
    public var kind: String
    public var points: Int64
    public var createdAt: UnixTime
    public var availableAt: UnixTime
    public var expiresAt: UnixTime?
    public var orderExternalID: String?
    /// The shop-facing order name ("#1001") when the source gave one.
    public var orderName: String?
    public var reversesID: Int64?
    public var reversedByID: Int64?
    public var operatorName: String?
    public var reason: String?
    public var explanation: String
}

public struct CustomerInfo: Codable, Hashable, Sendable {
    public var id: Int64
    public var externalID: String?
    public var email: String?
    public var firstName: String?
    public var lastName: String?
    public var phone: String?
    public var birthday: String?
    public var enrolledAt: UnixTime
    public var ordersCount: Int64
    public var totalSpentMinor: Int64
    public var lastOrderAt: UnixTime?
    public var redacted: Bool

    public var displayName: String {
        let name = [firstName, lastName].compactMap { $0 }.joined(separator: " ")
        return name.isEmpty ? (email ?? externalID ?? "customer \(id)") : name
    }
}

public struct ExpiringPoints: Codable, Hashable, Sendable {
    public var within30: Int64
    public var within60: Int64
    public var within90: Int64
}

public struct CustomerDetail: Codable, Hashable, Sendable {
    public var customer: CustomerInfo
    public var currency: String
    public var balances: Balances
    public var expiring: ExpiringPoints
    public var entries: [LedgerEntryInfo]
    public var redemptions: [RedemptionInfo]
}

extension LoyaltyStore {
    /// Finds one customer by internal id, email, or external (shop) id.
    public func findCustomer(_ session: Session, _ query: String) throws -> CustomerInfo {
        try read { db in try findCustomer(db, session: session, query) }
    }

    func findCustomer(_ db: Database, session: Session, _ query: String) throws -> CustomerInfo {
        let trimmed = query.trimmingCharacters(in: .whitespaces)
        var rows: [Row] = []
        if trimmed.contains("@") {
            rows = try Row.fetchAll(db, sql: "SELECT * FROM customers WHERE merchant_id = ? AND email_normalized = ? LIMIT 5",
                                    arguments: [session.merchant.id, Customers.normalizeEmail(trimmed)])
        } else {
            if let id = Int64(trimmed) {
                rows = try Row.fetchAll(db, sql: "SELECT * FROM customers WHERE merchant_id = ? AND id = ?", arguments: [session.merchant.id, id])
            }
            if rows.isEmpty {
                rows = try Row.fetchAll(db, sql: "SELECT * FROM customers WHERE merchant_id = ? AND external_id = ?",
                                        arguments: [session.merchant.id, trimmed])
            }
        }
        guard let row = rows.first else { throw StoreError.customerNotFound(query) }
        guard rows.count == 1 else { throw StoreError.ambiguousCustomer(query, count: rows.count) }
        return CustomerInfo(row: row)
    }

    func customerRow(_ db: Database, session: Session, id: Int64) throws -> Row {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM customers WHERE id = ? AND merchant_id = ?",
                                         arguments: [id, session.merchant.id]) else { throw StoreError.customerNotFound(String(id)) }
        return row
    }

    /// Customers whose spendable points are at least `atLeast`, with those points, by customer id.
    public func customersWithAvailablePoints(_ session: Session, atLeast: Int64, now: UnixTime) throws -> [(id: Int64, available: Int64)] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT c.id, c.points_balance - COALESCE((
                    SELECT SUM(\(LedgerSQL.grantRemaining))
                    FROM points_transactions t WHERE t.customer_id = c.id AND t.points > 0 AND t.available_at > ?), 0) AS available
                FROM customers c WHERE c.merchant_id = ? AND c.redacted_at IS NULL AND available >= ? ORDER BY c.id
                """, arguments: [now, session.merchant.id, atLeast]).map { ($0["id"], $0["available"]) }
        }
    }

    public func balances(_ session: Session, customerID: Int64, now: UnixTime) throws -> Balances {
        try read { db in try balances(db, customerID: customerID, session: session, now: now) }
    }

    func balances(_ db: Database, customerID: Int64, session: Session, now: UnixTime) throws -> Balances {
        let row = try customerRow(db, session: session, id: customerID)
        let pending = try Int64.fetchOne(db, sql: """
            SELECT COALESCE(SUM(\(LedgerSQL.grantRemaining)), 0)
            FROM points_transactions t WHERE customer_id = ? AND points > 0 AND available_at > ?
            """, arguments: [customerID, now]) ?? 0
        let total: Int64 = row["points_balance"]
        return Balances(total: total, pending: pending, available: total - pending, lifetimeEarned: row["lifetime_earned"])
    }

    public func customerDetail(_ session: Session, query: String, entryLimit: Int = 50, now: UnixTime) throws -> CustomerDetail {
        try read { db in
            let customer = try findCustomer(db, session: session, query)
            let entries = try Row.fetchAll(db, sql: """
                \(LedgerSQL.entryWithContext)
                WHERE t.customer_id = ? ORDER BY t.created_at DESC, t.id DESC LIMIT ?
                """, arguments: [customer.id, entryLimit]).map(LedgerEntryInfo.init(row:))
            let redemptions = try Row.fetchAll(db, sql: """
                SELECT r.*, w.name AS reward_name FROM reward_redemptions r JOIN rewards w ON w.id = r.reward_id
                WHERE r.customer_id = ? ORDER BY r.id DESC LIMIT 20
                """, arguments: [customer.id]).map(RedemptionInfo.init(row:))
            return CustomerDetail(customer: customer, currency: session.merchant.currency,
                                  balances: try balances(db, customerID: customer.id, session: session, now: now),
                                  expiring: try expiring(db, session: session, customerID: customer.id, now: now),
                                  entries: entries, redemptions: redemptions)
        }
    }

    func entry(_ db: Database, id: Int64) throws -> LedgerEntryInfo {
        guard let row = try Row.fetchOne(db, sql: """
            \(LedgerSQL.entryWithContext)
            WHERE t.id = ?
            """, arguments: [id]) else { throw StoreError.entryNotFound(id) }
        return LedgerEntryInfo(row: row)
    }

    /// Points that will expire within 30/60/90 days of `now`: for one customer, or the whole merchant.
    public func expiringPoints(_ session: Session, customerID: Int64? = nil, now: UnixTime) throws -> ExpiringPoints {
        try read { db in try expiring(db, session: session, customerID: customerID, now: now) }
    }

    func expiring(_ db: Database, session: Session, customerID: Int64?, now: UnixTime) throws -> ExpiringPoints {
        let settings = try currentSettings(db, merchantID: session.merchant.id).settings
        let remaining = LedgerSQL.grantRemaining
        let scope = customerID == nil ? "t.merchant_id = ?" : "t.customer_id = ?"
        let scopeArg: DatabaseValueConvertible = customerID ?? session.merchant.id
        func within(_ days: Int64) throws -> Int64 {
            let end = now + days * Timestamp.secondsPerDay
            if case .daysAfterLastActivity(let inactiveDays) = settings.expiry {
                // Everything a customer holds expires when their inactivity runs out.
                let cutoff = end - Int64(inactiveDays) * Timestamp.secondsPerDay
                return try Int64.fetchOne(db, sql: """
                    SELECT COALESCE(SUM(\(remaining)), 0) FROM points_transactions t JOIN customers c ON c.id = t.customer_id
                    WHERE \(scope) AND t.points > 0 AND COALESCE(c.last_activity_at, c.enrolled_at) <= ?
                    """, arguments: [scopeArg, cutoff]) ?? 0
            }
            return try Int64.fetchOne(db, sql: """
                SELECT COALESCE(SUM(\(remaining)), 0) FROM points_transactions t
                WHERE \(scope) AND t.points > 0 AND t.expires_at IS NOT NULL AND t.expires_at > ? AND t.expires_at <= ?
                """, arguments: [scopeArg, now, end]) ?? 0
        }
        return ExpiringPoints(within30: try within(30), within60: try within(60), within90: try within(90))
    }
}

extension CustomerInfo {
    init(row: Row) {
        self.init(id: row["id"], externalID: row["external_id"], email: row["email"], firstName: row["first_name"],
                  lastName: row["last_name"], phone: row["phone"], birthday: row["birthday"], enrolledAt: row["enrolled_at"],
                  ordersCount: row["orders_count"], totalSpentMinor: row["total_spent_minor"], lastOrderAt: row["last_order_at"],
                  redacted: (row["redacted_at"] as Int64?) != nil)
    }
}

extension LedgerEntryInfo {
    init(row: Row) {
        self.init(id: row["id"], customerID: row["customer_id"], kind: row["kind"], points: row["points"], createdAt: row["created_at"],
                  availableAt: row["available_at"], expiresAt: row["expires_at"], orderExternalID: row["order_external_id"],
                  orderName: row["order_name"],
                  reversesID: row["reverses_id"], reversedByID: row["reversed_by"], operatorName: row["operator_name"],
                  reason: row["reason"], explanation: row["explanation"])
    }
}
