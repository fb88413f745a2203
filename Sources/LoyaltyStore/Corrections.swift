import Foundation
import GRDB
import LoyaltyCore

extension LoyaltyStore {
    static func requireReason(_ reason: String) throws -> String {
        let trimmed = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw StoreError.invalid("a reason is required: say why, e.g. --reason \"goodwill for late delivery\"") }
        guard trimmed.count <= 500 else { throw StoreError.invalid("the reason is \(trimmed.count) characters; keep it under 500") }
        return trimmed
    }

    /// Adds (positive) or removes (negative) points by hand, with a reason. Support operators are limited to
    /// `supportAdjustLimit` points per entry. A removal beyond the balance follows the negative-balance policy.
    @discardableResult
    public func adjustPoints(_ session: Session, customerID: Int64, delta: Int64, reason: String, key: String? = nil,
                             now: UnixTime) throws -> LedgerEntryInfo {
        try require(session, .adjustPoints)
        let reason = try Self.requireReason(reason)
        guard delta != 0, delta.magnitude <= 1_000_000_000 else {
            throw StoreError.invalid("the adjustment must be a whole number of points between -1000000000 and 1000000000, not 0")
        }
        return try write { db in
            let (version, settings) = try currentSettings(db, merchantID: session.merchant.id)
            guard session.actor.mayAdjust(points: delta, settings: settings) else {
                throw StoreError.adjustLimit(operator: session.actor.name, limit: settings.supportAdjustLimit)
            }
            let before = try balances(db, customerID: customerID, session: session, now: now)
            let ledger = LedgerWriter(db: db, merchantID: session.merchant.id)
            let key = "loyalnest:\(session.merchant.id):adjust:" + (key ?? UUID().uuidString)
            if let existing = try ledger.existingEntry(key: key) { return try entry(db, id: existing) }
            var template = NewEntry(kind: .adjust, points: delta, createdAt: now, operatorID: session.actor.id, key: key,
                                    reason: reason, explanation: "\(delta > 0 ? "+" : "")\(delta) pts adjusted by \(session.actor.name): \(reason)",
                                    settingsVersion: version)
            let id: Int64
            if delta > 0 {
                template.expiresAt = settings.expiry.expiresAt(earnedAt: now)
                id = try ledger.credit(customerID: customerID, template)!
            } else {
                guard let result = try ledger.correct(customerID: customerID, requested: -delta, preferredGrant: nil,
                                                      policy: settings.negativeBalance, now: now, template) else {
                    throw StoreError.insufficientBalance(requested: -delta, available: 0)
                }
                id = result.id
            }
            let after = try balances(db, customerID: customerID, session: session, now: now)
            try Audit.record(db, session: session, action: "points.adjust", entity: "customer", entityID: customerID,
                             before: before, after: after, now: now)
            return try entry(db, id: id)
        }
    }

    /// Undoes one entry with a compensating entry (an undo cannot itself be undone; undoing a redemption cancels it).
    @discardableResult
    public func undoEntry(_ session: Session, entryID: Int64, reason: String, now: UnixTime) throws -> LedgerEntryInfo {
        try require(session, .undoEntry)
        let reason = try Self.requireReason(reason)
        return try write { db in
            let settings = try currentSettings(db, merchantID: session.merchant.id).settings
            guard let customerID = try Int64.fetchOne(db, sql: "SELECT customer_id FROM points_transactions WHERE id = ? AND merchant_id = ?",
                                                      arguments: [entryID, session.merchant.id]) else { throw StoreError.entryNotFound(entryID) }
            let before = try balances(db, customerID: customerID, session: session, now: now)
            guard try reverse(db, session: session, entryID: entryID, reason: reason, settings: settings, now: now,
                              tolerateDone: false) != nil,
                  let undoID = try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM points_transactions WHERE reverses_id = ?", arguments: [entryID])
            else { throw StoreError.nothingToUndo(entry: entryID) }
            let after = try balances(db, customerID: customerID, session: session, now: now)
            try Audit.record(db, session: session, action: "points.undo", entity: "points_transaction", entityID: entryID,
                             before: before, after: after, now: now)
            return try entry(db, id: undoID)
        }
    }

    /// Posts the compensating entry for `entryID`; returns the signed points posted, or nil when there was nothing
    /// to do and `tolerateDone` (already reversed, or nothing left).
    func reverse(_ db: Database, session: Session, entryID: Int64, reason: String, settings: ProgramSettings,
                 now: UnixTime, tolerateDone: Bool) throws -> Int64? {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM points_transactions WHERE id = ? AND merchant_id = ?",
                                         arguments: [entryID, session.merchant.id]) else { throw StoreError.entryNotFound(entryID) }
        let kind = EntryKind(rawValue: row["kind"]) ?? .adjust
        let points: Int64 = row["points"]
        let customerID: Int64 = row["customer_id"]
        let orderID: Int64? = row["order_id"]
        if kind == .undo || kind == .redemptionCancel {
            if tolerateDone { return nil }
            throw StoreError.undoOfUndo(entry: entryID, original: row["reverses_id"])
        }
        if let by = try Int64.fetchOne(db, sql: "SELECT id FROM points_transactions WHERE reverses_id = ? AND kind IN ('undo','redemption_cancel')",
                                       arguments: [entryID]) {
            if tolerateDone { return nil }
            throw StoreError.alreadyUndone(entry: entryID, by: by)
        }
        let ledger = LedgerWriter(db: db, merchantID: session.merchant.id)
        let key = "loyalnest:\(session.merchant.id):entry:\(entryID):undo"
        if kind == .redeem, let redemptionID: Int64 = row["redemption_id"] {
            return try cancelRedemption(db, session: session, redemptionID: redemptionID, reason: reason, now: now)
        }
        if points > 0 {
            // Net of the corrections already made to this grant (e.g. a clawback of part of an earn).
            let corrected = try Int64.fetchOne(db, sql: "SELECT COALESCE(SUM(points), 0) FROM points_transactions WHERE reverses_id = ?",
                                               arguments: [entryID]) ?? 0
            let requested = points + corrected
            guard requested > 0 else {
                if tolerateDone { return nil }
                throw StoreError.nothingToUndo(entry: entryID)
            }
            let template = NewEntry(kind: .undo, points: -requested, createdAt: now, orderID: orderID, reversesID: entryID,
                                    operatorID: session.actor.id, key: key, reason: reason,
                                    explanation: "undo of entry \(entryID) (\(kind.rawValue) +\(points)) by \(session.actor.name): \(reason)")
            guard let result = try ledger.correct(customerID: customerID, requested: requested, preferredGrant: entryID,
                                                  policy: settings.negativeBalance, now: now, template) else { return nil }
            return -result.plan.posted
        }
        let restored = -points
        try ledger.credit(customerID: customerID, NewEntry(
            kind: .undo, points: restored, createdAt: now, expiresAt: settings.expiry.expiresAt(earnedAt: now),
            orderID: orderID, reversesID: entryID, operatorID: session.actor.id, key: key, reason: reason,
            explanation: "undo of entry \(entryID) (\(kind.rawValue) \(points)) by \(session.actor.name): \(reason); \(restored) pts restored"))
        return restored
    }
}
