import LoyaltyCore

/// A proposed change to the program, to be replayed over the merchant's recorded orders before it is saved.
/// Anything left nil stays as it is now.
public struct WhatIfProposal: Codable, Hashable, Sendable {
    /// Replaces the current program settings.
    public var settings: ProgramSettings?
    /// Replaces the whole tier table.
    public var tiers: [TierDefinition]?
    /// Adds a campaign (id nil) or replaces campaign `id`, treated as launched.
    public var campaign: CampaignChange?

    public init(settings: ProgramSettings? = nil, tiers: [TierDefinition]? = nil, campaign: CampaignChange? = nil) {
        self.settings = settings
        self.tiers = tiers
        self.campaign = campaign
    }
}

public struct CampaignChange: Codable, Hashable, Sendable {
    public var id: Int64?
    public var definition: CampaignDefinition

    public init(id: Int64? = nil, definition: CampaignDefinition) {
        self.id = id
        self.definition = definition
    }
}

/// A figure under the current rules and under the proposed ones.
public struct Compared<Value: Codable & Hashable & Sendable>: Codable, Hashable, Sendable {
    public var current: Value
    public var proposed: Value

    public init(current: Value, proposed: Value) {
        self.current = current
        self.proposed = proposed
    }
}

extension Compared where Value == Int64 {
    public var change: Int64 { proposed - current }
}

/// What the proposal would have changed, replayed over every recorded order up to `asOf`.
public struct WhatIfReport: Codable, Hashable, Sendable {
    public struct TierCount: Codable, Hashable, Sendable {
        /// nil: customers in no tier.
        public var key: String?
        public var name: String
        public var customers: Compared<Int>
    }

    public struct TierMove: Codable, Hashable, Sendable {
        public var from: String?
        public var to: String?
        public var customers: Int
    }

    public struct CustomerChange: Codable, Hashable, Sendable {
        public var customerID: Int64
        public var name: String
        public var points: Compared<Int64>
        public var tier: Compared<String?>
    }

    public var asOf: UnixTime
    public var ordersReplayed: Int
    public var customers: Int
    /// Points the replayed orders earn, net of refunds and cancellations, with tier entry rewards and campaign bonuses.
    public var pointsIssued: Compared<Int64>
    /// Outstanding points: today's outstanding balance, moved by the change in points issued.
    public var liability: Compared<Int64>
    /// The liability's money value at the cheapest cash-equivalent reward rate (minor units); nil without one.
    public var liabilityValueMinor: Compared<Int64>?
    public var tierCounts: [TierCount]
    /// Customers whose tier would differ, by (current tier → proposed tier).
    public var tierMoves: [TierMove]
    /// The customers whose points change most (largest absolute change first).
    public var largestChanges: [CustomerChange]
}
