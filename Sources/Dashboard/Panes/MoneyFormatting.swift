import LoyaltyCore
import LoyaltyStore

extension LocaleFormat {
    /// Minor units of an ISO currency, with the currency's own exponent (2 when the code is unknown).
    func money(minorUnits: Int64, currency code: String) -> String {
        money(minorUnits: minorUnits, currency: code, exponent: Currency(code: code)?.exponent ?? 2)
    }

    func money(_ amount: MoneyAmount) -> String { money(minorUnits: amount.minor, currency: amount.currency) }
}
