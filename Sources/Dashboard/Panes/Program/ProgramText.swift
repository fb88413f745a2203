import LoyaltyCore
import LoyaltyStore
import TerminalUI

/// Words and figures the program screens share.
enum ProgramText {
    static func points(_ value: Int64, _ l: Localizer) -> String { l.t("program.pts", ["points": l.format.integer(value)]) }

    static func money(_ minor: Int64, _ state: AppState) -> String {
        state.localizer.format.money(minorUnits: minor, currency: state.currency.code, exponent: state.currency.exponent)
    }

    static func dash(_ state: AppState) -> String { state.glyphs == .ascii ? "-" : "–" }

    /// A tier threshold in its basis' unit: an amount spent, points earned, or orders.
    static func threshold(_ value: Int64, _ basis: TierBasis, _ state: AppState) -> String {
        let l = state.localizer
        switch basis {
        case .spend: return money(value, state)
        case .pointsEarned: return points(value, l)
        case .orderCount: return l.plural("tiers.orders", count: Int(clamping: value))
        }
    }

    /// "v3 · 11/20/2026 · ada: opening offer" — the settings version in force and who saved it when, and why.
    static func version(_ snapshot: SettingsSnapshot, _ l: Localizer) -> String {
        guard let saved = snapshot.saved else { return l.t("program.version", ["version": l.format.integer(snapshot.version)]) }
        return l.t("program.versionSaved", [
            "version": l.format.integer(snapshot.version), "date": l.format.date(unixSeconds: saved.createdAt),
            "operator": saved.operatorName ?? "?", "reason": saved.reason,
        ])
    }

    /// The title line of a program screen: the title in bold, the loading notice or error at its end.
    static func title(_ title: String, _ load: (loading: Bool, error: String?), in rect: Rect, _ state: AppState,
                      into frame: inout CellBuffer) {
        let theme = state.theme
        frame.text(title, x: rect.x, y: rect.y, width: rect.width, style: theme[.title].with(.bold))
        if load.loading {
            let text = state.localizer.t("overview.loading")
            let w = TextWidth.width(of: text)
            frame.text(text, x: rect.maxX - w, y: rect.y, width: w, style: theme[.muted])
        }
    }

    /// Label and value pairs in columns, labels muted and values emphasised; a long value shortens its label first.
    static func grid(_ items: [(String, String)], in rect: Rect, columns: Int, _ state: AppState, into frame: inout CellBuffer) {
        guard !rect.isEmpty, !items.isEmpty else { return }
        let theme = state.theme
        let rows = max(1, (items.count + columns - 1) / columns)
        let cells = rect.columns(columns, gap: 3)
        for (i, (label, value)) in items.enumerated() {
            guard let column = cells[safe: i / rows], i % rows < rect.height else { continue }
            let y = rect.y + i % rows
            let valueWidth = min(max(0, column.width - 6), TextWidth.width(of: TextWidth.sanitize(value)))
            frame.text(label, x: column.x, y: y, width: max(0, column.width - valueWidth - 1), style: theme[.muted])
            frame.text(value, x: column.maxX - valueWidth, y: y, width: valueWidth, style: theme[.emphasis].with(.bold),
                       align: .trailing)
        }
    }

    /// A line of text wrapped over the rows of `rect`.
    static func wrapped(_ text: String, in rect: Rect, style: Style, into frame: inout CellBuffer) {
        guard !rect.isEmpty else { return }
        for (i, line) in TextWidth.wrap(TextWidth.sanitize(text), width: rect.width).prefix(rect.height).enumerated() {
            frame.text(line, x: rect.x, y: rect.y + i, width: rect.width, style: style)
        }
    }
}
