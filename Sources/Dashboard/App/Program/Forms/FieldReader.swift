import LoyaltyCore
import TerminalUI

/// Reads typed values out of an editor, collecting a localized message per field that does not hold what it
/// should. A reader that found problems has `errors`; the values it returned for those fields are placeholders.
struct FieldReader {
    let form: EditorForm
    let l: Localizer
    let currency: Currency
    private(set) var errors: [(field: String, message: String)] = []

    init(_ form: EditorForm, _ l: Localizer, currency: Currency) {
        self.form = form
        self.l = l
        self.currency = currency
    }

    var isValid: Bool { errors.isEmpty }

    mutating func fail(_ id: String, _ message: String) { errors.append((id, message)) }

    func text(_ id: String) -> String { form.text(id) }
    func choice(_ id: String) -> Int { form.choice(id) }

    mutating func requiredText(_ id: String) -> String {
        let text = form.text(id)
        if text.isEmpty { fail(id, l.t("form.required")) }
        return text
    }

    /// A whole number within bounds; nil when left empty and `optional`, or not acceptable.
    mutating func integer(_ id: String, min: Int64, max: Int64, optional: Bool = false) -> Int64? {
        let text = form.text(id)
        if text.isEmpty {
            if !optional { fail(id, l.t("form.required")) }
            return nil
        }
        guard let value = Int64(text) else {
            fail(id, l.t("form.wholeNumber"))
            return nil
        }
        guard value >= min, value <= max else {
            fail(id, l.t("form.between", ["min": l.format.integer(min), "max": l.format.integer(max)]))
            return nil
        }
        return value
    }

    /// An amount of the shop's currency ("12.50") in minor units; nil when empty and `optional`, or not acceptable.
    mutating func amount(_ id: String, optional: Bool = false) -> Int64? {
        let text = form.text(id)
        if text.isEmpty {
            if !optional { fail(id, l.t("form.required")) }
            return nil
        }
        let example = Money(minorUnits: 1250 * pow10(currency.exponent) / 100, currency: currency).plainString
        switch DecimalAmount.parse(text) {
        case .failure(.negative):
            fail(id, l.t("form.notNegative"))
            return nil
        case .failure:
            fail(id, l.t("form.amount", ["currency": currency.code, "example": example]))
            return nil
        case .success(let amount):
            guard let minor = amount.minorUnits(in: currency) else {
                fail(id, l.t("form.amount", ["currency": currency.code, "example": example]))
                return nil
            }
            return minor
        }
    }

    private func pow10(_ n: Int) -> Int64 { (0..<n).reduce(1) { value, _ in value * 10 } }
}

/// How an amount of minor units is typed back into a field ("12.50", "1250" for yen).
func plainAmount(_ minor: Int64, _ currency: Currency) -> String {
    Money(minorUnits: minor, currency: currency).plainString
}
