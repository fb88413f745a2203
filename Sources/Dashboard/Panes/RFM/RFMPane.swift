import LoyaltyCore
import LoyaltyStore
import TerminalUI

/// RFM & churn: the stored figures of the last recompute (its as-of time in the title), the recompute's status,
/// then the heatmap and the panels (RFMLayout); before the first recompute, how to compute them.
enum RFMPane {
    static func render(_ state: AppState, in content: Rect, into frame: inout CellBuffer) {
        let layout = RFMLayout(content: content, state: state)
        let l = state.localizer
        let theme = state.theme
        let load = state.rfm.load
        renderTitle(state, layout.title, into: &frame)
        guard let data = load.data else {
            frame.text(load.error ?? "", x: layout.status.x, y: layout.status.y, width: layout.status.width, style: theme[.statusError])
            return
        }
        renderStatus(state, layout.status, into: &frame)
        guard data.run != nil else {
            let key = state.session.actor.role.allows(.recomputeAnalytics) ? "rfm.empty.canRecompute" : "rfm.empty.cannotRecompute"
            ProgramText.wrapped(l.t(key), in: layout.body.inset(top: 1), style: theme[.statusInfo], into: &frame)
            return
        }
        RFMHeatmapPanel.render(state, data, layout, into: &frame)
        if !layout.isWide { renderTabs(state, data, layout.tabs, into: &frame) }
        RFMSegmentsPanel.render(state, data, in: layout.segments, wide: layout.isWide, into: &frame)
        RFMMigrationPanel.render(state, data, in: layout.migration, into: &frame)
        RFMMigrationPanel.renderMoves(state, in: layout.moves, into: &frame)
        RFMCustomerLists.renderChurn(state, data, layout, into: &frame)
        RFMCustomerLists.renderDrill(state, data, layout, into: &frame)
    }

    /// "RFM & churn" in bold; at the end, "Loading…" or the as-of time of the figures and how many customers.
    static func renderTitle(_ state: AppState, _ rect: Rect, into frame: inout CellBuffer) {
        let l = state.localizer
        let theme = state.theme
        let title = l.t("rfm.title")
        let titleWidth = min(rect.width, TextWidth.width(of: title))
        frame.text(title, x: rect.x, y: rect.y, width: titleWidth, style: theme[.title].with(.bold))
        var trailing = ""
        if state.rfm.load.loading {
            trailing = l.t("overview.loading")
        } else if let data = state.rfm.load.data, let run = data.run {
            // Narrow terminals: the date alone, so the line keeps the customer count.
            let date = RFMLayout.isWide(rect) || rect.width >= 90 ? RFMText.moment(run.asOf, state) : RFMText.date(run.asOf, state)
            trailing = l.t("rfm.asOf", ["date": date, "customers": l.format.integer(data.grid.customers)])
        }
        let width = min(max(0, rect.width - titleWidth - 2), TextWidth.width(of: trailing))
        frame.text(trailing, x: rect.maxX - width, y: rect.y, width: width, style: theme[.muted], align: .trailing)
    }

    /// The recompute in progress, its outcome, or what `r` does.
    static func renderStatus(_ state: AppState, _ rect: Rect, into frame: inout CellBuffer) {
        let l = state.localizer
        let theme = state.theme
        let text: String
        let style: Style
        switch state.rfm.recompute {
        case .running:
            (text, style) = (l.t("rfm.recompute.running"), theme[.statusInfo])
        case .failed(let message):
            (text, style) = (l.t("rfm.recompute.failed", ["message": message]), theme[.statusError])
        case .finished(let summary):
            let done = l.t("rfm.recompute.done", ["date": RFMText.moment(summary.asOf, state),
                                                  "customers": l.format.integer(summary.customers),
                                                  "changes": l.format.integer(summary.segmentChanges)])
            if summary.fitConverged {
                (text, style) = (done, theme[.statusOK])
            } else {
                (text, style) = (done + " " + l.t("rfm.recompute.fitFailed", ["reason": summary.fitFailure ?? "?"]), theme[.statusWarn])
            }
        case .idle:
            // Before the first recompute the body says what to do; there are no stored figures to speak of.
            guard state.rfm.load.data?.run != nil else { return }
            let key = state.session.actor.role.allows(.recomputeAnalytics) ? "rfm.status.stored" : "rfm.status.storedReadOnly"
            (text, style) = (l.t(key), theme[.muted])
        }
        frame.text(text, x: rect.x, y: rect.y, width: rect.width, style: style)
    }

    /// Narrow terminals: the three panels as tabs (the shown one highlighted), or the drilled cell's title.
    static func renderTabs(_ state: AppState, _ data: RFMData, _ rect: Rect, into frame: inout CellBuffer) {
        guard !rect.isEmpty else { return }
        let theme = state.theme
        if let drill = state.rfm.drill {
            frame.text(RFMCustomerLists.drillTitle(drill, data, state), x: rect.x, y: rect.y, width: rect.width,
                       style: theme[.tabActive])
            return
        }
        var x = rect.x
        for panel in RFMPanel.allCases {
            let label = " " + state.localizer.t("rfm.panel.\(panel.rawValue)") + " "
            let width = min(TextWidth.width(of: label), max(0, rect.maxX - x))
            guard width > 0 else { break }
            frame.text(label, x: x, y: rect.y, width: width, style: theme[panel == state.rfm.panel ? .tabActive : .tab])
            x += width + 1
        }
    }
}
