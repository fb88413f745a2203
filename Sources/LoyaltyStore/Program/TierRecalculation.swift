import GRDB
import LoyaltyCore

/// What a tier recalculation changed.
public struct TierRecalcReport: Codable, Hashable, Sendable {
    public var customersChecked: Int
    public var movedUp: Int
    public var movedDown: Int
}

extension LoyaltyStore {
    /// The daily job (`loyalnest tiers recalc`): every customer's tier as of `asOf` — windows move on, holds end,
    /// manual floors expire — written with its history row and entry rewards.
    @discardableResult
    public func recalculateTiers(_ session: Session, asOf: UnixTime) throws -> TierRecalcReport {
        try require(session, .editTiers)
        return try write { db in try recalculateTiers(db, session: session, reason: .dailyRecalculation, asOf: asOf) }
    }

    /// Re-evaluates every customer against the changed tier table, in the caller's transaction.
    func afterTierTableChange(_ db: Database, session: Session, reason: String, now: UnixTime) throws {
        try recalculateTiers(db, session: session, reason: .tierTableChanged, asOf: now)
    }

    @discardableResult
    func recalculateTiers(_ db: Database, session: Session, reason: TierChangeReason, asOf: UnixTime) throws -> TierRecalcReport {
        let (version, settings) = try currentSettings(db, merchantID: session.merchant.id)
        let program = try CompiledProgram.load(db, merchantID: session.merchant.id, settings: settings, settingsVersion: version)
        let settler = TierSettler(db: db, session: session, program: program)
        let ranks = Dictionary(uniqueKeysWithValues: program.tierKeys.enumerated().map { ($1, $0) })
        // Customers with any activity, a floor, or a tier to lose; others sit in the starting tier.
        let candidates = try Int64.fetchAll(db, sql: """
            SELECT id FROM customers WHERE merchant_id = ?
              AND (orders_count > 0 OR tier_key IS NOT NULL OR tier_floor_key IS NOT NULL
                   OR EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = customers.id))
            ORDER BY id
            """, arguments: [session.merchant.id])
        var report = TierRecalcReport(customersChecked: candidates.count, movedUp: 0, movedDown: 0)
        for id in candidates {
            guard let change = try settler.settle(customerID: id, reason: reason, asOf: asOf) else { continue }
            if (change.to.flatMap { ranks[$0] } ?? -1) > (change.from.flatMap { ranks[$0] } ?? -1) {
                report.movedUp += 1
            } else {
                report.movedDown += 1
            }
        }
        return report
    }
}

extension LoyaltyStore {
    /// Puts a customer at least in tier `key` until `until` (nil: until removed), or removes the floor (key nil).
    /// The floor lifts the customer; activity can still take them higher.
    public func setTierFloor(_ session: Session, customerID: Int64, key: String?, until: UnixTime?, reason: String,
                             now: UnixTime) throws {
        try require(session, .editTiers)
        let reason = try Self.requireReason(reason)
        try write { db in
            _ = try customerRow(db, session: session, id: customerID)
            if let key, !(try tierDefinitions(db, merchantID: session.merchant.id).contains { $0.key == key }) {
                throw StoreError.tierNotFound(key)
            }
            if let until, until <= now {
                throw StoreError.invalid("the floor's end (\(Timestamp.iso8601(until))) is already past; give a later date or none. Nothing was changed.")
            }
            let before = try Row.fetchOne(db, sql: "SELECT tier_floor_key, tier_floor_until FROM customers WHERE id = ?", arguments: [customerID])
            try db.execute(sql: "UPDATE customers SET tier_floor_key = ?, tier_floor_until = ?, tier_floor_set_at = ? WHERE id = ?",
                           arguments: [key, key == nil ? nil : until, key == nil ? nil : now, customerID])
            try Audit.record(db, session: session, action: key == nil ? "tier.floor.remove" : "tier.floor.set", entity: "customer",
                             entityID: customerID,
                             before: ["tier": before?["tier_floor_key"] as String?, "until": (before?["tier_floor_until"] as Int64?).map(String.init)],
                             after: ["tier": key, "until": until.map(String.init), "reason": reason], now: now)
            let (version, settings) = try currentSettings(db, merchantID: session.merchant.id)
            let program = try CompiledProgram.load(db, merchantID: session.merchant.id, settings: settings, settingsVersion: version)
            try TierSettler(db: db, session: session, program: program)
                .settle(customerID: customerID, reason: key == nil ? .manualFloorExpired : .manualFloorSet, asOf: now)
        }
    }
}
