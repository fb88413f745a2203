/// Which campaign windows cover an instant, found by binary search: a merchant with years of campaigns behind them
/// costs an order no more than one with a single campaign running.
struct CampaignTimeline: Sendable {
    /// Every window start and end, ascending; segment i is [boundaries[i], boundaries[i + 1]).
    private let boundaries: [UnixTime]
    /// members[offsets[i]..<offsets[i + 1]]: the windows covering segment i, in the order given.
    private let offsets: [Int]
    let members: [Int32]

    init(windows: [CampaignWindow]) {
        var boundaries = Array(Set(windows.flatMap { [$0.start, $0.end] })).sorted()
        if boundaries.isEmpty { boundaries = [0] }
        var offsets = [0]
        var members: [Int32] = []
        for segment in boundaries.indices.dropLast() {
            let start = boundaries[segment]
            for (index, window) in windows.enumerated() where window.contains(start) { members.append(Int32(index)) }
            offsets.append(members.count)
        }
        offsets.append(members.count)
        self.boundaries = boundaries
        self.offsets = offsets
        self.members = members
    }

    /// Where in `members` the indexes of the windows containing `time` are (ascending).
    func windows(containing time: UnixTime) -> Range<Int> {
        guard time >= boundaries[0], time < boundaries[boundaries.count - 1] else { return 0..<0 }
        var low = 0, high = boundaries.count - 1
        while high - low > 1 {
            let middle = (low + high) / 2
            if boundaries[middle] <= time { low = middle } else { high = middle }
        }
        return offsets[low]..<offsets[low + 1]
    }
}
