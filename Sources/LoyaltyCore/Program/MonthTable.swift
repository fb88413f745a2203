import Foundation

/// The instants at which local months begin in one time zone, computed once through `LocalTime` so that rules
/// applied to millions of orders find an instant's local month and year without a Foundation call.
///
/// Month `i` is the `i`-th month after January 1970 (0 = 1970-01). The table covers 1970–2199; outside it the zone's
/// UTC offset at the table's edge is assumed.
public struct MonthTable: Sendable {
    public static let firstYear = 1970
    public static let yearCount = 230

    /// starts[i] = the instant local month i begins (local midnight of its first day, or the DST rules of
    /// `LocalTime.resolve` when that midnight does not exist); one extra entry closes the last month.
    private let starts: [UnixTime]
    private let offsetBefore: Int64
    private let offsetAfter: Int64

    public init(zone: TimeZone) {
        var starts: [UnixTime] = []
        starts.reserveCapacity(MonthTable.yearCount * 12 + 1)
        for index in 0...(MonthTable.yearCount * 12) {
            let (year, month) = MonthTable.yearMonth(index)
            starts.append(LocalTime.resolve(LocalTime.Fields(year: year, month: month, day: 1, hour: 0, minute: 0), in: zone))
        }
        self.starts = starts
        offsetBefore = LocalTime.offset(zone, at: starts[0])
        offsetAfter = LocalTime.offset(zone, at: starts[starts.count - 1])
    }

    /// About 300,000 years: instants beyond count as this far, so no date arithmetic overflows.
    static let farAway: Int64 = 10_000_000_000_000

    /// The local month an instant falls in.
    public func month(of time: UnixTime) -> Int {
        let time = min(max(time, -MonthTable.farAway), MonthTable.farAway)
        if time < starts[0] {
            let (year, month, _) = Timestamp.components(time + offsetBefore)
            return (year - MonthTable.firstYear) * 12 + month - 1
        }
        let last = starts.count - 1
        if time >= starts[last] {
            let (year, month, _) = Timestamp.components(time + offsetAfter)
            return (year - MonthTable.firstYear) * 12 + month - 1
        }
        // An average month is 2,629,746 s; the estimate is at most one month off, so a step or two corrects it.
        var index = min(last - 1, Int((time - starts[0]) / 2_629_746))
        while starts[index] > time { index -= 1 }
        while starts[index + 1] <= time { index += 1 }
        return index
    }

    /// The instant local month `index` begins.
    public func start(ofMonth index: Int) -> UnixTime {
        if index >= 0 && index < starts.count { return starts[index] }
        let (year, month) = MonthTable.yearMonth(index)
        return Timestamp.make(year: year, month: month, day: 1) - (index < 0 ? offsetBefore : offsetAfter)
    }

    /// The local calendar year an instant falls in.
    public func year(of time: UnixTime) -> Int { MonthTable.yearMonth(month(of: time)).year }

    /// (year, month 1...12) of month `index`.
    public static func yearMonth(_ index: Int) -> (year: Int, month: Int) {
        let years = index >= 0 ? index / 12 : -((-index + 11) / 12)
        return (firstYear + years, index - years * 12 + 1)
    }

    public static func index(year: Int, month: Int) -> Int { (year - firstYear) * 12 + month - 1 }
}
