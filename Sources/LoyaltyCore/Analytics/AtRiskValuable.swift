import Foundation

/// One customer's churn figures next to their monetary value.
public struct ChurnRiskCandidate: Hashable, Sendable {
    public var customerID: Int64
    public var probabilityAlive: Double
    public var monetaryMinor: Int64

    public init(customerID: Int64, probabilityAlive: Double, monetaryMinor: Int64) {
        self.customerID = customerID
        self.probabilityAlive = probabilityAlive
        self.monetaryMinor = monetaryMinor
    }

    /// Monetary × (1 − P(alive)), minor units: what the list is sorted by.
    public var valueAtRisk: Double { Double(monetaryMinor) * (1 - probabilityAlive) }
}

/// The average monetary value of a merchant's customers, for "above twice the average" compared exactly.
public struct MonetaryAverage: Hashable, Sendable {
    public var sum: Int64
    public var count: Int64

    public init(_ monetary: some Sequence<Int64>) {
        var sum: Int64 = 0, count: Int64 = 0
        for m in monetary { sum += m; count += 1 }
        self.sum = sum
        self.count = count
    }

    /// monetary > 2·sum/count  ⇔  monetary·count > 2·sum; Double only if those products overflow.
    public func isAboveTwiceAverage(_ monetary: Int64) -> Bool {
        guard count > 0 else { return false }
        let (left, o1) = monetary.multipliedReportingOverflow(by: count)
        let (right, o2) = sum.multipliedReportingOverflow(by: 2)
        if o1 || o2 { return Double(monetary) > 2 * Double(sum) / Double(count) }
        return left > right
    }
}

public enum AtRiskValuable {
    /// "At risk and valuable" (spec/domain.md): P(alive) below `threshold` and monetary strictly above twice the
    /// average monetary of `candidates` (the merchant's customers with at least one order). Sorted by value at risk,
    /// highest first, then by customer id. The comparison with the average is exact (integer arithmetic).
    public static func select(_ candidates: [ChurnRiskCandidate], probabilityAliveBelow threshold: Double)
        -> [ChurnRiskCandidate] {
        select(candidates, probabilityAliveBelow: threshold, average: MonetaryAverage(candidates.lazy.map(\.monetaryMinor)))
    }

    /// The same with the average taken over all the merchant's customers beforehand, so that P(alive) need only be
    /// computed for those above twice it (`candidates` may then be just them).
    public static func select(_ candidates: [ChurnRiskCandidate], probabilityAliveBelow threshold: Double,
                              average: MonetaryAverage) -> [ChurnRiskCandidate] {
        candidates
            .filter { $0.probabilityAlive < threshold && average.isAboveTwiceAverage($0.monetaryMinor) }
            .sorted { ($0.valueAtRisk, $1.customerID) > ($1.valueAtRisk, $0.customerID) }
    }
}
