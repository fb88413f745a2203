/// A grant of points with what is left of it (points minus everything allocated from it).
public struct OpenGrant: Hashable, Sendable {
    public var entryID: Int64
    public var remaining: Int64
    public var availableAt: UnixTime
    public var expiresAt: UnixTime?

    public init(entryID: Int64, remaining: Int64, availableAt: UnixTime, expiresAt: UnixTime?) {
        self.entryID = entryID
        self.remaining = remaining
        self.availableAt = availableAt
        self.expiresAt = expiresAt
    }

    public func isAvailable(at now: UnixTime) -> Bool { availableAt <= now }
}

/// A debit not yet covered by grants: points the customer owes.
public struct OpenDebt: Hashable, Sendable {
    public var entryID: Int64
    public var unallocated: Int64

    public init(entryID: Int64, unallocated: Int64) {
        self.entryID = entryID
        self.unallocated = unallocated
    }
}

/// Points moved from one grant to one debit (spend, expiry, clawback) — a row of point_allocations.
public struct PlannedAllocation: Hashable, Sendable {
    public var grantID: Int64
    public var points: Int64

    public init(grantID: Int64, points: Int64) {
        self.grantID = grantID
        self.points = points
    }
}

/// How a debit is covered: which grants it consumes, how much stays owed, and how much is actually posted.
public struct DebitPlan: Hashable, Sendable {
    public var allocations: [PlannedAllocation]
    /// The points of the entry to post (negative is applied by the caller): requested, or less under cap-at-zero.
    public var posted: Int64
    /// The part of `posted` not covered by any grant (owed points).
    public var owed: Int64
    /// The part of the request forgiven under cap-at-zero.
    public var forgiven: Int64
}

public enum LedgerRuleError: Error, Hashable, Sendable {
    case insufficientBalance(requested: Int64, available: Int64)
    case nonPositiveAmount
}

/// FIFO allocation of debits to grants, as pure functions over a customer's open grants and debts.
public enum Allocation {
    /// Grants in the order they are consumed: soonest expiry first (no expiry last), then oldest.
    public static func fifo(_ grants: [OpenGrant]) -> [OpenGrant] {
        grants.sorted { a, b in
            switch (a.expiresAt, b.expiresAt) {
            case let (x?, y?) where x != y: return x < y
            case (.some, nil): return true
            case (nil, .some): return false
            default: return a.entryID < b.entryID
            }
        }
    }

    /// Spendable points now: the remaining of available grants minus owed points.
    public static func available(grants: [OpenGrant], debts: [OpenDebt], now: UnixTime) -> Int64 {
        grants.filter { $0.isAvailable(at: now) }.reduce(0) { $0 + $1.remaining } - debts.reduce(0) { $0 + $1.unallocated }
    }

    /// A spend (redeem, or a negative adjustment under strict mode): only available grants, never overdraws.
    public static func planSpend(points: Int64, grants: [OpenGrant], debts: [OpenDebt], now: UnixTime) throws(LedgerRuleError) -> DebitPlan {
        guard points > 0 else { throw .nonPositiveAmount }
        let available = available(grants: grants, debts: debts, now: now)
        guard available >= points else { throw .insufficientBalance(requested: points, available: max(0, available)) }
        let allocations = take(points, from: fifo(grants.filter { $0.isAvailable(at: now) }))
        return DebitPlan(allocations: allocations, posted: points, owed: 0, forgiven: 0)
    }

    /// A correction (clawback, cancellation, undo, negative adjustment, expiry of a given grant): consumes the
    /// `preferred` grant first (even while pending — it is the grant being corrected), then available grants FIFO.
    /// What cannot be covered is owed (allow-negative) or forgiven (cap-at-zero).
    public static func planCorrection(points: Int64, preferred: Int64?, grants: [OpenGrant], now: UnixTime,
                                      policy: ProgramSettings.NegativeBalancePolicy) throws(LedgerRuleError) -> DebitPlan {
        guard points > 0 else { throw .nonPositiveAmount }
        var order: [OpenGrant] = []
        if let preferred, let grant = grants.first(where: { $0.entryID == preferred }) { order.append(grant) }
        order += fifo(grants.filter { $0.entryID != preferred && $0.isAvailable(at: now) })
        let allocations = take(points, from: order)
        let covered = allocations.reduce(0) { $0 + $1.points }
        switch policy {
        case .allowNegative:
            return DebitPlan(allocations: allocations, posted: points, owed: points - covered, forgiven: 0)
        case .capAtZero:
            return DebitPlan(allocations: allocations, posted: covered, owed: 0, forgiven: points - covered)
        }
    }

    /// A new grant first repays owed points, oldest debt first. Returns (debt entry id, points) pairs.
    public static func planRepayment(grantPoints: Int64, debts: [OpenDebt]) -> [(debtID: Int64, points: Int64)] {
        var left = grantPoints
        var result: [(Int64, Int64)] = []
        for debt in debts.sorted(by: { $0.entryID < $1.entryID }) where left > 0 && debt.unallocated > 0 {
            let points = min(left, debt.unallocated)
            result.append((debt.entryID, points))
            left -= points
        }
        return result
    }

    static func take(_ points: Int64, from grants: [OpenGrant]) -> [PlannedAllocation] {
        var left = points
        var result: [PlannedAllocation] = []
        for grant in grants where left > 0 && grant.remaining > 0 {
            let used = min(left, grant.remaining)
            result.append(PlannedAllocation(grantID: grant.entryID, points: used))
            left -= used
        }
        return result
    }
}
