import Foundation

/// "If this customer placed an order of X today, which segment would they be in?" against the breakpoints of the
/// last recompute (the other customers are assumed unchanged, so the breakpoints are too).
public struct RFMWhatIf: Hashable, Sendable {
    /// nil when the customer had no order as of `asOf`.
    public var before: RFMScores?
    public var after: RFMScores
    public var recencyDays: Int64
    public var frequency: Int64
    public var monetary: Int64
    public var totalSpentMinor: Int64
}

extension RFMBreakpoints {
    /// - Parameters:
    ///   - customer: the raw values as of `asOf`, or nil for a customer who never ordered. One who does not count
    ///     at `asOf` (no order, or a last order after it: see `RFM.counts`) is answered as a first order.
    ///   - extraOrderMinor: the hypothetical order's amount, minor units, placed at `asOf` (so recency becomes 0).
    public func whatIf(customer: RFMCustomer?, extraOrderMinor: Int64, asOf: UnixTime) -> RFMWhatIf {
        let current = customer.flatMap { RFM.counts($0, asOf: asOf) ? $0 : nil }
        let before = current.map { c in
            scores(recencyDays: RFM.recencyDays(lastOrderAt: c.lastOrderAt, asOf: asOf), frequency: c.orderCount,
                   monetary: RFM.monetary(totalSpentMinor: c.totalSpentMinor, orderCount: c.orderCount,
                                          measure: monetaryMeasure))
        }
        let frequency = (current?.orderCount ?? 0) + 1
        let total = (current?.totalSpentMinor ?? 0) + extraOrderMinor
        let monetary = RFM.monetary(totalSpentMinor: total, orderCount: frequency, measure: monetaryMeasure)
        return RFMWhatIf(before: before, after: scores(recencyDays: 0, frequency: frequency, monetary: monetary),
                         recencyDays: 0, frequency: frequency, monetary: monetary, totalSpentMinor: total)
    }
}
