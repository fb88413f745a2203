import LoyaltyCore
import LoyaltyStore
import TerminalUI

/// The Integrations screen's part of the reducer: live refresh, sync now, pause/resume, the api_logs table.
enum IntegrationsActions {
    /// How often the health is read while the screen is open, and otherwise (for the header's sync badge).
    static let liveInterval: Duration = .milliseconds(500)
    static let backgroundInterval: Duration = .seconds(5)
    static let logLimit = 200

    /// On each clock tick: a refresh when one is due. A query still in flight is never doubled.
    static func tick(_ state: inout AppState) -> [Effect] {
        if let next = state.integrations.nextRefresh, state.monotonic < next { return [] }
        return refresh(&state)
    }

    static func refresh(_ state: inout AppState) -> [Effect] {
        let live = state.screen == .integrations
        state.integrations.nextRefresh = state.monotonic + (live ? liveInterval : backgroundInterval)
        var effects: [Effect] = []
        if !state.integrations.loading {
            state.integrations.loading = true
            effects.append(.loadIntegrations)
        }
        if live, let logs = state.integrations.logs, !logs.loading {
            state.integrations.logs?.loading = true
            effects.append(.loadAPILogs(errorsOnly: logs.errorsOnly))
        }
        return effects
    }

    /// New figures; the screen is redrawn only when they differ from what it shows.
    static func loaded(_ state: inout AppState, _ result: Result<[IntegrationHealth], DashboardError>) -> Reduction {
        state.integrations.loading = false
        switch result {
        case .success(let health):
            let changed = !state.integrations.loaded || state.integrations.error != nil || health != state.integrations.health
            guard changed else { return .unchanged }
            state.integrations.health = health
            state.integrations.loaded = true
            state.integrations.error = nil
            let hadSelection = state.integrations.selection.selected != nil
            state.integrations.selection.setCount(health.count)
            if !hadSelection { state.integrations.selection.selectFirst() }
            state.lastSyncAt = health.compactMap(\.status.lastSuccessAt).max()
            return Reduction()
        case .failure(let error):
            guard state.integrations.error != error.message else { return .unchanged }
            state.integrations.error = error.message
            return Reduction()
        }
    }

    static func logsLoaded(_ state: inout AppState, errorsOnly: Bool,
                           _ result: Result<[APICallLog], DashboardError>) -> Reduction {
        guard var logs = state.integrations.logs else { return .unchanged }
        logs.loading = false
        // An answer for the other filter (toggled meanwhile) is dropped; the current filter's load follows.
        guard logs.errorsOnly == errorsOnly else { state.integrations.logs = logs; return .unchanged }
        var changed = !logs.loaded
        switch result {
        case .success(let rows):
            changed = changed || logs.error != nil || rows != logs.rows
            logs.rows = rows
            logs.error = nil
            logs.selection.setCount(rows.count)
        case .failure(let error):
            changed = changed || logs.error != error.message
            logs.error = error.message
        }
        logs.loaded = true
        state.integrations.logs = logs
        return changed ? Reduction() : .unchanged
    }

    static func perform(_ state: inout AppState, _ action: String) -> Reduction {
        let l = state.localizer
        switch action {
        case ActionID.syncNow:
            guard case .running = state.sync else {
                Reducer.showToast(&state, l.t("integrations.toast.syncOff"), level: .warn)
                return Reduction()
            }
            Reducer.showToast(&state, l.t("integrations.toast.syncRequested"), level: .ok)
            // The figures are re-read at once, so "running" shows as soon as the sync marks it.
            state.integrations.nextRefresh = nil
            return Reduction(effects: [.syncNow])
        case ActionID.pauseSync:
            return beginPause(&state)
        case ActionID.apiLog:
            return openLogs(&state)
        case ActionID.toggleErrors:
            guard var logs = state.integrations.logs else { return .unchanged }
            logs.errorsOnly.toggle()
            logs.loaded = false
            logs.rows = []
            logs.selection = ListSelection()
            state.integrations.logs = logs
            Reducer.fitTables(&state)
            return Reduction(effects: loadLogs(&state))
        default:
            return .unchanged
        }
    }

    static func openLogs(_ state: inout AppState) -> Reduction {
        state.integrations.logs = APILogState()
        Reducer.fitTables(&state)
        return Reduction(effects: loadLogs(&state))
    }

    static func loadLogs(_ state: inout AppState) -> [Effect] {
        guard let logs = state.integrations.logs, !logs.loading else { return [] }
        state.integrations.logs?.loading = true
        return [.loadAPILogs(errorsOnly: logs.errorsOnly)]
    }

    /// Pause or resume the selected resource: a confirmation first, then the store (which checks the role again).
    static func beginPause(_ state: inout AppState) -> Reduction {
        let l = state.localizer
        let role = state.session.actor.role
        guard role.allows(.editIntegrations) else {
            Reducer.showToast(&state, l.t("error.permission", ["role": l.t("role.\(role.rawValue)"),
                                                              "action": l.t("action.\(ActionID.pauseSync)")]), level: .error)
            return Reduction()
        }
        guard let selected = state.integrations.selectedResource else { return .unchanged }
        let write = PendingWrite.setSyncPaused(resource: selected.status.resource, paused: !selected.status.paused)
        state.overlay = .confirm(OverlayReducer.confirmDialog(for: write, state), write)
        return Reduction()
    }

    // MARK: text shared by the pane and the dialogs

    static func resourceName(_ resource: SyncResource, _ l: Localizer) -> String {
        l.t("integrations.resource.\(resource.rawValue)")
    }

    /// The health as the screen names it: paused and running win over the last run's result.
    static func healthKey(_ h: IntegrationHealth) -> String {
        if h.status.paused { return "paused" }
        if h.running { return "running" }
        switch h.status.health {
        case .neverSynced: return "neverSynced"
        case .ok: return "ok"
        case .degraded: return "degraded"
        case .failing: return "failing"
        case .authFailed: return "authFailed"
        case .circuitOpen: return "circuitOpen"
        case .paused: return "paused"
        }
    }

    static func healthStyle(_ h: IntegrationHealth) -> ThemeKey {
        if h.status.paused { return .statusWarn }
        if h.running { return .statusInfo }
        switch h.status.health {
        case .neverSynced: return .muted
        case .ok: return .statusOK
        case .degraded, .paused: return .statusWarn
        case .failing, .authFailed, .circuitOpen: return .statusError
        }
    }

    /// True when any resource's last run failed in a way an admin must look at (the header's badge).
    static func hasFailure(_ health: [IntegrationHealth]) -> Bool {
        health.contains { [.failing, .authFailed, .circuitOpen].contains($0.status.health) && !$0.status.paused }
    }
}
