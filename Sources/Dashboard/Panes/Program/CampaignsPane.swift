import Foundation
import LoyaltyCore
import LoyaltyStore
import TerminalUI

/// Where Campaigns draws: title and filter, the table by status, the timeline, the selected campaign's report.
struct CampaignsLayout: Sendable, Hashable {
    var title: Rect
    var table: Rect
    var timelineTitle: Rect
    var timeline: Rect
    var report: Rect

    init(content: Rect, state: AppState) {
        let rows = state.campaigns.rows.count
        let (title, rest) = content.splitTop(1)
        let (rest2, report) = rest.splitBottom(min(4, max(0, rest.height - 6)))
        let tableHeight = max(3, min(rows + 1, (rest2.height - 2) / 2))
        let (table, rest3) = rest2.splitTop(tableHeight)
        let (timelineTitle, timeline) = rest3.inset(top: 1).splitTop(1)
        self.title = title
        self.table = table
        self.timelineTitle = timelineTitle
        self.timeline = timeline.inset(bottom: 1)
        self.report = report
    }
}

/// Campaigns: every campaign grouped by status, a timeline of the running and upcoming ones, and what the
/// selected one achieved.
enum CampaignsPane {
    static func render(_ state: AppState, in content: Rect, into frame: inout CellBuffer) {
        let layout = CampaignsLayout(content: content, state: state)
        let l = state.localizer
        let theme = state.theme
        let campaigns = state.campaigns
        let filter = campaigns.filter.map { l.t("campaigns.status.\($0.rawValue)") } ?? l.t("program.filter.all")
        let title = l.t("campaigns.title", ["filter": filter, "count": l.format.integer(campaigns.rows.count)])
        ProgramText.title(title, (campaigns.load.loading, campaigns.load.error), in: layout.title, state, into: &frame)
        guard let data = campaigns.load.data else {
            frame.text(campaigns.load.error ?? "", x: layout.table.x, y: layout.table.y, width: layout.table.width,
                       style: theme[.statusError])
            return
        }
        renderTable(campaigns.rows, data, layout.table, state, into: &frame)
        let zone = data.settings.settings.timeZone
        frame.text(l.t("campaigns.timelineTitle", ["zone": zone, "today": String(frame.glyphs.vertical)]),
                   x: layout.timelineTitle.x, y: layout.timelineTitle.y,
                   width: layout.timelineTitle.width, style: theme[.title])
        CampaignTimelineChart(campaigns: data.campaigns, now: data.asOf, zone: ProgramActions.merchantZone(state))
            .render(layout.timeline, state, into: &frame)
        if let error = campaigns.load.error {
            ProgramText.wrapped(error, in: layout.report, style: theme[.statusError], into: &frame)
        } else if let selected = campaigns.selectedCampaign {
            renderReport(selected, data.reports[selected.id], layout.report, state, into: &frame)
        }
    }

    static let statusWidth = 10

    static func columns(_ l: Localizer, width: Int) -> [TableColumn] {
        let dateWidth = width >= 100 ? 16 : 10
        return [
            TableColumn(title: l.t("campaigns.column.name"), width: .flex(min: 10, weight: 2)),
            TableColumn(title: l.t("campaigns.column.bonus"), width: .fixed(width >= 100 ? 26 : 9)),
            TableColumn(title: l.t("campaigns.column.status"), width: .fixed(statusWidth)),
            TableColumn(title: l.t("campaigns.column.starts"), width: .fixed(dateWidth)),
            TableColumn(title: l.t("campaigns.column.ends"), width: .fixed(dateWidth)),
        ]
    }

    static func renderTable(_ rows: [CampaignInfo], _ data: CampaignsData, _ rect: Rect, _ state: AppState,
                            into frame: inout CellBuffer) {
        let l = state.localizer
        let theme = state.theme
        let wide = rect.width >= 100
        let zone = ProgramActions.merchantZone(state)
        let cells = rows.map { c -> [String] in
            [CampaignsActions.displayName(c.definition, l), bonus(c.definition, l), l.t("campaigns.status.\(c.status.rawValue)"),
             when(c.window.start, zone, l, withTime: wide), when(c.window.end, zone, l, withTime: wide)]
        }
        let empty = data.campaigns.isEmpty ? l.t("campaigns.empty") : l.t("campaigns.noneWithStatus")
        var table = Table(columns: columns(l, width: rect.width), rowCount: cells.count, emptyMessage: empty) {
            cells[safe: $0] ?? []
        }
        table.setSelection(state.campaigns.selection)
        table.render(into: &frame, in: rect, theme: theme)
        // The status in its own colour, over the row's background.
        let widths = table.columns.map(\.width)
        let offsets = columnOffsets(widths, total: rect.width)
        guard let statusX = offsets[safe: 2] else { return }
        for row in table.visibleRows(in: rect) {
            guard let campaign = rows[safe: row] else { continue }
            let y = rect.y + 1 + row - table.visibleRows(in: rect).lowerBound
            let rowStyle = theme[row == state.campaigns.selection.selected ? .selection : row % 2 == 0 ? .tableRow : .tableRowAlt]
            frame.text(cells[row][2], x: rect.x + statusX, y: y, width: min(statusWidth, max(0, rect.width - statusX)),
                       style: IntegrationsPane.layered(theme[statusStyle(campaign.status)], on: rowStyle))
        }
    }

    /// The locale's date, and on wide terminals the local time when it is not midnight ("12/24/2026 18:00").
    static func when(_ time: UnixTime, _ zone: TimeZone, _ l: Localizer, withTime: Bool) -> String {
        let date = l.format.date(unixSeconds: time)
        let f = LocalTime.fields(of: time, in: zone)
        guard withTime, f.hour != 0 || f.minute != 0 else { return date }
        return date + " " + String(LocalTime.format(f).suffix(5))
    }

    /// Column offsets as the table lays them out (fixed widths, flexible ones sharing the rest, one cell apart).
    static func columnOffsets(_ widths: [TableColumn.Width], total: Int) -> [Int] {
        let fixed = widths.reduce(0) { sum, w in if case .fixed(let n) = w { return sum + n } else { return sum } }
        let flexMinimum = widths.reduce(0) { sum, w in if case .flex(let m, _) = w { return sum + m } else { return sum } }
        let flexWidth = max(flexMinimum, total - fixed - (widths.count - 1))
        var x = 0
        return widths.map { w in
            defer {
                switch w {
                case .fixed(let n): x += n + 1
                case .flex: x += flexWidth + 1
                }
            }
            return x
        }
    }

    static func statusStyle(_ status: CampaignStatus) -> ThemeKey {
        switch status {
        case .active: return .statusOK
        case .scheduled: return .statusInfo
        case .paused: return .statusWarn
        case .draft, .ended: return .muted
        }
    }

    /// "×2", "+100 pts", "+50 pts · tier:gold".
    static func bonus(_ d: CampaignDefinition, _ l: Localizer) -> String {
        switch d.kind {
        case .multiplier: return "×" + (d.multiplier ?? "?")
        case .fixedBonus: return "+" + ProgramText.points(d.bonusPoints ?? 0, l)
        case .lifecycle:
            return "+" + ProgramText.points(d.bonusPoints ?? 0, l) + (d.trigger.map { " · \($0)" } ?? "")
        }
    }

    static func renderReport(_ campaign: CampaignInfo, _ report: CampaignReport?, _ rect: Rect, _ state: AppState,
                             into frame: inout CellBuffer) {
        guard !rect.isEmpty else { return }
        let l = state.localizer
        let f = l.format
        let theme = state.theme
        let line = l.t("campaigns.report", [
            "name": CampaignsActions.displayName(campaign.definition, l), "orders": f.integer(report?.qualifyingOrders ?? 0),
            "points": f.integer(report?.pointsAwarded ?? 0), "revenue": ProgramText.money(report?.revenueMinor ?? 0, state),
            "customers": f.integer(report?.customers ?? 0),
        ])
        let lines = TextWidth.wrap(TextWidth.sanitize(line), width: rect.width).prefix(max(1, rect.height / 2))
        for (i, text) in lines.enumerated() {
            frame.text(text, x: rect.x, y: rect.y + i, width: rect.width, style: theme[.emphasis])
        }
        ProgramText.wrapped(conditions(campaign.definition, state), in: rect.inset(top: lines.count), style: theme[.muted],
                            into: &frame)
    }

    /// Who a campaign applies to: "segments any · tiers gold · min. order $20.00 · first order only · max 1 each".
    static func conditions(_ d: CampaignDefinition, _ state: AppState) -> String {
        let l = state.localizer
        let c = d.conditions
        let any = l.t("campaigns.value.any")
        var parts = [l.t("campaigns.cond.segments", ["keys": c.segments.isEmpty ? any : c.segments.joined(separator: ", ")]),
                     l.t("campaigns.cond.tiers", ["keys": c.tiers.isEmpty ? any : c.tiers.joined(separator: ", ")])]
        if c.minimumOrderMinor > 0 {
            parts.append(l.t("campaigns.cond.minimum", ["amount": ProgramText.money(c.minimumOrderMinor, state)]))
        }
        if c.firstOrderOnly { parts.append(l.t("campaigns.cond.firstOrder")) }
        if let cap = d.maxAwardsPerCustomer { parts.append(l.t("campaigns.cond.max", ["count": l.format.integer(cap)])) }
        parts.append(d.timeZone)
        return parts.joined(separator: " · ")
    }
}
