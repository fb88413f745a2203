import Foundation
import GRDB
import LoyaltyCore

/// audit_logs: one row per mutation, written in the mutation's own transaction.
enum Audit {
    static func record<B: Encodable, A: Encodable>(_ db: Database, session: Session, action: String, entity: String,
                                                   entityID: Int64?, before: B?, after: A?, now: UnixTime) throws {
        func json<T: Encodable>(_ value: T?) throws -> String? {
            guard let value else { return nil }
            return String(decoding: try JSONEncoder.sorted.encode(value), as: UTF8.self)
        }
        try db.execute(sql: """
            INSERT INTO audit_logs (merchant_id, operator_id, operator_name, action, entity, entity_id, before_json, after_json, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [session.merchant.id, session.actor.id, session.actor.name, action, entity, entityID,
                             try json(before), try json(after), now])
    }
}

public struct AuditEntry: Hashable, Sendable, Codable {
    public var id: Int64
    public var operatorName: String
    public var action: String
    public var entity: String
    public var entityID: Int64?
    public var before: String?
    public var after: String?
    public var createdAt: UnixTime
}

extension LoyaltyStore {
    public func auditLog(_ session: Session, entity: String? = nil, entityID: Int64? = nil, limit: Int = 100) throws -> [AuditEntry] {
        try read { db in
            var sql = "SELECT * FROM audit_logs WHERE merchant_id = ?"
            var args: StatementArguments = [session.merchant.id]
            if let entity { sql += " AND entity = ?"; _ = args.append(contentsOf: [entity]) }
            if let entityID { sql += " AND entity_id = ?"; _ = args.append(contentsOf: [entityID]) }
            sql += " ORDER BY id DESC LIMIT ?"
            _ = args.append(contentsOf: [limit])
            return try Row.fetchAll(db, sql: sql, arguments: args).map {
                AuditEntry(id: $0["id"], operatorName: $0["operator_name"], action: $0["action"], entity: $0["entity"],
                           entityID: $0["entity_id"], before: $0["before_json"], after: $0["after_json"], createdAt: $0["created_at"])
            }
        }
    }
}
