import Foundation

/// Seconds since 1970-01-01T00:00:00Z. The domain passes time in; it never reads a clock.
public typealias UnixTime = Int64

public enum Timestamp {
    public static let secondsPerDay: Int64 = 86_400

    /// Parses the timestamp shapes found in Shopify payloads and exports:
    /// `2008-01-10T11:00:00-05:00`, `2024-03-01T10:00:00Z`, `2024-03-01T10:00:00.123Z`,
    /// `2024-03-01 10:00:00 -0500` (Shopify's CSV export), `2024-03-01 10:00:00` and `2024-03-01` (read in
    /// `defaultOffsetSeconds`, the merchant's UTC offset). Returns nil for anything else, including impossible dates.
    public static func parse<S: StringProtocol>(_ text: S, defaultOffsetSeconds: Int64 = 0) -> UnixTime? {
        var bytes = Array(text.utf8)
        while bytes.last == 32 { bytes.removeLast() }
        while bytes.first == 32 { bytes.removeFirst() }
        var i = 0
        func number(_ count: Int) -> Int? {
            guard i + count <= bytes.count else { return nil }
            var value = 0
            for k in i..<(i + count) {
                let b = bytes[k]
                guard b >= 48 && b <= 57 else { return nil }
                value = value * 10 + Int(b - 48)
            }
            i += count
            return value
        }
        func expect(_ c: UInt8) -> Bool {
            guard i < bytes.count, bytes[i] == c else { return false }
            i += 1
            return true
        }
        guard let year = number(4), expect(45), let month = number(2), expect(45), let day = number(2) else { return nil }
        guard (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year) else { return nil }
        var hour = 0, minute = 0, second = 0
        var offset = defaultOffsetSeconds
        if i < bytes.count {
            guard bytes[i] == UInt8(ascii: "T") || bytes[i] == 32 else { return nil }
            i += 1
            guard let h = number(2), expect(58), let m = number(2) else { return nil }
            hour = h; minute = m
            if expect(58) { guard let s = number(2) else { return nil }; second = s }
            guard hour < 24, minute < 60, second < 61 else { return nil }
            if expect(46) { // fractional seconds are dropped
                let start = i
                while i < bytes.count, bytes[i] >= 48, bytes[i] <= 57 { i += 1 }
                guard i > start else { return nil }
            }
            if i < bytes.count && bytes[i] == 32 { i += 1 }
            if i < bytes.count {
                if bytes[i] == UInt8(ascii: "Z") {
                    i += 1
                    offset = 0
                } else if bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") {
                    let sign: Int64 = bytes[i] == UInt8(ascii: "-") ? -1 : 1
                    i += 1
                    guard let oh = number(2) else { return nil }
                    _ = expect(58)
                    guard let om = number(2), oh <= 18, om < 60 else { return nil }
                    offset = sign * Int64(oh * 3600 + om * 60)
                } else {
                    return nil
                }
            }
            guard i == bytes.count else { return nil }
        }
        let days = daysFromCivil(year: year, month: month, day: day)
        return days * secondsPerDay + Int64(hour * 3600 + minute * 60 + second) - offset
    }

    /// `2024-03-01T15:00:00Z`.
    public static func iso8601(_ t: UnixTime) -> String {
        let (y, m, d) = civil(fromDays: floorDiv(t, secondsPerDay))
        let s = t - floorDiv(t, secondsPerDay) * secondsPerDay
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02dZ", y, m, d, Int(s / 3600), Int(s / 60 % 60), Int(s % 60))
    }

    /// `2024-03-01` (UTC date).
    public static func date(_ t: UnixTime) -> String {
        let (y, m, d) = civil(fromDays: floorDiv(t, secondsPerDay))
        return String(format: "%04d-%02d-%02d", y, m, d)
    }

    public static func components(_ t: UnixTime) -> (year: Int, month: Int, day: Int) {
        civil(fromDays: floorDiv(t, secondsPerDay))
    }

    public static func make(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0) -> UnixTime {
        daysFromCivil(year: year, month: month, day: day) * secondsPerDay + Int64(hour * 3600 + minute * 60 + second)
    }

    public static func startOfDay(_ t: UnixTime) -> UnixTime { floorDiv(t, secondsPerDay) * secondsPerDay }

    static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 { a >= 0 ? a / b : -((-a + b - 1) / b) }

    public static func isLeap(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    // Howard Hinnant's days_from_civil / civil_from_days.
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = Int64((month + 9) % 12)
        let doy = (153 * mp + 2) / 5 + Int64(day) - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civil(fromDays z0: Int64) -> (Int, Int, Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (Int(m <= 2 ? y + 1 : y), Int(m), Int(d))
    }
}
