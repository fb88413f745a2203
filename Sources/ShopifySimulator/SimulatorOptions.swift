import Foundation

/// How a simulator is set up. Every field has a usable default; tests change one or two.
public struct SimulatorOptions: Sendable {
    public var orders: Int
    public var seed: UInt64
    public var faults: FaultPlan
    /// The GraphQL cost bucket (`maximumAvailable`) and its refill (`restoreRate`, points per second).
    public var bucketSize: Double
    public var restoreRate: Double
    /// false = an unlimited bucket (GraphQL and REST); the envelope still reports 1000000.0 points.
    public var throttling: Bool
    /// New orders appear over time (0 = none).
    public var liveOrdersPerMinute: Double
    /// The static Admin token; nil derives one from the seed.
    public var accessToken: String?
    public var shopName: String
    public var shopDomain: String
    /// How long the `slow` fault holds a response.
    public var slowResponseSeconds: Double
    /// How long a bulk operation takes from CREATED to COMPLETED.
    public var bulkDurationSeconds: Double
    /// How many Admin calls the `auth` fault answers 401 before the old tokens work again.
    public var authRevokedCalls: Int
    public var host: String
    public var clock: MonotonicClock
    /// Unix seconds for mutation timestamps (touched, refunded, deleted, live orders).
    public var wallClock: @Sendable () -> Int64

    public init(orders: Int = 1_000, seed: UInt64 = 1, faults: FaultPlan = .none, bucketSize: Double = 1_000,
                restoreRate: Double = 50, throttling: Bool = true, liveOrdersPerMinute: Double = 0,
                accessToken: String? = nil, shopName: String = "LoyalNest Simulated Store",
                shopDomain: String = "loyalnest-sim.myshopify.com", slowResponseSeconds: Double = 3,
                bulkDurationSeconds: Double = 0.3, authRevokedCalls: Int = 3, host: String = "127.0.0.1",
                clock: MonotonicClock = .system,
                wallClock: @escaping @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970) }) {
        self.orders = orders
        self.seed = seed
        self.faults = faults
        self.bucketSize = bucketSize
        self.restoreRate = restoreRate
        self.throttling = throttling
        self.liveOrdersPerMinute = liveOrdersPerMinute
        self.accessToken = accessToken
        self.shopName = shopName
        self.shopDomain = shopDomain
        self.slowResponseSeconds = slowResponseSeconds
        self.bulkDurationSeconds = bulkDurationSeconds
        self.authRevokedCalls = authRevokedCalls
        self.host = host
        self.clock = clock
        self.wallClock = wallClock
    }
}

/// What the simulator has served, for tests and the benchmark.
public struct SimulatorCounters: Sendable, Equatable {
    public var requests = 0
    public var graphQLRequests = 0
    public var restRequests = 0
    /// GraphQL calls answered THROTTLED (bucket empty or the throttle faults).
    public var throttled = 0
    /// REST calls answered 429 by the call-limit bucket.
    public var restThrottled = 0
    public var faultsInjected = 0
    public var unauthorized = 0
    public var ordersServed = 0
    public var bodyBytes = 0

    public init() {}
}

/// Admin API versions the simulator serves; an unknown or retired one falls forward to the oldest.
public enum SimulatorAPIVersions {
    public static let supported = ["2025-07", "2025-10", "2026-01", "2026-04", "2026-07"]
    public static var newest: String { supported[supported.count - 1] }
    public static var oldest: String { supported[0] }

    public static func served(for requested: String) -> String {
        supported.contains(requested) ? requested : oldest
    }
}
