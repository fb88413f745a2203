extension TierEngine {
    /// The change the merchant's new tier table (this engine's) makes to a customer: `old` is their state under
    /// `previousTiers`, `new` their standing recalculated under this table. nil when their tier key is the same.
    ///
    /// Entry rewards keep "once per tier, ever" across the edit by key: a move up pays the tiers of the new table up
    /// to the new tier that the customer had not reached under the old one (a tier keeps its key when renamed or
    /// re-thresholded, so it is not paid twice; a tier added below one already reached counts as passed).
    public func tableChange(from old: TierState, previousTiers: [TierDefinition], to new: TierState,
                            at time: UnixTime) -> TierChange? {
        guard old.tierKey != new.tierKey else { return nil }
        let previous = TierTable.ordered(previousTiers)
        let oldRank = previous.firstIndex { $0.key == old.tierKey } ?? -1
        let highestBefore = previous.firstIndex { $0.key == old.highestTierKey } ?? -1
        let reachedBefore = Set(previous.prefix(highestBefore + 1).map(\.key))
        let newRank = rank(of: new.tierKey) ?? -1
        // Up or down within the new table; a tier the edit removed is compared by the threshold it had.
        let isUpgrade: Bool
        if old.tierKey == nil {
            isUpgrade = true
        } else if let oldInNew = rank(of: old.tierKey) {
            isUpgrade = newRank > oldInNew
        } else {
            isUpgrade = newRank >= 0 && thresholds[newRank] > (oldRank >= 0 ? previous[oldRank].threshold : -1)
        }
        var rewards: [TierEntryReward] = []
        let passed = max(startRank, tiers.lastIndex { reachedBefore.contains($0.key) } ?? -1)
        if isUpgrade && newRank > passed {
            for rank in (passed + 1)...newRank where rewardPoints[rank] > 0 {
                rewards.append(TierEntryReward(tierKey: tiers[rank].key, points: rewardPoints[rank]))
            }
        }
        return TierChange(from: old.tierKey, to: new.tierKey, at: time, reason: .tierTableChanged, isUpgrade: isUpgrade,
                          entryRewards: rewards)
    }
}
