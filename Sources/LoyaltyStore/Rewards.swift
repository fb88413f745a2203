import Foundation
import GRDB
import LoyaltyCore

public struct RewardInfo: Codable, Hashable, Sendable {
    public var id: Int64
    public var name: String
    public var kind: String
    public var pointsCost: Int64
    public var valueMinor: Int64?
    public var percent: Int?
    public var productID: String?
    public var minimumOrderMinor: Int64
    public var active: Bool
    public var codeValidDays: Int?
}

public struct RedemptionInfo: Codable, Hashable, Sendable {
    public var id: Int64
    public var customerID: Int64
    public var rewardID: Int64
    public var rewardName: String
    public var code: String
    public var points: Int64
    public var status: String
    public var createdAt: UnixTime
    public var expiresAt: UnixTime?
}

extension LoyaltyStore {
    @discardableResult
    public func addReward(_ session: Session, _ reward: RewardDefinition, now: UnixTime) throws -> RewardInfo {
        try require(session, .editRewards)
        let problems = reward.ruleProblems()
        guard problems.isEmpty else { throw StoreError.rewardProblems(id: nil, problems) }
        return try write { db in
            try db.execute(sql: """
                INSERT INTO rewards (merchant_id, name, kind, points_cost, value_minor, percent, product_id, minimum_order_minor,
                    active, code_valid_days, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [session.merchant.id, reward.name, reward.kind.rawValue, reward.pointsCost, reward.valueMinor,
                                 reward.percent, reward.productID, reward.minimumOrderMinor, reward.active, reward.codeValidDays, now])
            let info = try rewardInfo(db, session: session, id: db.lastInsertedRowID)
            try Audit.record(db, session: session, action: "reward.create", entity: "reward", entityID: info.id,
                             before: nil as RewardInfo?, after: info, now: now)
            return info
        }
    }

    public func rewards(_ session: Session) throws -> [RewardInfo] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM rewards WHERE merchant_id = ? AND deleted_at IS NULL ORDER BY points_cost, id",
                             arguments: [session.merchant.id]).map(RewardInfo.init(row:))
        }
    }

    func rewardInfo(_ db: Database, session: Session, id: Int64) throws -> RewardInfo {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM rewards WHERE id = ? AND merchant_id = ? AND deleted_at IS NULL",
                                         arguments: [id, session.merchant.id]) else { throw StoreError.rewardNotFound(id) }
        return RewardInfo(row: row)
    }

    /// Spends the reward's cost and issues a unique discount code, atomically: the balance check and the spend
    /// happen in one IMMEDIATE transaction, so concurrent redemptions can never overdraw.
    public func redeem(_ session: Session, customerID: Int64, rewardID: Int64, now: UnixTime) throws -> RedemptionInfo {
        var generator = SystemRandomNumberGenerator()
        return try redeem(session, customerID: customerID, rewardID: rewardID, now: now, generator: &generator)
    }

    /// The same with the code drawn from `generator` (the demo store uses a seeded one to be reproducible).
    public func redeem<G: RandomNumberGenerator>(_ session: Session, customerID: Int64, rewardID: Int64, now: UnixTime,
                                                 generator: inout G) throws -> RedemptionInfo {
        try require(session, .redeemOnBehalf)
        return try write { db in
            let reward = try rewardInfo(db, session: session, id: rewardID)
            guard reward.active else { throw StoreError.rewardInactive(reward.name) }
            _ = try customerRow(db, session: session, id: customerID)
            let before = try balances(db, customerID: customerID, session: session, now: now)
            var code = DiscountCode.make(using: &generator)
            while try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM reward_redemptions WHERE merchant_id = ? AND code = ?)",
                                    arguments: [session.merchant.id, code]) == true {
                code = DiscountCode.make(using: &generator)
            }
            let expiresAt = reward.codeValidDays.map { now + Int64($0) * Timestamp.secondsPerDay }
            try db.execute(sql: """
                INSERT INTO reward_redemptions (merchant_id, customer_id, reward_id, code, points, status, created_at, expires_at)
                VALUES (?, ?, ?, ?, ?, 'issued', ?, ?)
                """, arguments: [session.merchant.id, customerID, rewardID, code, reward.pointsCost, now, expiresAt])
            let redemptionID = db.lastInsertedRowID
            let ledger = LedgerWriter(db: db, merchantID: session.merchant.id)
            let entryID = try ledger.spend(customerID: customerID, points: reward.pointsCost, now: now, NewEntry(
                kind: .redeem, points: -reward.pointsCost, createdAt: now, redemptionID: redemptionID, operatorID: session.actor.id,
                key: "loyalnest:\(session.merchant.id):redemption:\(redemptionID):redeem",
                explanation: "\(reward.pointsCost) pts for \"\(reward.name)\", code \(code)"))
            try db.execute(sql: "UPDATE reward_redemptions SET transaction_id = ? WHERE id = ?", arguments: [entryID, redemptionID])
            try db.execute(sql: "UPDATE customers SET last_activity_at = MAX(COALESCE(last_activity_at, 0), ?) WHERE id = ?",
                           arguments: [now, customerID])
            let info = try redemption(db, id: redemptionID)
            try Audit.record(db, session: session, action: "reward.redeem", entity: "customer", entityID: customerID,
                             before: before, after: info, now: now)
            return info
        }
    }

    /// Cancels an issued code and gives its points back (as a new grant).
    public func cancelRedemption(_ session: Session, code: String, reason: String, now: UnixTime) throws -> RedemptionInfo {
        try require(session, .redeemOnBehalf)
        let reason = try Self.requireReason(reason)
        return try write { db in
            guard let id = try Int64.fetchOne(db, sql: "SELECT id FROM reward_redemptions WHERE merchant_id = ? AND code = ?",
                                              arguments: [session.merchant.id, code.uppercased()]) else {
                throw StoreError.redemptionNotFound(code)
            }
            _ = try cancelRedemption(db, session: session, redemptionID: id, reason: reason, now: now)
            let info = try redemption(db, id: id)
            try Audit.record(db, session: session, action: "reward.cancel", entity: "reward_redemption", entityID: id,
                             before: ["status": "issued"], after: info, now: now)
            return info
        }
    }

    func cancelRedemption(_ db: Database, session: Session, redemptionID: Int64, reason: String, now: UnixTime) throws -> Int64 {
        let info = try redemption(db, id: redemptionID)
        guard info.status == RedemptionStatus.issued.rawValue else {
            throw StoreError.redemptionNotCancellable(code: info.code, status: RedemptionStatus(rawValue: info.status) ?? .used)
        }
        let settings = try currentSettings(db, merchantID: session.merchant.id).settings
        let redeemEntry = try Int64.fetchOne(db, sql: "SELECT transaction_id FROM reward_redemptions WHERE id = ?", arguments: [redemptionID])
        try LedgerWriter(db: db, merchantID: session.merchant.id).credit(customerID: info.customerID, NewEntry(
            kind: .redemptionCancel, points: info.points, createdAt: now, expiresAt: settings.expiry.expiresAt(earnedAt: now),
            redemptionID: redemptionID, reversesID: redeemEntry, operatorID: session.actor.id,
            key: "loyalnest:\(session.merchant.id):redemption:\(redemptionID):cancel", reason: reason,
            explanation: "code \(info.code) cancelled by \(session.actor.name): \(info.points) pts returned (\(reason))"))
        try db.execute(sql: "UPDATE reward_redemptions SET status = 'cancelled', cancelled_at = ? WHERE id = ?", arguments: [now, redemptionID])
        return info.points
    }

    func redemption(_ db: Database, id: Int64) throws -> RedemptionInfo {
        guard let row = try Row.fetchOne(db, sql: """
            SELECT r.*, w.name AS reward_name FROM reward_redemptions r JOIN rewards w ON w.id = r.reward_id WHERE r.id = ?
            """, arguments: [id]) else { throw StoreError.redemptionNotFound(String(id)) }
        return RedemptionInfo(row: row)
    }
}

extension RewardInfo {
    init(row: Row) {
        self.init(id: row["id"], name: row["name"], kind: row["kind"], pointsCost: row["points_cost"], valueMinor: row["value_minor"],
                  percent: row["percent"], productID: row["product_id"], minimumOrderMinor: row["minimum_order_minor"],
                  active: row["active"], codeValidDays: row["code_valid_days"])
    }
}

extension RedemptionInfo {
    init(row: Row) {
        self.init(id: row["id"], customerID: row["customer_id"], rewardID: row["reward_id"], rewardName: row["reward_name"],
                  code: row["code"], points: row["points"], status: row["status"], createdAt: row["created_at"],
                  expiresAt: row["expires_at"])
    }
}
