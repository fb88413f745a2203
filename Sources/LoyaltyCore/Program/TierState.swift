/// Where a customer stands in the VIP program at one instant.
public struct TierState: Hashable, Sendable {
    /// The current tier; nil when the customer is in no tier.
    public var tierKey: String?
    /// When the customer entered the current tier; nil when they have been in it since before their first event
    /// (no tier, or a tier with threshold 0).
    public var since: UnixTime?
    /// Downgrade `at_window_end` only: when the current tier stops being held by the activity already recorded (the
    /// end of the window period after the last one in which it was reached). nil for other policies, for lifetime
    /// windows, for a threshold-0 tier, and when the tier is held only by a manual floor.
    public var heldUntil: UnixTime?
    /// The manual floor in force (set, not expired, naming a tier of the table); nil when none.
    public var floor: ManualFloor?
    /// The highest tier the customer has ever been in. Entry rewards have been paid for every tier above the
    /// starting tier up to this one, so they are paid once per tier, ever.
    public var highestTierKey: String?

    public init(tierKey: String? = nil, since: UnixTime? = nil, heldUntil: UnixTime? = nil, floor: ManualFloor? = nil,
                highestTierKey: String? = nil) {
        self.tierKey = tierKey
        self.since = since
        self.heldUntil = heldUntil
        self.floor = floor
        self.highestTierKey = highestTierKey
    }
}

/// Why a customer's tier changed; stored in customer_tier_history.
public enum TierChangeReason: String, Codable, Hashable, Sendable, CaseIterable {
    case order
    case refund
    case cancellation
    /// Time passed: activity left the window, a hold ended, a new period began.
    case dailyRecalculation = "daily_recalculation"
    case manualFloorSet = "manual_floor_set"
    case manualFloorExpired = "manual_floor_expired"
    case tierTableChanged = "tier_table_changed"
}

/// Points granted for entering a tier from below for the first time.
public struct TierEntryReward: Hashable, Sendable {
    public var tierKey: String
    public var points: Int64

    public init(tierKey: String, points: Int64) {
        self.tierKey = tierKey
        self.points = points
    }
}

/// One move between tiers.
public struct TierChange: Hashable, Sendable {
    public var from: String?
    public var to: String?
    /// The instant the change took effect: the event's time, or the instant a window, hold or floor ended (even when
    /// the daily job or the next order noticed it later).
    public var at: UnixTime
    public var reason: TierChangeReason
    public var isUpgrade: Bool
    /// Entry rewards to post: every tier entered for the first time, including tiers skipped on the way up, in
    /// ascending order. Tiers without an entry reward are left out.
    public var entryRewards: [TierEntryReward]

    public init(from: String?, to: String?, at: UnixTime, reason: TierChangeReason, isUpgrade: Bool,
                entryRewards: [TierEntryReward] = []) {
        self.from = from
        self.to = to
        self.at = at
        self.reason = reason
        self.isUpgrade = isUpgrade
        self.entryRewards = entryRewards
    }
}

/// The figures shown next to a customer's tier.
public struct TierProgress: Hashable, Sendable {
    /// Activity in the current window, in the basis' unit (minor currency units, points or orders).
    public var windowValue: Int64
    /// The next tier up; nil at the top.
    public var nextTierKey: String?
    /// Activity still needed in the current window to reach the next tier; nil at the top.
    public var neededForNext: Int64?
    /// How far the window value is toward the next tier's threshold, 0...100 rounded down (100 at the top).
    public var percentToNext: Int
    /// Activity still needed in the current window to requalify for the current tier by activity; 0 when the tier
    /// cannot expire or is already requalified.
    public var neededToRetain: Int64
    /// When the current tier ends if nothing more happens; nil when it cannot end (or there is no tier).
    public var expiresAt: UnixTime?

    public init(windowValue: Int64, nextTierKey: String?, neededForNext: Int64?, percentToNext: Int, neededToRetain: Int64,
                expiresAt: UnixTime?) {
        self.windowValue = windowValue
        self.nextTierKey = nextTierKey
        self.neededForNext = neededForNext
        self.percentToNext = percentToNext
        self.neededToRetain = neededToRetain
        self.expiresAt = expiresAt
    }
}

/// A customer's tier state with its figures.
public struct TierStanding: Hashable, Sendable {
    public var state: TierState
    public var progress: TierProgress

    public init(state: TierState, progress: TierProgress) {
        self.state = state
        self.progress = progress
    }
}
