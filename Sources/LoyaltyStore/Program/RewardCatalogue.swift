import GRDB
import LoyaltyCore

extension LoyaltyStore {
    /// Replaces a reward's definition. Codes already issued keep the cost and value they were issued with.
    @discardableResult
    public func updateReward(_ session: Session, id: Int64, _ reward: RewardDefinition, now: UnixTime) throws -> RewardInfo {
        try require(session, .editRewards)
        let problems = reward.ruleProblems()
        guard problems.isEmpty else { throw StoreError.rewardProblems(id: id, problems) }
        return try write { db in
            let before = try rewardInfo(db, session: session, id: id)
            try db.execute(sql: """
                UPDATE rewards SET name = ?, kind = ?, points_cost = ?, value_minor = ?, percent = ?, product_id = ?,
                    minimum_order_minor = ?, active = ?, code_valid_days = ? WHERE id = ?
                """, arguments: [reward.name, reward.kind.rawValue, reward.pointsCost, reward.valueMinor, reward.percent,
                                 reward.productID, reward.minimumOrderMinor, reward.active, reward.codeValidDays, id])
            let after = try rewardInfo(db, session: session, id: id)
            try Audit.record(db, session: session, action: "reward.update", entity: "reward", entityID: id,
                             before: before, after: after, now: now)
            return after
        }
    }

    /// Removes a reward from the catalogue. Issued codes stay valid (and cancellable); the row is kept for them.
    public func deleteReward(_ session: Session, id: Int64, now: UnixTime) throws {
        try require(session, .editRewards)
        try write { db in
            let before = try rewardInfo(db, session: session, id: id)
            try db.execute(sql: "UPDATE rewards SET deleted_at = ?, active = 0 WHERE id = ?", arguments: [now, id])
            try Audit.record(db, session: session, action: "reward.delete", entity: "reward", entityID: id,
                             before: before, after: nil as RewardInfo?, now: now)
        }
    }
}
