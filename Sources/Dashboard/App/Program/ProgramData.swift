import LoyaltyCore
import LoyaltyStore

/// The program settings in force, with their version and who saved it when and why.
public struct SettingsSnapshot: Sendable, Hashable {
    public var version: Int64
    public var settings: ProgramSettings
    public var saved: SettingsVersionInfo?
}

/// What the Points & Rewards screen shows.
public struct PointsData: Sendable, Hashable {
    public var settings: SettingsSnapshot
    public var rewards: [RewardInfo]
}

/// What the VIP Tiers screen shows.
public struct TiersData: Sendable, Hashable {
    public var settings: SettingsSnapshot
    /// Lowest threshold first.
    public var tiers: [TierInfo]
    public var distribution: TierDistribution
    /// Moves since the start of the month in the merchant's time zone.
    public var movement: TierMovement
}

/// What the Campaigns screen shows.
public struct CampaignsData: Sendable, Hashable {
    public var settings: SettingsSnapshot
    public var tiers: [TierDefinition]
    public var campaigns: [CampaignInfo]
    public var reports: [Int64: CampaignReport]
    /// The moment the statuses were computed for.
    public var asOf: UnixTime
}

/// What the Referrals screen shows.
public struct ReferralsData: Sendable, Hashable {
    public var settings: SettingsSnapshot
    public var funnel: ReferralFunnel
    public var referrals: [ReferralInfo]
}
