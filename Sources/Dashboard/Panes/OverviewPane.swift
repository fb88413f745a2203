import LoyaltyCore
import LoyaltyStore
import TerminalUI

/// Where the Overview's blocks go: figures, the 30-day trend (with the customers per VIP tier beside it on wide
/// terminals, below it on narrow ones, when the merchant has tiers), and the top customers table below.
public struct OverviewLayout: Sendable, Hashable {
    public var title: Rect
    public var figures: Rect
    public var trend: Rect
    /// Customers per VIP tier: a title line, then the bars in `tierColumns` columns; empty without tiers.
    public var tiers: Rect
    public var tierColumns: Int
    public var top: Rect
    public var figureColumns: Int

    static let figureCount = 13
    /// From this content width the figures take three columns and the tiers sit beside the trend.
    static let wideWidth = 110
    /// The trend's share of a wide band: its label, 30 days of sparkline and the total.
    static let trendWidth = 56

    /// The top customers table (below its title line).
    public var table: Rect { Self.tableRect(top) }
    static func tableRect(_ top: Rect) -> Rect { top.inset(top: 1) }

    /// `tierBars`: the bars of the tier distribution ("no tier" and each tier), 0 when the merchant has no tiers.
    public init(content: Rect, tierBars: Int = 0) {
        let wide = content.width >= Self.wideWidth
        figureColumns = wide ? 3 : 2
        tierColumns = wide ? 1 : 2
        let figureRows = (Self.figureCount + figureColumns - 1) / figureColumns
        let tierRows = tierBars > 0 ? 1 + (tierBars + tierColumns - 1) / tierColumns : 0
        let (title, rest) = content.splitTop(1)
        let (figures, rest2) = rest.inset(top: 1).splitTop(figureRows)
        self.title = title
        self.figures = figures
        if tierBars > 0 && wide {
            let (band, rest3) = rest2.inset(top: 1).splitTop(max(3, tierRows))
            let (trend, tiers) = band.splitLeading(Self.trendWidth)
            self.trend = trend
            self.tiers = tiers.inset(leading: 3)
            top = rest3.inset(top: 1)
        } else {
            let (trend, rest3) = rest2.inset(top: 1).splitTop(3)
            self.trend = trend
            if tierBars > 0 {
                let (tiers, rest4) = rest3.inset(top: 1).splitTop(tierRows)
                self.tiers = tiers
                top = rest4.inset(top: 1)
            } else {
                tiers = Rect(x: rest3.x, y: rest3.y, width: rest3.width, height: 0)
                top = rest3.inset(top: 1)
            }
        }
    }

    /// The layout for what `state` shows.
    init(content: Rect, state: AppState) {
        self.init(content: content, tierBars: state.overview.metrics?.tierDistribution.map { $0.tiers.count + 1 } ?? 0)
    }
}

/// Overview (merchants): program figures as defined in spec/domain.md "Metrics", the same as `loyalnest overview`.
enum OverviewPane {
    static func render(_ state: AppState, in content: Rect, into frame: inout CellBuffer) {
        let layout = OverviewLayout(content: content, state: state)
        let l = state.localizer
        let theme = state.theme
        let overview = state.overview
        var title = l.t("overview.title")
        if let metrics = overview.metrics { title += " · " + l.format.dateTime(unixSeconds: metrics.asOf) }
        frame.text(title, x: layout.title.x, y: layout.title.y, width: layout.title.width, style: theme[.title].with(.bold))
        if overview.loading {
            let text = l.t("overview.loading")
            let w = TextWidth.width(of: text)
            frame.text(text, x: layout.title.maxX - w, y: layout.title.y, width: w, style: theme[.muted])
        }
        guard let metrics = overview.metrics else {
            let text = overview.error ?? (overview.loading ? "" : l.t("overview.noData"))
            frame.text(text, x: layout.figures.x, y: layout.figures.y, width: layout.figures.width,
                       style: overview.error == nil ? theme[.muted] : theme[.statusError])
            return
        }
        if let error = overview.error {
            frame.text(error, x: layout.title.x, y: layout.title.maxY, width: layout.title.width, style: theme[.statusError])
        }
        renderFigures(figures(metrics, l, dash: state.glyphs == .ascii ? "-" : "–"), layout, state, into: &frame)
        renderTrend(metrics, layout.trend, state, into: &frame)
        if let tiers = metrics.tierDistribution {
            OverviewTiersBlock.render(tiers, in: layout.tiers, columns: layout.tierColumns, state, into: &frame)
        }
        renderTop(metrics, layout.top, state, into: &frame)
    }

    /// The figures as (label, value) pairs, in reading order.
    static func figures(_ m: OverviewMetrics, _ l: Localizer, dash: String) -> [(String, String)] {
        let f = l.format
        func money(_ amount: MoneyAmount?) -> String {
            amount.map { f.money($0) } ?? dash
        }
        func percent(_ ratio: Double?) -> String { ratio.map { f.percent($0) } ?? dash }
        let period = " " + l.t("overview.period30")
        return [
            (l.t("overview.members"), f.integer(m.members)),
            (l.t("overview.activeMembers") + period, f.integer(m.activeMembers)),
            (l.t("overview.pointsIssued") + period, f.integer(m.last30Days.issued)),
            (l.t("overview.pointsRedeemed") + period, f.integer(m.last30Days.redeemed)),
            (l.t("overview.pointsExpired") + period, f.integer(m.last30Days.expired)),
            (l.t("overview.outstanding"), f.integer(m.outstandingPoints)),
            (l.t("overview.liability"), money(m.outstandingValue)),
            (l.t("overview.redemptionRate") + period, percent(m.redemptionRate)),
            (l.t("overview.repeatRate"), percent(m.repeatCustomerRate)),
            (l.t("overview.aovMembers"), money(m.memberPurchases.averageOrderValue)),
            (l.t("overview.aovNonMembers"), money(m.nonMemberPurchases.averageOrderValue)),
            (l.t("overview.frequencyMembers") + " / " + l.t("overview.frequencyNonMembers"),
             [m.memberPurchases.ordersPerCustomer, m.nonMemberPurchases.ordersPerCustomer]
                .map { $0.map { f.decimal($0, fractionDigits: 1) } ?? dash }.joined(separator: " / ")),
            (l.plural("overview.expiringIn", count: 30) + " / 60 / 90",
             [m.expiring.within30, m.expiring.within60, m.expiring.within90].map { f.integer($0) }.joined(separator: " / ")),
        ]
    }

    static func renderFigures(_ items: [(String, String)], _ layout: OverviewLayout, _ state: AppState,
                              into frame: inout CellBuffer) {
        let theme = state.theme
        let columns = layout.figures.columns(layout.figureColumns, gap: 3)
        let rows = layout.figures.height
        for (i, (label, value)) in items.enumerated() {
            let column = columns[i / rows]
            let y = layout.figures.y + i % rows
            let valueWidth = min(column.width / 2, TextWidth.width(of: TextWidth.sanitize(value)))
            frame.text(label, x: column.x, y: y, width: max(0, column.width - valueWidth - 1), style: theme[.muted])
            frame.text(value, x: column.maxX - valueWidth, y: y, width: valueWidth, style: theme[.emphasis].with(.bold),
                       align: .trailing)
        }
    }

    static func renderTrend(_ m: OverviewMetrics, _ rect: Rect, _ state: AppState, into frame: inout CellBuffer) {
        guard rect.height >= 3 else { return }
        let l = state.localizer
        let theme = state.theme
        frame.text(l.t("overview.trendTitle"), x: rect.x, y: rect.y, width: rect.width, style: theme[.title])
        let labelWidth = 12
        let series: [(String, [Int64], Int)] = [(l.t("overview.issued"), m.daily.issued, 1),
                                                 (l.t("overview.redeemed"), m.daily.redeemed, 2)]
        for (i, (label, values, colour)) in series.enumerated() {
            let y = rect.y + 1 + i
            let total = l.format.integer(values.reduce(0, +))
            frame.text(label, x: rect.x, y: y, width: labelWidth, style: theme[.muted])
            let sparkWidth = min(values.count, max(0, rect.width - labelWidth - 12))
            Sparkline(values: values.suffix(sparkWidth).map(Double.init), series: colour)
                .render(into: &frame, in: Rect(x: rect.x + labelWidth, y: y, width: sparkWidth, height: 1), theme: theme)
            frame.text(total, x: rect.x + labelWidth + sparkWidth + 1, y: y, width: 11, style: theme[.emphasis])
        }
    }

    static func topColumns(_ state: AppState) -> [TableColumn] {
        let l = state.localizer
        return [
            TableColumn(title: l.t("column.name"), width: .flex(min: 14, weight: 2)),
            TableColumn(title: l.t("column.email"), width: .flex(min: 0, weight: 2)),
            TableColumn(title: l.t("column.orders"), width: .fixed(6), alignment: .trailing),
            TableColumn(title: l.t("column.spent"), width: .fixed(12), alignment: .trailing),
            TableColumn(title: l.t("column.balance"), width: .fixed(8), alignment: .trailing),
        ]
    }

    static func renderTop(_ m: OverviewMetrics, _ rect: Rect, _ state: AppState, into frame: inout CellBuffer) {
        guard rect.height >= 3 else { return }
        let l = state.localizer
        let f = l.format
        frame.text(l.t("overview.topCustomers"), x: rect.x, y: rect.y, width: rect.width, style: state.theme[.title])
        let rows = m.topCustomers.map { c in
            [c.name, c.email ?? "", f.integer(c.orders),
             f.money(c.spend),
             f.integer(c.pointsBalance)]
        }
        var table = Table(columns: topColumns(state), rowCount: rows.count, emptyMessage: l.t("overview.noData")) {
            rows[safe: $0] ?? []
        }
        table.setSelection(state.overview.topSelection)
        table.render(into: &frame, in: OverviewLayout.tableRect(rect), theme: state.theme)
    }
}
