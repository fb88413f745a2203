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

public enum AtRiskValuable {
    /// "At risk and valuable" (spec/domain.md): P(alive) below `threshold` and monetary strictly above twice the
    /// average monetary of `candidates` (the merchant's customers with at least one order). Sorted by value at risk,
    /// highest first, then by customer id. The comparison with the average is exact (integer arithmetic).
    public static func select(_ candidates: [ChurnRiskCandidate], probabilityAliveBelow threshold: Double)
        -> [ChurnRiskCandidate] {
        guard !candidates.isEmpty else { return [] }
        let count = Int64(candidates.count)
        let sum = candidates.reduce(Int64(0)) { $0 + $1.monetaryMinor }
        // monetary > 2·sum/count  ⇔  monetary·count > 2·sum; Double only if those products overflow.
        func aboveTwiceAverage(_ monetary: Int64) -> Bool {
            let (left, o1) = monetary.multipliedReportingOverflow(by: count)
            let (right, o2) = sum.multipliedReportingOverflow(by: 2)
            if o1 || o2 { return Double(monetary) > 2 * Double(sum) / Double(count) }
            return left > right
        }
        return candidates
            .filter { $0.probabilityAlive < threshold && aboveTwiceAverage($0.monetaryMinor) }
            .sorted { ($0.valueAtRisk, $1.customerID) > ($1.valueAtRisk, $0.customerID) }
    }
}
