import Foundation

/// The VIP tier rules of one merchant: a tier table, the policy (basis, window, downgrade) and the merchant's time
/// zone. Pure: time is passed in.
///
/// A customer's tier at instant t is the higher of their activity tier and their manual floor. The activity tier is
/// the highest tier whose threshold the qualifying value reaches (see `TierPeriods` for the windows):
/// - downgrade `immediately`: the value of the current window;
/// - `at_window_end`: the best window value of the current period and the `hold` periods before it, i.e. a tier is
///   held until the end of the window period after the last one in which it was reached;
/// - `never`: the best window value ever.
/// With a lifetime window the value never falls with time, so the three policies agree. Refunds and cancellations
/// correct the activity they belong to (`TierActivity`), so they can move a customer down under every policy.
///
/// Two ways to compute, which agree: `standing(_:asOf:)` recalculates from the whole history; `TierAccount` applies
/// one event at a time (orders, refunds, floors) plus a daily `advance`, for replays of millions of orders.
/// Time-driven changes are dated at the instant they became due (a month start, a floor's end), whenever the daily
/// job or the next event notices them, so the result does not depend on when the job ran.
///
/// Entry rewards: entering a tier from below pays its entry reward, and the rewards of any tiers skipped on the way,
/// once per tier ever: falling back and re-entering pays nothing again. A manual floor that lifts a customer pays too.
/// A threshold-0 tier is where every customer starts, so its reward is never paid (`TierTable.problems` refuses one).
public struct TierEngine: Sendable {
    /// The tiers by ascending threshold; a tier's index here is its rank.
    public let tiers: [TierDefinition]
    public let policy: TierPolicy
    let periods: TierPeriods
    let thresholds: [Int64]
    let rewardPoints: [Int64]
    /// The rank of a customer with no activity: the threshold-0 tier, or -1 (no tier).
    let startRank: Int

    public init(tiers: [TierDefinition], policy: TierPolicy, zone: TimeZone) {
        let ordered = TierTable.ordered(tiers)
        self.tiers = ordered
        self.policy = policy
        periods = TierPeriods(window: policy.window, zone: zone)
        thresholds = ordered.map(\.threshold)
        rewardPoints = ordered.map(\.entryRewardPoints)
        startRank = ordered.lastIndex { $0.threshold <= 0 } ?? -1
    }

    /// The engine of a merchant's settings; nil when the settings' time zone is unknown.
    public init?(tiers: [TierDefinition], settings: ProgramSettings) {
        guard let zone = LocalTime.zone(settings.timeZone) else { return nil }
        self.init(tiers: tiers, policy: settings.tiers, zone: zone)
    }

    /// The rank (index in `tiers`) of a tier key; nil when the table has no such tier.
    public func rank(of key: String?) -> Int? {
        guard let key else { return nil }
        return tiers.firstIndex { $0.key == key }
    }

    /// The earn multiplier of each tier, by rank, labelled with the tier's name in `language`.
    public func multipliers(language: String = "en", defaultLanguage: String = "en") -> [Multiplier?] {
        tiers.map { tier in
            tier.parsedMultiplier.map { Multiplier(label: tier.name.text(for: language, defaultLanguage: defaultLanguage), factor: $0) }
        }
    }

    // MARK: - Shared rules, over a period-sorted list of per-period sums

    func key(_ rank: Int) -> String? { rank >= 0 ? tiers[rank].key : nil }

    /// The highest tier a qualifying value reaches (negative values reach only threshold-0 tiers).
    func rank(forValue value: Int64) -> Int {
        let value = max(value, 0)
        var rank = thresholds.count - 1
        while rank >= 0 && thresholds[rank] > value { rank -= 1 }
        return rank
    }

    /// The activity in the window ending at `period`.
    func windowSum(_ buckets: [TierBucket], endingAt period: Int) -> Int64 {
        let first = period - periods.span + 1
        var sum: Int64 = 0
        var index = buckets.count - 1
        while index >= 0 && buckets[index].period > period { index -= 1 }
        while index >= 0 && buckets[index].period >= first {
            sum = saturatingAdd(sum, buckets[index].value)
            index -= 1
        }
        return sum
    }

    /// The best window value over periods `from...to`. Window sums only change where a bucket enters or leaves the
    /// window, so one sweep over those points finds it.
    func bestWindowSum(_ buckets: [TierBucket], from: Int, to: Int) -> Int64 {
        let span = periods.span
        var entering = 0, leaving = 0
        var sum: Int64 = 0
        var best: Int64 = 0
        var period = from
        while true {
            while entering < buckets.count && buckets[entering].period <= period {
                sum = saturatingAdd(sum, buckets[entering].value)
                entering += 1
            }
            while leaving < entering && buckets[leaving].period <= period - span {
                sum = saturatingSubtract(sum, buckets[leaving].value)
                leaving += 1
            }
            if period == from { best = sum } else { best = max(best, sum) }
            var next = Int.max
            if entering < buckets.count { next = buckets[entering].period }
            if leaving < entering { next = min(next, buckets[leaving].period + span) }
            if next > to { return best }
            period = next
        }
    }

    /// The value the activity tier is based on at `period`, per downgrade policy.
    func qualifyingValue(_ buckets: [TierBucket], at period: Int) -> Int64 {
        switch policy.downgrade {
        case .immediately: return windowSum(buckets, endingAt: period)
        case .atWindowEnd: return bestWindowSum(buckets, from: period - periods.hold, to: period)
        case .never: return bestWindowSum(buckets, from: min(buckets.first?.period ?? period, period), to: period)
        }
    }

    func activityRank(_ buckets: [TierBucket], at period: Int) -> Int {
        rank(forValue: qualifyingValue(buckets, at: period))
    }

    /// `at_window_end`: the last period (now or later, with no new activity) in which `rank` is reached, or nil.
    func lastPeriodReaching(_ rank: Int, _ buckets: [TierBucket], at period: Int) -> Int? {
        let threshold = thresholds[rank]
        var candidate = max(period, (buckets.last?.period ?? period) + periods.span - 1)
        while candidate >= period - periods.hold {
            if windowSum(buckets, endingAt: candidate) >= threshold { return candidate }
            candidate -= 1
        }
        return nil
    }

    /// When the activity already recorded stops reaching `rank` (no new activity assumed); nil when it never does.
    func activityEnd(of rank: Int, _ buckets: [TierBucket], at period: Int) -> UnixTime? {
        guard rank >= 0, thresholds[rank] > 0, periods.isWindowed else { return nil }
        switch policy.downgrade {
        case .never: return nil
        case .atWindowEnd:
            return lastPeriodReaching(rank, buckets, at: period).map { periods.start(of: $0 + periods.hold + 1) }
        case .immediately:
            // Buckets are sorted by period, so they leave the window in that order.
            for bucket in buckets where bucket.period + periods.span > period {
                let leaves = bucket.period + periods.span
                if windowSum(buckets, endingAt: leaves) < thresholds[rank] { return periods.start(of: leaves) }
            }
            return periods.start(of: period + 1)
        }
    }

    /// `heldUntil` of a customer in `rank` whose activity tier is `activityRank`.
    func heldUntil(rank: Int, activityRank: Int, _ buckets: [TierBucket], at period: Int) -> UnixTime? {
        guard policy.downgrade == .atWindowEnd, rank >= 0, activityRank == rank else { return nil }
        return activityEnd(of: rank, buckets, at: period)
    }

    func floorRank(_ floor: ManualFloor?, at time: UnixTime) -> Int {
        guard let floor, floor.until.map({ time < $0 }) ?? true else { return -1 }
        return rank(of: floor.tierKey) ?? -1
    }

    /// Entry rewards for moving the highest tier reached from `highest` up to `rank`.
    func entryRewards(above highest: Int, upTo rank: Int) -> [TierEntryReward] {
        guard rank > highest else { return [] }
        var rewards: [TierEntryReward] = []
        for entered in max(highest + 1, 0)...rank where rewardPoints[entered] > 0 {
            rewards.append(TierEntryReward(tierKey: tiers[entered].key, points: rewardPoints[entered]))
        }
        return rewards
    }

    func progress(rank: Int, activityRank: Int, floor: ManualFloor?, _ buckets: [TierBucket], at time: UnixTime) -> TierProgress {
        let period = periods.period(of: time)
        let value = windowSum(buckets, endingAt: period)
        var expiresAt: UnixTime?
        if rank >= 0 {
            // The tier ends when every source still providing it has ended; nil (never) wins.
            var ends: [UnixTime?] = []
            if activityRank >= rank { ends.append(activityEnd(of: rank, buckets, at: period)) }
            if floorRank(floor, at: time) >= rank { ends.append(floor?.until) }
            expiresAt = ends.contains { $0 == nil } ? nil : ends.compactMap { $0 }.max()
        }
        let retain = rank >= 0 && expiresAt != nil ? max(0, thresholds[rank] - value) : 0
        guard rank + 1 < tiers.count else {
            return TierProgress(windowValue: value, nextTierKey: nil, neededForNext: nil, percentToNext: 100,
                                neededToRetain: retain, expiresAt: expiresAt)
        }
        let next = thresholds[rank + 1]
        let percent = next <= 0 ? 100 : Int(min(100, max(0, Int128(value) * 100 / Int128(next))))
        return TierProgress(windowValue: value, nextTierKey: tiers[rank + 1].key, neededForNext: max(0, next - value),
                            percentToNext: percent, neededToRetain: retain, expiresAt: expiresAt)
    }
}
