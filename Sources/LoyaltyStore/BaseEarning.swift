import LoyaltyCore

/// What an order earns when that depends on the order alone: the merchant has no tiers, campaigns or referrals
/// program (`CompiledProgram`) and no daily cap. Then it can be worked out on the import's parser thread, off the
/// writer, which is the import's bottleneck (docs/benchmarks.md, "Ingest", session 14).
struct BaseEarning: Sendable {
    /// `unknown`: the writer works it out (rules that depend on the customer, or a line with problems).
    enum Outcome: Sendable {
        case unknown
        /// nil: the order earns nothing (it arrived cancelled or voided).
        case known(EarnResult?)
    }

    let settings: ProgramSettings
    let rate: DecimalAmount?
    let currency: Currency
    /// " (rules vN)": every earn explanation names the rules version it was computed under.
    let rulesSuffix: String

    /// The amounts an order's earning starts from, shared with `OrderIngestor.ingest` so both compute them one way.
    static func amounts(_ order: IncomingOrder, settings: ProgramSettings, currency: Currency)
        -> (total: Int64, subtotal: Int64?, eligible: Int64, cancelledAt: UnixTime?) {
        let total = order.totalPrice.minorUnits(in: currency) ?? 0
        let subtotal = order.subtotalPrice.flatMap { $0.minorUnits(in: currency) }
        let eligible = Earning.eligibleAmount(settings: settings, total: total, subtotal: subtotal)
        let cancelledAt = order.cancelledAt ?? (order.financialStatus == "voided" ? order.processedAt : nil)
        return (total, subtotal, eligible, cancelledAt)
    }

    func result(for order: IncomingOrder) -> EarnResult? {
        let amounts = Self.amounts(order, settings: settings, currency: currency)
        guard amounts.cancelledAt == nil else { return nil }
        var result = Earning.pointsForOrder(settings: settings, rate: rate,
                                            eligible: Money(minorUnits: amounts.eligible, currency: currency))
        result.explanation += rulesSuffix
        return result
    }
}
