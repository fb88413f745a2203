import Foundation
import GRDB
import LoyaltyCore

/// The merchant's program rules compiled for writing: the tier engine and the campaign engine, loaded once per
/// transaction that needs them.
struct CompiledProgram {
    let settings: ProgramSettings
    let settingsVersion: Int64
    let tiers: TierEngine?
    let campaigns: CampaignEngine?
    let tierMultipliers: [Multiplier?]

    var tierKeys: [String] { tiers?.tiers.map(\.key) ?? [] }
    var isEmpty: Bool { tiers == nil && campaigns == nil }

    static func load(_ db: Database, merchantID: Int64, settings: ProgramSettings, settingsVersion: Int64) throws -> CompiledProgram {
        let tierDefinitions = try String.fetchAll(db, sql: """
            SELECT definition_json FROM vip_tiers WHERE merchant_id = ? AND deleted_at IS NULL
            """, arguments: [merchantID]).map { try JSONDecoder().decode(TierDefinition.self, from: Data($0.utf8)) }
        let campaignRows = try Row.fetchAll(db, sql: """
            SELECT id, status, definition_json FROM bonus_campaigns
            WHERE merchant_id = ? AND deleted_at IS NULL AND status IN ('scheduled','active','paused')
            """, arguments: [merchantID])
        let stored = try campaignRows.map { row in
            StoredCampaign(id: row["id"], status: CampaignStatus(rawValue: row["status"]) ?? .draft,
                           definition: try JSONDecoder().decode(CampaignDefinition.self, from: Data((row["definition_json"] as String).utf8)))
        }
        let engine = tierDefinitions.isEmpty ? nil : TierEngine(tiers: tierDefinitions, settings: settings)
        return CompiledProgram(settings: settings, settingsVersion: settingsVersion, tiers: engine,
                               campaigns: stored.isEmpty ? nil : CampaignEngine(campaigns: stored),
                               tierMultipliers: engine?.multipliers() ?? [])
    }
}

/// Brings one customer's stored tier in line with the rules: the customer row, a customer_tier_history row with the
/// reason, entry rewards (once per tier, ever: the idempotency key names the tier) and the lifecycle campaigns a
/// move up fires. Runs inside the caller's write transaction.
struct TierSettler {
    let db: Database
    let session: Session
    let program: CompiledProgram
    let ledger: LedgerWriter

    init(db: Database, session: Session, program: CompiledProgram) {
        self.db = db
        self.session = session
        self.program = program
        ledger = LedgerWriter(db: db, merchantID: session.merchant.id)
    }

    /// Returns the change written, if any.
    @discardableResult
    func settle(customerID: Int64, reason: TierChangeReason, asOf: UnixTime, orderID: Int64? = nil) throws -> (from: String?, to: String?)? {
        let events = try CustomerTierHistory(db: db).events(customerID: customerID)
        let standing: TierStanding? = program.tiers.map { CustomerTierHistory.standing($0, events: events, asOf: asOf) }
        let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT tier_key, tier_since, tier_held_until FROM customers WHERE id = ?"),
                                   arguments: [customerID])
        let stored: String? = row?["tier_key"]
        let state = standing?.state ?? TierState()
        let heldUntil = standing?.progress.expiresAt
        if stored == state.tierKey {
            if row?["tier_held_until"] as UnixTime? != heldUntil {
                try db.execute(sql: "UPDATE customers SET tier_held_until = ? WHERE id = ?", arguments: [heldUntil, customerID])
            }
            try payEntryRewards(customerID: customerID, highest: state.highestTierKey, at: asOf)
            return nil
        }
        let since = state.since ?? asOf
        try db.execute(sql: "UPDATE customers SET tier_key = ?, tier_since = ?, tier_held_until = ? WHERE id = ?",
                       arguments: [state.tierKey, state.tierKey == nil ? nil : since, heldUntil, customerID])
        try db.execute(sql: """
            INSERT INTO customer_tier_history (merchant_id, customer_id, from_key, to_key, reason, changed_at, order_id, operator_id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [session.merchant.id, customerID, stored, state.tierKey, reason.rawValue, max(since, asOf), orderID,
                             session.actor.id])
        try payEntryRewards(customerID: customerID, highest: state.highestTierKey, at: asOf)
        try fireLifecycle(customerID: customerID, from: stored, to: state.tierKey, at: asOf)
        return (stored, state.tierKey)
    }

    /// Entry rewards of every tier up to the highest ever reached; the key makes each one once per customer.
    private func payEntryRewards(customerID: Int64, highest: String?, at time: UnixTime) throws {
        guard let engine = program.tiers, let top = engine.rank(of: highest) else { return }
        let start = engine.newAccount().tierIndex ?? -1
        for rank in (start + 1)...max(start + 1, top) where rank <= top && rank >= 0 {
            let tier = engine.tiers[rank]
            guard tier.entryRewardPoints > 0 else { continue }
            try ledger.credit(customerID: customerID, NewEntry(
                kind: .tierReward, points: tier.entryRewardPoints, createdAt: time,
                expiresAt: program.settings.expiry.expiresAt(earnedAt: time), operatorID: session.actor.id,
                key: "loyalnest:\(session.merchant.id):customer:\(customerID):tier:\(tier.key):entry",
                explanation: "\(tier.entryRewardPoints) pts for reaching \(tier.name.text(for: "en")) (rules v\(program.settingsVersion))",
                settingsVersion: program.settingsVersion))
        }
    }

    private func fireLifecycle(customerID: Int64, from: String?, to: String?, at time: UnixTime) throws {
        guard let campaigns = program.campaigns else { return }
        let awards = try CampaignAwards(db: db).counts(customerID: customerID)
        let fired = campaigns.lifecycleAwards(for: .tierChanged(from: from, to: to, tierOrder: program.tierKeys),
                                              customer: CampaignCustomerContext(at: time, tierKey: to, awardsSoFar: awards))
        for bonus in fired {
            let n = (awards[bonus.campaignID] ?? 0) + 1
            let key = "loyalnest:\(session.merchant.id):campaign:\(bonus.campaignID):customer:\(customerID):award:\(n)"
            guard let entryID = try ledger.credit(customerID: customerID, NewEntry(
                kind: .campaignBonus, points: bonus.points, createdAt: time,
                expiresAt: program.settings.expiry.expiresAt(earnedAt: time), operatorID: session.actor.id, key: key,
                explanation: "\(bonus.points) pts from \(bonus.label) for reaching \(to ?? "a new tier") (rules v\(program.settingsVersion))",
                settingsVersion: program.settingsVersion, campaignID: bonus.campaignID)) else { continue }
            try CampaignAwards(db: db).record(merchantID: session.merchant.id, campaignID: bonus.campaignID, customerID: customerID,
                                              orderID: nil, entryID: entryID, points: bonus.points, revenueMinor: 0, at: time, key: key)
        }
    }
}

/// campaign_awards: what each campaign gave each customer.
struct CampaignAwards {
    let db: Database

    func counts(customerID: Int64) throws -> [Int64: Int] {
        var counts: [Int64: Int] = [:]
        for row in try Row.fetchAll(db.cachedStatement(sql: """
            SELECT campaign_id, COUNT(*) AS n FROM campaign_awards WHERE customer_id = ? GROUP BY campaign_id
            """), arguments: [customerID]) {
            counts[row["campaign_id"]] = row["n"]
        }
        return counts
    }

    func record(merchantID: Int64, campaignID: Int64, customerID: Int64, orderID: Int64?, entryID: Int64?, points: Int64,
                revenueMinor: Int64, at time: UnixTime, key: String) throws {
        try db.cachedStatement(sql: """
            INSERT INTO campaign_awards (merchant_id, campaign_id, customer_id, order_id, entry_id, points, revenue_minor, created_at, idempotency_key)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (idempotency_key) DO NOTHING
            """).execute(arguments: [merchantID, campaignID, customerID, orderID, entryID, points, revenueMinor, time, key])
    }
}
