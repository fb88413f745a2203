/// A named factor applied to earnings ("1.5 Gold", "2 Double Points Weekend").
public struct Multiplier: Hashable, Sendable {
    public var label: String
    public var factor: DecimalAmount

    public init(label: String, factor: DecimalAmount) {
        self.label = label
        self.factor = factor
    }
}

/// The points an order earns and the sentence that explains them to a customer or support agent.
public struct EarnResult: Hashable, Sendable {
    public var points: Int64
    public var explanation: String
}

/// Earning rules as pure functions of (settings, order, customer state).
public enum Earning {
    /// The points-eligible base of an order under the settings (subtotal after discounts, or total).
    public static func eligibleAmount(settings: ProgramSettings, total: Int64, subtotal: Int64?) -> Int64 {
        switch settings.earnBase {
        case .subtotal: return subtotal ?? total
        case .total: return total
        }
    }

    /// Points for an order: floor(base × rate × multipliers), subject to the minimum order and the daily cap.
    /// `earnedToday` is what the customer already earned from orders on the order's day (for the cap).
    public static func pointsForOrder(settings: ProgramSettings, eligible: Money, tier: Multiplier? = nil,
                                      campaign: Multiplier? = nil, earnedToday: Int64 = 0) -> EarnResult {
        pointsForOrder(settings: settings, rate: try? DecimalAmount.parse(settings.pointsPerUnit).get(), eligible: eligible,
                       tier: tier, campaign: campaign, earnedToday: earnedToday)
    }

    /// The same with the points rate already parsed (bulk imports parse it once, not once per order).
    public static func pointsForOrder(settings: ProgramSettings, rate: DecimalAmount?, eligible: Money, tier: Multiplier? = nil,
                                      campaign: Multiplier? = nil, earnedToday: Int64 = 0) -> EarnResult {
        let amount = "\(eligible.plainString) \(eligible.currency.code)"
        if eligible.minorUnits < settings.minimumOrderMinor {
            let minimum = Money(minorUnits: settings.minimumOrderMinor, currency: eligible.currency)
            return EarnResult(points: 0, explanation: "0 pts: \(amount) is below the \(minimum.plainString) minimum order")
        }
        guard let rate else {
            return EarnResult(points: 0, explanation: "0 pts: the points rate \"\(settings.pointsPerUnit)\" is invalid")
        }
        let factors = stacked(settings.multiplierStacking, tier: tier, campaign: campaign)
        var value = product(eligibleMinor: eligible.minorUnits, exponent: eligible.currency.exponent, rate: rate,
                            factors.first?.factor, factors.dropFirst().first?.factor)
        var explanation = "\(value) pts = \(amount) × \(format(rate)) pt/\(eligible.currency.code)"
        for factor in [tier, campaign].compactMap({ $0 }) {
            let used = factors.contains(factor)
            explanation += " × \(format(factor.factor)) \(factor.label)" + (used ? "" : " (not used: best-of)")
        }
        if let cap = settings.dailyCap {
            let room = max(0, cap - earnedToday)
            if value > room {
                explanation = "\(room) pts (capped at \(cap)/day, \(earnedToday) already today; uncapped " + explanation + ")"
                value = room
            }
        }
        return EarnResult(points: value, explanation: explanation)
    }

    /// The multipliers that apply under the stacking rule: both (multiply) or the larger (best of).
    static func stacked(_ stacking: ProgramSettings.MultiplierStacking, tier: Multiplier?, campaign: Multiplier?) -> [Multiplier] {
        switch stacking {
        case .multiply:
            return [tier, campaign].compactMap { $0 }
        case .bestOf:
            return [[tier, campaign].compactMap { $0 }.max { isLess($0.factor, $1.factor) }].compactMap { $0 }
        }
    }

    /// floor(eligible × rate × f1 × f2) in exact 128-bit fixed-point arithmetic, at most Int64.max. The number
    /// `pointsForOrder` explains, without the sentence (replays of millions of orders).
    static func product(eligibleMinor: Int64, exponent: Int, rate: DecimalAmount, _ f1: DecimalAmount? = nil,
                               _ f2: DecimalAmount? = nil) -> Int64 {
        var numerator = Int128(max(0, eligibleMinor)) * Int128(rate.digits)
        var denominator = pow10(exponent) * pow10(rate.scale)
        var overflow = false
        for factor in [f1, f2] {
            guard let factor else { continue }
            let (n, o1) = numerator.multipliedReportingOverflow(by: Int128(factor.digits))
            let (d, o2) = denominator.multipliedReportingOverflow(by: pow10(factor.scale))
            overflow = overflow || o1 || o2
            numerator = n
            denominator = d
            // Keep the fraction small so chains of factors do not overflow.
            let g = gcd(numerator, denominator)
            if g > 1 { numerator /= g; denominator /= g }
        }
        let points = overflow ? Int128(Int64.max) : numerator / denominator
        return points > Int128(Int64.max) ? Int64.max : Int64(points)
    }

    /// Points to claw back for a refund: the earn scaled by the cumulative refunded share of the eligible amount,
    /// rounded down, minus what earlier refunds of the same order already took. Working on the cumulative share
    /// means several partial refunds never take more (or less) than one refund of the same total would.
    public static func clawback(earnedPoints: Int64, eligibleMinor: Int64, refundedBeforeMinor: Int64,
                                refundMinor: Int64) -> Int64 {
        guard earnedPoints > 0, eligibleMinor > 0 else { return 0 }
        func share(_ refunded: Int64) -> Int64 {
            let clamped = Int128(min(max(0, refunded), eligibleMinor))
            return Int64(Int128(earnedPoints) * clamped / Int128(eligibleMinor))
        }
        return share(refundedBeforeMinor + refundMinor) - share(refundedBeforeMinor)
    }

    static func pow10(_ n: Int) -> Int128 {
        var value: Int128 = 1
        for _ in 0..<n { value *= 10 }
        return value
    }

    static func gcd(_ a: Int128, _ b: Int128) -> Int128 {
        var (a, b) = (a.magnitude, b.magnitude)
        while b != 0 { (a, b) = (b, a % b) }
        return Int128(a)
    }

    static func isLess(_ a: DecimalAmount, _ b: DecimalAmount) -> Bool {
        Int128(a.digits) * pow10(b.scale) < Int128(b.digits) * pow10(a.scale)
    }

    static func format(_ amount: DecimalAmount) -> String {
        Money.format(minorUnits: amount.digits, exponent: amount.scale)
    }
}
