import LoyaltyCore
import LoyaltyStore
import TerminalUI

/// Where VIP Tiers draws: title and policy, the tier table, then the distribution chart and this month's movement
/// (side by side on wide terminals, stacked on narrow ones).
struct TiersLayout: Sendable, Hashable {
    static let wideWidth = 100

    var title: Rect
    var policy: Rect
    var table: Rect
    var chartTitle: Rect
    var chart: Rect
    var movement: Rect
    var detail: Rect

    init(content: Rect, state: AppState) {
        let tiers = state.tiers.load.data?.tiers.count ?? 0
        let (title, rest) = content.splitTop(1)
        let (policy, rest2) = rest.splitTop(1)
        let below = rest2.inset(top: 1)
        let tableHeight = max(3, min(tiers + 1, below.height / 2))
        let (table, rest3) = below.splitTop(tableHeight)
        let lower = rest3.inset(top: 1)
        self.title = title
        self.policy = policy
        self.table = table
        let bars = tiers + 1
        if content.width >= Self.wideWidth {
            let (left, right) = lower.splitLeading(lower.width / 2)
            let (chartTitle, chart) = left.splitTop(1)
            self.chartTitle = chartTitle
            self.chart = chart.splitTop(bars).0
            let (movement, detail) = right.inset(leading: 2).splitTop(2)
            self.movement = movement
            self.detail = detail.inset(top: 1)
        } else {
            let (chartTitle, rest4) = lower.splitTop(1)
            let (chart, rest5) = rest4.splitTop(bars)
            let (movement, detail) = rest5.inset(top: 1).splitTop(2)
            self.chartTitle = chartTitle
            self.chart = chart
            self.movement = movement
            self.detail = detail
        }
    }
}

/// VIP Tiers: the tiers, how many customers each holds, and who moved this month.
enum TiersPane {
    static func render(_ state: AppState, in content: Rect, into frame: inout CellBuffer) {
        let layout = TiersLayout(content: content, state: state)
        let l = state.localizer
        let theme = state.theme
        let load = state.tiers.load
        ProgramText.title(l.t("tiers.title"), (load.loading, load.error), in: layout.title, state, into: &frame)
        guard let data = load.data else {
            frame.text(load.error ?? "", x: layout.policy.x, y: layout.policy.y, width: layout.policy.width,
                       style: theme[.statusError])
            return
        }
        let policy = data.settings.settings.tiers
        let policyText = load.error ?? l.t("tiers.policy", [
            "basis": l.t("tiers.basis.\(policy.basis.rawValue)"), "window": l.t("tiers.window.\(policy.window.rawValue)"),
            "downgrade": l.t("tiers.downgrade.\(policy.downgrade.rawValue)"),
        ])
        frame.text(policyText, x: layout.policy.x, y: layout.policy.y, width: layout.policy.width,
                   style: theme[load.error == nil ? .muted : .statusError])
        table(data, state, width: layout.table.width).render(into: &frame, in: layout.table, theme: theme)

        frame.text(l.t("tiers.distribution"), x: layout.chartTitle.x, y: layout.chartTitle.y, width: layout.chartTitle.width,
                   style: theme[.title])
        BarChart(bars: bars(data, state)).render(into: &frame, in: layout.chart, theme: theme)
        renderMovement(data.movement, layout.movement, state, into: &frame)
        if let tier = state.tiers.selectedTier {
            let perks = tier.definition.perks.text(for: l.code)
            let text = l.t("tiers.perks", ["name": name(tier.definition, l),
                                           "perks": perks.isEmpty ? ProgramText.dash(state) : perks])
            ProgramText.wrapped(text, in: layout.detail.splitTop(2).0, style: theme[.muted], into: &frame)
        }
    }

    static func name(_ tier: TierDefinition, _ l: Localizer) -> String { tier.name.text(for: l.code) }

    static func columns(_ l: Localizer, width: Int) -> [TableColumn] {
        var columns = [
            TableColumn(title: l.t("tiers.column.key"), width: .fixed(width >= 80 ? 12 : 8)),
            TableColumn(title: l.t("tiers.column.name"), width: .flex(min: 8, weight: 2)),
            TableColumn(title: l.t("tiers.column.threshold"), width: .fixed(12), alignment: .trailing),
            TableColumn(title: l.t("tiers.column.multiplier"), width: .fixed(6), alignment: .trailing),
            TableColumn(title: l.t("tiers.column.members"), width: .fixed(8), alignment: .trailing),
        ]
        columns.append(TableColumn(title: l.t("tiers.column.entryReward"), width: .fixed(width >= 80 ? 12 : 8),
                                   alignment: .trailing))
        return columns
    }

    static func table(_ data: TiersData, _ state: AppState, width: Int) -> Table {
        let l = state.localizer
        let basis = data.settings.settings.tiers.basis
        let rows = data.tiers.map { tier -> [String] in
            let d = tier.definition
            return [d.key, name(d, l), ProgramText.threshold(d.threshold, basis, state), "×" + d.multiplier,
                    l.format.integer(data.distribution.members[d.key] ?? tier.members),
                    d.entryRewardPoints == 0 ? ProgramText.dash(state) : ProgramText.points(d.entryRewardPoints, l)]
        }
        var table = Table(columns: columns(l, width: width), rowCount: rows.count, emptyMessage: l.t("tiers.empty")) {
            rows[safe: $0] ?? []
        }
        table.setSelection(state.tiers.selection)
        return table
    }

    /// Members per tier, "no tier" first, then the tiers from the lowest threshold up.
    static func bars(_ data: TiersData, _ state: AppState) -> [BarChart.Bar] {
        let l = state.localizer
        let counts = [(l.t("tiers.noTier"), data.distribution.noTier)]
            + data.tiers.map { (name($0.definition, l), data.distribution.members[$0.key] ?? $0.members) }
        let total = counts.reduce(0) { $0 + $1.1 }
        return counts.map { label, count in
            let share = total == 0 ? "" : " · " + l.format.percent(Double(count) / Double(total), maxFractionDigits: 0)
            return BarChart.Bar(label: label, value: Double(count), valueText: l.format.integer(count) + share)
        }
    }

    static func renderMovement(_ movement: TierMovement, _ rect: Rect, _ state: AppState, into frame: inout CellBuffer) {
        guard !rect.isEmpty else { return }
        let l = state.localizer
        let theme = state.theme
        frame.text(l.t("tiers.movementTitle"), x: rect.x, y: rect.y, width: rect.width, style: theme[.title])
        guard rect.height > 1 else { return }
        let glyphs = state.glyphs
        let up = "\(glyphs.arrowUp) " + l.plural("tiers.movedUp", count: movement.up)
        let down = "\(glyphs.arrowDown) " + l.plural("tiers.movedDown", count: movement.down)
        let upWidth = TextWidth.width(of: up)
        frame.text(up, x: rect.x, y: rect.y + 1, width: min(rect.width, upWidth), style: theme[.positive])
        frame.text(down, x: rect.x + upWidth + 3, y: rect.y + 1, width: max(0, rect.width - upWidth - 3), style: theme[.negative])
    }
}
