import GRDB
import LoyaltyCore

/// How many customers each tier holds now, and how many are in none.
public struct TierDistribution: Codable, Hashable, Sendable {
    /// Tier key → customers in it now.
    public var members: [String: Int]
    public var noTier: Int

    public init(members: [String: Int], noTier: Int) {
        self.members = members
        self.noTier = noTier
    }
}

/// Tier changes recorded in customer_tier_history since a moment: moves up (into a higher tier, or into a tier
/// from none) and moves down.
public struct TierMovement: Codable, Hashable, Sendable {
    public var up: Int
    public var down: Int

    public init(up: Int, down: Int) {
        self.up = up
        self.down = down
    }
}

/// One saved version of the program settings: who saved it, when and why.
public struct SettingsVersionInfo: Codable, Hashable, Sendable {
    public var version: Int64
    public var createdAt: UnixTime
    public var operatorName: String?
    public var reason: String
}

/// Read-only queries for the program screens of the dashboard.
extension LoyaltyStore {
    public func tierDistribution(_ session: Session) throws -> TierDistribution {
        try read { db in
            var members: [String: Int] = [:]
            var noTier = 0
            for row in try Row.fetchAll(db, sql: """
                SELECT tier_key, COUNT(*) AS n FROM customers WHERE merchant_id = ? GROUP BY tier_key
                """, arguments: [session.merchant.id]) {
                if let key = row["tier_key"] as String? { members[key] = row["n"] } else { noTier = row["n"] }
            }
            return TierDistribution(members: members, noTier: noTier)
        }
    }

    /// Moves at or after `since`. A move's direction follows the tiers' thresholds (deleted tiers keep theirs), so
    /// it is right even after the table changed; a move between two unknown keys counts as neither.
    public func tierMovement(_ session: Session, since: UnixTime) throws -> TierMovement {
        try read { db in
            var thresholds: [String: Int64] = [:]
            // Live tiers last, so they win over a deleted tier that had the same key.
            for row in try Row.fetchAll(db, sql: """
                SELECT key, threshold FROM vip_tiers WHERE merchant_id = ? ORDER BY deleted_at IS NULL, id
                """, arguments: [session.merchant.id]) {
                thresholds[row["key"]] = row["threshold"]
            }
            // No tier ranks below every tier; a key no tier row knows has no rank.
            func rank(_ key: String?) -> Int64? {
                guard let key else { return -1 }
                return thresholds[key]
            }
            var movement = TierMovement(up: 0, down: 0)
            for row in try Row.fetchAll(db, sql: """
                SELECT from_key, to_key, COUNT(*) AS n FROM customer_tier_history
                WHERE merchant_id = ? AND changed_at >= ? GROUP BY from_key, to_key
                """, arguments: [session.merchant.id, since]) {
                guard let from = rank(row["from_key"]), let to = rank(row["to_key"]) else { continue }
                if to > from { movement.up += row["n"] as Int } else if to < from { movement.down += row["n"] as Int }
            }
            return movement
        }
    }

    /// The newest settings versions first.
    public func settingsVersions(_ session: Session, limit: Int = 20) throws -> [SettingsVersionInfo] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT s.version, s.created_at, s.reason, o.name AS operator_name FROM program_settings s
                LEFT JOIN operators o ON o.id = s.operator_id
                WHERE s.merchant_id = ? ORDER BY s.version DESC LIMIT ?
                """, arguments: [session.merchant.id, limit]).map {
                SettingsVersionInfo(version: $0["version"], createdAt: $0["created_at"], operatorName: $0["operator_name"],
                                    reason: ($0["reason"] as String?) ?? "")
            }
        }
    }
}
