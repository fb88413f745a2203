import Foundation

/// An ISO 4217 currency code and the number of decimal places its minor unit has.
public struct Currency: Hashable, Sendable, CustomStringConvertible {
    public let code: String
    public let exponent: Int

    public init?(code raw: String) {
        let code = raw.uppercased()
        guard code.utf8.count == 3, code.utf8.allSatisfy({ $0 >= 65 && $0 <= 90 }) else { return nil }
        self.code = code
        self.exponent = Currency.zeroDecimal.contains(code) ? 0 : (Currency.threeDecimal.contains(code) ? 3 : 2)
    }

    public var description: String { code }
    public static let usd = Currency(code: "USD")!

    static let zeroDecimal: Set<String> = ["BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF",
                                           "UGX", "UYI", "VND", "VUV", "XAF", "XOF", "XPF"]
    static let threeDecimal: Set<String> = ["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"]
}

/// A decimal amount exactly as written in a file ("12.30" = 1230 with scale 2), before a currency gives it a
/// minor unit. Money never passes through Double.
public struct DecimalAmount: Hashable, Sendable {
    public let digits: Int64
    public let scale: Int

    public init(digits: Int64, scale: Int) {
        self.digits = digits
        self.scale = scale
    }

    public enum ParseError: Error, Equatable {
        case empty, notANumber, negative, tooLarge, tooManyDecimals
    }

    /// Parses a plain non-negative decimal: digits, optionally one '.' and more digits. No sign (a leading '-'
    /// gives `.negative`), no exponent, no thousands separators.
    public static func parse<S: StringProtocol>(_ text: S) -> Result<DecimalAmount, ParseError> {
        var digits: Int64 = 0
        var scale = 0
        var seenDot = false
        var seenDigit = false
        var utf8 = Substring(text).utf8[...]
        while let first = utf8.first, first == 32 { utf8 = utf8.dropFirst() }
        while let last = utf8.last, last == 32 { utf8 = utf8.dropLast() }
        if utf8.isEmpty { return .failure(.empty) }
        if utf8.first == UInt8(ascii: "-") { return .failure(.negative) }
        if utf8.first == UInt8(ascii: "+") { utf8 = utf8.dropFirst() }
        for byte in utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                seenDigit = true
                let (m, o1) = digits.multipliedReportingOverflow(by: 10)
                let (s, o2) = m.addingReportingOverflow(Int64(byte - 48))
                if o1 || o2 { return .failure(.tooLarge) }
                digits = s
                if seenDot { scale += 1; if scale > 9 { return .failure(.tooManyDecimals) } }
            case UInt8(ascii: "."):
                if seenDot { return .failure(.notANumber) }
                seenDot = true
            default:
                return .failure(.notANumber)
            }
        }
        return seenDigit ? .success(DecimalAmount(digits: digits, scale: scale)) : .failure(.notANumber)
    }

    /// This amount in minor units of `currency`; nil when it has more decimals than the currency allows
    /// (trailing zeros are fine: "12.300" is 1230 cents) or overflows.
    public func minorUnits(in currency: Currency) -> Int64? {
        var digits = self.digits
        var scale = self.scale
        while scale > currency.exponent {
            guard digits % 10 == 0 else { return nil }
            digits /= 10
            scale -= 1
        }
        while scale < currency.exponent {
            let (m, overflow) = digits.multipliedReportingOverflow(by: 10)
            if overflow { return nil }
            digits = m
            scale += 1
        }
        return digits
    }

    public var decimal: Decimal { Decimal(sign: digits < 0 ? .minus : .plus, exponent: -scale, significand: Decimal(digits.magnitude)) }
}

/// An amount of one currency in its minor unit (cents for USD, yen for JPY).
public struct Money: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var minorUnits: Int64
    public var currency: Currency

    public init(minorUnits: Int64, currency: Currency) {
        self.minorUnits = minorUnits
        self.currency = currency
    }

    public static func < (lhs: Money, rhs: Money) -> Bool { lhs.minorUnits < rhs.minorUnits }

    public var decimal: Decimal {
        Decimal(sign: minorUnits < 0 ? .minus : .plus, exponent: -currency.exponent, significand: Decimal(minorUnits.magnitude))
    }

    /// "12.40" (no symbol; the currency code is shown separately where it matters).
    public var plainString: String { Money.format(minorUnits: minorUnits, exponent: currency.exponent) }
    public var description: String { "\(plainString) \(currency.code)" }

    public static func format(minorUnits: Int64, exponent: Int) -> String {
        let negative = minorUnits < 0
        var magnitude = String(minorUnits.magnitude)
        guard exponent > 0 else { return (negative ? "-" : "") + magnitude }
        if magnitude.count <= exponent { magnitude = String(repeating: "0", count: exponent - magnitude.count + 1) + magnitude }
        let split = magnitude.index(magnitude.endIndex, offsetBy: -exponent)
        return (negative ? "-" : "") + magnitude[..<split] + "." + magnitude[split...]
    }
}

extension DecimalAmount {
    /// The exact sum, at the largest scale among `amounts`; nil on overflow. An empty list sums to 0.
    public static func exactSum(_ amounts: [DecimalAmount]) -> DecimalAmount? {
        let scale = amounts.map(\.scale).max() ?? 0
        var total: Int64 = 0
        for amount in amounts {
            var digits = amount.digits
            for _ in amount.scale..<scale {
                let (scaled, overflow) = digits.multipliedReportingOverflow(by: 10)
                if overflow { return nil }
                digits = scaled
            }
            let (sum, overflow) = total.addingReportingOverflow(digits)
            if overflow { return nil }
            total = sum
        }
        return DecimalAmount(digits: total, scale: scale)
    }
}

extension String {
    /// nil for "" and whitespace-only text, which Shopify sends for absent values.
    public var nonBlank: String? { trimmingCharacters(in: .whitespaces).isEmpty ? nil : self }
}
