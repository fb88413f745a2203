import Foundation

/// Paces GraphQL calls so the shop's cost bucket never runs dry.
///
/// It knows nothing in advance: every response's `throttleStatus` (maximum, currently available, restore rate) is fed
/// to `observe`, and between responses the available points are estimated as
/// `min(maximum, available + elapsed × restoreRate)`. Before a call costing `requested`, the caller waits
/// `ceil(max(0, requested − available) / restoreRate)` seconds.
public struct CostPacer: Sendable, Hashable {
    public private(set) var lastStatus: ThrottleStatus?
    /// Monotonic time of `lastStatus`.
    public private(set) var observedAt: Double = 0

    public init() {}

    /// Takes the bucket state from a response (no-op without `throttleStatus`).
    public mutating func observe(_ cost: QueryCost?, at time: Double) {
        guard let status = cost?.throttleStatus else { return }
        lastStatus = status
        observedAt = time
    }

    /// Estimated points available at `time`; nil before the first response.
    public func estimatedAvailable(at time: Double) -> Double? {
        guard let status = lastStatus else { return nil }
        let elapsed = max(0, time - observedAt)
        return min(status.maximumAvailable, status.currentlyAvailable + elapsed * status.restoreRate)
    }

    /// Whole seconds to wait before a call costing `requested`; 0 before the first response or when it fits.
    /// A request larger than the whole bucket waits for a full bucket (Shopify then answers MAX_COST_EXCEEDED).
    public func delay(forRequested requested: Double, at time: Double) -> Double {
        guard let status = lastStatus, status.restoreRate > 0, let available = estimatedAvailable(at: time) else { return 0 }
        let needed = min(requested, status.maximumAvailable)
        return (max(0, needed - available) / status.restoreRate).rounded(.up)
    }
}

/// The requested cost of the next call of a kind, predicted from the last response of that kind and scaled by page
/// size (Shopify's cost of a connection grows linearly with `first`).
struct CostEstimator: Sendable {
    private var last: [String: (requested: Double, first: Int)] = [:]

    mutating func record(endpoint: String, requested: Double?, first: Int) {
        guard let requested, first > 0 else { return }
        last[endpoint] = (requested, first)
    }

    func estimate(endpoint: String, first: Int) -> Double {
        guard let previous = last[endpoint] else { return 0 }
        return (previous.requested * Double(first) / Double(previous.first)).rounded(.up)
    }
}
