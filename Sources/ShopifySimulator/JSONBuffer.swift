import Foundation

/// A hand-written JSON writer into a byte buffer: the page writer emits ~30,000 orders a second, which
/// JSONEncoder and string interpolation cannot keep up with on two shared cores.
struct JSONBuffer: Sendable {
    var bytes: [UInt8]

    init(capacity: Int = 4096) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    var count: Int { bytes.count }
    var data: Data { Data(bytes) }
    var string: String { String(decoding: bytes, as: UTF8.self) }

    mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    mutating func rawString(_ text: String) {
        bytes.append(contentsOf: text.utf8)
    }

    mutating func byte(_ b: UInt8) { bytes.append(b) }

    /// A JSON string literal with RFC 8259 escaping (quote, backslash and every control character).
    mutating func string(_ text: String) {
        bytes.append(34)
        var copy = text
        copy.withUTF8 { utf8 in
            var runStart = 0
            for (k, c) in utf8.enumerated() where c < 0x20 || c == 34 || c == 92 {
                if runStart < k { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<k])) }
                runStart = k + 1
                bytes.append(92)
                switch c {
                case 34: bytes.append(34)
                case 92: bytes.append(92)
                case 10: bytes.append(110)
                case 13: bytes.append(114)
                case 9: bytes.append(116)
                case 8: bytes.append(98)
                case 12: bytes.append(102)
                default:
                    bytes.append(contentsOf: [117, 48, 48, hexDigit(c >> 4), hexDigit(c & 15)])
                }
            }
            if runStart < utf8.count { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...])) }
        }
        bytes.append(34)
    }

    private func hexDigit(_ v: UInt8) -> UInt8 { v < 10 ? 48 + v : 87 + v }

    mutating func stringOrNull(_ text: String?) {
        if let text { string(text) } else { raw("null") }
    }

    mutating func int(_ value: Int64) {
        if value < 0 {
            bytes.append(45)
            if value == .min { rawString("9223372036854775808"); return }
            unsigned(UInt64(-value))
        } else {
            unsigned(UInt64(value))
        }
    }

    mutating func int(_ value: Int) { int(Int64(value)) }

    private mutating func unsigned(_ value: UInt64) {
        if value < 10 { bytes.append(48 + UInt8(value)); return }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var n = 0
        var v = value
        withUnsafeMutableBytes(of: &digits) { raw in
            while v > 0 {
                raw[n] = 48 + UInt8(v % 10)
                v /= 10
                n += 1
            }
            for k in stride(from: n - 1, through: 0, by: -1) { bytes.append(raw[k]) }
        }
    }

    /// Cents as a decimal with two places, unquoted (`12.34`, `-0.05`).
    mutating func decimal(cents: Int64) {
        var c = cents
        if c < 0 { bytes.append(45); c = -c }
        unsigned(UInt64(c / 100))
        bytes.append(46)
        let frac = c % 100
        bytes.append(48 + UInt8(frac / 10))
        bytes.append(48 + UInt8(frac % 10))
    }

    /// Cents as a JSON string (`"12.34"`): Shopify's money amounts.
    mutating func money(cents: Int64) {
        bytes.append(34)
        decimal(cents: cents)
        bytes.append(34)
    }

    /// `{"shopMoney":{"amount":"12.34","currencyCode":"USD"}}`
    mutating func moneySet(cents: Int64) {
        raw("{\"shopMoney\":{\"amount\":")
        money(cents: cents)
        raw(",\"currencyCode\":\"USD\"}}")
    }

    /// `{"shop_money":{...},"presentment_money":{...}}` (REST)
    mutating func restMoneySet(cents: Int64) {
        raw("{\"shop_money\":{\"amount\":")
        money(cents: cents)
        raw(",\"currency_code\":\"USD\"},\"presentment_money\":{\"amount\":")
        money(cents: cents)
        raw(",\"currency_code\":\"USD\"}}")
    }

    /// A Double as JSON, always with a fraction for whole values (`1000.0`), like Shopify's throttleStatus.
    mutating func double(_ value: Double) {
        guard value.isFinite else { raw("null"); return }
        if value == value.rounded(), abs(value) < 1e15 {
            int(Int64(value))
            raw(".0")
        } else {
            rawString("\(value)")
        }
    }

    mutating func utcTimestamp(_ t: Int64) {
        bytes.append(34)
        appendTimestampDigits(t, offsetSeconds: 0)
        bytes.append(34)
    }

    mutating func utcTimestampOrNull(_ t: Int64?) {
        if let t { utcTimestamp(t) } else { raw("null") }
    }

    mutating func shopTimestamp(_ t: Int64) {
        bytes.append(34)
        appendTimestampDigits(t, offsetSeconds: SimTime.shopOffsetSeconds)
        bytes.append(34)
    }

    mutating func shopTimestampOrNull(_ t: Int64?) {
        if let t { shopTimestamp(t) } else { raw("null") }
    }

    /// `YYYY-MM-DDTHH:MM:SSZ` or with `±HH:MM` when offsetSeconds != 0.
    mutating func appendTimestampDigits(_ t: Int64, offsetSeconds: Int64) {
        let c = SimTime.civil(t + offsetSeconds)
        pad(c.year, 4); bytes.append(45); pad(c.month, 2); bytes.append(45); pad(c.day, 2)
        bytes.append(84)
        pad(c.hour, 2); bytes.append(58); pad(c.minute, 2); bytes.append(58); pad(c.second, 2)
        if offsetSeconds == 0 {
            bytes.append(90)
        } else {
            bytes.append(offsetSeconds < 0 ? 45 : 43)
            let o = abs(offsetSeconds)
            pad(o / 3600, 2); bytes.append(58); pad((o % 3600) / 60, 2)
        }
    }

    private mutating func pad(_ value: Int64, _ width: Int) {
        var divisor: Int64 = 1
        for _ in 1..<width { divisor *= 10 }
        var v = max(0, value)
        while divisor > 0 {
            bytes.append(48 + UInt8((v / divisor) % 10))
            v %= divisor
            divisor /= 10
        }
    }
}
