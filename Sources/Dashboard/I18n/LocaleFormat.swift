import Foundation

/// Numbers, money and dates the way a locale writes them (CLDR data through Foundation's ICU).
///
/// It holds Foundation `FormatStyle` values, which are Sendable; Foundation caches the ICU formatter behind
/// each style, so formatting costs about 1–3 µs per call on Linux (docs/i18n.md) and a `LocaleFormat` can be
/// shared across threads and kept in app state. `NumberFormatter` is not used: it formats `Decimal` through
/// `Double` on Linux (money above 2^53 minor units comes out wrong) and crashes on `-u-nu-` locale identifiers.
///
/// Output is exactly what CLDR says, including the invisible bidi marks Arabic and Hebrew use to keep a minus
/// sign or a currency next to its number (U+200E, U+200F, U+061C) and no-break spaces (U+00A0, U+202F).
/// Everything depends only on the locale and the time zone given here, never on the machine's settings.
public struct LocaleFormat: Sendable {
    public let code: String
    public let numbers: String?
    public let locale: Locale
    public let timeZone: TimeZone
    private let integerStyle: IntegerFormatStyle<Int64>
    private let signedStyle: IntegerFormatStyle<Int64>
    private let dateStyle: Date.FormatStyle
    private let dateTimeStyle: Date.FormatStyle

    /// - Parameters:
    ///   - code: the locale file's code ("es", "pt-BR").
    ///   - numbers: a numbering system from `LocaleFile.numberingSystems`, or nil for the locale's CLDR default.
    ///   - timeZone: the zone dates are shown in — the merchant's, so every operator sees the same day.
    public init(code: String, numbers: String? = nil, timeZone: TimeZone = .gmt) {
        let useNumbers = numbers.flatMap { LocaleFile.numberingSystems.contains($0) ? $0 : nil }
        let locale = Locale(identifier: useNumbers.map { "\(code)@numbers=\($0)" } ?? code)
        var calendar = locale.calendar
        calendar.timeZone = timeZone
        self.code = code
        self.numbers = useNumbers
        self.locale = locale
        self.timeZone = timeZone
        integerStyle = IntegerFormatStyle<Int64>(locale: locale)
        signedStyle = integerStyle.sign(strategy: .always(includingZero: false))
        dateStyle = Date.FormatStyle(date: .numeric, time: .omitted, locale: locale, calendar: calendar,
                                     timeZone: timeZone)
        dateTimeStyle = Date.FormatStyle(date: .numeric, time: .shortened, locale: locale, calendar: calendar,
                                         timeZone: timeZone)
    }

    public init(_ file: LocaleFile, timeZone: TimeZone = .gmt) {
        self.init(code: file.code, numbers: file.numbers, timeZone: timeZone)
    }

    /// 1234567 → "1,234,567" (en), "1.234.567" (es), "1,234,567" (ar: CLDR's `ar` uses Latin digits).
    public func integer<T: BinaryInteger>(_ value: T) -> String {
        integerStyle.format(Int64(clamping: value))
    }

    /// A points change with its sign: "+50", "-20", "0".
    public func signedPoints<T: BinaryInteger>(_ value: T) -> String {
        signedStyle.format(Int64(clamping: value))
    }

    /// A ratio as a percentage: 0.125 → "12.5%" (en), "12,5 %" (es). Not-a-number (a rate of nothing) is "—".
    public func percent(_ ratio: Double, maxFractionDigits: Int = 1) -> String {
        guard ratio.isFinite else { return "—" }
        return FloatingPointFormatStyle<Double>.Percent(locale: locale)
            .precision(.fractionLength(0...max(0, maxFractionDigits)))
            .format(ratio)
    }

    /// A ratio such as orders per customer: "2.4" (en), "2,4" (es).
    public func decimal(_ value: Double, fractionDigits: Int) -> String {
        guard value.isFinite else { return "—" }
        return FloatingPointFormatStyle<Double>(locale: locale)
            .precision(.fractionLength(max(0, fractionDigits)))
            .format(value)
    }

    /// An exact decimal given as digits and a scale: (125, 2) → "1.25" (en), "1,25" (es); no Double on the way.
    public func decimal(digits: Int64, scale: Int) -> String {
        let scale = min(max(scale, 0), 18)
        let amount = Decimal(sign: digits < 0 ? .minus : .plus, exponent: -scale, significand: Decimal(digits.magnitude))
        return Decimal.FormatStyle(locale: locale).precision(.fractionLength(scale)).format(amount)
    }

    /// An amount kept in minor units: (123450, "EUR", 2) → "€1,234.50" (en), "1234,50 €" (es).
    /// Exact for every Int64 (no Double on the way). A code that is not three letters is shown after the number.
    public func money(minorUnits: Int64, currency: String, exponent: Int) -> String {
        let exponent = min(max(exponent, 0), 18)
        let amount = Decimal(sign: minorUnits < 0 ? .minus : .plus, exponent: -exponent,
                             significand: Decimal(minorUnits.magnitude))
        let code = currency.uppercased()
        guard code.utf8.count == 3, code.utf8.allSatisfy({ (65...90).contains($0) }) else {
            return Decimal.FormatStyle(locale: locale).precision(.fractionLength(exponent)).format(amount)
                + " " + currency
        }
        return Decimal.FormatStyle.Currency(code: code, locale: locale).precision(.fractionLength(exponent))
            .format(amount)
    }

    /// Items as the locale lists them: "en, es, ar" (en), "en، وes، وar" (ar), "en、es、ar" (ja).
    public func list(_ items: [String]) -> String {
        items.formatted(.list(type: .and, width: .narrow).locale(locale))
    }

    /// The locale's numeric date with a four-digit year: "6/10/2024" (en), "10/6/2024" (es), "2024/6/10" (ja).
    public func date(_ date: Date) -> String { dateStyle.format(date) }
    public func date(unixSeconds: Int64) -> String { date(Date(timeIntervalSince1970: TimeInterval(unixSeconds))) }

    /// Date and short time: "6/10/2024, 6:13 AM" (en), "10/6/2024, 6:13" (es).
    public func dateTime(_ date: Date) -> String { dateTimeStyle.format(date) }
    public func dateTime(unixSeconds: Int64) -> String {
        dateTime(Date(timeIntervalSince1970: TimeInterval(unixSeconds)))
    }
}
