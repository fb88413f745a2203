import LoyaltyCore
import LoyaltyStore
import TerminalUI

/// The two customer lists of the RFM screen: the churn-risk list and a drilled cell's customers. Enter on a row
/// opens the customer's journey.
enum RFMCustomerLists {
    // MARK: churn risk

    /// Wide: a title and the fit line above the table; narrow: the fit line only (the tab names the panel).
    static func renderChurn(_ state: AppState, _ data: RFMData, _ layout: RFMLayout, into frame: inout CellBuffer) {
        guard !layout.churn.isEmpty, let churn = data.churn else { return }
        let theme = state.theme
        var lines: [(String, Style)] = []
        let focus = state.rfm.panel == .churn
        if layout.isWide {
            lines.append((title(churn, state), focus ? theme[.title].with(.bold) : theme[.title]))
        }
        lines.append(fitLine(churn, state))
        RFMText.lines(lines, in: layout.churn, into: &frame)
        var table = churnTable(churn, state, wide: layout.isWide)
        table.showsSelection = focus
        table.render(into: &frame, in: layout.churnTable, theme: theme)
    }

    static func title(_ churn: RFMChurnData, _ state: AppState) -> String {
        state.localizer.t("rfm.churn.title", ["threshold": state.localizer.format.decimal(churn.threshold, fractionDigits: 2)])
    }

    /// Which parameters the figures use, and a failed or missing fit in words.
    static func fitLine(_ churn: RFMChurnData, _ state: AppState) -> (String, Style) {
        let l = state.localizer
        let theme = state.theme
        if let failed = churn.failedFit {
            let reason = failed.failure ?? "?"
            if let fit = churn.fit {
                return (l.t("rfm.churn.failedUsingOlder", ["reason": reason, "date": RFMText.date(fit.fittedAt, state)]), theme[.statusWarn])
            }
            return (l.t("rfm.churn.failedNoFit", ["reason": reason]), theme[.statusError])
        }
        guard let fit = churn.fit, let p = fit.parameters else { return (l.t("rfm.churn.neverFitted"), theme[.statusWarn]) }
        let parameters = [
            "r": l.format.decimal(p.r, fractionDigits: 3), "alpha": l.format.decimal(p.alpha, fractionDigits: 3),
            "a": l.format.decimal(p.a, fractionDigits: 3), "b": l.format.decimal(p.b, fractionDigits: 3),
        ]
        if fit.id == nil {
            // No fit was ever stored: the store fitted one for this answer (as `loyalnest churn` does).
            return (l.t("rfm.churn.fittedForView", parameters), theme[.statusWarn])
        }
        return (l.t("rfm.churn.fit", parameters.merging(["date": RFMText.date(fit.fittedAt, state)]) { a, _ in a }), theme[.muted])
    }

    static func churnTable(_ churn: RFMChurnData, _ state: AppState, wide: Bool) -> Table {
        let l = state.localizer
        var columns = [
            TableColumn(title: l.t("rfm.column.customer"), width: .flex(min: 10, weight: 2)),
            TableColumn(title: l.t("rfm.column.valueAtRisk"), width: .fixed(wide ? 15 : 13), alignment: .trailing),
            TableColumn(title: l.t("rfm.column.pAlive"), width: .fixed(8), alignment: .trailing),
            TableColumn(title: l.t("rfm.column.expected", ["days": String(churn.horizonDays)]), width: .fixed(wide ? 14 : 9),
                        alignment: .trailing),
        ]
        if wide {
            columns.append(TableColumn(title: l.t("rfm.column.monetary"), width: .fixed(13), alignment: .trailing))
            columns.append(TableColumn(title: l.t("rfm.column.repeatDays"), width: .fixed(13), alignment: .trailing))
        }
        let rows = churn.customers.map { customer -> [String] in
            var cells = [customer.name, ProgramText.money(customer.valueAtRiskMinor, state),
                         RFMText.probability(customer.churn.probabilityAlive, state),
                         RFMText.expected(customer.churn.expectedPurchases, state)]
            if wide {
                cells += [ProgramText.money(customer.churn.monetary, state), l.format.integer(customer.churn.summary.x)]
            }
            return cells
        }
        var table = Table(columns: columns, rowCount: rows.count, emptyMessage: l.t("rfm.churn.empty")) { rows[safe: $0] ?? [] }
        table.setSelection(state.rfm.churnSelection)
        return table
    }

    // MARK: a cell's customers

    /// "R4 F2 · Potential Loyalists · 12 customers": the drilled cell (narrow terminals draw it on the tab line).
    static func drillTitle(_ drill: RFMDrill, _ data: RFMData, _ state: AppState) -> String {
        let l = state.localizer
        let count = data.grid.counts[safe: drill.cell.r - 1]?[safe: drill.cell.f - 1] ?? 0
        var title = l.t("rfm.drill.title", ["r": String(drill.cell.r), "f": String(drill.cell.f),
                                            "segment": RFMText.segmentName(drill.cell.segment, data.grid.names, l),
                                            "count": l.format.integer(count)])
        if count > drill.customers.count, !drill.customers.isEmpty {
            title += " · " + l.t("rfm.drill.first", ["shown": l.format.integer(drill.customers.count)])
        }
        return title
    }

    static func renderDrill(_ state: AppState, _ data: RFMData, _ layout: RFMLayout, into frame: inout CellBuffer) {
        guard let drill = state.rfm.drill, !layout.drill.isEmpty else { return }
        let l = state.localizer
        if layout.isWide {
            frame.text(drillTitle(drill, data, state), x: layout.drill.x,
                       y: layout.drill.y, width: layout.drill.width, style: state.theme[.title].with(.bold))
        }
        var columns = [
            TableColumn(title: l.t("rfm.column.customer"), width: .flex(min: 10, weight: 2)),
            TableColumn(title: l.t("rfm.column.scores"), width: .fixed(5), alignment: .trailing),
            TableColumn(title: l.t("rfm.column.recency"), width: .fixed(layout.isWide ? 12 : 8), alignment: .trailing),
            TableColumn(title: l.t("rfm.column.orders"), width: .fixed(7), alignment: .trailing),
            TableColumn(title: l.t("rfm.column.spent"), width: .fixed(12), alignment: .trailing),
        ]
        if layout.isWide { columns.append(TableColumn(title: l.t("column.lastOrder"), width: .fixed(12), alignment: .trailing)) }
        let rows = drill.customers.map { customer -> [String] in
            let row = customer.row
            var cells = [customer.name, "\(row.scores.r)\(row.scores.f)\(row.scores.m)", l.format.integer(row.recencyDays),
                         l.format.integer(row.frequency), ProgramText.money(row.totalSpentMinor, state)]
            if layout.isWide { cells.append(RFMText.date(row.lastOrderAt, state)) }
            return cells
        }
        let empty = drill.error ?? l.t(drill.loading ? "overview.loading" : "rfm.drill.empty")
        var table = Table(columns: columns, rowCount: rows.count, emptyMessage: empty) { rows[safe: $0] ?? [] }
        table.setSelection(drill.selection)
        table.render(into: &frame, in: layout.drillTable, theme: state.theme)
    }
}
