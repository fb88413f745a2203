import Foundation
import LoyaltyCore
import Testing

@Suite struct LocalTimeTests {
    typealias F = ProgramFixtures

    @Test func parsesDatesAndDateTimes() {
        #expect(LocalTime.parse("2026-12-24") == LocalTime.Fields(year: 2026, month: 12, day: 24, hour: 0, minute: 0))
        #expect(LocalTime.parse("2026-12-24T18:05") == LocalTime.Fields(year: 2026, month: 12, day: 24, hour: 18, minute: 5))
        #expect(LocalTime.parse(" 2026-12-24 18:05 ") == LocalTime.Fields(year: 2026, month: 12, day: 24, hour: 18, minute: 5))
        #expect(LocalTime.parse("2024-02-29") != nil)
        #expect(LocalTime.parse("1970-01-01T00:00") != nil)
        #expect(LocalTime.parse("9999-12-31T23:59") != nil)
    }

    @Test(arguments: ["", "2026", "2026-12", "2026-12-24T", "2026-12-24T18", "2026-12-24T18:05:00", "2026-12-24T18:05Z",
                      "2026-12-24X18:05", "2026-02-29", "2025-02-29", "2100-02-29", "2026-04-31", "2026-00-10", "2026-13-10",
                      "2026-12-00", "2026-12-24T24:00", "2026-12-24T23:60", "1969-12-31", "+026-12-24", "2026-1a-24",
                      "２０２６-12-24", "2026/12/24"])
    func refusesWhatIsNotALocalTime(text: String) {
        #expect(LocalTime.parse(text) == nil, "\(text)")
        #expect(LocalTime.resolve(text, in: F.utc) == nil)
    }

    @Test func resolvesInTheZone() {
        #expect(LocalTime.resolve("2026-12-24T18:00", in: F.utc) == Timestamp.make(year: 2026, month: 12, day: 24, hour: 18))
        #expect(LocalTime.resolve("2026-12-24T18:00", in: F.paris) == Timestamp.make(year: 2026, month: 12, day: 24, hour: 17))
        #expect(LocalTime.resolve("2026-07-01", in: F.paris) == Timestamp.make(year: 2026, month: 6, day: 30, hour: 22))
        #expect(LocalTime.resolve("2026-07-01", in: F.sydney) == Timestamp.make(year: 2026, month: 6, day: 30, hour: 14))
        #expect(LocalTime.resolve("2026-01-01", in: F.sydney) == Timestamp.make(year: 2025, month: 12, day: 31, hour: 13))
    }

    @Test func gapsMoveForwardAndOverlapsTakeTheFirst() {
        // Paris springs forward at 02:00 on 2026-03-29 (01:00 UTC): 02:30 does not exist and means 03:30 CEST.
        let gap = LocalTime.resolve("2026-03-29T02:30", in: F.paris)!
        #expect(gap == Timestamp.make(year: 2026, month: 3, day: 29, hour: 1, minute: 30))
        #expect(LocalTime.format(LocalTime.fields(of: gap, in: F.paris)) == "2026-03-29T03:30")
        // Paris falls back at 03:00 on 2026-10-25 (01:00 UTC): 02:30 happens at 00:30 and 01:30 UTC; the first counts.
        #expect(LocalTime.resolve("2026-10-25T02:30", in: F.paris) == Timestamp.make(year: 2026, month: 10, day: 25, minute: 30))
        // New York: 02:30 on 2026-03-08 does not exist; 01:30 on 2026-11-01 happens twice.
        #expect(LocalTime.resolve("2026-03-08T02:30", in: F.newYork) == Timestamp.make(year: 2026, month: 3, day: 8, hour: 7, minute: 30))
        #expect(LocalTime.resolve("2026-11-01T01:30", in: F.newYork) == Timestamp.make(year: 2026, month: 11, day: 1, hour: 5, minute: 30))
    }

    @Test func fieldsRoundTripAwayFromChanges() {
        var random = ProgramRandom(seed: 11)
        for _ in 0..<500 {
            let zone = random.pick([F.utc, F.paris, F.newYork, F.sydney, TimeZone(identifier: "Asia/Kathmandu")!])
            let time = random.int64(0...4_000_000_000) / 60 * 60
            let fields = LocalTime.fields(of: time, in: zone)
            let text = LocalTime.format(fields)
            #expect(LocalTime.parse(text) == fields)
            // A time that repeats in an autumn overlap resolves to its first occurrence, never later.
            let back = LocalTime.resolve(fields, in: zone)
            #expect(back == time || (back < time && LocalTime.fields(of: back, in: zone) == fields), "\(zone.identifier) \(text)")
        }
    }

    @Test func zonesMustBeKnown() {
        #expect(LocalTime.zone("Europe/Paris") != nil)
        #expect(LocalTime.zone("") == nil)
        #expect(LocalTime.zone("   ") == nil)
        #expect(LocalTime.zone("Atlantis/Capital") == nil)
    }
}

@Suite struct ZoneOffsetsTests {
    @Test func offsetsMatchFoundationIncludingBaseOffsetChanges() {
        var random = ProgramRandom(seed: 3)
        for id in ["UTC", "Europe/Paris", "America/New_York", "Australia/Sydney", "Europe/Moscow", "Asia/Pyongyang",
                   "America/Caracas", "Pacific/Apia", "Asia/Kathmandu", "America/Sao_Paulo"] {
            let zone = TimeZone(identifier: id)!
            let table = ZoneOffsets(zone: zone)
            for _ in 0..<2_000 {
                let time = random.int64(-86_400...4_102_444_800)
                #expect(table.offset(at: time) == LocalTime.offset(zone, at: time), "\(id) \(time)")
                let fields = LocalTime.fields(of: time, in: zone)
                #expect(table.localDay(of: time) == Timestamp.make(year: fields.year, month: fields.month, day: fields.day) / 86_400)
            }
        }
    }
}
