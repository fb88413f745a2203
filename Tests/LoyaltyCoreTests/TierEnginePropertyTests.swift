import Foundation
import LoyaltyCore
import Testing

/// Random histories, tier tables and policies: the incremental engine (events one at a time, daily ticks at random
/// days) must agree with the from-scratch recalculation, which must agree with a brute-force reading of the rules.
@Suite struct TierEnginePropertyTests {
    typealias F = ProgramFixtures

    struct Scenario {
        var zone: TimeZone
        var tiers: [TierDefinition]
        var policy: TierPolicy
        var events: [TierEvent]
        var ticks: [UnixTime]
        var checkpoints: [UnixTime]
    }

    static let zones = [F.utc, F.paris, F.newYork, F.sydney]

    static func scenario(seed: UInt64) -> Scenario {
        var random = ProgramRandom(seed: seed)
        let zone = random.pick(zones)
        let months = MonthTable(zone: zone)
        let policy = TierPolicy(basis: random.pick(TierBasis.allCases), window: random.pick(TierWindow.allCases),
                                downgrade: random.pick(DowngradePolicy.allCases))

        var thresholds: Set<Int64> = []
        for _ in 0..<random.int(1...4) {
            switch policy.basis {
            case .spend: thresholds.insert(Int64(random.int(1...200)) * 10_00)
            case .pointsEarned: thresholds.insert(Int64(random.int(1...300)) * 10)
            case .orderCount: thresholds.insert(Int64(random.int(1...10)))
            }
        }
        if random.chance(0.25) { thresholds.insert(0) }
        let tiers = thresholds.sorted().shuffled(using: &random).enumerated().map { index, threshold in
            F.tier("t\(index)", threshold, reward: threshold > 0 && random.chance(0.7) ? Int64(random.int(1...500)) : 0)
        }

        var events: [TierEvent] = []
        var time = F.local("2023-01-01", zone) + random.int64(0...(90 * 86_400))
        for _ in 0..<random.int(1...22) {
            time += random.int64(0...(80 * 86_400))
            // Now and then exactly at a local month start, where time-driven changes happen too.
            let placed = random.chance(0.2) ? months.start(ofMonth: months.month(of: time) + 1) : time
            time = max(time, placed)
            let spend = Int64(random.int(1...300)) * 1_00 + Int64(random.int(0...99))
            let points = spend / 100
            events.append(.activity(.order(at: placed, spendMinor: spend, points: points)))
            if random.chance(0.3) {
                let refundSpend = random.int64(1...spend)
                let refundPoints = random.int64(0...points)
                let refundAt = placed + random.int64(1...(70 * 86_400))
                events.append(.activity(.refund(at: refundAt, ofOrderAt: placed, spendMinor: refundSpend, points: refundPoints)))
                if random.chance(0.3) {
                    events.append(.activity(.cancellation(at: refundAt + random.int64(1...(20 * 86_400)), ofOrderAt: placed,
                                                          spendMinor: spend - refundSpend, points: points - refundPoints)))
                }
            } else if random.chance(0.08) {
                events.append(.activity(.cancellation(at: placed + random.int64(1...(30 * 86_400)), ofOrderAt: placed,
                                                      spendMinor: spend, points: points)))
            }
        }
        let first = events[0].arrival
        if random.chance(0.35) {
            for _ in 0..<random.int(1...3) {
                let at = first + random.int64(0...(900 * 86_400))
                let key = random.chance(0.15) ? "ghost" : random.pick(tiers).key
                let until: UnixTime? = random.chance(0.4) ? nil : at + random.int64(-(10 * 86_400)...(400 * 86_400))
                events.append(.floor(random.chance(0.2) ? nil : ManualFloor(tierKey: key, until: until), at: at))
            }
        }
        events.sort { $0.arrival < $1.arrival }
        // Distinct arrival instants: several events in one second are applied in order by the incremental engine
        // but seen together from scratch (see TierEngine's documentation).
        for index in events.indices.dropFirst() where events[index].arrival <= events[index - 1].arrival {
            events[index] = shifted(events[index], to: events[index - 1].arrival + 1)
        }

        let last = events[events.count - 1].arrival
        var ticks: [UnixTime] = []
        var day = months.start(ofMonth: months.month(of: first))
        while day < last + 800 * 86_400 {
            if random.chance(0.04) { ticks.append(day + (random.chance(0.5) ? 0 : random.int64(0...86_399))) }
            day += 86_400
        }
        // A daily job at the very second of an event (often a month start, where a drop is due) runs first.
        for event in events where random.chance(event.arrival == months.start(ofMonth: months.month(of: event.arrival)) ? 0.6 : 0.05) {
            ticks.append(event.arrival)
        }
        ticks.sort()
        var checkpoints = [last, last + random.int64(0...(800 * 86_400))]
        for _ in 0..<3 { checkpoints.append(first + random.int64(0...(last - first + 400 * 86_400))) }
        checkpoints.append(months.start(ofMonth: months.month(of: last) + random.int(1...14)))
        return Scenario(zone: zone, tiers: tiers, policy: policy, events: events, ticks: ticks, checkpoints: checkpoints.sorted())
    }

    static func shifted(_ event: TierEvent, to arrival: UnixTime) -> TierEvent {
        switch event {
        case .activity(var activity):
            if activity.kind == .order { activity.countsAt = arrival }
            activity.occurredAt = arrival
            return .activity(activity)
        case .floor(let floor, _):
            return .floor(floor, at: arrival)
        }
    }

    @Test func incrementalEqualsFromScratchEqualsBruteForce() {
        for seed in UInt64(0)..<400 {
            let scenario = Self.scenario(seed: seed)
            let engine = TierEngine(tiers: scenario.tiers, policy: scenario.policy, zone: scenario.zone)
            var account = engine.newAccount()
            var changes: [TierChange] = []
            var nextEvent = 0, nextTick = 0
            for checkpoint in scenario.checkpoints {
                while true {
                    let eventTime = nextEvent < scenario.events.count ? scenario.events[nextEvent].arrival : .max
                    let tickTime = nextTick < scenario.ticks.count ? scenario.ticks[nextTick] : .max
                    guard min(eventTime, tickTime) <= checkpoint else { break }
                    if tickTime <= eventTime {
                        engine.advance(&account, to: tickTime, into: &changes)
                        nextTick += 1
                    } else {
                        engine.apply(scenario.events[nextEvent], to: &account, into: &changes)
                        nextEvent += 1
                    }
                }
                let incremental = engine.standing(of: account, at: checkpoint)
                let scratch = engine.standing(scenario.events, asOf: checkpoint)
                #expect(incremental == scratch, "seed \(seed) at \(Timestamp.iso8601(checkpoint)) \(scenario.policy)")
                let brute = Self.bruteForceTier(scenario, asOf: checkpoint)
                #expect(scratch.state.tierKey == brute, "seed \(seed) brute force at \(Timestamp.iso8601(checkpoint))")
                if incremental != scratch || scratch.state.tierKey != brute { return }
            }
            checkChanges(changes, engine: engine, final: engine.state(of: account), seed: seed)
            checkExpiry(scenario, engine: engine, asOf: scenario.checkpoints.last!, seed: seed)
        }
    }

    /// Changes chain up, are dated in order, and pay each tier's entry reward once, for exactly the tiers between the
    /// starting tier and the highest reached.
    func checkChanges(_ changes: [TierChange], engine: TierEngine, final: TierState, seed: UInt64) {
        let start = engine.tiers.lastIndex { $0.threshold == 0 }.map { engine.tiers[$0].key }
        var current = start
        var previousAt = UnixTime.min
        for change in changes {
            #expect(change.from == current && change.from != change.to, "seed \(seed)")
            #expect(change.at >= previousAt, "seed \(seed)")
            current = change.to
            previousAt = change.at
        }
        #expect(current == final.tierKey, "seed \(seed)")
        let paid = changes.flatMap(\.entryRewards).map(\.tierKey)
        let startRank = engine.rank(of: start) ?? -1
        let highest = engine.rank(of: final.highestTierKey) ?? -1
        let expected = engine.tiers.indices.filter { $0 > startRank && $0 <= highest && engine.tiers[$0].entryRewardPoints > 0 }
            .map { engine.tiers[$0].key }
        #expect(paid == expected, "seed \(seed)")
    }

    /// `expiresAt` means what it says: with no new events the tier holds until just before it and not at it; nil
    /// means the tier is still there years later. `heldUntil` agrees when activity alone holds the tier.
    func checkExpiry(_ scenario: Scenario, engine: TierEngine, asOf: UnixTime, seed: UInt64) {
        let known = scenario.events.filter { $0.arrival <= asOf }
        let now = engine.standing(known, asOf: asOf)
        let rank = engine.rank(of: now.state.tierKey) ?? -1
        if let end = now.progress.expiresAt {
            #expect(engine.standing(known, asOf: end - 1).state.tierKey == now.state.tierKey, "seed \(seed)")
            #expect((engine.rank(of: engine.standing(known, asOf: end).state.tierKey) ?? -1) < rank, "seed \(seed)")
            if scenario.policy.downgrade == .atWindowEnd, now.state.floor == nil {
                #expect(now.state.heldUntil == end, "seed \(seed)")
            }
        } else {
            let later = engine.standing(known, asOf: asOf + 4 * 366 * 86_400)
            #expect((engine.rank(of: later.state.tierKey) ?? -1) >= rank, "seed \(seed)")
        }
        if scenario.policy.downgrade != .atWindowEnd { #expect(now.state.heldUntil == nil, "seed \(seed)") }
    }

    /// The tier at `asOf` read straight from the rules, with Foundation's calendar for local months.
    static func bruteForceTier(_ scenario: Scenario, asOf: UnixTime) -> String? {
        let zone = scenario.zone
        func period(_ time: UnixTime) -> Int {
            let fields = LocalTime.fields(of: time, in: zone)
            switch scenario.policy.window {
            case .lifetime: return 0
            case .calendarYear: return fields.year
            case .rolling12Months: return fields.year * 12 + fields.month - 1
            }
        }
        let (span, hold): (Int, Int) = switch scenario.policy.window {
        case .lifetime: (1, 0)
        case .calendarYear: (1, 1)
        case .rolling12Months: (13, 12)
        }
        var items: [(period: Int, value: Int64)] = []
        var floor: ManualFloor?
        for event in scenario.events where event.arrival <= asOf {
            switch event {
            case .activity(let activity): items.append((period(activity.countsAt), activity.value(in: scenario.policy.basis)))
            case .floor(let newFloor, _): floor = newFloor
            }
        }
        func windowValue(_ end: Int) -> Int64 {
            items.filter { $0.period > end - span && $0.period <= end }.reduce(0) { $0 + $1.value }
        }
        let now = period(asOf)
        let value: Int64 = switch scenario.policy.downgrade {
        case .immediately: windowValue(now)
        case .atWindowEnd: ((now - hold)...now).map(windowValue).max()!
        case .never: ((items.map(\.period).min() ?? now)...now).map(windowValue).max()!
        }
        let ordered = TierTable.ordered(scenario.tiers)
        var rank = ordered.lastIndex { $0.threshold <= max(value, 0) } ?? -1
        if let floor, floor.until.map({ asOf < $0 }) ?? true, let floorRank = ordered.firstIndex(where: { $0.key == floor.tierKey }) {
            rank = max(rank, floorRank)
        }
        return rank >= 0 ? ordered[rank].key : nil
    }

    @Test func monthTableMatchesFoundationsCalendar() {
        var random = ProgramRandom(seed: 7)
        for zone in Self.zones + [TimeZone(identifier: "America/Sao_Paulo")!, TimeZone(identifier: "Asia/Kolkata")!] {
            let table = MonthTable(zone: zone)
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = zone
            for _ in 0..<400 {
                let time = random.int64(0...4_102_444_800) // 1970 ... 2100
                let parts = calendar.dateComponents([.year, .month], from: Date(timeIntervalSince1970: TimeInterval(time)))
                let index = MonthTable.index(year: parts.year!, month: parts.month!)
                #expect(table.month(of: time) == index, "\(zone.identifier) \(time)")
                #expect(table.start(ofMonth: index) <= time && time < table.start(ofMonth: index + 1))
                let start = calendar.date(from: DateComponents(year: parts.year!, month: parts.month!, day: 1))!
                #expect(table.start(ofMonth: index) == UnixTime(start.timeIntervalSince1970), "\(zone.identifier) \(parts)")
            }
        }
        // Outside the table the edge offset is assumed, and the mapping stays consistent.
        let paris = MonthTable(zone: F.paris)
        for index in [-30, -1, MonthTable.yearCount * 12, MonthTable.yearCount * 12 + 40] {
            #expect(paris.month(of: paris.start(ofMonth: index)) == index)
            #expect(paris.month(of: paris.start(ofMonth: index) - 1) == index - 1)
        }
    }
}
