import Foundation
import LoyaltyCore
import Testing

@Suite struct TierEngineTests {
    typealias F = ProgramFixtures
    let silverGold = [F.tier("silver", 100_00, multiplier: "1.25", reward: 50), F.tier("gold", 500_00, multiplier: "1.5", reward: 200)]

    func engine(_ tiers: [TierDefinition], _ policy: TierPolicy, zone: TimeZone = F.utc) -> TierEngine {
        TierEngine(tiers: tiers, policy: policy, zone: zone)
    }

    func order(_ time: UnixTime, _ spend: Int64, points: Int64 = 0) -> TierEvent {
        .activity(.order(at: time, spendMinor: spend, points: points))
    }

    /// Applies the events incrementally and checks the result against the from-scratch evaluation.
    func replay(_ engine: TierEngine, _ events: [TierEvent], asOf: UnixTime) -> (TierStanding, [TierChange]) {
        var account = engine.newAccount()
        var changes: [TierChange] = []
        for event in events { changes += engine.apply(event, to: &account) }
        changes += engine.advance(&account, to: asOf)
        let incremental = engine.standing(of: account, at: asOf)
        #expect(incremental == engine.standing(events, asOf: asOf))
        return (incremental, changes)
    }

    @Test func lifetimeSpendMovesUpPaysEachTierOnceAndRefundsCorrect() {
        let engine = engine(F.spendTiers, TierPolicy(basis: .spend, window: .lifetime, downgrade: .never))
        let t = (1...4).map { F.local("2026-01-1\($0)T12:00", F.utc) }
        var account = engine.newAccount()
        #expect(engine.state(of: account) == TierState(tierKey: "bronze", highestTierKey: "bronze"))

        let up = engine.apply(order(t[0], 120_00), to: &account)
        #expect(up == [TierChange(from: "bronze", to: "silver", at: t[0], reason: .order, isUpgrade: true,
                                  entryRewards: [TierEntryReward(tierKey: "silver", points: 50)])])
        #expect(engine.apply(order(t[1], 400_00), to: &account).first?.entryRewards == [TierEntryReward(tierKey: "gold", points: 200)])

        // A refund corrects the order it belongs to: the tier it paid for is lost even under "never".
        let refund = engine.apply(.activity(.refund(at: t[2], ofOrderAt: t[1], spendMinor: 50_00, points: 0)), to: &account)
        #expect(refund == [TierChange(from: "gold", to: "silver", at: t[2], reason: .refund, isUpgrade: false)])

        // Re-entering gold pays nothing again.
        let again = engine.apply(order(t[3], 100_00), to: &account)
        #expect(again.map(\.to) == ["gold"])
        #expect(again.first?.entryRewards == [])
        let standing = engine.standing(of: account, at: t[3])
        #expect(standing.state == TierState(tierKey: "gold", since: t[3], highestTierKey: "gold"))
        #expect(standing.progress == TierProgress(windowValue: 570_00, nextTierKey: nil, neededForNext: nil, percentToNext: 100,
                                                  neededToRetain: 0, expiresAt: nil))
    }

    @Test func skippingATierPaysItsRewardToo() {
        let engine = engine(F.spendTiers, TierPolicy())
        var account = engine.newAccount()
        let changes = engine.apply(order(1_000, 600_00), to: &account)
        #expect(changes.map(\.entryRewards) == [[TierEntryReward(tierKey: "silver", points: 50), TierEntryReward(tierKey: "gold", points: 200)]])
    }

    @Test func calendarYearHoldsThroughTheFollowingYear() {
        let paris = F.paris
        let engine = engine(silverGold, TierPolicy(basis: .spend, window: .calendarYear, downgrade: .atWindowEnd), zone: paris)
        let reached = F.local("2025-06-10T15:00", paris)
        let (standing, _) = replay(engine, [order(reached, 600_00)], asOf: F.local("2026-06-01", paris))
        let newYear2027 = F.local("2027-01-01T00:00", paris)
        #expect(standing.state.tierKey == "gold")
        #expect(standing.state.since == reached)
        #expect(standing.state.heldUntil == newYear2027)
        #expect(standing.progress.windowValue == 0)
        #expect(standing.progress.neededToRetain == 500_00)
        #expect(standing.progress.expiresAt == newYear2027)

        let (before, _) = replay(engine, [order(reached, 600_00)], asOf: newYear2027 - 1)
        #expect(before.state.tierKey == "gold")
        let (after, changes) = replay(engine, [order(reached, 600_00)], asOf: newYear2027)
        #expect(after.state.tierKey == nil)
        #expect(changes.last == TierChange(from: "gold", to: nil, at: newYear2027, reason: .dailyRecalculation, isUpgrade: false))
    }

    @Test func calendarYearFallsToTheTierReachedInTheYearItHolds() {
        let paris = F.paris
        let engine = engine(silverGold, TierPolicy(basis: .spend, window: .calendarYear, downgrade: .atWindowEnd), zone: paris)
        let events = [order(F.local("2025-06-10", paris), 600_00), order(F.local("2026-02-01", paris), 150_00)]
        let (standing, changes) = replay(engine, events, asOf: F.local("2027-03-01", paris))
        #expect(standing.state.tierKey == "silver")
        #expect(standing.state.since == F.local("2027-01-01", paris))
        #expect(standing.state.heldUntil == F.local("2028-01-01", paris))
        #expect(changes.map(\.reason) == [.order, .dailyRecalculation])
    }

    @Test func aJanuaryRefundOfADecemberOrderLowersDecembersYear() {
        let paris = F.paris
        let engine = engine(silverGold, TierPolicy(basis: .spend, window: .calendarYear, downgrade: .atWindowEnd), zone: paris)
        let placed = F.local("2025-12-20T10:00", paris)
        let refunded = F.local("2026-01-05T10:00", paris)
        let events = [order(placed, 600_00), .activity(.refund(at: refunded, ofOrderAt: placed, spendMinor: 200_00, points: 0))]
        let (standing, changes) = replay(engine, events, asOf: refunded)
        #expect(changes.last == TierChange(from: "gold", to: "silver", at: refunded, reason: .refund, isUpgrade: false))
        #expect(standing.state.heldUntil == F.local("2027-01-01", paris))
        #expect(standing.progress.windowValue == 0)
    }

    @Test func calendarYearImmediatelyDropsAtLocalNewYear() {
        let engine = engine(silverGold, TierPolicy(basis: .spend, window: .calendarYear, downgrade: .immediately), zone: F.newYork)
        let newYear = F.local("2026-01-01", F.newYork)
        let (standing, changes) = replay(engine, [order(F.local("2025-05-01", F.newYork), 600_00),
                                                 order(F.local("2026-03-01", F.newYork), 10_00)], asOf: F.local("2026-03-02", F.newYork))
        // No daily job ran: the order in March noticed the drop, dated at the New York new year (05:00 UTC).
        #expect(changes.last == TierChange(from: "gold", to: nil, at: newYear, reason: .dailyRecalculation, isUpgrade: false))
        #expect(newYear == F.local("2026-01-01T05:00", F.utc))
        #expect(standing.state.tierKey == nil)
        #expect(standing.progress.neededForNext == 90_00)
        #expect(standing.progress.percentToNext == 10)
    }

    @Test func rollingWindowCountsTheCurrentMonthAndTwelveBefore() {
        let immediately = engine(silverGold, TierPolicy(basis: .spend, window: .rolling12Months, downgrade: .immediately))
        let placed = F.local("2025-03-15T09:30", F.utc)
        let leaves = F.local("2026-04-01", F.utc)
        let (during, _) = replay(immediately, [order(placed, 200_00)], asOf: leaves - 1)
        #expect(during.state.tierKey == "silver")
        #expect(during.progress.expiresAt == leaves)
        #expect(during.progress.windowValue == 200_00)
        let (after, _) = replay(immediately, [order(placed, 200_00)], asOf: leaves)
        #expect(after.state.tierKey == nil)
        #expect(after.progress.windowValue == 0)

        let held = engine(silverGold, TierPolicy(basis: .spend, window: .rolling12Months, downgrade: .atWindowEnd))
        let (holding, _) = replay(held, [order(placed, 200_00)], asOf: leaves)
        #expect(holding.state.tierKey == "silver")
        #expect(holding.state.heldUntil == F.local("2027-04-01", F.utc))
        let (released, _) = replay(held, [order(placed, 200_00)], asOf: F.local("2027-04-01", F.utc))
        #expect(released.state.tierKey == nil)

        let never = engine(silverGold, TierPolicy(basis: .spend, window: .rolling12Months, downgrade: .never))
        let (kept, _) = replay(never, [order(placed, 200_00)], asOf: F.local("2030-01-01", F.utc))
        #expect(kept.state.tierKey == "silver")
        #expect(kept.progress.expiresAt == nil)
        #expect(kept.progress.windowValue == 0)
        #expect(kept.progress.neededToRetain == 0)
    }

    @Test func theDailyJobAndTheNextOrderDateADropAlike() {
        let engine = engine(silverGold, TierPolicy(basis: .spend, window: .rolling12Months, downgrade: .immediately), zone: F.sydney)
        let events = [order(F.local("2025-01-20", F.sydney), 150_00), order(F.local("2026-05-03", F.sydney), 1_00)]
        var ticked = engine.newAccount()
        var tickedChanges = engine.apply(events[0], to: &ticked)
        var day = F.local("2025-01-21", F.sydney)
        while day < events[1].arrival {
            tickedChanges += engine.advance(&ticked, to: day)
            day += 86_400
        }
        tickedChanges += engine.apply(events[1], to: &ticked)
        var lazy = engine.newAccount()
        let lazyChanges = events.flatMap { engine.apply($0, to: &lazy) }
        #expect(tickedChanges == lazyChanges)
        #expect(lazyChanges.last?.at == F.local("2026-02-01", F.sydney))
        #expect(engine.state(of: ticked) == engine.state(of: lazy))
    }

    @Test func manualFloorLiftsPaysAndExpires() {
        let engine = engine(silverGold, TierPolicy())
        let set = F.local("2026-01-01", F.utc)
        let until = F.local("2026-07-01", F.utc)
        var account = engine.newAccount()
        let lifted = engine.apply(.floor(ManualFloor(tierKey: "gold", until: until), at: set), to: &account)
        #expect(lifted == [TierChange(from: nil, to: "gold", at: set, reason: .manualFloorSet, isUpgrade: true,
                                      entryRewards: [TierEntryReward(tierKey: "silver", points: 50), TierEntryReward(tierKey: "gold", points: 200)])])
        engine.apply(order(set + 86_400, 150_00), to: &account)
        let standing = engine.standing(of: account, at: set + 2 * 86_400)
        #expect(standing.state.floor == ManualFloor(tierKey: "gold", until: until))
        #expect(standing.progress.expiresAt == until)
        #expect(standing.progress.neededToRetain == 350_00)
        let expired = engine.advance(&account, to: until)
        #expect(expired == [TierChange(from: "gold", to: "silver", at: until, reason: .manualFloorExpired, isUpgrade: false)])
        #expect(engine.state(of: account).floor == nil)
    }

    @Test func activityAboveTheFloorWinsAndUnknownOrRemovedFloorsDoNothing() {
        let engine = engine(silverGold, TierPolicy())
        var account = engine.newAccount()
        #expect(engine.apply(.floor(ManualFloor(tierKey: "platinum"), at: 10), to: &account) == [])
        #expect(engine.state(of: account).floor == nil)
        engine.apply(.floor(ManualFloor(tierKey: "silver"), at: 20), to: &account)
        engine.apply(order(30, 600_00), to: &account)
        #expect(engine.state(of: account).tierKey == "gold")
        #expect(engine.standing(of: account, at: 40).progress.expiresAt == nil)

        var floored = engine.newAccount()
        engine.apply(.floor(ManualFloor(tierKey: "gold"), at: 10), to: &floored)
        let removed = engine.apply(.floor(nil, at: 20), to: &floored)
        #expect(removed == [TierChange(from: "gold", to: nil, at: 20, reason: .manualFloorSet, isUpgrade: false)])
        #expect(engine.state(of: floored).highestTierKey == "gold")
    }

    @Test func orderCountCancellationsUndoTheOrder() {
        let tiers = [F.tier("regular", 2), F.tier("frequent", 5)]
        let engine = engine(tiers, TierPolicy(basis: .orderCount, window: .lifetime, downgrade: .never))
        let events: [TierEvent] = [order(100, 10_00), order(200, 10_00),
                                   .activity(.refund(at: 250, ofOrderAt: 200, spendMinor: 5_00, points: 0)),
                                   .activity(.cancellation(at: 300, ofOrderAt: 100, spendMinor: 10_00, points: 0))]
        let (standing, changes) = replay(engine, events, asOf: 400)
        #expect(changes.map(\.reason) == [.order, .cancellation])
        #expect(standing.state.tierKey == nil)
        #expect(standing.progress.windowValue == 1)
        #expect(standing.progress.neededForNext == 1)
        #expect(standing.progress.percentToNext == 50)
    }

    @Test func pointsBasisCountsEarnedPoints() {
        let engine = engine([F.tier("insider", 1_000)], TierPolicy(basis: .pointsEarned))
        let (standing, _) = replay(engine, [order(100, 1, points: 600), order(200, 1, points: 500)], asOf: 300)
        #expect(standing.state == TierState(tierKey: "insider", since: 200, highestTierKey: "insider"))
    }

    @Test func progressTowardTheNextTier() {
        let engine = engine(silverGold, TierPolicy())
        let (standing, _) = replay(engine, [order(100, 300_00)], asOf: 200)
        #expect(standing.progress == TierProgress(windowValue: 300_00, nextTierKey: "gold", neededForNext: 200_00,
                                                  percentToNext: 60, neededToRetain: 0, expiresAt: nil))
    }

    @Test func thresholdZeroTierIsTheStartWithNoSince() {
        let engine = engine(F.spendTiers, TierPolicy(window: .rolling12Months, downgrade: .immediately))
        let (standing, _) = replay(engine, [order(F.local("2026-01-05", F.utc), 10_00)], asOf: F.local("2028-01-01", F.utc))
        #expect(standing.state == TierState(tierKey: "bronze", highestTierKey: "bronze"))
        #expect(standing.progress.expiresAt == nil)
    }

    @Test func multipliersAreLabelledByTierName() {
        let engine = engine([F.tier("gold", 500_00, multiplier: "1.5"), F.tier("silver", 100_00, multiplier: "1.25")], TierPolicy())
        #expect(engine.tiers.map(\.key) == ["silver", "gold"])
        #expect(engine.multipliers() == [Multiplier(label: "Silver", factor: DecimalAmount(digits: 125, scale: 2)),
                                         Multiplier(label: "Gold", factor: DecimalAmount(digits: 15, scale: 1))])
        #expect(engine.rank(of: "gold") == 1)
        #expect(engine.rank(of: "none") == nil)
        #expect(TierEngine(tiers: [], settings: ProgramSettings(timeZone: "Mars/Olympus")) == nil)
    }
}

@Suite struct TierTableChangeTests {
    typealias F = ProgramFixtures

    @Test func aNewTableMovesCustomersAndPaysOnlyTiersNeverReached() {
        let before = [F.tier("silver", 100_00, reward: 50), F.tier("gold", 500_00, reward: 200)]
        // Gold gets cheaper, and a new top tier appears.
        let after = [F.tier("silver", 100_00, reward: 50), F.tier("gold", 300_00, reward: 200), F.tier("vip", 350_00, reward: 900)]
        let engine = TierEngine(tiers: after, policy: TierPolicy(), zone: F.utc)
        let history: [TierEvent] = [.activity(.order(at: 100, spendMinor: 400_00, points: 0))]
        let old = TierEngine(tiers: before, policy: TierPolicy(), zone: F.utc).standing(history, asOf: 200).state
        #expect(old.tierKey == "silver")
        let new = engine.standing(history, asOf: 200).state
        #expect(new.tierKey == "vip")
        let change = engine.tableChange(from: old, previousTiers: before, to: new, at: 300)
        #expect(change == TierChange(from: "silver", to: "vip", at: 300, reason: .tierTableChanged, isUpgrade: true,
                                     entryRewards: [TierEntryReward(tierKey: "gold", points: 200), TierEntryReward(tierKey: "vip", points: 900)]))
        // Someone who had reached gold before is not paid for it again; raising thresholds moves people down, unpaid.
        let wasGold = TierState(tierKey: "silver", since: 50, highestTierKey: "gold")
        #expect(engine.tableChange(from: wasGold, previousTiers: before, to: new, at: 300)?.entryRewards == [TierEntryReward(tierKey: "vip", points: 900)])
        let down = engine.tableChange(from: TierState(tierKey: "vip", highestTierKey: "vip"), previousTiers: after,
                                      to: TierState(tierKey: "gold", highestTierKey: "vip"), at: 300)
        #expect(down == TierChange(from: "vip", to: "gold", at: 300, reason: .tierTableChanged, isUpgrade: false))
        #expect(engine.tableChange(from: new, previousTiers: after, to: new, at: 300) == nil)
    }
}
