import LoyaltyCore
import LoyaltyStore
import TerminalUI

/// The migration matrix between the chosen from-day and the latest recompute: rows are the segments at the
/// from-day, columns the segments at the latest (numbered as the rows; "–" is no segment: new customers in the
/// last row, customers who left in the last column). Wide terminals add the largest moves with their revenue.
enum RFMMigrationPanel {
    /// The matrix's order: the grid's segments, then "no segment".
    static let order: [RFMSegment?] = RFMSegment.allCases.map { $0 } + [nil]

    static func render(_ state: AppState, _ data: RFMData, in rect: Rect, into frame: inout CellBuffer) {
        guard !rect.isEmpty else { return }
        let l = state.localizer
        let theme = state.theme
        let migration = state.rfm.migration
        guard let report = migration.data else {
            let text = migration.error ?? (migration.loading ? l.t("overview.loading") : "")
            frame.text(text, x: rect.x, y: rect.y, width: rect.width, style: theme[migration.error == nil ? .muted : .statusError])
            return
        }
        let title = report.fromDay == report.toDay
            ? l.t("rfm.migration.single", ["to": RFMText.day(report.toDay, l)])
            : l.t("rfm.migration.title", ["from": RFMText.day(report.fromDay, l), "to": RFMText.day(report.toDay, l),
                                          "moved": l.format.integer(report.matrix.movedCount)])
        frame.text(title, x: rect.x, y: rect.y, width: rect.width, style: theme[.title])
        grid(state, report).render(into: &frame, in: rect.inset(top: 1), theme: theme)
    }

    static func grid(_ state: AppState, _ report: RFMMigrationReport) -> HeatmapGrid {
        let l = state.localizer
        let dash = ProgramText.dash(state)
        let counts = order.map { from in order.map { to in report.matrix[from, to].count } }
        let rowLabels = order.enumerated().map { i, segment in
            (segment == nil ? dash : String(i + 1)) + " " + RFMText.segmentName(segment, report.names, l)
        }
        let columnLabels = order.enumerated().map { i, segment in segment == nil ? dash : String(i + 1) }
        return HeatmapGrid(counts: counts, rowLabels: rowLabels, columnLabels: columnLabels, minimumCellWidth: 3)
    }

    /// Wide terminals: the transitions that changed segment, most customers first, with their revenue at the later
    /// day (at the earlier one for customers who left).
    static func renderMoves(_ state: AppState, in rect: Rect, into frame: inout CellBuffer) {
        guard !rect.isEmpty, let report = state.rfm.migration.data else { return }
        let l = state.localizer
        frame.text(l.t("rfm.moves.title"), x: rect.x, y: rect.y, width: rect.width, style: state.theme[.title])
        let moves = report.matrix.cells.filter { $0.key.from != $0.key.to }.sorted {
            ($0.value.count, $0.value.revenueMinor, index($0.key.from), index($0.key.to))
                > ($1.value.count, $1.value.revenueMinor, index($1.key.from), index($1.key.to))
        }
        let rows = moves.map { move in
            [RFMText.segmentName(move.key.from, report.names, l), RFMText.segmentName(move.key.to, report.names, l),
             l.format.integer(move.value.count), ProgramText.money(move.value.revenueMinor, state)]
        }
        let columns = [
            TableColumn(title: l.t("rfm.moves.from"), width: .flex(min: 8, weight: 1)),
            TableColumn(title: l.t("rfm.moves.to"), width: .flex(min: 8, weight: 1)),
            TableColumn(title: l.t("rfm.column.customers"), width: .fixed(9), alignment: .trailing),
            TableColumn(title: l.t("rfm.column.revenue"), width: .fixed(13), alignment: .trailing),
        ]
        var table = Table(columns: columns, rowCount: rows.count, emptyMessage: l.t("rfm.moves.none")) { rows[safe: $0] ?? [] }
        table.showsSelection = false
        table.render(into: &frame, in: rect.inset(top: 1), theme: state.theme)
    }

    /// Sorting key: reversed so that, under the descending sort, earlier segments come first on ties.
    private static func index(_ segment: RFMSegment?) -> Int {
        -(order.firstIndex(of: segment) ?? order.count)
    }
}
