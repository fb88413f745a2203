import Foundation
import GRDB
import LoyaltyCore

/// A VIP tier as stored, with how many customers are in it now.
public struct TierInfo: Codable, Hashable, Sendable {
    public var id: Int64
    public var definition: TierDefinition
    public var members: Int
    public var createdAt: UnixTime
    public var updatedAt: UnixTime

    public var key: String { definition.key }
}

extension LoyaltyStore {
    /// The merchant's tiers, lowest threshold first.
    public func tiers(_ session: Session) throws -> [TierInfo] {
        try read { db in try tierInfos(db, merchantID: session.merchant.id) }
    }

    public func tier(_ session: Session, key: String) throws -> TierInfo {
        guard let tier = try tiers(session).first(where: { $0.key == key }) else { throw StoreError.tierNotFound(key) }
        return tier
    }

    /// Adds a tier; the whole table must stay consistent (no two tiers with one threshold, unique keys and names).
    @discardableResult
    public func createTier(_ session: Session, _ definition: TierDefinition, reason: String? = nil, now: UnixTime) throws -> TierInfo {
        try require(session, .editTiers)
        return try write { db in
            let existing = try tierDefinitions(db, merchantID: session.merchant.id)
            if existing.contains(where: { $0.key == definition.key }) {
                throw StoreError.rules(entity: "tier \(definition.key)",
                                       [RuleProblem(field: "key", .tierKeyExists, ["key": .text(definition.key)])])
            }
            try validateTiers(db, session: session, existing + [definition], subject: definition.key)
            try db.execute(sql: """
                INSERT INTO vip_tiers (merchant_id, key, threshold, definition_json, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [session.merchant.id, definition.key, definition.threshold, try Self.json(definition), now, now])
            let id = db.lastInsertedRowID
            try Audit.record(db, session: session, action: "tier.create", entity: "vip_tier", entityID: id,
                             before: nil as TierDefinition?, after: definition, now: now)
            try afterTierTableChange(db, session: session, reason: reason ?? "tier \(definition.key) created", now: now)
            return try tierInfo(db, merchantID: session.merchant.id, key: definition.key)
        }
    }

    /// Replaces tier `key`'s definition (the key itself may not change: campaigns and history refer to it).
    @discardableResult
    public func updateTier(_ session: Session, key: String, _ definition: TierDefinition, reason: String? = nil,
                           now: UnixTime) throws -> TierInfo {
        try require(session, .editTiers)
        return try write { db in
            let existing = try tierDefinitions(db, merchantID: session.merchant.id)
            guard let before = existing.first(where: { $0.key == key }) else { throw StoreError.tierNotFound(key) }
            if definition.key != key {
                throw StoreError.rules(entity: "tier \(key)", [RuleProblem(field: "key", .tierKeyImmutable)])
            }
            try validateTiers(db, session: session, existing.map { $0.key == key ? definition : $0 }, subject: key)
            try db.execute(sql: """
                UPDATE vip_tiers SET threshold = ?, definition_json = ?, updated_at = ?
                WHERE merchant_id = ? AND key = ? AND deleted_at IS NULL
                """, arguments: [definition.threshold, try Self.json(definition), now, session.merchant.id, key])
            let id = try tierInfo(db, merchantID: session.merchant.id, key: key).id
            try Audit.record(db, session: session, action: "tier.update", entity: "vip_tier", entityID: id,
                             before: before, after: definition, now: now)
            try afterTierTableChange(db, session: session, reason: reason ?? "tier \(key) changed", now: now)
            return try tierInfo(db, merchantID: session.merchant.id, key: key)
        }
    }

    /// Deletes tier `key`; its members are re-evaluated against the remaining tiers in the same transaction.
    /// Refused while a campaign still names the tier.
    public func deleteTier(_ session: Session, key: String, reason: String? = nil, now: UnixTime) throws {
        try require(session, .editTiers)
        try write { db in
            let info = try tierInfo(db, merchantID: session.merchant.id, key: key)
            let users = try campaignsNamingTier(db, merchantID: session.merchant.id, key: key)
            if !users.isEmpty {
                throw StoreError.rules(entity: "tier \(key)", [RuleProblem(field: "key", .tierInUse,
                    ["campaigns": .integers(users)])])
            }
            try db.execute(sql: "UPDATE vip_tiers SET deleted_at = ? WHERE id = ?", arguments: [now, info.id])
            try Audit.record(db, session: session, action: "tier.delete", entity: "vip_tier", entityID: info.id,
                             before: info.definition, after: nil as TierDefinition?, now: now)
            try afterTierTableChange(db, session: session, reason: reason ?? "tier \(key) deleted", now: now)
        }
    }

    // MARK: Reading

    func tierDefinitions(_ db: Database, merchantID: Int64) throws -> [TierDefinition] {
        try tierInfos(db, merchantID: merchantID, withMembers: false).map(\.definition)
    }

    func tierInfos(_ db: Database, merchantID: Int64, withMembers: Bool = true) throws -> [TierInfo] {
        var members: [String: Int] = [:]
        if withMembers {
            for row in try Row.fetchAll(db, sql: """
                SELECT tier_key, COUNT(*) AS n FROM customers WHERE merchant_id = ? AND tier_key IS NOT NULL GROUP BY tier_key
                """, arguments: [merchantID]) {
                members[row["tier_key"]] = row["n"]
            }
        }
        let rows = try Row.fetchAll(db, sql: """
            SELECT id, definition_json, created_at, updated_at FROM vip_tiers
            WHERE merchant_id = ? AND deleted_at IS NULL ORDER BY threshold, key
            """, arguments: [merchantID])
        return try rows.map { row in
            let definition = try JSONDecoder().decode(TierDefinition.self, from: Data((row["definition_json"] as String).utf8))
            return TierInfo(id: row["id"], definition: definition, members: members[definition.key] ?? 0,
                            createdAt: row["created_at"], updatedAt: row["updated_at"])
        }
    }

    func tierInfo(_ db: Database, merchantID: Int64, key: String) throws -> TierInfo {
        guard let info = try tierInfos(db, merchantID: merchantID).first(where: { $0.key == key }) else {
            throw StoreError.tierNotFound(key)
        }
        return info
    }

    private func validateTiers(_ db: Database, session: Session, _ tiers: [TierDefinition], subject: String) throws {
        let settings = try currentSettings(db, merchantID: session.merchant.id).settings
        let problems = TierTable.problems(tiers, settings: settings)
        guard problems.isEmpty else { throw StoreError.rules(entity: "tier \(subject)", problems) }
    }

    private func campaignsNamingTier(_ db: Database, merchantID: Int64, key: String) throws -> [Int64] {
        try campaignRecords(db, merchantID: merchantID).filter { record in
            guard record.status != .ended else { return false }
            if record.definition.conditions.tiers.contains(key) { return true }
            if case .enteredTier(let trigger)? = record.definition.trigger, trigger == key { return true }
            return false
        }.map(\.id)
    }

    static func json<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try JSONEncoder.sorted.encode(value), as: UTF8.self)
    }
}
