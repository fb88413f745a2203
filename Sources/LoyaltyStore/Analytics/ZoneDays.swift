import Foundation
import LoyaltyCore

/// Calendar days (days since 1970-01-01) in a merchant's time zone for millions of instants: the zone's UTC offsets
/// are listed once, from 1970 to a year past `through`, and looked up by binary search, because asking Foundation
/// costs about a microsecond per instant.
struct ZoneDays: Sendable {
    /// Ascending starts of constant-offset spans; the first is Int64.min.
    private let starts: [UnixTime]
    private let offsets: [Int64]
    /// Transitions are listed up to here; later instants take the last offset.
    let listedThrough: UnixTime

    init(zone: TimeZone, through: UnixTime) {
        var starts: [UnixTime] = [.min]
        var offsets: [Int64] = [LocalTime.offset(zone, at: 0)]
        listedThrough = through + 366 * Timestamp.secondsPerDay
        let end = Date(timeIntervalSince1970: TimeInterval(listedThrough))
        var cursor = Date(timeIntervalSince1970: 0)
        while let next = zone.nextDaylightSavingTimeTransition(after: cursor), next < end, next > cursor {
            let at = UnixTime(next.timeIntervalSince1970.rounded(.down))
            let offset = LocalTime.offset(zone, at: at)
            if offset != offsets.last {
                starts.append(at)
                offsets.append(offset)
            }
            cursor = next
        }
        self.starts = starts
        self.offsets = offsets
    }

    init(timeZoneIdentifier: String, through: UnixTime) {
        self.init(zone: TimeZone(identifier: timeZoneIdentifier) ?? TimeZone(identifier: "UTC")!, through: through)
    }

    /// The zone's table, built once per process (listing a zone's transitions since 1970 takes a few milliseconds,
    /// too much for every incremental update) and again only when `through` passes its end.
    static func cached(_ timeZoneIdentifier: String, through: UnixTime) -> ZoneDays {
        cache.lock.lock()
        defer { cache.lock.unlock() }
        if let known = cache.tables[timeZoneIdentifier], known.listedThrough >= through { return known }
        let table = ZoneDays(timeZoneIdentifier: timeZoneIdentifier, through: through)
        cache.tables[timeZoneIdentifier] = table
        return table
    }

    // Safe to share: `tables` is read and written only while holding `lock` (see `cached`).
    private final class Cache: @unchecked Sendable {
        let lock = NSLock()
        var tables: [String: ZoneDays] = [:]
    }

    private static let cache = Cache()

    func offset(at t: UnixTime) -> Int64 {
        offsets.count == 1 ? offsets[0] : offsets[span(at: t)]
    }

    /// `day` for instants that mostly come in ascending runs (one customer's orders): it tries the span of the
    /// previous instant first.
    struct Cursor {
        let days: ZoneDays
        private var span = 0

        init(_ days: ZoneDays) { self.days = days }

        mutating func day(_ t: UnixTime) -> Int64 {
            let starts = days.starts
            if !(starts[span] <= t && (span + 1 == starts.count || t < starts[span + 1])) { span = days.span(at: t) }
            return BGNBDSummary.day(t, utcOffsetSeconds: days.offsets[span])
        }
    }

    private func span(at t: UnixTime) -> Int {
        var low = 0, high = starts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if starts[mid] <= t { low = mid } else { high = mid - 1 }
        }
        return low
    }

    func day(_ t: UnixTime) -> Int64 {
        BGNBDSummary.day(t, utcOffsetSeconds: offset(at: t))
    }

    /// The last second of calendar day `day` in the zone.
    func endOfDay(_ day: Int64) -> UnixTime {
        let nextMidnightUTC = (day + 1) * Timestamp.secondsPerDay
        // The offset in force just before the next local midnight (a DST change at midnight is an hour at most).
        return nextMidnightUTC - offset(at: nextMidnightUTC - offset(at: nextMidnightUTC)) - 1
    }
}
