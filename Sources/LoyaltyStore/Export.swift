import Foundation
import GRDB
import LoyaltyCore

public enum ExportKind: String, Sendable, CaseIterable {
    case customers
    case ledger
    case rfm
}

extension LoyaltyStore {
    /// Streams a CSV export (RFC 4180, formula-safe text cells) to `sink` in chunks, from one read snapshot.
    public func export(_ session: Session, _ kind: ExportKind, now: UnixTime, sink: (Data) throws -> Void) throws -> Int {
        if kind == .rfm { return try exportRFM(session, now: now, sink: sink) }
        return try read { db in
            let currency = session.currency
            var buffer = Data()
            var rows = 0
            func flushIfLarge() throws {
                if buffer.count > 1 << 20 { try sink(buffer); buffer.removeAll(keepingCapacity: true) }
            }
            func time(_ t: UnixTime?) -> CSVCell { .number(t.map(Timestamp.iso8601) ?? "") }
            switch kind {
            case .customers:
                CSVWriter.append(["id", "external_id", "email", "first_name", "last_name", "phone", "birthday", "points_balance",
                                  "lifetime_earned", "orders_count", "total_spent", "currency", "enrolled_at", "last_order_at"], to: &buffer)
                let cursor = try Row.fetchCursor(db, sql: "SELECT * FROM customers WHERE merchant_id = ? ORDER BY id",
                                                 arguments: [session.merchant.id])
                while let row = try cursor.next() {
                    CSVWriter.append([.number(String(row["id"] as Int64)), .text(row["external_id"] ?? ""), .text(row["email"] ?? ""),
                                      .text(row["first_name"] ?? ""), .text(row["last_name"] ?? ""), .text(row["phone"] ?? ""),
                                      .text(row["birthday"] ?? ""), .number(String(row["points_balance"] as Int64)),
                                      .number(String(row["lifetime_earned"] as Int64)), .number(String(row["orders_count"] as Int64)),
                                      .number(Money.format(minorUnits: row["total_spent_minor"], exponent: currency.exponent)),
                                      .text(currency.code), time(row["enrolled_at"]), time(row["last_order_at"])], to: &buffer)
                    rows += 1
                    try flushIfLarge()
                }
            case .ledger:
                CSVWriter.append(["id", "customer_id", "customer_external_id", "kind", "points", "created_at", "available_at",
                                  "expires_at", "order_id", "reverses_id", "operator", "reason", "explanation", "idempotency_key"], to: &buffer)
                let cursor = try Row.fetchCursor(db, sql: """
                    SELECT t.*, c.external_id AS customer_external_id, o.external_id AS order_external_id, op.name AS operator_name
                    FROM points_transactions t JOIN customers c ON c.id = t.customer_id
                    LEFT JOIN orders o ON o.id = t.order_id LEFT JOIN operators op ON op.id = t.operator_id
                    WHERE t.merchant_id = ? ORDER BY t.id
                    """, arguments: [session.merchant.id])
                while let row = try cursor.next() {
                    CSVWriter.append([.number(String(row["id"] as Int64)), .number(String(row["customer_id"] as Int64)),
                                      .text(row["customer_external_id"] ?? ""), .text(row["kind"]),
                                      .number(String(row["points"] as Int64)), time(row["created_at"]), time(row["available_at"]),
                                      time(row["expires_at"]), .text(row["order_external_id"] ?? ""),
                                      .number((row["reverses_id"] as Int64?).map(String.init) ?? ""), .text(row["operator_name"] ?? ""),
                                      .text(row["reason"] ?? ""), .text(row["explanation"]), .text(row["idempotency_key"])], to: &buffer)
                    rows += 1
                    try flushIfLarge()
                }
            case .rfm:
                break  // answered above, from the RFM table
            }
            if !buffer.isEmpty { try sink(buffer) }
            return rows
        }
    }
}
