import LoyaltyCore
import LoyaltyStore
import TerminalUI

/// One customer's journey: who they are, their balances, and every event newest first.
enum JourneyPane {
    static func render(_ state: AppState, _ journey: JourneyState, in body: Rect, into frame: inout CellBuffer) {
        let layout = JourneyLayout(body: body)
        let l = state.localizer
        let theme = state.theme
        guard let data = journey.journey else {
            let text = journey.error ?? l.t("journey.loading")
            frame.text(text, x: body.x, y: body.y, width: body.width,
                       style: journey.error == nil ? theme[.muted] : theme[.statusError])
            return
        }
        renderSummary(state, data, in: layout.summary, into: &frame)
        table(state, journey, data, width: layout.timeline.width).render(into: &frame, in: layout.timeline, theme: theme)
    }

    static func renderSummary(_ state: AppState, _ data: CustomerJourney, in rect: Rect, into frame: inout CellBuffer) {
        let l = state.localizer
        let f = l.format
        let theme = state.theme
        let c = data.customer
        let contact = [c.email, c.phone, data.referralCode.map { l.t("journey.referralCode", ["code": $0]) }]
            .compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " · ")
        let nameWidth = min(rect.width, TextWidth.width(of: TextWidth.sanitize(c.displayName)))
        frame.text(c.displayName, x: rect.x, y: rect.y, width: nameWidth, style: theme[.title].with(.bold))
        frame.text(contact, x: rect.x + nameWidth + 2, y: rect.y, width: max(0, rect.width - nameWidth - 2), style: theme[.muted])

        let balances = [
            (l.t("journey.available"), f.integer(data.balances.available), ThemeKey.emphasis),
            (l.t("journey.pending"), f.integer(data.balances.pending), ThemeKey.muted),
            (l.t("journey.lifetime"), f.integer(data.balances.lifetimeEarned), ThemeKey.muted),
        ]
        var x = rect.x
        for (label, value, key) in balances {
            let text = "\(label) \(value)"
            let w = TextWidth.width(of: text)
            guard x + w <= rect.maxX else { break }
            frame.text(label, x: x, y: rect.y + 1, width: TextWidth.width(of: label), style: theme[.muted])
            frame.text(value, x: x + TextWidth.width(of: label) + 1, y: rect.y + 1, width: TextWidth.width(of: value),
                       style: theme[key].with(.bold))
            x += w + 3
        }
        let spent = f.money(minorUnits: c.totalSpentMinor, currency: data.currency)
        let line3 = [
            l.plural("journey.ordersCount", count: Int(c.ordersCount)),
            l.t("journey.spent", ["amount": spent]),
            l.t("journey.expiring30", ["points": f.integer(data.expiring.within30)]),
        ].joined(separator: " · ")
        frame.text(line3, x: rect.x, y: rect.y + 2, width: rect.width, style: theme[.muted])
    }

    static func columns(_ state: AppState, width: Int) -> [TableColumn] {
        let l = state.localizer
        return [
            TableColumn(title: l.t("column.date"), width: .fixed(width >= 100 ? 20 : 11)),
            TableColumn(title: l.t("column.kind"), width: .flex(min: 12, weight: 1)),
            TableColumn(title: l.t("column.points"), width: .fixed(8), alignment: .trailing),
            TableColumn(title: l.t("column.details"), width: .flex(min: 10, weight: 3)),
        ]
    }

    static func table(_ state: AppState, _ journey: JourneyState, _ data: CustomerJourney, width: Int) -> Table {
        let rows = data.events.map { row($0, state, data, wide: width >= 100) }
        var table = Table(columns: columns(state, width: width), rowCount: rows.count,
                          emptyMessage: state.localizer.t("journey.empty")) { rows[safe: $0] ?? [] }
        table.setSelection(journey.selection)
        return table
    }

    static func row(_ event: JourneyEvent, _ state: AppState, _ data: CustomerJourney, wide: Bool) -> [String] {
        let l = state.localizer
        let f = l.format
        let date = wide ? f.dateTime(unixSeconds: event.at) : f.date(unixSeconds: event.at)
        func money(_ minor: Int64) -> String { f.money(minorUnits: minor, currency: data.currency) }
        switch event {
        case .order(let o):
            let name = o.name ?? o.externalID
            return [date, l.t("journey.order", ["name": name]), "",
                    "\(money(o.totalMinor)) · \(l.t("journey.orderStatus.\(o.status.rawValue)"))"]
        case .refund(let r):
            return [date, l.t("journey.refund", ["name": r.orderName ?? r.orderExternalID]), "", money(-r.amountMinor)]
        case .entry(let e):
            let entry = e.entry
            var details = entry.explanation
            if let reason = entry.reason, !reason.isEmpty { details += (details.isEmpty ? "" : " · ") + reason }
            if let who = entry.operatorName, entry.kind == "adjust" || entry.kind == "undo" { details += " (\(who))" }
            if let by = entry.reversedByID { details = l.t("journey.undoneBy", ["id": String(by)]) + " · " + details }
            return [date, l.t("journey.entryKind.\(entry.kind)"), f.signedPoints(entry.points), details]
        case .redemption(let r):
            return [date, l.t("journey.redemption", ["reward": r.rewardName, "code": r.code]),
                    f.signedPoints(-r.points), l.t("journey.redemptionStatus.\(r.status)")]
        case .audit(let a):
            return [date, l.t("journey.auditEvent", ["operator": a.operatorName, "action": a.action]), "", a.entity]
        }
    }
}
