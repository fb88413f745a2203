/// Limits shared by every rule that multiplies points, so that no combination of settings, tier and campaign can
/// overflow a 64-bit point count (docs/decisions/0040-program-rule-limits.md).
public enum PointFactor {
    /// Multipliers (tier and campaign) must be above 0 and at most this.
    public static let maximumMultiplier = DecimalAmount(digits: 100, scale: 0)
    /// At most this many decimals in a multiplier ("1.25").
    public static let maximumMultiplierDecimals = 4
    /// The largest order any rule must still handle without overflow: 10^12 minor units (10 billion dollars).
    public static let largestOrderMinor: Int64 = 1_000_000_000_000
    /// Fixed point awards (campaign bonus, entry reward) at most this.
    public static let maximumFixedPoints: Int64 = 1_000_000_000

    /// Parses a multiplier and says what is wrong with it, naming `field`.
    public static func parseMultiplier(_ text: String, field: String) -> Result<DecimalAmount, RuleProblem> {
        func problem(_ code: RuleProblemCode, _ values: [String: RuleValue] = [:]) -> Result<DecimalAmount, RuleProblem> {
            .failure(RuleProblem(field: field, code, values.merging(["field": .field(field)]) { value, _ in value }))
        }
        let aboveMaximum: [String: RuleValue] = ["text": .text(text), "maximum": .amount(maximumMultiplier)]
        let decimals: [String: RuleValue] = ["decimals": .integer(Int64(maximumMultiplierDecimals))]
        switch DecimalAmount.parse(text) {
        case .failure(.negative): return problem(.multiplierNegative)
        case .failure(.tooLarge): return problem(.multiplierAboveMaximum, aboveMaximum)
        case .failure(.tooManyDecimals): return problem(.multiplierTooManyDecimals, decimals)
        case .failure: return problem(.multiplierNotANumber, ["text": .text(text)])
        case .success(let value):
            if value.digits == 0 { return problem(.multiplierNotPositive) }
            if value.scale > maximumMultiplierDecimals { return problem(.multiplierTooManyDecimals, decimals) }
            if Earning.isLess(maximumMultiplier, value) { return problem(.multiplierAboveMaximum, aboveMaximum) }
            return .success(value)
        }
    }

    /// Whether the largest order, earned at `rate` points per unit of `currency` with every factor applied at once
    /// (multiply stacking is the worst case), still fits in a 64-bit point count.
    public static func stackingFits(rate: DecimalAmount, factors: [DecimalAmount], currency: Currency) -> Bool {
        var numerator = Int128(largestOrderMinor) * Int128(rate.digits)
        var denominator = Earning.pow10(currency.exponent) * Earning.pow10(rate.scale)
        for factor in factors {
            let (n, o1) = numerator.multipliedReportingOverflow(by: Int128(factor.digits))
            let (d, o2) = denominator.multipliedReportingOverflow(by: Earning.pow10(factor.scale))
            if o1 || o2 { return false }
            numerator = n
            denominator = d
        }
        return numerator / denominator <= Int128(Int64.max)
    }
}
