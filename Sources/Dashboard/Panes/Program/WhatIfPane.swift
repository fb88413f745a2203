import LoyaltyCore
import LoyaltyStore
import TerminalUI

/// The what-if preview in a modal: what the change would have done to points issued, the liability and its
/// money value, customers per tier and who moves, and the customers whose points change most.
enum WhatIfPane {
    static let maxWidth = 76

    /// One line of the preview: a label column and a value, or a heading, or plain text.
    private struct Row {
        var label: String
        var value: String = ""
        var style: ThemeKey = .base
    }

    static func render(_ preview: WhatIfState, _ state: AppState, into frame: inout CellBuffer) {
        let l = state.localizer
        let theme = state.theme
        let screen = frame.bounds
        let width = max(10, min(screen.width - 6, maxWidth))
        var rows: [Row] = []
        if let report = preview.report {
            rows = reportRows(report, state)
        } else if let error = preview.error {
            rows = TextWidth.wrap(TextWidth.sanitize(l.t("whatIf.failed", ["message": error])), width: width)
                .map { Row(label: $0, style: .statusError) }
            rows.append(Row(label: l.t("whatIf.saveAnyway"), style: .muted))
        } else {
            rows = [Row(label: l.t("whatIf.running"), style: .muted)]
        }
        let hint = l.t(preview.isLoading ? "whatIf.hintLoading" : "whatIf.hint")
        let room = max(1, screen.height - 4 - 2)
        let shown = Array(rows.prefix(room))
        let content = Modal.present(title: l.t("whatIf.title", ["subject": preview.subject]),
                                    contentSize: Size(width: width, height: shown.count + 2), into: &frame, in: screen,
                                    theme: theme)
        let surface = theme[.modal]
        let labelWidth = min(width / 2, shown.filter { !$0.value.isEmpty }.map { TextWidth.width(of: TextWidth.sanitize($0.label)) }.max() ?? 0)
        for (i, row) in shown.enumerated() {
            let y = content.y + i
            guard y < content.maxY - 2 else { break }
            if row.value.isEmpty {
                frame.text(row.label, x: content.x, y: y, width: content.width, style: theme[row.style].layered(over: surface))
            } else {
                frame.text(row.label, x: content.x, y: y, width: labelWidth, style: theme[.muted].layered(over: surface))
                frame.text(row.value, x: content.x + labelWidth + 2, y: y, width: max(0, content.width - labelWidth - 2),
                           style: theme[row.style].layered(over: surface))
            }
        }
        frame.text(hint, x: content.x, y: content.maxY - 1, width: content.width, style: theme[.muted].layered(over: surface))
    }

    private static func reportRows(_ r: WhatIfReport, _ state: AppState) -> [Row] {
        let l = state.localizer
        let f = l.format
        let arrow = state.direction == .rightToLeft ? "←" : "→"
        func compared(_ c: Compared<Int64>, _ text: (Int64) -> String) -> String {
            "\(text(c.current)) \(arrow) \(text(c.proposed))  (\(f.signedPoints(c.change)))"
        }
        func style(_ change: Int64) -> ThemeKey { change > 0 ? .positive : change < 0 ? .negative : .base }
        var rows = [Row(label: l.t("whatIf.replayed", [
            "orders": f.integer(r.ordersReplayed), "customers": f.integer(r.customers), "date": f.date(unixSeconds: r.asOf),
        ]), style: .muted)]
        rows.append(Row(label: l.t("whatIf.pointsIssued"), value: compared(r.pointsIssued, f.integer), style: style(r.pointsIssued.change)))
        rows.append(Row(label: l.t("whatIf.liability"), value: compared(r.liability, f.integer), style: style(r.liability.change)))
        if let value = r.liabilityValueMinor {
            let money = { (minor: Int64) in ProgramText.money(minor, state) }
            rows.append(Row(label: l.t("whatIf.liabilityValue"),
                            value: "\(money(value.current)) \(arrow) \(money(value.proposed))", style: style(value.change)))
        }
        // Tier names in the dashboard's language when the screen knows the tier, else as the report gives them.
        var names: [String?: String] = [nil: l.t("tiers.noTier")]
        for count in r.tierCounts where count.key != nil { names[count.key] = count.name }
        for tier in state.tiers.load.data?.tiers ?? [] { names[tier.key] = TiersPane.name(tier.definition, l) }
        rows.append(Row(label: l.t("whatIf.tiers"), style: .title))
        for count in r.tierCounts {
            let c = count.customers
            rows.append(Row(label: "  " + (names[count.key] ?? count.name),
                            value: "\(f.integer(c.current)) \(arrow) \(f.integer(c.proposed))",
                            style: style(Int64(c.proposed - c.current))))
        }
        rows.append(Row(label: l.t("whatIf.moves"), style: .title))
        if r.tierMoves.isEmpty { rows.append(Row(label: "  " + l.t("whatIf.noMoves"), style: .muted)) }
        for move in r.tierMoves {
            let from = names[move.from] ?? move.from ?? "", to = names[move.to] ?? move.to ?? ""
            rows.append(Row(label: "  \(from) \(arrow) \(to)", value: l.plural("whatIf.customers", count: move.customers)))
        }
        rows.append(Row(label: l.t("whatIf.largest"), style: .title))
        if r.largestChanges.isEmpty { rows.append(Row(label: "  " + l.t("whatIf.noChanges"), style: .muted)) }
        for change in r.largestChanges {
            var value = compared(change.points, f.integer)
            if change.tier.current != change.tier.proposed {
                let from = names[change.tier.current] ?? change.tier.current ?? "", to = names[change.tier.proposed] ?? change.tier.proposed ?? ""
                value += " · \(from) \(arrow) \(to)"
            }
            rows.append(Row(label: "  " + change.name, value: value, style: style(change.points.change)))
        }
        return rows
    }
}
