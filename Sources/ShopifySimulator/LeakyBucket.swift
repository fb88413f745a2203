/// Shopify's cost bucket: `capacity` points, refilled at `restoreRate` points a second of real elapsed time.
/// A request is admitted when the bucket holds at least its requested cost; the requested cost is taken and
/// (requested − actual) given back after the query. Time comes in as monotonic seconds so tests can drive it.
public struct LeakyBucket: Sendable, Equatable {
    public let capacity: Double
    public let restoreRate: Double
    public private(set) var available: Double
    private var lastRefill: Double

    public init(capacity: Double, restoreRate: Double, now: Double) {
        self.capacity = capacity
        self.restoreRate = restoreRate
        available = capacity
        lastRefill = now
    }

    public mutating func refill(now: Double) {
        guard now > lastRefill else { return }
        available = min(capacity, available + (now - lastRefill) * restoreRate)
        lastRefill = now
    }

    /// Takes `cost` when the bucket holds that much; false (and nothing taken) otherwise.
    public mutating func admit(cost: Double, now: Double) -> Bool {
        refill(now: now)
        guard available >= cost else { return false }
        available -= cost
        return true
    }

    public mutating func giveBack(_ points: Double, now: Double) {
        refill(now: now)
        available = min(capacity, available + max(0, points))
    }

    public mutating func currentlyAvailable(now: Double) -> Double {
        refill(now: now)
        return available
    }

    /// Seconds until `cost` points are available (0 when they are now).
    public func secondsUntil(_ cost: Double) -> Double {
        available >= cost ? 0 : (cost - available) / max(restoreRate, .leastNonzeroMagnitude)
    }
}

/// A monotonic clock in seconds; tests inject their own.
public struct MonotonicClock: Sendable {
    public let now: @Sendable () -> Double

    public init(_ now: @escaping @Sendable () -> Double) { self.now = now }

    public static let system = MonotonicClock {
        let d = ContinuousClock.now.duration(to: ContinuousClock.Instant.zeroReference)
        return -(Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18)
    }
}

extension ContinuousClock.Instant {
    fileprivate static let zeroReference = ContinuousClock.now
}
