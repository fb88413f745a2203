import Foundation
import LoyaltyCore
import Testing

/// Campaign windows are written in local time; across DST changes they must still mean the merchant's days.
@Suite struct CampaignWindowDSTTests {
    typealias F = ProgramFixtures

    struct Transition {
        var zone: TimeZone
        var instant: UnixTime
        /// Seconds the clock jumps: +3600 in spring, -3600 in autumn.
        var jump: Int64
        /// The local day on which it happens.
        var day: LocalTime.Fields
    }

    static func transitions(in zone: TimeZone, years: ClosedRange<Int>) -> [Transition] {
        var found: [Transition] = []
        var date = Date(timeIntervalSince1970: TimeInterval(Timestamp.make(year: years.lowerBound, month: 1, day: 1)))
        let end = Date(timeIntervalSince1970: TimeInterval(Timestamp.make(year: years.upperBound + 1, month: 1, day: 1)))
        while let next = zone.nextDaylightSavingTimeTransition(after: date), next < end {
            let instant = UnixTime(next.timeIntervalSince1970)
            let jump = LocalTime.offset(zone, at: instant) - LocalTime.offset(zone, at: instant - 1)
            var day = LocalTime.fields(of: instant, in: zone)
            day.hour = 0
            day.minute = 0
            found.append(Transition(zone: zone, instant: instant, jump: jump, day: day))
            date = next
        }
        return found
    }

    static let all = [F.paris, F.newYork, F.sydney].flatMap { transitions(in: $0, years: 2024...2030) }

    static func text(_ fields: LocalTime.Fields) -> String { LocalTime.format(fields) }

    static func nextDay(_ fields: LocalTime.Fields) -> LocalTime.Fields {
        let (year, month, day) = Timestamp.components(Timestamp.make(year: fields.year, month: fields.month, day: fields.day) + 86_400)
        return LocalTime.Fields(year: year, month: month, day: day, hour: 0, minute: 0)
    }

    @Test func knownTransitionsAreFound() {
        #expect(Self.all.count == 3 * 7 * 2)
        let paris2026 = Self.all.filter { $0.zone == F.paris && $0.day.year == 2026 }.map { Self.text($0.day) }
        #expect(paris2026 == ["2026-03-29T00:00", "2026-10-25T00:00"])
        let sydney2026 = Self.all.filter { $0.zone == F.sydney && $0.day.year == 2026 }
        #expect(sydney2026.map { Self.text($0.day) } == ["2026-04-05T00:00", "2026-10-04T00:00"])
        #expect(sydney2026.map(\.jump) == [-3600, 3600])
    }

    /// A one-day campaign on the day of a change lasts 23 or 25 hours; 23:59 local on its last day is in, the next
    /// midnight is out, the first midnight is in.
    @Test func aDayLongCampaignOverAChangeIsTheLocalDay() {
        for transition in Self.all {
            let first = transition.day, second = Self.nextDay(first)
            let definition = F.campaign(.multiplier, multiplier: "2", from: Self.text(first), to: Self.text(second),
                                        zone: transition.zone.identifier)
            let window = definition.window!
            #expect(window.end - window.start == 86_400 - transition.jump, "\(transition.zone.identifier) \(Self.text(first))")
            var lastMinute = first
            lastMinute.hour = 23
            lastMinute.minute = 59
            let engine = CampaignEngine(campaigns: [StoredCampaign(id: 1, status: .scheduled, definition: definition)])
            func qualifies(_ time: UnixTime) -> Bool {
                engine.evaluate(CampaignOrderContext(at: time, eligibleMinor: 10_00)).multiplier != nil
            }
            #expect(qualifies(LocalTime.resolve(lastMinute, in: transition.zone)))
            #expect(qualifies(LocalTime.resolve(lastMinute, in: transition.zone) + 59))
            #expect(!qualifies(LocalTime.resolve(second, in: transition.zone)))
            #expect(qualifies(LocalTime.resolve(first, in: transition.zone)))
            #expect(!qualifies(LocalTime.resolve(first, in: transition.zone) - 1))
            #expect(window.contains(transition.instant))
        }
    }

    /// Random instants around changes: an order is in a campaign of whole local days exactly when its local date is.
    @Test func membershipFollowsTheLocalDate() {
        var random = ProgramRandom(seed: 2026)
        for _ in 0..<1_500 {
            let transition = random.pick(Self.all)
            let zone = transition.zone
            var start = transition.day
            if random.chance(0.5) { start = LocalTime.fields(of: LocalTime.resolve(start, in: zone) - 86_400, in: zone) }
            start.hour = 0
            start.minute = 0
            var end = Self.nextDay(start)
            for _ in 0..<random.int(0...2) { end = Self.nextDay(end) }
            let window = F.campaign(.fixedBonus, bonus: 1, from: Self.text(start), to: Self.text(end), zone: zone.identifier).window!
            let time = transition.instant + random.int64(-(3 * 86_400)...(3 * 86_400))
            let local = LocalTime.fields(of: time, in: zone)
            let date = (local.year, local.month, local.day)
            let inside = date >= (start.year, start.month, start.day) && date < (end.year, end.month, end.day)
            #expect(window.contains(time) == inside, "\(zone.identifier) \(Timestamp.iso8601(time)) in \(Self.text(start))..<\(Self.text(end))")
        }
    }

    /// Local times around a change resolve by the documented rules: a time that exists maps back to itself; a time
    /// in the spring gap means the same distance past it; a time that happens twice in autumn means the first.
    @Test func localTimesAroundChangesFollowTheGapAndOverlapRules() {
        var random = ProgramRandom(seed: 99)
        for _ in 0..<3_000 {
            let transition = random.pick(Self.all)
            let zone = transition.zone
            let wallAtChange = transition.instant + LocalTime.offset(zone, at: transition.instant - 1)
            let wall = wallAtChange + Int64(random.int(-180...180)) * 60
            let (year, month, day) = Timestamp.components(wall)
            let minuteOfDay = (wall - Timestamp.startOfDay(wall)) / 60
            let fields = LocalTime.Fields(year: year, month: month, day: day, hour: Int(minuteOfDay / 60), minute: Int(minuteOfDay % 60))
            let resolved = LocalTime.resolve(fields, in: zone)
            let inGap = transition.jump > 0 && wall >= wallAtChange && wall < wallAtChange + transition.jump
            if inGap {
                #expect(resolved == wall - LocalTime.offset(zone, at: transition.instant - 1), "\(zone.identifier) \(Self.text(fields))")
                #expect(resolved >= transition.instant)
                #expect(LocalTime.fields(of: resolved, in: zone) != fields)
            } else {
                #expect(LocalTime.fields(of: resolved, in: zone) == fields, "\(zone.identifier) \(Self.text(fields))")
                // No earlier instant shows the same wall-clock time.
                #expect(LocalTime.fields(of: resolved + transition.jump, in: zone) != fields || transition.jump > 0)
                let inOverlap = transition.jump < 0 && wall >= wallAtChange + transition.jump && wall < wallAtChange
                if inOverlap {
                    #expect(resolved < transition.instant)
                    #expect(LocalTime.fields(of: resolved - transition.jump, in: zone) == fields)
                }
            }
        }
    }
}
