import Foundation

/// Local wall-clock times in a merchant's time zone ("2026-12-24T18:00" in Europe/Paris) and the instants they
/// name. A local time skipped by a DST change (02:30 on a spring-forward night) means the instant the clock shows
/// the same distance past the gap (03:30); a local time that happens twice (autumn) means the first one.
public enum LocalTime {
    public struct Fields: Hashable, Sendable {
        public var year, month, day, hour, minute: Int

        public init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0) {
            self.year = year
            self.month = month
            self.day = day
            self.hour = hour
            self.minute = minute
        }
    }

    public static func zone(_ identifier: String) -> TimeZone? {
        guard identifier.nonBlank != nil else { return nil }
        return TimeZone(identifier: identifier)
    }

    /// "YYYY-MM-DD" (midnight) or "YYYY-MM-DDTHH:MM" (a space also separates); nil when malformed or impossible.
    public static func parse(_ text: String) -> Fields? {
        let bytes = Array(text.trimmingCharacters(in: .whitespaces).utf8)
        func number(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[range] {
                guard byte >= 48 && byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        guard bytes.count == 10 || bytes.count == 16, bytes[4] == 45, bytes[7] == 45,
              let year = number(0..<4), let month = number(5..<7), let day = number(8..<10) else { return nil }
        var hour = 0, minute = 0
        if bytes.count == 16 {
            guard bytes[10] == 84 || bytes[10] == 32, bytes[13] == 58, let h = number(11..<13), let m = number(14..<16)
            else { return nil }
            hour = h
            minute = m
        }
        guard (1970...9999).contains(year), (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day),
              (0...23).contains(hour), (0...59).contains(minute) else { return nil }
        return Fields(year: year, month: month, day: day, hour: hour, minute: minute)
    }

    public static func resolve(_ text: String, in zone: TimeZone) -> UnixTime? {
        parse(text).map { resolve($0, in: zone) }
    }

    public static func resolve(_ fields: Fields, in zone: TimeZone) -> UnixTime {
        let wall = Timestamp.make(year: fields.year, month: fields.month, day: fields.day, hour: fields.hour, minute: fields.minute)
        let before = offset(zone, at: wall - 2 * Timestamp.secondsPerDay)
        let after = offset(zone, at: wall + 2 * Timestamp.secondsPerDay)
        let valid = Set([before, after, offset(zone, at: wall)]).map { wall - $0 }.filter { wall - offset(zone, at: $0) == $0 }
        if let first = valid.min() { return first }
        return wall - before
    }

    /// The local wall-clock fields of an instant in `zone`.
    public static func fields(of time: UnixTime, in zone: TimeZone) -> Fields {
        let local = time + offset(zone, at: time)
        let (year, month, day) = Timestamp.components(local)
        let secondOfDay = local - Timestamp.startOfDay(local)
        return Fields(year: year, month: month, day: day, hour: Int(secondOfDay / 3600), minute: Int(secondOfDay % 3600 / 60))
    }

    public static func format(_ fields: Fields) -> String {
        func pad(_ n: Int, _ width: Int) -> String { String(repeating: "0", count: max(0, width - String(n).count)) + String(n) }
        return "\(pad(fields.year, 4))-\(pad(fields.month, 2))-\(pad(fields.day, 2))T\(pad(fields.hour, 2)):\(pad(fields.minute, 2))"
    }

    public static func offset(_ zone: TimeZone, at time: UnixTime) -> Int64 {
        Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(time))))
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return Timestamp.isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}

extension LocalTime {
    /// The instant local Monday 00:00 of the week containing `time` begins, in `zone`.
    public static func weekStart(of time: UnixTime, in zone: TimeZone) -> UnixTime {
        let f = fields(of: time, in: zone)
        let wallMidnight = Timestamp.make(year: f.year, month: f.month, day: f.day)
        // 1970-01-01 was a Thursday: (days + 3) mod 7 counts from Monday.
        let weekday = (Timestamp.floorDiv(wallMidnight, Timestamp.secondsPerDay) + 3) % 7
        let (year, month, day) = Timestamp.components(wallMidnight - weekday * Timestamp.secondsPerDay)
        return resolve(Fields(year: year, month: month, day: day, hour: 0, minute: 0), in: zone)
    }
}
