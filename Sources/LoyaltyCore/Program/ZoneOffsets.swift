import Foundation

/// A time zone's UTC offsets as a table of its changes (1970–2199), so that per-order rules (daily caps, local days)
/// find an instant's offset by binary search instead of a Foundation call. Outside the table the edge offsets hold.
public struct ZoneOffsets: Sendable {
    /// changes[i] is the instant offsets[i + 1] starts; offsets[0] holds before the first change.
    private let changes: [UnixTime]
    private let offsets: [Int64]

    public init(zone: TimeZone) {
        var changes: [UnixTime] = []
        var offsets = [LocalTime.offset(zone, at: 0)]
        var date = Date(timeIntervalSince1970: 0)
        let end = Date(timeIntervalSince1970: TimeInterval(Timestamp.make(year: MonthTable.firstYear + MonthTable.yearCount, month: 1, day: 1)))
        while let next = zone.nextDaylightSavingTimeTransition(after: date), next < end {
            let instant = UnixTime(next.timeIntervalSince1970)
            changes.append(instant)
            offsets.append(LocalTime.offset(zone, at: instant))
            date = next
        }
        self.changes = changes
        self.offsets = offsets
    }

    /// Seconds east of UTC at `time`.
    public func offset(at time: UnixTime) -> Int64 {
        var low = 0, high = changes.count
        while low < high {
            let middle = (low + high) / 2
            if changes[middle] <= time { low = middle + 1 } else { high = middle }
        }
        return offsets[low]
    }

    /// The local calendar day of `time`, as days since 1970-01-01 (consecutive local days differ by 1).
    public func localDay(of time: UnixTime) -> Int64 {
        let local = time + offset(at: time)
        return local >= 0 ? local / Timestamp.secondsPerDay : -((-local + Timestamp.secondsPerDay - 1) / Timestamp.secondsPerDay)
    }
}
