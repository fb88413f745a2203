extension TierEngine {
    /// A customer's standing as of `asOf`, recalculated from their whole history (events in any order; those that
    /// arrive after `asOf` are ignored). The tier is evaluated afresh at every instant it could have changed (each
    /// event, each period start, each floor's end), which gives `since` and the highest tier ever reached.
    ///
    /// Cost grows with events × (events + periods); it serves one customer at a time (journey, support, checks).
    /// Bulk recalculation and what-if replays use `TierAccount`, which gives the same result.
    public func standing(_ events: [TierEvent], asOf: UnixTime) -> TierStanding {
        let known = events.enumerated()
            .filter { $0.element.arrival <= asOf }
            .sorted { ($0.element.arrival, $0.offset) < ($1.element.arrival, $1.offset) }
            .map(\.element)
        var instants = known.map(\.arrival)
        for case .floor(let floor?, _) in known {
            if let until = floor.until, until <= asOf { instants.append(until) }
        }
        if periods.isWindowed, policy.downgrade != .never, let first = known.first?.arrival {
            var period = periods.period(of: first) + 1
            while periods.start(of: period) <= asOf {
                instants.append(periods.start(of: period))
                period += 1
            }
        }
        instants.sort()

        var rank = startRank
        var since: UnixTime?
        var highest = startRank
        var previous: UnixTime?
        for instant in instants where instant != previous {
            previous = instant
            let now = evaluation(of: known, at: instant)
            if now.rank != rank {
                rank = now.rank
                since = instant
            }
            highest = max(highest, now.rank)
        }

        let final = evaluation(of: known, at: asOf)
        let period = periods.period(of: asOf)
        let floor = final.floorRank >= 0 ? final.floor : nil
        let state = TierState(
            tierKey: key(final.rank), since: since,
            heldUntil: heldUntil(rank: final.rank, activityRank: final.activityRank, final.buckets, at: period),
            floor: floor, highestTierKey: key(max(highest, final.rank)))
        let progress = self.progress(rank: final.rank, activityRank: final.activityRank, floor: floor, final.buckets, at: asOf)
        return TierStanding(state: state, progress: progress)
    }

    private struct Evaluation {
        var buckets: [TierBucket]
        var activityRank: Int
        var floor: ManualFloor?
        var floorRank: Int
        var rank: Int { max(activityRank, floorRank) }
    }

    /// The tier at `time` from what was known then, summing the activity per period directly.
    private func evaluation(of known: [TierEvent], at time: UnixTime) -> Evaluation {
        var sums: [Int: Int64] = [:]
        var floor: ManualFloor?
        for event in known where event.arrival <= time {
            switch event {
            case .activity(let activity):
                let period = periods.period(of: activity.effectiveCountsAt)
                sums[period] = saturatingAdd(sums[period] ?? 0, activity.value(in: policy.basis))
            case .floor(let newFloor, _):
                floor = newFloor
            }
        }
        let buckets = sums.map { TierBucket(period: $0.key, value: $0.value) }.sorted { $0.period < $1.period }
        return Evaluation(buckets: buckets, activityRank: activityRank(buckets, at: periods.period(of: time)),
                          floor: floor, floorRank: floorRank(floor, at: time))
    }
}
