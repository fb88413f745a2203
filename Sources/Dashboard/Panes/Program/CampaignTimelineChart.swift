import Foundation
import LoyaltyCore
import LoyaltyStore
import TerminalUI

/// The running, paused and upcoming campaigns as bars across the coming weeks, one cell per day, starting on
/// Monday of this week in the merchant's time zone. A faint line marks today; the axis reads right to left in
/// right-to-left layouts like every other chart (the buffer mirrors it).
struct CampaignTimelineChart {
    static let maxWeeks = 12
    static let shown: Set<CampaignStatus> = [.active, .scheduled, .paused]

    var campaigns: [CampaignInfo]
    var now: UnixTime
    var zone: TimeZone

    func render(_ rect: Rect, _ state: AppState, into frame: inout CellBuffer) {
        guard rect.height >= 2 else { return }
        let l = state.localizer
        let theme = state.theme
        let labelWidth = rect.width >= 100 ? 24 : 14
        let axisX = rect.x + labelWidth + 1
        let weeks = min(Self.maxWeeks, max(0, rect.maxX - axisX) / 7)
        guard weeks > 0 else { return }
        let days = weeks * 7
        let first = day(LocalTime.weekStart(of: now, in: zone))
        let today = day(now) - first

        for week in 0..<weeks {
            frame.text(monthDay(first + week * 7, l), x: axisX + week * 7, y: rect.y, width: 6, style: theme[.chartAxis])
        }
        let visible = campaigns.filter { c in
            Self.shown.contains(c.status) && endDay(c.window.end) > first && day(c.window.start) < first + days
        }.sorted { ($0.window.start, $0.id) < ($1.window.start, $1.id) }
        let rows = rect.height - 1
        if visible.isEmpty {
            frame.text(l.t("campaigns.timelineEmpty"), x: rect.x, y: rect.y + 1, width: rect.width, style: theme[.muted])
            return
        }
        let fits = visible.count <= rows ? visible : Array(visible.prefix(rows - 1))
        for (i, campaign) in fits.enumerated() {
            let y = rect.y + 1 + i
            frame.text(CampaignsActions.displayName(campaign.definition, l), x: rect.x, y: y, width: labelWidth,
                       style: theme[CampaignsPane.statusStyle(campaign.status)])
            if (0..<days).contains(today) {
                frame.put(frame.glyphs.vertical, x: axisX + today, y: y, style: theme[.chartAxis])
            }
            let start = max(0, day(campaign.window.start) - first)
            let end = min(days, endDay(campaign.window.end) - first)
            let paused = campaign.status == .paused
            let style = theme[paused ? .muted : .chartSeries(campaign.status == .active ? 1 : 2)]
            for d in start..<max(start, end) {
                frame.put(paused ? frame.glyphs.horizontal : frame.glyphs.barFull, x: axisX + d, y: y, style: style)
            }
        }
        if fits.count < visible.count {
            frame.text(l.t("campaigns.timelineMore", ["count": l.format.integer(visible.count - fits.count)]), x: rect.x,
                       y: rect.y + rows, width: rect.width, style: theme[.muted])
        }
    }

    /// The local calendar day of an instant, counted from 1970-01-01.
    func day(_ time: UnixTime) -> Int {
        let f = LocalTime.fields(of: time, in: zone)
        return Int(Timestamp.make(year: f.year, month: f.month, day: f.day) / Timestamp.secondsPerDay)
    }

    /// The first day a window ending at `time` (exclusive) no longer covers.
    func endDay(_ time: UnixTime) -> Int {
        let f = LocalTime.fields(of: time, in: zone)
        return day(time) + (f.hour == 0 && f.minute == 0 ? 0 : 1)
    }

    /// "11/16" (en), "16/11" (es), "11/16" (ja): the locale's month and day of a local calendar day.
    func monthDay(_ day: Int, _ l: Localizer) -> String {
        let date = Date(timeIntervalSince1970: TimeInterval(Int64(day) * Timestamp.secondsPerDay + 12 * 3600))
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .gmt
        var style = Date.FormatStyle()
        style.locale = l.format.locale
        style.calendar = calendar
        style.timeZone = .gmt
        return style.month(.defaultDigits).day(.defaultDigits).format(date)
    }
}
