import LoyaltyCore
import LoyaltyStore

/// Runs a confirmed program write through the store, which checks the role again and writes the audit log.
enum ProgramWrites {
    static func perform(_ write: ProgramWrite, _ store: LoyaltyStore, _ session: Session, _ now: UnixTime) throws -> ProgramOutcome {
        switch write {
        case .saveSettings(let settings, _, let reason):
            return .settingsSaved(version: try store.updateSettings(session, settings, reason: reason, now: now))
        case .addReward(let reward):
            return .rewardSaved(name: try store.addReward(session, reward, now: now).name)
        case .updateReward(let id, let reward):
            return .rewardSaved(name: try store.updateReward(session, id: id, reward, now: now).name)
        case .deleteReward(let id, let name):
            try store.deleteReward(session, id: id, now: now)
            return .rewardDeleted(name: name)
        case .createTier(let tier):
            return .tierSaved(key: try store.createTier(session, tier, now: now).key)
        case .updateTier(let key, let tier):
            return .tierSaved(key: try store.updateTier(session, key: key, tier, now: now).key)
        case .deleteTier(let key):
            try store.deleteTier(session, key: key, now: now)
            return .tierDeleted(key: key)
        case .createCampaign(let campaign):
            try store.createCampaign(session, campaign, now: now)
            return .campaignSaved(name: campaign.name)
        case .updateCampaign(let id, let campaign):
            try store.updateCampaign(session, id: id, campaign, now: now)
            return .campaignSaved(name: campaign.name)
        case .changeCampaign(let id, let name, let action):
            return .campaignChanged(name: name, status: try store.changeCampaign(session, id: id, action, now: now).status)
        case .deleteCampaign(let id, let name):
            try store.deleteCampaign(session, id: id, now: now)
            return .campaignDeleted(name: name)
        }
    }
}
