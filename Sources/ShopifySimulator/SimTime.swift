/// Timestamps are whole Unix seconds; formatting is done by hand because the page writer formats
/// tens of thousands of them per second.
enum SimTime {
    /// 2026-11-01T00:00:00Z: the fixed end of the synthetic history, so the same seed gives the same store on any day.
    static let historyEnd: Int64 = 1_793_491_200
    static let historySpan: Int64 = 730 * 86_400
    static let historyStart: Int64 = historyEnd - historySpan
    /// The shop's offset in REST payloads (America/New_York, written as -05:00 all year like the contract says).
    static let shopOffsetSeconds: Int64 = -5 * 3600

    struct Civil { var year: Int64, month: Int64, day: Int64, hour: Int64, minute: Int64, second: Int64 }

    static func civil(_ t: Int64) -> Civil {
        let days = floorDiv(t, 86_400)
        let secs = t - days * 86_400
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468
        let era = floorDiv(z, 146_097)
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        return Civil(year: y, month: m, day: d, hour: secs / 3600, minute: (secs % 3600) / 60, second: secs % 60)
    }

    static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = floorDiv(y, 400)
        let yoe = y - era * 400
        let mp = month > 2 ? month - 3 : month + 9
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    private static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    /// `2026-03-01T12:00:00Z`
    static func isoUTC(_ t: Int64) -> String {
        var buffer = JSONBuffer(capacity: 24)
        buffer.appendTimestampDigits(t, offsetSeconds: 0)
        return buffer.string
    }

    /// `2026-03-01T07:00:00-05:00`
    static func isoShop(_ t: Int64) -> String {
        var buffer = JSONBuffer(capacity: 32)
        buffer.appendTimestampDigits(t, offsetSeconds: shopOffsetSeconds)
        return buffer.string
    }

    /// Parses `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM[:SS[.fff]]` with `Z`, `±HH:MM`, `±HHMM` or no zone (UTC).
    /// Fractions are dropped (whole seconds, like Shopify's filters).
    static func parse(_ text: String) -> Int64? {
        let b = Array(text.utf8)
        var i = 0
        func number(_ count: Int) -> Int64? {
            guard i + count <= b.count else { return nil }
            var v: Int64 = 0
            for k in i..<(i + count) {
                let c = b[k]
                guard c >= 48, c <= 57 else { return nil }
                v = v * 10 + Int64(c - 48)
            }
            i += count
            return v
        }
        func expect(_ c: UInt8) -> Bool {
            guard i < b.count, b[i] == c else { return false }
            i += 1
            return true
        }
        guard let year = number(4), expect(45), let month = number(2), expect(45), let day = number(2),
              (1...12).contains(month), (1...31).contains(day) else { return nil }
        var seconds = daysFromCivil(year: year, month: month, day: day) * 86_400
        if i == b.count { return seconds }
        guard i < b.count, b[i] == 84 || b[i] == 116 || b[i] == 32 else { return nil }
        i += 1
        guard let hour = number(2), expect(58), let minute = number(2), hour < 24, minute < 60 else { return nil }
        seconds += hour * 3600 + minute * 60
        if expect(58) {
            guard let second = number(2), second < 61 else { return nil }
            seconds += second
            if expect(46) {
                while i < b.count, b[i] >= 48, b[i] <= 57 { i += 1 }
            }
        }
        if i == b.count { return seconds }
        if b[i] == 90 || b[i] == 122 {
            return i + 1 == b.count ? seconds : nil
        }
        guard b[i] == 43 || b[i] == 45 else { return nil }
        let sign: Int64 = b[i] == 45 ? -1 : 1
        i += 1
        guard let oh = number(2) else { return nil }
        _ = expect(58)
        guard let om = number(2), i == b.count else { return nil }
        return seconds - sign * (oh * 3600 + om * 60)
    }
}
