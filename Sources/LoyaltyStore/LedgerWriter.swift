import GRDB
import LoyaltyCore

/// SQL shared by every query over grants, so "what is left of a grant" has one definition.
enum LedgerSQL {
    /// Points of grant `t` not yet allocated to any debit (spend, expiry, correction).
    static let grantRemaining = "t.points - COALESCE((SELECT SUM(a.points) FROM point_allocations a WHERE a.grant_id = t.id), 0)"

    /// A ledger entry `t` with what the journey shows beside it: order, operator, and the entry that undid it.
    static let entryWithContext = """
        SELECT t.*, o.external_id AS order_external_id, o.name AS order_name, op.name AS operator_name,
               (SELECT r.id FROM points_transactions r WHERE r.reverses_id = t.id AND r.kind IN ('undo','redemption_cancel')) AS reversed_by
        FROM points_transactions t
        LEFT JOIN orders o ON o.id = t.order_id
        LEFT JOIN operators op ON op.id = t.operator_id
        """
}

/// One ledger entry about to be written. `points` is signed: grants positive, debits negative.
struct NewEntry {
    var kind: EntryKind
    var points: Int64
    var createdAt: UnixTime
    var availableAt: UnixTime? = nil
    var expiresAt: UnixTime? = nil
    var orderID: Int64? = nil
    var refundID: Int64? = nil
    var redemptionID: Int64? = nil
    var reversesID: Int64? = nil
    var importBatchID: Int64? = nil
    var operatorID: Int64? = nil
    var key: String
    var reason: String? = nil
    var explanation: String
    var settingsVersion: Int64? = nil
    var campaignID: Int64? = nil
    var referralID: Int64? = nil
}

/// Posts ledger entries inside the caller's transaction: the entry, its allocations, and the cached balances,
/// all in the same transaction, so the cache can never drift from the ledger.
struct LedgerWriter {
    let db: Database
    let merchantID: Int64
    /// Prepared once per writer: GRDB's statement cache hashes the whole SQL text on every lookup.
    private let prepared = PreparedStatements()

    private final class PreparedStatements {
        var insertEntry: Statement?
    }

    init(db: Database, merchantID: Int64) {
        self.db = db
        self.merchantID = merchantID
    }

    /// Whether an entry with this idempotency key was already posted (replays post nothing).
    func existingEntry(key: String) throws -> Int64? {
        try Int64.fetchOne(db.cachedStatement(sql: "SELECT id FROM points_transactions WHERE idempotency_key = ?"),
                           arguments: [key])
    }

    /// Inserts the row only; allocations and cache are the caller's business (see credit/correct/spend).
    func insertRow(customerID: Int64, _ entry: NewEntry) throws -> Int64 {
        let statement = try prepared.insertEntry ?? db.makeStatement(sql: """
            INSERT INTO points_transactions (merchant_id, customer_id, kind, points, created_at, available_at, expires_at,
                order_id, refund_id, redemption_id, reverses_id, import_batch_id, operator_id, idempotency_key, reason,
                explanation, settings_version, campaign_id, referral_id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        prepared.insertEntry = statement
        var fast = FastStatement(statement, db)
        fast.bind(merchantID); fast.bind(customerID); fast.bind(entry.kind.rawValue); fast.bind(entry.points)
        fast.bind(entry.createdAt); fast.bind(entry.availableAt ?? entry.createdAt); fast.bind(entry.expiresAt)
        fast.bind(entry.orderID); fast.bind(entry.refundID); fast.bind(entry.redemptionID); fast.bind(entry.reversesID)
        fast.bind(entry.importBatchID); fast.bind(entry.operatorID); fast.bind(entry.key); fast.bind(entry.reason)
        fast.bind(entry.explanation); fast.bind(entry.settingsVersion); fast.bind(entry.campaignID); fast.bind(entry.referralID)
        try fast.step()
        return db.lastInsertedRowID
    }

    func insertAllocation(grantID: Int64, debitID: Int64, points: Int64, at time: UnixTime) throws {
        try db.cachedStatement(sql: """
            INSERT INTO point_allocations (merchant_id, grant_id, debit_id, points, created_at) VALUES (?, ?, ?, ?, ?)
            """).execute(arguments: [merchantID, grantID, debitID, points, time])
    }

    func bumpCache(customerID: Int64, balance: Int64, earned: Int64) throws {
        try db.cachedStatement(sql: """
            UPDATE customers SET points_balance = points_balance + ?, lifetime_earned = lifetime_earned + ? WHERE id = ?
            """).execute(arguments: [balance, earned, customerID])
    }

    static func earnedPart(_ entry: NewEntry) -> Int64 {
        entry.kind.countsAsEarned && entry.points > 0 ? entry.points : 0
    }

    func openGrants(customerID: Int64) throws -> [OpenGrant] {
        try Row.fetchAll(db.cachedStatement(sql: """
            SELECT id, available_at, expires_at, \(LedgerSQL.grantRemaining) AS remaining
            FROM points_transactions t WHERE customer_id = ? AND points > 0 AND remaining > 0
            """), arguments: [customerID]).map {
            OpenGrant(entryID: $0["id"], remaining: $0["remaining"], availableAt: $0["available_at"], expiresAt: $0["expires_at"])
        }
    }

    /// The grants a correction may draw on. When the preferred grant (a refunded order's own earn entry) covers the
    /// whole correction, `Allocation.planCorrection` takes it alone and never looks at the others, so they are not
    /// read; otherwise every open grant is.
    func grantsForCorrection(customerID: Int64, requested: Int64, preferred: Int64?) throws -> [OpenGrant] {
        if let preferred, let row = try Row.fetchOne(db.cachedStatement(sql: """
            SELECT id, available_at, expires_at, \(LedgerSQL.grantRemaining) AS remaining
            FROM points_transactions t WHERE id = ? AND customer_id = ? AND points > 0
            """), arguments: [preferred, customerID]) {
            let grant = OpenGrant(entryID: row["id"], remaining: row["remaining"], availableAt: row["available_at"],
                                  expiresAt: row["expires_at"])
            if grant.remaining >= requested { return [grant] }
        }
        return try openGrants(customerID: customerID)
    }

    func openDebts(customerID: Int64) throws -> [OpenDebt] {
        try Row.fetchAll(db.cachedStatement(sql: """
            SELECT id, -points - COALESCE((SELECT SUM(a.points) FROM point_allocations a WHERE a.debit_id = t.id), 0) AS unallocated
            FROM points_transactions t WHERE customer_id = ? AND points < 0 AND unallocated > 0
            """), arguments: [customerID]).map { OpenDebt(entryID: $0["id"], unallocated: $0["unallocated"]) }
    }

    /// Posts a grant; it first repays any owed points. `knownDebtFree` skips the debt lookup for customers the
    /// caller knows owe nothing (e.g. created in this transaction). Returns nil when the key was already posted.
    @discardableResult
    func credit(customerID: Int64, _ entry: NewEntry, knownDebtFree: Bool = false, deferCache: Bool = false,
                checkKey: Bool = true) throws -> Int64? {
        try creditReportingDebt(customerID: customerID, entry, knownDebtFree: knownDebtFree, deferCache: deferCache,
                                checkKey: checkKey)?.id
    }

    /// `credit`, also telling how many owed points are still unpaid after this grant's repayments (0 when
    /// `knownDebtFree`), so a caller that tracks "may owe" can stop looking for debts once they are paid off.
    func creditReportingDebt(customerID: Int64, _ entry: NewEntry, knownDebtFree: Bool = false, deferCache: Bool = false,
                             checkKey: Bool = true) throws -> (id: Int64, debtLeft: Int64)? {
        precondition(entry.points > 0)
        if checkKey, try existingEntry(key: entry.key) != nil { return nil }
        let id = try insertRow(customerID: customerID, entry)
        var debtLeft: Int64 = 0
        if !knownDebtFree {
            let debts = try openDebts(customerID: customerID)
            debtLeft = debts.reduce(0) { $0 + $1.unallocated }
            for repayment in Allocation.planRepayment(grantPoints: entry.points, debts: debts) {
                try insertAllocation(grantID: id, debitID: repayment.debtID, points: repayment.points, at: entry.createdAt)
                debtLeft -= repayment.points
            }
        }
        if !deferCache { try bumpCache(customerID: customerID, balance: entry.points, earned: Self.earnedPart(entry)) }
        return (id, debtLeft)
    }

    /// Posts a correction of up to `requested` points (clawback, cancellation, undo, negative adjustment, expiry).
    /// Returns nil when the key was already posted, else the entry id and the plan (what was owed or forgiven).
    func correct(customerID: Int64, requested: Int64, preferredGrant: Int64?, policy: ProgramSettings.NegativeBalancePolicy,
                 now: UnixTime, _ template: NewEntry) throws -> (id: Int64, plan: DebitPlan)? {
        if try existingEntry(key: template.key) != nil { return nil }
        let plan = try Allocation.planCorrection(points: requested, preferred: preferredGrant,
                                                 grants: try grantsForCorrection(customerID: customerID, requested: requested,
                                                                                 preferred: preferredGrant),
                                                 now: now, policy: policy)
        guard plan.posted > 0 else { return nil }
        var entry = template
        entry.points = -plan.posted
        if plan.forgiven > 0 { entry.explanation += " (\(plan.forgiven) pts not taken: balance capped at zero)" }
        if plan.owed > 0 { entry.explanation += " (\(plan.owed) pts owed)" }
        let id = try insertRow(customerID: customerID, entry)
        for allocation in plan.allocations {
            try insertAllocation(grantID: allocation.grantID, debitID: id, points: allocation.points, at: entry.createdAt)
        }
        try bumpCache(customerID: customerID, balance: entry.points, earned: 0)
        return (id, plan)
    }

    /// Posts a spend that must be covered by available points (redemption): throws when it cannot be.
    func spend(customerID: Int64, points: Int64, now: UnixTime, _ template: NewEntry) throws -> Int64 {
        let grants = try openGrants(customerID: customerID)
        let debts = try openDebts(customerID: customerID)
        let plan: DebitPlan
        do throws(LedgerRuleError) {
            plan = try Allocation.planSpend(points: points, grants: grants, debts: debts, now: now)
        } catch .insufficientBalance(let requested, let available) {
            throw StoreError.insufficientBalance(requested: requested, available: available)
        } catch {
            throw StoreError.invalid("points to spend must be above 0")
        }
        var entry = template
        entry.points = -points
        let id = try insertRow(customerID: customerID, entry)
        for allocation in plan.allocations {
            try insertAllocation(grantID: allocation.grantID, debitID: id, points: allocation.points, at: entry.createdAt)
        }
        try bumpCache(customerID: customerID, balance: entry.points, earned: 0)
        return id
    }
}
