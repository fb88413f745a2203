import LoyaltyCore
import LoyaltyStore
import TerminalUI

/// Where Points & Rewards draws: title, the settings version, the earning settings, the example, the catalogue.
struct PointsLayout: Sendable, Hashable {
    static let settingCount = 10

    var title: Rect
    var version: Rect
    var settings: Rect
    var example: Rect
    var rewardsTitle: Rect
    var table: Rect
    var columns: Int

    init(content: Rect, state: AppState) {
        columns = content.width >= 110 ? 3 : 2
        let rows = (Self.settingCount + columns - 1) / columns
        let (title, rest) = content.splitTop(1)
        let (version, rest2) = rest.splitTop(1)
        let (settings, rest3) = rest2.inset(top: 1).splitTop(rows)
        let (example, rest4) = rest3.splitTop(2)
        let (rewardsTitle, table) = rest4.splitTop(1)
        self.title = title
        self.version = version
        self.settings = settings
        self.example = example
        self.rewardsTitle = rewardsTitle
        self.table = table
    }
}

/// Points & Rewards: how points are earned (with an example order) and what they buy.
enum PointsPane {
    static func render(_ state: AppState, in content: Rect, into frame: inout CellBuffer) {
        let layout = PointsLayout(content: content, state: state)
        let l = state.localizer
        let theme = state.theme
        let load = state.points.load
        ProgramText.title(l.t("points.title"), (load.loading, load.error), in: layout.title, state, into: &frame)
        // The version line, or the load error in its place (with or without older data below it).
        let versionLine = load.error.map { ($0, theme[.statusError]) }
            ?? load.data.map { (ProgramText.version($0.settings, l), theme[.muted]) } ?? ("", theme[.statusError])
        frame.text(versionLine.0, x: layout.version.x, y: layout.version.y, width: layout.version.width, style: versionLine.1)
        guard let data = load.data else { return }
        let settings = data.settings.settings
        ProgramText.grid(items(settings, state), in: layout.settings, columns: layout.columns, state, into: &frame)
        let example = EarningExample.text(settings, orderMinor: EarningForm.exampleOrderMinor, currency: state.currency, l)
        ProgramText.wrapped(l.t("points.exampleLabel") + " " + example, in: layout.example, style: theme[.emphasis],
                            into: &frame)
        frame.text(l.t("rewards.title", ["count": l.format.integer(data.rewards.count)]), x: layout.rewardsTitle.x,
                   y: layout.rewardsTitle.y, width: layout.rewardsTitle.width, style: theme[.title])
        table(data.rewards, state, width: layout.table.width).render(into: &frame, in: layout.table, theme: theme)
    }

    static func items(_ s: ProgramSettings, _ state: AppState) -> [(String, String)] {
        let l = state.localizer
        let currency = state.currency
        return [
            (l.t("points.field.rate", ["currency": currency.code]), s.pointsPerUnit),
            (l.t("points.field.base"), l.t("points.base.\(s.earnBase.rawValue)")),
            (l.t("points.field.minimumOrder"), ProgramText.money(s.minimumOrderMinor, state)),
            (l.t("points.field.signup"), ProgramText.points(s.signupPoints, l)),
            (l.t("points.field.birthday"), ProgramText.points(s.birthdayPoints, l)),
            (l.t("points.field.dailyCap"), s.dailyCap.map { ProgramText.points($0, l) } ?? l.t("points.value.noCap")),
            (l.t("points.field.pendingDays"), l.plural("points.value.days", count: s.pendingDays)),
            (l.t("points.field.expiry"), expiry(s.expiry, l)),
            (l.t("points.field.stacking"), l.t("points.stacking.\(s.multiplierStacking.rawValue)")),
            (l.t("points.field.negative"), l.t("points.negative.\(s.negativeBalance.rawValue)")),
        ]
    }

    static func expiry(_ policy: ExpiryPolicy, _ l: Localizer) -> String {
        switch policy {
        case .never: return l.t("points.expiry.never")
        case .daysAfterEarned(let d): return l.plural("points.expiry.afterEarned", count: d)
        case .daysAfterLastActivity(let d): return l.plural("points.expiry.afterActivity", count: d)
        case .endOfCalendarYear(let y): return y == 0 ? l.t("points.expiry.yearEndSame") : l.plural("points.expiry.yearEnd", count: y)
        }
    }

    static func columns(_ l: Localizer, width: Int) -> [TableColumn] {
        [
            TableColumn(title: l.t("rewards.column.name"), width: .flex(min: 12, weight: 3)),
            TableColumn(title: l.t("rewards.column.kind"), width: .fixed(width >= 80 ? 16 : 12)),
            TableColumn(title: l.t("rewards.column.cost"), width: .fixed(8), alignment: .trailing),
            TableColumn(title: l.t("rewards.column.value"), width: .fixed(width >= 80 ? 16 : 9), alignment: .trailing),
            TableColumn(title: l.t("rewards.column.active"), width: .fixed(6)),
        ]
    }

    static func table(_ rewards: [RewardInfo], _ state: AppState, width: Int) -> Table {
        let l = state.localizer
        let rows = rewards.map { r in
            [r.name, l.t("rewards.kind.\(r.kind)"), l.format.integer(r.pointsCost), value(r, state),
             l.t(r.active ? "dialog.yes" : "dialog.no")]
        }
        var table = Table(columns: columns(l, width: width), rowCount: rows.count, emptyMessage: l.t("rewards.empty")) {
            rows[safe: $0] ?? []
        }
        table.setSelection(state.points.selection)
        return table
    }

    static func value(_ r: RewardInfo, _ state: AppState) -> String {
        switch RewardKind(rawValue: r.kind) {
        case .fixedAmount?: return r.valueMinor.map { ProgramText.money($0, state) } ?? ""
        case .percentOff?: return r.percent.map { state.localizer.format.percent(Double($0) / 100) } ?? ""
        case .freeProduct?: return r.productID ?? ""
        case .freeShipping?, nil: return ProgramText.dash(state)
        }
    }
}
