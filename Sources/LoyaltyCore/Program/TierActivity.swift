/// Something a customer did that counts toward a VIP tier, in every basis at once (the policy picks one).
///
/// A refund or cancellation is negative activity that counts at the ORIGINAL order's time (`countsAt`), not at the
/// time it happened (`occurredAt`): it corrects the order it belongs to. So it lowers the window that order counted
/// in (a January refund of a December order lowers December's calendar year, not January's), and it leaves a rolling
/// window together with its order. A tier reached only thanks to an order that was later refunded or cancelled is
/// therefore lost again when the correction arrives, whatever the downgrade policy.
public struct TierActivity: Hashable, Sendable {
    public enum Kind: String, Codable, Hashable, Sendable, CaseIterable {
        case order, refund, cancellation
    }

    public var kind: Kind
    /// When the engine learns of it (the order was placed, the refund made, the order cancelled).
    public var occurredAt: UnixTime
    /// When it counts in windows: the order's own time, also for its refunds and its cancellation.
    public var countsAt: UnixTime
    /// Net spend in minor units of the shop's currency (negative for refunds and cancellations).
    public var spendMinor: Int64
    /// Points earned by the order, including its campaign bonuses but not tier entry rewards (negative for
    /// clawbacks and reversals).
    public var points: Int64
    /// +1 for an order, -1 for a cancellation, 0 for a refund.
    public var orders: Int64

    public init(kind: Kind, occurredAt: UnixTime, countsAt: UnixTime, spendMinor: Int64, points: Int64, orders: Int64) {
        self.kind = kind
        self.occurredAt = occurredAt
        self.countsAt = countsAt
        self.spendMinor = spendMinor
        self.points = points
        self.orders = orders
    }

    /// An order placed at `time`.
    public static func order(at time: UnixTime, spendMinor: Int64, points: Int64) -> TierActivity {
        TierActivity(kind: .order, occurredAt: time, countsAt: time, spendMinor: spendMinor, points: points, orders: 1)
    }

    /// A refund made at `time` of the order placed at `orderTime`; `spendMinor` and `points` are what the refund took
    /// back (positive numbers).
    public static func refund(at time: UnixTime, ofOrderAt orderTime: UnixTime, spendMinor: Int64, points: Int64) -> TierActivity {
        TierActivity(kind: .refund, occurredAt: time, countsAt: orderTime, spendMinor: -spendMinor, points: -points, orders: 0)
    }

    /// The cancellation at `time` of the order placed at `orderTime`; `spendMinor` and `points` are what remained of
    /// the order after earlier refunds (positive numbers).
    public static func cancellation(at time: UnixTime, ofOrderAt orderTime: UnixTime, spendMinor: Int64, points: Int64) -> TierActivity {
        TierActivity(kind: .cancellation, occurredAt: time, countsAt: orderTime, spendMinor: -spendMinor, points: -points, orders: -1)
    }

    /// The amount in `basis`' unit.
    public func value(in basis: TierBasis) -> Int64 {
        switch basis {
        case .spend: return spendMinor
        case .pointsEarned: return points
        case .orderCount: return orders
        }
    }

    /// The time it counts at, never later than the time it happened (bad input cannot count in the future).
    var effectiveCountsAt: UnixTime { min(countsAt, occurredAt) }
}

/// A tier the merchant assigned by hand: the customer is at least in this tier until `until` (exclusive; nil =
/// until removed). It lifts the customer but never holds them down: activity can take them higher.
public struct ManualFloor: Codable, Hashable, Sendable {
    public var tierKey: String
    public var until: UnixTime?

    public init(tierKey: String, until: UnixTime? = nil) {
        self.tierKey = tierKey
        self.until = until
    }
}

/// One input of the tier engine, in the order it happened.
public enum TierEvent: Hashable, Sendable {
    case activity(TierActivity)
    /// The merchant set (or, with nil, removed) the manual floor at `at`. A new floor replaces the previous one.
    case floor(ManualFloor?, at: UnixTime)

    /// When the engine learns of the event.
    public var arrival: UnixTime {
        switch self {
        case .activity(let activity): return activity.occurredAt
        case .floor(_, let at): return at
        }
    }
}
