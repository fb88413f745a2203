import Foundation
import LoyaltyCore
import LoyaltyStore
import TerminalUI

/// What the four program screens (Points & Rewards, VIP Tiers, Campaigns, Referrals) share in the reducer:
/// loading, selection, permissions, and the way back to an editor when a save is cancelled or refused.
enum ProgramActions {
    static let screens: Set<ScreenID> = [.program, .tiers, .campaigns, .referrals]

    // MARK: permissions

    /// The permission an action needs on `screen`, nil when it only reads.
    static func permission(_ action: String, on screen: ScreenID) -> Permission? {
        switch action {
        case ActionID.editEarning, ActionID.editReferralSettings: return .editSettings
        case ActionID.launchCampaign, ActionID.pauseCampaign, ActionID.endCampaign: return .editCampaigns
        case ActionID.newItem, ActionID.editItem, ActionID.deleteItem:
            switch screen {
            case .program: return .editRewards
            case .tiers: return .editTiers
            case .campaigns: return .editCampaigns
            default: return nil
            }
        default: return nil
        }
    }

    /// False (and a notice) when the operator's role may not do `action`; the store would refuse it anyway.
    static func allowed(_ state: inout AppState, _ action: String) -> Bool {
        guard let permission = permission(action, on: state.screen) else { return true }
        let role = state.session.actor.role
        guard !role.allows(permission) else { return true }
        let l = state.localizer
        Reducer.showToast(&state, l.t("error.permission", ["role": l.t("role.\(role.rawValue)"),
                                                          "action": l.t("action.\(action)")]), level: .error)
        return false
    }

    static func perform(_ state: inout AppState, _ action: String) -> Reduction {
        guard allowed(&state, action) else { return Reduction() }
        switch state.screen {
        case .program: return PointsActions.perform(&state, action)
        case .tiers: return TiersActions.perform(&state, action)
        case .campaigns: return CampaignsActions.perform(&state, action)
        case .referrals: return ReferralsActions.perform(&state, action)
        default: return .unchanged
        }
    }

    /// Enter on a row: edit it (rewards, tiers, campaigns) or open the advocate's journey (referrals).
    static func open(_ state: inout AppState) -> Reduction {
        if state.screen == .referrals {
            guard let row = state.referrals.selection.selected,
                  let referral = state.referrals.load.data?.referrals[safe: row] else { return .unchanged }
            return Reducer.openJourney(&state, customerID: referral.advocateID)
        }
        // Enter is offered to every role: for one that may not edit, it does nothing rather than refuse.
        if let needed = permission(ActionID.editItem, on: state.screen), !state.session.actor.role.allows(needed) {
            return .unchanged
        }
        return perform(&state, ActionID.editItem)
    }

    // MARK: loading

    static func load(_ state: inout AppState, _ screen: ScreenID) -> [Effect] {
        switch screen {
        case .program:
            guard !state.points.load.loading else { return [] }
            state.points.load.loading = true
            return [.program(.loadPoints)]
        case .tiers:
            guard !state.tiers.load.loading else { return [] }
            state.tiers.load.loading = true
            return [.program(.loadTiers)]
        case .campaigns:
            guard !state.campaigns.load.loading else { return [] }
            state.campaigns.load.loading = true
            return [.program(.loadCampaigns)]
        case .referrals:
            guard !state.referrals.load.loading else { return [] }
            state.referrals.load.loading = true
            return [.program(.loadReferrals(status: state.referrals.filter))]
        default:
            return []
        }
    }

    static func received(_ state: inout AppState, _ msg: ProgramMsg) -> Reduction {
        switch msg {
        case .pointsLoaded(let result):
            apply(result, to: &state.points.load, &state.points.selection) { $0.rewards.count }
        case .tiersLoaded(let result):
            apply(result, to: &state.tiers.load, &state.tiers.selection) { $0.tiers.count }
        case .campaignsLoaded(let result):
            let selected = state.campaigns.selectedCampaign?.id
            let filter = state.campaigns.filter
            apply(result, to: &state.campaigns.load, &state.campaigns.selection) { data in
                data.campaigns.filter { filter == nil || $0.status == filter }.count
            }
            // The selection follows its campaign when a save moves it to another status group.
            if let selected, let row = state.campaigns.rows.firstIndex(where: { $0.id == selected }) {
                state.campaigns.selection.select(row)
            }
        case .referralsLoaded(let status, let result):
            // An answer for the filter before the last change: the current filter's load is on its way.
            guard status == state.referrals.filter else { return .unchanged }
            apply(result, to: &state.referrals.load, &state.referrals.selection) { $0.referrals.count }
        case .whatIfLoaded(let token, let result):
            return WhatIfActions.loaded(&state, token: token, result)
        }
        // Table heights follow the data (a longer tier table pushes the chart down).
        fitTables(&state)
        return Reduction()
    }

    private static func apply<Data>(_ result: Result<Data, DashboardError>, to load: inout Loaded<Data>,
                                    _ selection: inout ListSelection, count: (Data) -> Int) {
        load.loading = false
        switch result {
        case .success(let data):
            load.data = data
            load.error = nil
            selection.setCount(count(data))
            if selection.selected == nil { selection.selectFirst() }
        case .failure(let error):
            load.error = error.message
        }
    }

    // MARK: selection and tables

    static func selection(_ state: inout AppState, _ change: (inout ListSelection) -> Void) {
        switch state.screen {
        case .program: change(&state.points.selection)
        case .tiers: change(&state.tiers.selection)
        case .campaigns: change(&state.campaigns.selection)
        case .referrals: change(&state.referrals.selection)
        default: break
        }
    }

    static func currentSelection(_ state: AppState) -> ListSelection? {
        switch state.screen {
        case .program: return state.points.selection
        case .tiers: return state.tiers.selection
        case .campaigns: return state.campaigns.selection
        case .referrals: return state.referrals.selection
        default: return nil
        }
    }

    /// Where each screen's table is, for paging and clicks.
    static func tableRect(_ screen: ScreenID, _ state: AppState, content: Rect) -> Rect? {
        switch screen {
        case .program: return PointsLayout(content: content, state: state).table
        case .tiers: return TiersLayout(content: content, state: state).table
        case .campaigns: return CampaignsLayout(content: content, state: state).table
        case .referrals: return ReferralsLayout(content: content).table
        default: return nil
        }
    }

    static func fitTables(_ state: inout AppState) {
        let content = ShellLayout(size: state.size).content
        for screen in [ScreenID.program, .tiers, .campaigns, .referrals] {
            guard let rect = tableRect(screen, state, content: content) else { continue }
            let rows = max(1, rect.height - 1)
            switch screen {
            case .program: state.points.selection.setVisibleRows(rows)
            case .tiers: state.tiers.selection.setVisibleRows(rows)
            case .campaigns: state.campaigns.selection.setVisibleRows(rows)
            default: state.referrals.selection.setVisibleRows(rows)
            }
        }
    }

    static func clickRow(_ state: inout AppState, _ point: Point, content: Rect) -> Reduction {
        guard let rect = tableRect(state.screen, state, content: content), let current = currentSelection(state),
              let row = Reducer.rowAt(point, rect, current) else { return .unchanged }
        selection(&state) { $0.select(row) }
        return Reduction()
    }

    // MARK: writes

    /// Effects that bring the screen up to date after a write.
    static func reloadEffects(_ state: inout AppState) -> [Effect] {
        screens.contains(state.screen) ? load(&state, state.screen) : []
    }

    /// The editor the operator left for a confirmation, reason or preview, reopened; nil when there was none.
    static func resumeEditor(_ state: inout AppState) -> Overlay? {
        defer { state.suspendedEditor = nil }
        return state.suspendedEditor.map { .editor($0) }
    }

    /// A refused save: back to its editor with each problem under its field. False when no editor waits (the
    /// caller shows a toast).
    static func writeFailed(_ state: inout AppState, _ error: DashboardError) -> Bool {
        guard var editor = state.suspendedEditor else { return false }
        state.suspendedEditor = nil
        let problems = error.problems.isEmpty ? [(field: "", message: error.message)]
            : RuleProblemText.fieldErrors(error.problems, state.localizer)
        editor.form.show(errors: problems)
        state.overlay = .editor(editor)
        return true
    }

    /// Opens an editor over the screen.
    static func openEditor(_ state: inout AppState, _ purpose: EditorPurpose, _ form: EditorForm) -> Reduction {
        state.suspendedEditor = nil
        state.overlay = .editor(EditorState(purpose: purpose, form: form))
        return Reduction()
    }

    /// Leaves the editor for a confirmation of `write` (Esc in it comes back here).
    static func confirm(_ state: inout AppState, _ write: ProgramWrite, from editor: EditorState?) -> Reduction {
        state.suspendedEditor = editor
        let pending = PendingWrite.program(write)
        state.overlay = .confirm(OverlayReducer.confirmDialog(for: pending, state), pending)
        return Reduction()
    }

    static func notice(_ state: inout AppState, _ key: String, _ args: [String: String] = [:]) -> Reduction {
        Reducer.showToast(&state, state.localizer.t(key, args), level: .warn)
        return Reduction()
    }

    /// The merchant's time zone (program rules and windows are in it).
    static func merchantZone(_ state: AppState) -> TimeZone {
        LocalTime.zone(state.session.merchant.timeZone) ?? TimeZone(identifier: "UTC")!
    }
}
