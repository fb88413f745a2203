import LoyaltyCore
import TerminalUI

/// The frame around every screen: header, sidebar, footer hints, overlays and toasts.
public enum Shell {
    public static func render(_ state: AppState, into frame: inout CellBuffer) {
        frame.direction = state.direction
        frame.glyphs = state.glyphs
        let theme = state.theme
        frame.fill(frame.bounds, style: theme[.base])
        let layout = ShellLayout(size: frame.size)
        if layout.isTooSmall {
            renderTooSmall(state, into: &frame)
            return
        }
        renderHeader(state, layout.header, into: &frame)
        let titles = state.screens.map { state.localizer.t($0.titleKey) }
        let active = state.screens.firstIndex(of: state.screen) ?? 0
        Sidebar(titles: titles, active: active).render(into: &frame, in: layout.sidebar, theme: theme)
        switch state.screen {
        case .overview: OverviewPane.render(state, in: layout.content, into: &frame)
        case .customers: CustomersPane.render(state, in: layout.content, into: &frame)
        case .integrations: IntegrationsPane.render(state, in: layout.content, into: &frame)
        case .program: PointsPane.render(state, in: layout.content, into: &frame)
        case .tiers: TiersPane.render(state, in: layout.content, into: &frame)
        case .campaigns: CampaignsPane.render(state, in: layout.content, into: &frame)
        case .referrals: ReferralsPane.render(state, in: layout.content, into: &frame)
        case .rfm: RFMPane.render(state, in: layout.content, into: &frame)
        }
        renderFooter(state, layout.footer, into: &frame)
        OverlayPane.render(state, into: &frame)
        if let toast = state.toast, toast.isVisible(now: state.monotonic) {
            toast.render(into: &frame, in: frame.bounds.inset(top: 1, leading: 0, bottom: 1, trailing: 0), theme: theme)
        }
    }

    static func renderTooSmall(_ state: AppState, into frame: inout CellBuffer) {
        let message = state.localizer.t("terminal.tooSmall", [
            "minWidth": String(ShellLayout.minimum.width), "minHeight": String(ShellLayout.minimum.height),
            "width": String(frame.size.width), "height": String(frame.size.height),
        ])
        let rect = frame.bounds
        let lines = TextWidth.wrap(TextWidth.sanitize(message), width: max(1, rect.width))
        let top = max(0, (rect.height - lines.count) / 2)
        for (i, line) in lines.enumerated() where top + i < rect.height {
            frame.text(line, x: 0, y: top + i, width: rect.width, style: state.theme[.statusWarn], align: .center)
        }
    }

    static func renderHeader(_ state: AppState, _ rect: Rect, into frame: inout CellBuffer) {
        let l = state.localizer
        let theme = state.theme
        frame.fill(rect, style: theme[.header])
        let merchant = state.session.merchant
        let role = l.t("role.\(state.session.actor.role.rawValue)")
        let sync = state.lastSyncAt.map { l.t("header.lastSync", ["age": l.age(since: $0, now: state.wallClock)]) }
            ?? l.t("header.neverSynced")
        // Nothing synced yet: offline. A resource whose last run failed (and that nobody paused): sync error.
        let failing = IntegrationsActions.hasFailure(state.integrations.health)
        let badge = state.lastSyncAt == nil ? " \(l.t("badge.offline")) " : failing ? " \(l.t("badge.syncError")) " : ""
        let right = "\(l.t("header.operator", ["name": state.session.actor.name, "role": role]))  \(sync)"
        let left = "\(l.t("app.title"))  \(merchant.name) (\(merchant.shopDomain))"
        let badgeWidth = TextWidth.width(of: badge)
        let rightWidth = min(TextWidth.width(of: right), max(0, rect.width / 2))
        frame.text(left, x: rect.x + 1, y: rect.y, width: max(0, rect.width - rightWidth - badgeWidth - 3),
                   style: theme[.header].with(.bold))
        frame.text(right, x: rect.maxX - rightWidth - badgeWidth - 1, y: rect.y, width: rightWidth,
                   style: theme[.header], align: .trailing)
        if !badge.isEmpty {
            frame.text(badge, x: rect.maxX - badgeWidth, y: rect.y, width: badgeWidth,
                       style: theme[state.lastSyncAt == nil ? .badgeOffline : .danger])
        }
    }

    /// Key hints of the active scopes, innermost first, then the global ones, as many as fit.
    static func renderFooter(_ state: AppState, _ rect: Rect, into frame: inout CellBuffer) {
        let theme = state.theme
        frame.fill(rect, style: theme[.footer])
        var x = rect.x + 1
        for (keys, description) in hints(state) {
            let keyWidth = TextWidth.width(of: keys)
            let descWidth = TextWidth.width(of: description)
            guard x + keyWidth + 1 + descWidth <= rect.maxX else { break }
            frame.text(keys, x: x, y: rect.y, width: keyWidth, style: theme[.footerKey])
            frame.text(description, x: x + keyWidth + 1, y: rect.y, width: descWidth, style: theme[.footer])
            x += keyWidth + descWidth + 3
        }
    }

    static func hints(_ state: AppState) -> [(String, String)] {
        let l = state.localizer
        var scopes = state.activeScopes
        if state.screen == .customers, state.customers.search.isFocused, state.journey == nil { scopes = [] }
        var seen = Set<String>()
        var result: [(String, String)] = []
        let role = state.session.actor.role
        for scope in scopes + [.global] {
            for binding in state.keymap.bindings(in: scope) where binding.hint && !seen.contains(binding.action) {
                // Keys the operator's role may not use are not offered.
                if let needed = ProgramActions.permission(binding.action, on: state.screen) ?? RFMActions.permission(binding.action),
                   !role.allows(needed) { continue }
                seen.insert(binding.action)
                let keys = binding.keys.prefix(1).map(\.notation).joined(separator: "/")
                result.append((keys, l.t("action.\(binding.action)")))
            }
        }
        return result
    }
}
