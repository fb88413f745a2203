/// One customer's tier bookkeeping for incremental evaluation: per-period sums of their activity (only the periods
/// the policy can still look at), their tier, and the next instant time alone could move them.
///
/// Apply events in the order they arrive (`TierEngine.apply`), and call `TierEngine.advance` from the daily job. An
/// order is O(1) for lifetime windows; with a rolling window it touches at most the 25 monthly sums the policy looks
/// at (every month with activity under `never`, O(1) again for a second order in the same month). Keep one account
/// per customer and replay customer by customer where possible: a million live accounts replayed in global time order
/// spend most of their time in cache misses. Events that arrive out of order are treated as arriving at the latest
/// instant already applied.
public struct TierAccount: Hashable, Sendable {
    var buckets: [TierBucket] = []
    /// The instant the account was last evaluated at.
    var clock: UnixTime = .min
    /// The next instant at which time alone might change the tier (never later than the real change).
    var nextDue: UnixTime = .max
    var since: UnixTime = .min
    var floorUntil: UnixTime = .max
    /// The instant of the latest change, and the tier and `since` before the first change at that instant, so that
    /// changes which cancel out at one instant (a drop at a month start, an order at that very second) leave
    /// `since` as the from-scratch evaluation sees it.
    var changeInstant: UnixTime = .min
    var sinceBefore: UnixTime = .min
    /// The qualifying value last computed, and the period it was computed for (`Int.min`: none). An order adding to
    /// the current period only raises the current window, so the next value follows from this one in O(window).
    var qualifyingValue: Int64 = 0
    var qualifyingPeriod: Int = .min
    var rank: Int32
    var activityRank: Int32
    var highest: Int32
    var floorRank: Int32 = -1
    var rankBefore: Int32

    init(startRank: Int) {
        rank = Int32(startRank)
        activityRank = Int32(startRank)
        highest = Int32(startRank)
        rankBefore = Int32(startRank)
    }

    /// The current tier's index in `TierEngine.tiers`; nil when in no tier.
    public var tierIndex: Int? { rank >= 0 ? Int(rank) : nil }
}

extension TierEngine {
    /// A customer with no history yet.
    public func newAccount() -> TierAccount { TierAccount(startRank: startRank) }

    /// Applies one event, first catching up with any time-driven change due before it. Returns the changes, in order.
    @discardableResult
    public func apply(_ event: TierEvent, to account: inout TierAccount) -> [TierChange] {
        var changes: [TierChange] = []
        apply(event, to: &account, into: &changes)
        return changes
    }

    /// The same, appending to a buffer the caller reuses (replays of millions of orders).
    public func apply(_ event: TierEvent, to account: inout TierAccount, into changes: inout [TierChange]) {
        let time = max(event.arrival, account.clock)
        while account.nextDue < time { processDue(&account, into: &changes) }
        account.clock = time
        let reason: TierChangeReason
        var reschedule = false
        var addedToCurrentPeriod = false
        switch event {
        case .activity(let activity):
            let value = activity.value(in: policy.basis)
            let now = periods.period(of: time)
            let countsAt = activity.effectiveCountsAt
            let period = countsAt == time ? now : periods.period(of: countsAt)
            add(value, at: period, to: &account, now: now)
            // Less activity can bring a drop forward; more can only postpone it, and a due that comes too early
            // just finds nothing to do.
            reschedule = value < 0
            addedToCurrentPeriod = value >= 0 && period == now && account.qualifyingPeriod == now
            switch activity.kind {
            case .order: reason = .order
            case .refund: reason = .refund
            case .cancellation: reason = .cancellation
            }
        case .floor(let floor, _):
            let rank = rank(of: floor?.tierKey) ?? -1
            let until = floor?.until ?? .max
            account.floorRank = rank >= 0 && time < until ? Int32(rank) : -1
            account.floorUntil = account.floorRank >= 0 ? until : .max
            reschedule = true
            reason = .manualFloorSet
        }
        evaluate(&account, reason: reason, reschedule: reschedule, addedToCurrentPeriod: addedToCurrentPeriod, into: &changes)
    }

    /// Brings the account to `now`, applying every time-driven change due by then (the daily job).
    @discardableResult
    public func advance(_ account: inout TierAccount, to now: UnixTime) -> [TierChange] {
        var changes: [TierChange] = []
        advance(&account, to: now, into: &changes)
        return changes
    }

    public func advance(_ account: inout TierAccount, to now: UnixTime, into changes: inout [TierChange]) {
        while account.nextDue <= now { processDue(&account, into: &changes) }
        account.clock = max(account.clock, now)
    }

    /// The account's state at the last instant it was brought to.
    public func state(of account: TierAccount) -> TierState {
        let rank = Int(account.rank)
        var held: UnixTime?
        if account.clock != .min {
            held = heldUntil(rank: rank, activityRank: Int(account.activityRank), account.buckets,
                             at: periods.period(of: account.clock))
        }
        return TierState(tierKey: key(rank), since: account.since == .min ? nil : account.since, heldUntil: held,
                         floor: floor(of: account), highestTierKey: key(Int(account.highest)))
    }

    /// The account's figures at `now` (not before the last event applied).
    public func progress(of account: TierAccount, at now: UnixTime) -> TierProgress {
        var account = account
        advance(&account, to: now)
        return progress(rank: Int(account.rank), activityRank: Int(account.activityRank), floor: floor(of: account),
                        account.buckets, at: account.clock)
    }

    /// Standing at `now`: the state and figures together.
    public func standing(of account: TierAccount, at now: UnixTime) -> TierStanding {
        var account = account
        advance(&account, to: now)
        return TierStanding(state: state(of: account), progress: progress(of: account, at: account.clock))
    }

    // MARK: - Steps

    private func floor(of account: TierAccount) -> ManualFloor? {
        guard account.floorRank >= 0 else { return nil }
        return ManualFloor(tierKey: tiers[Int(account.floorRank)].key, until: account.floorUntil == .max ? nil : account.floorUntil)
    }

    private func add(_ value: Int64, at period: Int, to account: inout TierAccount, now: Int) {
        if policy.downgrade != .never && period < oldestPeriodNeeded(at: now) { return }
        var index = account.buckets.count - 1
        while index >= 0 && account.buckets[index].period > period { index -= 1 }
        if index >= 0 && account.buckets[index].period == period {
            account.buckets[index].value = saturatingAdd(account.buckets[index].value, value)
        } else if index == account.buckets.count - 1 {
            if account.buckets.capacity == 0 && periods.isWindowed { account.buckets.reserveCapacity(8) }
            account.buckets.append(TierBucket(period: period, value: value))
        } else {
            account.buckets.insert(TierBucket(period: period, value: value), at: index + 1)
        }
    }

    /// The oldest period whose activity can still matter at `period` (windows of the current and held periods).
    private func oldestPeriodNeeded(at period: Int) -> Int { period - periods.hold - periods.span + 1 }

    private func processDue(_ account: inout TierAccount, into changes: inout [TierChange]) {
        let due = account.nextDue
        account.clock = due
        let floorWasBinding = account.floorRank >= 0 && account.floorRank == account.rank && account.activityRank < account.rank
        let floorEnds = account.floorRank >= 0 && account.floorUntil <= due
        evaluate(&account, reason: floorEnds && floorWasBinding ? .manualFloorExpired : .dailyRecalculation,
                 reschedule: true, into: &changes)
    }

    /// Re-evaluates the tier at `account.clock` and records a change when there is one.
    private func evaluate(_ account: inout TierAccount, reason: TierChangeReason, reschedule: Bool,
                          addedToCurrentPeriod: Bool = false, into changes: inout [TierChange]) {
        let now = account.clock
        let period = periods.period(of: now)
        if account.floorRank >= 0 && account.floorUntil <= now {
            account.floorRank = -1
            account.floorUntil = .max
        }
        if policy.downgrade != .never, let first = account.buckets.first?.period, first < oldestPeriodNeeded(at: period) {
            let cutoff = oldestPeriodNeeded(at: period)
            account.buckets.removeFirst(account.buckets.firstIndex { $0.period >= cutoff } ?? account.buckets.count)
        }
        let value: Int64
        if addedToCurrentPeriod && policy.downgrade != .immediately {
            value = max(account.qualifyingValue, windowSum(account.buckets, endingAt: period))
        } else {
            value = qualifyingValue(account.buckets, at: period)
        }
        account.qualifyingValue = value
        account.qualifyingPeriod = period
        let activity = Int32(rank(forValue: value))
        let newRank = max(activity, account.floorRank)
        let oldRank = account.rank
        let activityChanged = activity != account.activityRank
        account.activityRank = activity
        if newRank != oldRank {
            if now != account.changeInstant {
                account.changeInstant = now
                account.rankBefore = oldRank
                account.sinceBefore = account.since
            }
            account.since = newRank == account.rankBefore ? account.sinceBefore : now
            account.rank = newRank
            var rewards: [TierEntryReward] = []
            if newRank > account.highest {
                rewards = entryRewards(above: Int(account.highest), upTo: Int(newRank))
                account.highest = newRank
            }
            changes.append(TierChange(from: key(Int(oldRank)), to: key(Int(newRank)), at: now, reason: reason,
                                      isUpgrade: newRank > oldRank, entryRewards: rewards))
        }
        if reschedule || activityChanged || newRank != oldRank {
            var due = account.floorRank >= 0 ? account.floorUntil : .max
            if activity >= 0, let end = activityEnd(of: Int(activity), account.buckets, at: period) { due = min(due, end) }
            // Every due lies in a later period or at a floor's end, so the loop that processes dues always advances.
            account.nextDue = due > now ? due : .max
        }
    }
}
