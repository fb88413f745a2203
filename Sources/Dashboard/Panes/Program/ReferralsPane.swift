import LoyaltyCore
import LoyaltyStore
import TerminalUI

/// Where Referrals draws: title, the referral settings, the funnel, then the referrals table.
struct ReferralsLayout: Sendable, Hashable {
    static let funnelSteps = 4

    var title: Rect
    var settings: Rect
    var funnel: Rect
    var rejected: Rect
    var tableTitle: Rect
    var table: Rect

    init(content: Rect) {
        let (title, rest) = content.splitTop(1)
        let (settings, rest2) = rest.splitTop(1)
        let (funnel, rest3) = rest2.inset(top: 1).splitTop(Self.funnelSteps)
        let (rejected, rest4) = rest3.splitTop(1)
        let (tableTitle, table) = rest4.inset(top: 1).splitTop(1)
        self.title = title
        self.settings = settings
        self.funnel = Rect(x: funnel.x, y: funnel.y, width: min(funnel.width, 90), height: funnel.height)
        self.rejected = rejected
        self.tableTitle = tableTitle
        self.table = table
    }
}

/// Referrals: shared → signed up → purchased → rewarded with the conversion of each step, and every referral
/// with its status and, when rejected, the recorded reason.
enum ReferralsPane {
    static func render(_ state: AppState, in content: Rect, into frame: inout CellBuffer) {
        let layout = ReferralsLayout(content: content)
        let l = state.localizer
        let theme = state.theme
        let referrals = state.referrals
        ProgramText.title(l.t("referrals.title"), (referrals.load.loading, referrals.load.error), in: layout.title, state,
                          into: &frame)
        guard let data = referrals.load.data else {
            frame.text(referrals.load.error ?? "", x: layout.settings.x, y: layout.settings.y, width: layout.settings.width,
                       style: theme[.statusError])
            return
        }
        let s = data.settings.settings
        let settings = referrals.load.error ?? l.t("referrals.settings", [
            "advocate": ProgramText.points(s.referralAdvocatePoints, l), "friend": ProgramText.points(s.referralFriendPoints, l),
            "minimum": ProgramText.money(s.referralMinimumOrderMinor, state),
            "limit": s.referralWeeklyLimit == 0 ? l.t("referrals.noLimit") : l.format.integer(s.referralWeeklyLimit),
        ])
        frame.text(settings, x: layout.settings.x, y: layout.settings.y, width: layout.settings.width,
                   style: theme[referrals.load.error == nil ? .muted : .statusError])
        BarChart(bars: funnel(data.funnel, l)).render(into: &frame, in: layout.funnel, theme: theme)
        frame.text(l.t("referrals.rejected", ["count": l.format.integer(data.funnel.rejected),
                                              "clicks": l.format.integer(data.funnel.clicks)]),
                   x: layout.rejected.x, y: layout.rejected.y, width: layout.rejected.width, style: theme[.muted])
        let filter = referrals.filter.map { l.t("referrals.status.\($0.rawValue)") } ?? l.t("program.filter.all")
        frame.text(l.t("referrals.tableTitle", ["filter": filter, "count": l.format.integer(data.referrals.count)]),
                   x: layout.tableTitle.x, y: layout.tableTitle.y, width: layout.tableTitle.width, style: theme[.title])
        table(data.referrals, state, width: layout.table.width).render(into: &frame, in: layout.table, theme: theme)
    }

    /// Each step with its count and its conversion from the step before. Sign-ups convert from clicks, not from
    /// links: one shared link can bring many friends.
    static func funnel(_ f: ReferralFunnel, _ l: Localizer) -> [BarChart.Bar] {
        let steps = [("shared", f.shared), ("signups", f.signups), ("purchases", f.purchases), ("rewarded", f.rewarded)]
        let bases = [nil, f.clicks, f.signups, f.purchases]
        return steps.enumerated().map { i, step in
            var text = l.format.integer(step.1)
            if let base = bases[i], let rate = ReferralFunnel.rate(step.1, of: base) {
                text += " · " + l.format.percent(rate, maxFractionDigits: 0)
            }
            return BarChart.Bar(label: l.t("referrals.funnel.\(step.0)"), value: Double(step.1), valueText: text)
        }
    }

    static func columns(_ l: Localizer, width: Int) -> [TableColumn] {
        var columns = [TableColumn(title: l.t("referrals.column.date"), width: .fixed(10))]
        if width >= 90 { columns.append(TableColumn(title: l.t("referrals.column.code"), width: .fixed(12))) }
        columns += [
            TableColumn(title: l.t("referrals.column.advocate"), width: .flex(min: 8, weight: 1)),
            TableColumn(title: l.t("referrals.column.friend"), width: .flex(min: 8, weight: 1)),
            TableColumn(title: l.t("referrals.column.status"), width: .fixed(10)),
            TableColumn(title: l.t("referrals.column.reason"), width: .flex(min: 6, weight: 4)),
        ]
        return columns
    }

    static func table(_ referrals: [ReferralInfo], _ state: AppState, width: Int) -> Table {
        let l = state.localizer
        let rows = referrals.map { r -> [String] in
            var cells = [l.format.date(unixSeconds: r.createdAt)]
            if width >= 90 { cells.append(r.code) }
            cells += [r.advocateName, r.friendName, l.t("referrals.status.\(r.status.rawValue)"), r.rejectionReason ?? ""]
            return cells
        }
        var table = Table(columns: columns(l, width: width), rowCount: rows.count, emptyMessage: l.t("referrals.empty")) {
            rows[safe: $0] ?? []
        }
        table.setSelection(state.referrals.selection)
        return table
    }
}
