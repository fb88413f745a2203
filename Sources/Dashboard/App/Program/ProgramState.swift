import LoyaltyCore
import LoyaltyStore
import TerminalUI

/// Figures of one program screen, loaded in the background.
public struct Loaded<Data: Sendable>: Sendable {
    public var data: Data?
    public var loading = false
    public var error: String?

    public init() {}
}

/// Points & Rewards: the earning settings and the rewards catalogue (the table's selection is the catalogue's).
public struct PointsState: Sendable {
    public var load = Loaded<PointsData>()
    public var selection = ListSelection()

    public var selectedReward: RewardInfo? { selection.selected.flatMap { load.data?.rewards[safe: $0] } }
}

/// VIP Tiers: the tier table, its distribution and this month's movement.
public struct TiersState: Sendable {
    public var load = Loaded<TiersData>()
    public var selection = ListSelection()

    public var selectedTier: TierInfo? { selection.selected.flatMap { load.data?.tiers[safe: $0] } }
}

/// Campaigns: grouped by status (live ones first), optionally showing one status only.
public struct CampaignsState: Sendable {
    public var load = Loaded<CampaignsData>()
    public var selection = ListSelection()
    /// nil: every status.
    public var filter: CampaignStatus?

    /// Order of the status groups in the table: what runs now first, what is over last.
    static let groupOrder: [CampaignStatus] = [.active, .scheduled, .paused, .draft, .ended]

    /// The rows the table shows, grouped by status, each group by start.
    public var rows: [CampaignInfo] {
        let all = load.data?.campaigns ?? []
        return all.filter { filter == nil || $0.status == filter }.sorted {
            let a = Self.groupOrder.firstIndex(of: $0.status) ?? 0, b = Self.groupOrder.firstIndex(of: $1.status) ?? 0
            return (a, $0.window.start, $0.id) < (b, $1.window.start, $1.id)
        }
    }

    public var selectedCampaign: CampaignInfo? { selection.selected.flatMap { rows[safe: $0] } }
}

/// Referrals: the funnel, the referrals (optionally of one status) and the referral settings.
public struct ReferralsState: Sendable {
    public var load = Loaded<ReferralsData>()
    public var selection = ListSelection()
    /// nil: every status.
    public var filter: ReferralInfo.Status?
}

/// Which rule a program editor changes.
public enum EditorPurpose: Sendable, Hashable {
    case earning
    case referralSettings
    case newReward
    case editReward(RewardInfo)
    case newTier
    case editTier(TierInfo)
    case newCampaign
    case editCampaign(CampaignInfo)
}

/// A program editor on screen: what it changes and the form.
public struct EditorState: Sendable, Hashable {
    public var purpose: EditorPurpose
    public var form: EditorForm
}

/// The what-if preview shown before a tier or campaign change is saved: loading, the report, or why it failed.
public struct WhatIfState: Sendable, Hashable {
    public var token: Int
    /// What is previewed, already in words ("Create tier gold").
    public var subject: String
    /// What Enter saves.
    public var write: ProgramWrite
    public var report: WhatIfReport?
    public var error: String?

    public var isLoading: Bool { report == nil && error == nil }
}
