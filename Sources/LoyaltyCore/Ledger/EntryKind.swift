/// The kinds of ledger entry (spec/domain.md, Ledger). Positive kinds are grants that can later be consumed;
/// negative kinds consume grants.
public enum EntryKind: String, Codable, Sendable, CaseIterable {
    case earn, signup, birthday, referral
    case campaignBonus = "campaign_bonus"
    case tierReward = "tier_reward"
    case redeem
    case refundClawback = "refund_clawback"
    case cancelReversal = "cancel_reversal"
    case redemptionCancel = "redemption_cancel"
    case expire, adjust, undo
    case `import`

    /// Kinds that count toward "lifetime earned" when positive.
    public var countsAsEarned: Bool {
        switch self {
        case .earn, .signup, .birthday, .referral, .campaignBonus, .tierReward, .import: return true
        case .adjust: return true
        default: return false
        }
    }
}
