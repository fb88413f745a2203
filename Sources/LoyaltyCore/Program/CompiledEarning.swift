/// `Earning.pointsForOrder` without the explanation, with the settings read once: the points of millions of orders
/// in a what-if replay. Always the same number as `Earning.pointsForOrder` (a property test holds it to that); when
/// the exact product could exceed 128 bits it asks `Earning` itself.
public struct CompiledEarning: Sendable {
    let settings: ProgramSettings
    let rate: DecimalAmount?
    let currency: Currency

    public init(settings: ProgramSettings) {
        self.settings = settings
        rate = try? DecimalAmount.parse(settings.pointsPerUnit).get()
        currency = Currency(code: settings.currency) ?? .usd
    }

    /// The points of an order of `eligibleMinor` in the shop's currency, with the tier's and the campaign's factors.
    public func points(eligibleMinor: Int64, tier: DecimalAmount? = nil, campaign: DecimalAmount? = nil, earnedToday: Int64 = 0) -> Int64 {
        if eligibleMinor < settings.minimumOrderMinor { return 0 }
        guard let rate else { return 0 }
        var first = tier, second = campaign
        if settings.multiplierStacking == .bestOf, let t = tier, let c = campaign {
            first = Earning.isLess(t, c) ? c : t
            second = nil
        }
        let eligible = max(0, eligibleMinor)
        let one = DecimalAmount(digits: 1, scale: 0)
        let a = first ?? one, b = second ?? one
        let bits = Self.bits(eligible) + Self.bits(rate.digits) + Self.bits(a.digits) + Self.bits(b.digits)
        let scale = currency.exponent + rate.scale + a.scale + b.scale
        guard bits <= 126, scale <= 36, rate.scale >= 0, a.scale >= 0, b.scale >= 0, rate.digits >= 0, a.digits >= 0, b.digits >= 0
        else { return slowPoints(eligibleMinor, tier, campaign, earnedToday) }
        // Reducing the fraction, as Earning does to stay within 128 bits, does not change its floor.
        let numerator = Int128(eligible) * Int128(rate.digits) * Int128(a.digits) * Int128(b.digits)
        let quotient = numerator / Self.powersOf10[scale]
        var value = quotient > Int128(Int64.max) ? Int64.max : Int64(quotient)
        if let cap = settings.dailyCap { value = min(value, max(0, cap - earnedToday)) }
        return value
    }

    private func slowPoints(_ eligibleMinor: Int64, _ tier: DecimalAmount?, _ campaign: DecimalAmount?, _ earnedToday: Int64) -> Int64 {
        Earning.pointsForOrder(settings: settings, rate: rate, eligible: Money(minorUnits: eligibleMinor, currency: currency),
                               tier: tier.map { Multiplier(label: "", factor: $0) },
                               campaign: campaign.map { Multiplier(label: "", factor: $0) }, earnedToday: earnedToday).points
    }

    private static func bits(_ value: Int64) -> Int { value <= 0 ? (value == 0 ? 0 : 64) : 64 - value.leadingZeroBitCount }

    private static let powersOf10: [Int128] = (0...36).map { Earning.pow10($0) }
}
