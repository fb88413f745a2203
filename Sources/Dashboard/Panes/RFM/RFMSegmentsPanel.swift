import LoyaltyCore
import LoyaltyStore
import TerminalUI

/// One bar per segment in grid order: its customers, and its share of the scored customers' revenue (with the
/// amount on wide terminals). Names are the merchant's (`rfmSegmentNames`).
enum RFMSegmentsPanel {
    static func render(_ state: AppState, _ data: RFMData, in rect: Rect, wide: Bool, into frame: inout CellBuffer) {
        guard !rect.isEmpty else { return }
        let l = state.localizer
        frame.text(l.t("rfm.segments.title"), x: rect.x, y: rect.y, width: rect.width, style: state.theme[.title])
        BarChart(bars: bars(state, data, wide: wide)).render(into: &frame, in: rect.inset(top: 1), theme: state.theme)
    }

    static func bars(_ state: AppState, _ data: RFMData, wide: Bool) -> [BarChart.Bar] {
        let l = state.localizer
        let revenue = data.grid.segments.reduce(Int64(0)) { $0 + max(0, $1.revenueMinor) }
        return data.grid.segments.map { count in
            let share = RFMText.share(max(0, count.revenueMinor), of: revenue, state)
            let text = wide
                ? l.t("rfm.segments.valueWide", ["count": l.format.integer(count.customers),
                                                 "revenue": ProgramText.money(count.revenueMinor, state), "share": share])
                : l.t("rfm.segments.value", ["count": l.format.integer(count.customers), "share": share])
            return BarChart.Bar(label: RFMText.segmentName(count.segment, data.grid.names, l), value: Double(count.customers),
                                valueText: text)
        }
    }
}
