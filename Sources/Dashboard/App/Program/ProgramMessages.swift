import LoyaltyCore
import LoyaltyStore

/// Background work of the program screens (Points & Rewards, VIP Tiers, Campaigns, Referrals).
public enum ProgramEffect: Sendable, Hashable {
    case loadPoints
    case loadTiers
    case loadCampaigns
    case loadReferrals(status: ReferralInfo.Status?)
    /// Replays the recorded orders under `proposal`; `token` tells the answer for the preview on screen from a stale one.
    case whatIf(WhatIfProposal, token: Int)
}

/// Answers to `ProgramEffect`s.
public enum ProgramMsg: Sendable {
    case pointsLoaded(Result<PointsData, DashboardError>)
    case tiersLoaded(Result<TiersData, DashboardError>)
    case campaignsLoaded(Result<CampaignsData, DashboardError>)
    case referralsLoaded(status: ReferralInfo.Status?, Result<ReferralsData, DashboardError>)
    case whatIfLoaded(token: Int, Result<WhatIfReport, DashboardError>)
}

/// A change to the program rules that waits for a confirmation (or a what-if preview), then runs through the store.
public enum ProgramWrite: Sendable, Hashable {
    public enum SettingsPart: Sendable, Hashable { case earning, referrals }

    case saveSettings(ProgramSettings, part: SettingsPart, reason: String)
    case addReward(RewardDefinition)
    case updateReward(id: Int64, RewardDefinition)
    case deleteReward(id: Int64, name: String)
    case createTier(TierDefinition)
    case updateTier(key: String, TierDefinition)
    case deleteTier(key: String)
    case createCampaign(CampaignDefinition)
    case updateCampaign(id: Int64, CampaignDefinition)
    case changeCampaign(id: Int64, name: String, CampaignAction)
    case deleteCampaign(id: Int64, name: String)
}

/// What a confirmed program write did, for the toast.
public enum ProgramOutcome: Sendable, Hashable {
    case settingsSaved(version: Int64)
    case rewardSaved(name: String)
    case rewardDeleted(name: String)
    case tierSaved(key: String)
    case tierDeleted(key: String)
    case campaignSaved(name: LocalizedText)
    case campaignChanged(name: String, status: CampaignStatus)
    case campaignDeleted(name: String)
}
