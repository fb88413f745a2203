import LoyaltyStore
import TerminalUI

/// The Overview's customers per VIP tier: a title, then one bar per tier ("no tier" first, then from the lowest
/// threshold up) whose length is the tier's share of all customers, with the count and the share beside it. The
/// bars fill `columns` columns top to bottom and keep the VIP Tiers screen's colours.
enum OverviewTiersBlock {
    static func render(_ distribution: OverviewTierDistribution, in rect: Rect, columns: Int, _ state: AppState,
                       into frame: inout CellBuffer) {
        guard rect.height >= 2, rect.width > 0 else { return }
        let l = state.localizer
        let theme = state.theme
        frame.text(l.t("overview.tiersTitle"), x: rect.x, y: rect.y, width: rect.width, style: theme[.title])
        let all = bars(distribution, state)
        let body = rect.inset(top: 1)
        let columns = body.columns(max(1, columns), gap: 3)
        let perColumn = max(1, (all.count + columns.count - 1) / columns.count)
        // One label width for every column, so the bars line up; up to 2/5 of a column (BarChart's own third cuts
        // "no tier" short in Japanese at 80 columns).
        let longest = all.map { TextWidth.width(of: TextWidth.sanitize($0.label)) }.max() ?? 0
        let labelWidth = min(longest, (columns.first?.width ?? 0) * 2 / 5)
        for (c, column) in columns.enumerated() {
            let first = c * perColumn
            guard first < all.count else { break }
            let slice = Array(all[first..<min(all.count, first + perColumn)])
            for (i, bar) in slice.enumerated() where i < column.height {
                frame.text(bar.label, x: column.x, y: column.y + i, width: labelWidth, style: theme[.base])
            }
            let unlabelled = slice.map { BarChart.Bar(label: "", value: $0.value, valueText: $0.valueText) }
            BarChart(bars: unlabelled, scaleMax: 1, firstSeries: first + 1)
                .render(into: &frame, in: column.inset(leading: labelWidth + 1), theme: theme)
        }
    }

    /// "No tier", then each tier: the bar is the share, the text the count and the share.
    static func bars(_ d: OverviewTierDistribution, _ state: AppState) -> [BarChart.Bar] {
        let l = state.localizer
        let rows = [(l.t("tiers.noTier"), d.noTier.customers, d.noTier.share)]
            + d.tiers.map { ($0.name.text(for: l.code), $0.customers, $0.share) }
        return rows.map { label, customers, share in
            let percent = share.map { " · " + l.format.percent($0, maxFractionDigits: 0) } ?? ""
            return BarChart.Bar(label: label, value: share ?? 0, valueText: l.format.integer(customers) + percent)
        }
    }
}
