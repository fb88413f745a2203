import Foundation
import LoyaltyCore
import LoyaltyStore
import TerminalUI

/// Integrations (admins): the Shopify sync's health per resource, live, and the api_logs table.
enum IntegrationsPane {
    /// From this content width the table shows every figure; below it the selected resource's line carries the rest.
    static let wideWidth = 100

    static func render(_ state: AppState, in content: Rect, into frame: inout CellBuffer) {
        let layout = IntegrationsLayout(content: content)
        if let logs = state.integrations.logs {
            renderLogs(logs, layout, state, into: &frame)
            return
        }
        let l = state.localizer
        let theme = state.theme
        let integrations = state.integrations
        frame.text(l.t("integrations.title", ["shop": state.session.merchant.shopDomain]), x: layout.title.x,
                   y: layout.title.y, width: layout.title.width, style: theme[.title].with(.bold))
        renderNotice(state, layout.notice, into: &frame)

        let health = integrations.health
        let wide = content.width >= wideWidth
        let rows = health.map { cells($0, state, wide: wide) }
        let empty = integrations.error ?? (integrations.loaded ? "" : l.t("integrations.loading"))
        var table = Table(columns: columns(l, wide: wide), rowCount: rows.count, emptyMessage: empty) { rows[safe: $0] ?? [] }
        table.setSelection(integrations.selection)
        table.render(into: &frame, in: layout.table, theme: theme)
        // The status cell in its health's colour, over the row's own background (zebra or selection).
        let visible = table.visibleRows(in: layout.table)
        for row in visible {
            guard let h = health[safe: row] else { continue }
            let y = layout.table.y + 1 + row - visible.lowerBound
            let rowStyle = theme[row == integrations.selection.selected ? .selection : row % 2 == 0 ? .tableRow : .tableRowAlt]
            frame.text(rows[row][1], x: layout.table.x + statusX, y: y, width: min(statusWidth, layout.table.width - statusX),
                       style: layered(theme[IntegrationsActions.healthStyle(h)], on: rowStyle))
        }
        if let error = integrations.error, !health.isEmpty {
            frame.text(error, x: layout.detail.x, y: layout.detail.y, width: layout.detail.width, style: theme[.statusError])
        } else if let selected = integrations.selectedResource {
            renderDetail(selected, layout.detail, state, into: &frame)
        }
        renderGauge(health, layout.gauge, state, into: &frame)
        renderErrors(health, layout.errors, state, into: &frame)
    }

    /// Whether the sync runs here (and the API version it talks), or why not and how to connect.
    static func renderNotice(_ state: AppState, _ rect: Rect, into frame: inout CellBuffer) {
        guard !rect.isEmpty else { return }
        let l = state.localizer
        let theme = state.theme
        switch state.sync {
        case .running(let seconds):
            frame.text(l.t("integrations.syncEvery", ["seconds": l.format.integer(seconds)]), x: rect.x, y: rect.y,
                       width: rect.width, style: theme[.muted])
            let statuses = state.integrations.health.map(\.status)
            if rect.height > 1, let asked = statuses.compactMap(\.apiVersionAsked).first {
                let served = statuses.compactMap(\.apiVersionServed).first ?? asked
                frame.text(l.t("integrations.apiVersion", ["asked": asked, "served": served]), x: rect.x, y: rect.y + 1,
                           width: rect.width, style: theme[served == asked ? .muted : .statusWarn])
            }
            if rect.height > 2, let notice = statuses.compactMap(\.deprecationNotice).first {
                frame.text(notice, x: rect.x, y: rect.y + 2, width: rect.width, style: theme[.statusWarn])
            }
        case .off(let reason):
            let first = reason.map { l.t("integrations.syncOffReason", ["reason": $0]) } ?? l.t("integrations.syncOff")
            frame.text(first, x: rect.x, y: rect.y, width: rect.width, style: theme[.statusWarn])
            wrapped(l.t("integrations.setupHint"), rect.inset(top: 1), style: theme[.muted], into: &frame)
        }
    }

    // MARK: the resources table

    static let statusX = 11
    static let statusWidth = 12

    static func columns(_ l: Localizer, wide: Bool) -> [TableColumn] {
        var columns = [
            TableColumn(title: l.t("integrations.column.resource"), width: .fixed(10)),
            TableColumn(title: l.t("integrations.column.status"), width: .fixed(statusWidth)),
            TableColumn(title: l.t("integrations.column.lastSuccess"), width: .fixed(13)),
            TableColumn(title: l.t("integrations.column.lag"), width: .fixed(7), alignment: .trailing),
            TableColumn(title: l.t("integrations.column.today"), width: .fixed(7), alignment: .trailing),
        ]
        guard wide else {
            columns.append(TableColumn(title: l.t("integrations.column.errors"), width: .flex(min: 6), alignment: .trailing))
            return columns
        }
        columns += [
            TableColumn(title: l.t("integrations.column.errors"), width: .fixed(7), alignment: .trailing),
            TableColumn(title: l.t("integrations.column.limited"), width: .fixed(6), alignment: .trailing),
            TableColumn(title: l.t("integrations.column.throttled"), width: .fixed(9), alignment: .trailing),
            TableColumn(title: l.t("integrations.column.circuit"), width: .fixed(11)),
            TableColumn(title: l.t("integrations.column.backlog"), width: .fixed(8), alignment: .trailing),
        ]
        return columns
    }

    static func cells(_ h: IntegrationHealth, _ state: AppState, wide: Bool) -> [String] {
        let l = state.localizer
        let f = l.format
        let dash = dash(state)
        let status = h.status
        var cells = [
            IntegrationsActions.resourceName(status.resource, l),
            l.t("integrations.health.\(IntegrationsActions.healthKey(h))"),
            status.lastSuccessAt.map { l.age(since: $0, now: state.wallClock) } ?? l.t("integrations.never"),
            status.newestSyncedAt.map { duration(max(0, state.wallClock - $0), l) } ?? dash,
            f.integer(h.rowsToday),
            h.callsLastHour == 0 ? dash : f.percent(h.errorRate),
        ]
        if wide {
            cells += [f.integer(h.rateLimitedLastHour), f.integer(h.throttledLastHour), circuitName(status.circuitState, l),
                      status.backlogEstimate.map { f.integer($0) } ?? dash]
        }
        return cells
    }

    static func dash(_ state: AppState) -> String { state.glyphs == .ascii ? "-" : "–" }

    static func circuitName(_ state: String, _ l: Localizer) -> String {
        switch state {
        case "closed": return l.t("integrations.circuit.closed")
        case "open": return l.t("integrations.circuit.open")
        case "half-open": return l.t("integrations.circuit.halfOpen")
        default: return state
        }
    }

    /// A short duration: "42 s", "5 min", "3 h", "2 d".
    static func duration(_ seconds: Int64, _ l: Localizer) -> String {
        let f = l.format
        switch seconds {
        case ..<60: return l.t("duration.seconds", ["count": f.integer(seconds)])
        case ..<3_600: return l.t("duration.minutes", ["count": f.integer(seconds / 60)])
        case ..<86_400: return l.t("duration.hours", ["count": f.integer(seconds / 3_600)])
        default: return l.t("duration.days", ["count": f.integer(seconds / 86_400)])
        }
    }

    /// The selected resource's figures in a sentence (on narrow terminals the only place 429s and the circuit show).
    static func renderDetail(_ h: IntegrationHealth, _ rect: Rect, _ state: AppState, into frame: inout CellBuffer) {
        let l = state.localizer
        let f = l.format
        var text = l.t("integrations.detail", [
            "resource": IntegrationsActions.resourceName(h.status.resource, l),
            "calls": f.integer(h.callsLastHour), "errors": f.integer(h.errorsLastHour),
            "limited": f.integer(h.rateLimitedLastHour), "throttled": f.integer(h.throttledLastHour),
            "circuit": circuitName(h.status.circuitState, l),
            "backlog": h.status.backlogEstimate.map { f.integer($0) } ?? dash(state),
        ])
        if let until = h.status.circuitUntil, h.status.circuitState != "closed", until > state.wallClock {
            text += " " + l.t("integrations.circuitRetry", ["duration": duration(until - state.wallClock, l)])
        }
        wrapped(text, rect, style: state.theme[.muted], into: &frame)
    }

    static func renderGauge(_ health: [IntegrationHealth], _ rect: Rect, _ state: AppState, into frame: inout CellBuffer) {
        guard !rect.isEmpty else { return }
        let l = state.localizer
        let f = l.format
        // The bucket is the shop's, not a resource's: every resource reports the same newest reading.
        guard let h = health.first(where: { $0.bucketMax != nil }), let max = h.bucketMax, max > 0 else {
            frame.text(l.t("integrations.bucketUnknown"), x: rect.x, y: rect.y, width: rect.width, style: state.theme[.muted])
            return
        }
        let available = h.bucketAvailable ?? 0
        let value = l.t("integrations.bucketValue", [
            "available": f.integer(Int64(available.rounded())), "max": f.integer(Int64(max.rounded())),
            "rate": f.decimal(h.restoreRate ?? 0, fractionDigits: 0),
        ])
        Gauge(ratio: available / max, label: l.t("integrations.bucket"), valueText: value)
            .render(into: &frame, in: Rect(x: rect.x, y: rect.y, width: min(rect.width, 80), height: 1), theme: state.theme)
    }

    /// Each resource's last error, newest first: what happened in plain words, when, and the request id to quote.
    static func renderErrors(_ health: [IntegrationHealth], _ rect: Rect, _ state: AppState, into frame: inout CellBuffer) {
        guard rect.height >= 2 else { return }
        let l = state.localizer
        let theme = state.theme
        frame.text(l.t("integrations.lastErrors"), x: rect.x, y: rect.y, width: rect.width, style: theme[.title])
        let failed = health.filter { $0.status.lastError != nil }
            .sorted { ($0.status.lastErrorAt ?? 0) > ($1.status.lastErrorAt ?? 0) }
        var y = rect.y + 1
        if failed.isEmpty {
            frame.text(l.t("integrations.noErrors"), x: rect.x, y: y, width: rect.width, style: theme[.muted])
            return
        }
        for h in failed where y < rect.maxY {
            let status = h.status
            var args = ["resource": IntegrationsActions.resourceName(status.resource, l),
                        "age": status.lastErrorAt.map { l.age(since: $0, now: state.wallClock) } ?? dash(state)]
            let key: String
            if let id = status.lastErrorRequestID { args["requestID"] = id; key = "integrations.errorLine" } else {
                key = "integrations.errorLineNoRequest"
            }
            frame.text(l.t(key, args), x: rect.x, y: y, width: rect.width, style: theme[IntegrationsActions.healthStyle(h)])
            y += 1
            let lines = TextWidth.wrap(TextWidth.sanitize(status.lastError ?? ""), width: max(1, rect.width - 2))
            for line in lines.prefix(2) where y < rect.maxY {
                frame.text(line, x: rect.x + 2, y: y, width: rect.width - 2, style: theme[.base])
                y += 1
            }
        }
    }

    /// `top` over `base`: colours `top` leaves at default show `base` through (the row's zebra or selection).
    static func layered(_ top: Style, on base: Style) -> Style {
        Style(foreground: top.foreground == .default ? base.foreground : top.foreground,
              background: top.background == .default ? base.background : top.background,
              attributes: top.attributes.union(base.attributes))
    }

    static func wrapped(_ text: String, _ rect: Rect, style: Style, into frame: inout CellBuffer) {
        let lines = TextWidth.wrap(TextWidth.sanitize(text), width: max(1, rect.width))
        for (i, line) in lines.prefix(rect.height).enumerated() {
            frame.text(line, x: rect.x, y: rect.y + i, width: rect.width, style: style)
        }
    }

    // MARK: the api_logs table

    static func renderLogs(_ logs: APILogState, _ layout: IntegrationsLayout, _ state: AppState, into frame: inout CellBuffer) {
        let l = state.localizer
        let theme = state.theme
        let header = layout.logHeader
        let title = l.t(logs.errorsOnly ? "integrations.logs.titleErrors" : "integrations.logs.titleAll",
                        ["count": l.format.integer(logs.rows.count)])
        frame.text(title, x: header.x, y: header.y, width: header.width, style: theme[.title].with(.bold))
        let key = state.keymap.bindings(in: DashboardScope.apiLog).first { $0.action == ActionID.toggleErrors }?
            .keys.first?.notation ?? "e"
        let back = state.keymap.bindings(in: .global).first { $0.action == ActionID.back }?.keys.first?.notation ?? "esc"
        frame.text(l.t(logs.errorsOnly ? "integrations.logs.showingErrors" : "integrations.logs.showingAll",
                       ["key": key, "back": back]),
                   x: header.x, y: header.y + 1, width: header.width, style: theme[.muted])

        let wide = layout.logTable.width >= wideWidth
        let rows = logs.rows.map { logCells($0, state, wide: wide) }
        let empty = logs.error ?? (logs.loaded ? l.t(logs.errorsOnly ? "integrations.logs.noErrors" : "integrations.logs.empty")
                                               : l.t("integrations.loading"))
        var table = Table(columns: logColumns(l, wide: wide), rowCount: rows.count, emptyMessage: empty) { rows[safe: $0] ?? [] }
        table.setSelection(logs.selection)
        table.render(into: &frame, in: layout.logTable, theme: theme)

        guard let row = logs.selection.selected, let call = logs.rows[safe: row] else { return }
        let detail = layout.logDetail
        let first = l.t("integrations.logs.detail", [
            "time": clockTime(call.atMillis, l), "endpoint": call.endpoint,
            "status": call.status.map(String.init) ?? dash(state),
            "requestID": call.requestID ?? l.t("integrations.logs.noRequestID"),
        ])
        frame.text(first, x: detail.x, y: detail.y, width: detail.width, style: theme[call.errorClass == nil ? .muted : .statusError])
        if let message = call.message, detail.height > 1 {
            wrapped(message, detail.inset(top: 1), style: theme[.base], into: &frame)
        }
    }

    static func logColumns(_ l: Localizer, wide: Bool) -> [TableColumn] {
        let time = TableColumn(title: l.t("integrations.logs.column.time"), width: .fixed(8))
        let endpoint = TableColumn(title: l.t("integrations.logs.column.endpoint"), width: .flex(min: wide ? 18 : 14))
        let status = TableColumn(title: l.t("integrations.logs.column.status"), width: .fixed(4), alignment: .trailing)
        let latency = TableColumn(title: l.t("integrations.logs.column.latency"), width: .fixed(6), alignment: .trailing)
        let error = TableColumn(title: l.t("integrations.logs.column.error"), width: .fixed(wide ? 12 : 10))
        let message = TableColumn(title: l.t("integrations.logs.column.message"), width: .flex(min: wide ? 10 : 0, weight: 2))
        guard wide else { return [time, status, latency, endpoint, error, message] }
        return [time, status, latency, endpoint,
                TableColumn(title: l.t("integrations.logs.column.cost"), width: .fixed(6), alignment: .trailing),
                TableColumn(title: l.t("integrations.logs.column.bucket"), width: .fixed(11), alignment: .trailing),
                error,
                TableColumn(title: l.t("integrations.logs.column.requestID"), width: .fixed(16)),
                message]
    }

    static func logCells(_ call: APICallLog, _ state: AppState, wide: Bool) -> [String] {
        let l = state.localizer
        let f = l.format
        let dash = dash(state)
        var cells = [clockTime(call.atMillis, l), call.status.map(String.init) ?? dash, f.integer(call.latencyMillis),
                     call.endpoint]
        if wide {
            let bucket = zip2(call.bucketAvailable, call.bucketMax).map {
                "\(f.integer(Int64($0.rounded())))/\(f.integer(Int64($1.rounded())))"
            }
            cells += [(call.actualCost ?? call.requestedCost).map { f.decimal($0, fractionDigits: 0) } ?? dash, bucket ?? dash]
        }
        cells.append(call.errorClass ?? "")
        if wide { cells.append(call.requestID ?? dash) }
        cells.append(call.message ?? "")
        return cells
    }

    private static func zip2<A, B>(_ a: A?, _ b: B?) -> (A, B)? {
        guard let a, let b else { return nil }
        return (a, b)
    }

    /// HH:MM:SS in the merchant's time zone (the calls of a day are told apart by the second).
    static func clockTime(_ millis: Int64, _ l: Localizer) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = l.format.timeZone
        let parts = calendar.dateComponents([.hour, .minute, .second],
                                            from: Date(timeIntervalSince1970: TimeInterval(millis / 1000)))
        return String(format: "%02d:%02d:%02d", parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0)
    }
}
