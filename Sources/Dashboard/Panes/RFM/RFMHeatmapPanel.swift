import LoyaltyCore
import LoyaltyStore
import TerminalUI

/// The 5×5 R×F heatmap (R 5 on top, F 1 first) coloured by each cell's share of the customers (the theme's
/// `heatmap.*` ramp, the largest cell darkest), the cursor cell, and that cell's figures beside or below it.
enum RFMHeatmapPanel {
    static func minimumCellWidth(wide: Bool) -> Int { wide ? 7 : 5 }

    /// Counts in display order: row 0 is R 5.
    static func counts(_ grid: RFMGrid) -> [[Int]] {
        (1...5).reversed().map { r in grid.counts[safe: r - 1] ?? Array(repeating: 0, count: 5) }
    }

    static func grid(_ state: AppState) -> HeatmapGrid {
        let l = state.localizer
        let wide = RFMLayout.isWide(ShellLayout(size: state.size).content)
        let cells = state.rfm.load.data.map { counts($0.grid) } ?? Array(repeating: Array(repeating: 0, count: 5), count: 5)
        return HeatmapGrid(counts: cells,
                           rowLabels: (1...5).reversed().map { l.t("rfm.heatmap.r", ["score": String($0)]) },
                           columnLabels: (1...5).map { l.t("rfm.heatmap.f", ["score": String($0)]) },
                           cursor: state.rfm.cursor.position, minimumCellWidth: minimumCellWidth(wide: wide))
    }

    /// Cells wide enough for the largest count, labels and gaps: what the layout reserves.
    static func width(_ state: AppState, wide: Bool) -> Int {
        let largest = state.rfm.load.data?.grid.counts.joined().max() ?? 0
        let cell = max(minimumCellWidth(wide: wide), String(largest).count)
        let label = (1...5).map { TextWidth.width(of: state.localizer.t("rfm.heatmap.r", ["score": String($0)])) }.max() ?? 2
        return label + 1 + 5 * (cell + 1) - 1
    }

    static func render(_ state: AppState, _ data: RFMData, _ layout: RFMLayout, into frame: inout CellBuffer) {
        grid(state).render(into: &frame, in: layout.heatmap, theme: state.theme)
        renderCell(state, data, in: layout.cellInfo, into: &frame)
    }

    /// The cursor cell: its scores, segment, customers and share, and what Enter does.
    static func renderCell(_ state: AppState, _ data: RFMData, in rect: Rect, into frame: inout CellBuffer) {
        guard !rect.isEmpty else { return }
        let l = state.localizer
        let theme = state.theme
        let cell = state.rfm.cursor
        let count = data.grid.counts[safe: cell.r - 1]?[safe: cell.f - 1] ?? 0
        let share = RFMText.share(Int64(count), of: Int64(data.grid.customers), state)
        RFMText.lines([
            (l.t("rfm.cell.scores", ["r": String(cell.r), "f": String(cell.f)]), theme[.title].with(.bold)),
            (RFMText.segmentName(cell.segment, data.grid.names, l), theme[.emphasis]),
            (l.t("rfm.cell.customers", ["count": l.format.integer(count), "share": share]), theme[.base]),
            (l.t(state.rfm.listHasFocus ? "rfm.cell.hintList" : "rfm.cell.hint"), theme[.muted]),
            (l.t("rfm.heatmap.legend"), theme[.muted]),
        ], in: rect, into: &frame)
    }
}
