import LoyaltyCore
import LoyaltyStore
import TerminalUI

/// Campaigns in the reducer: the status filter, create / edit / delete (staff; saved as drafts), launch after a
/// what-if preview, pause / resume / end after a confirmation. Transitions LoyaltyCore refuses are explained
/// instead of sent to the store.
enum CampaignsActions {
    /// The filter's cycle: every status, then each status in the table's order.
    static let filters: [CampaignStatus?] = [nil] + CampaignsState.groupOrder.map { $0 }

    static func perform(_ state: inout AppState, _ action: String) -> Reduction {
        let l = state.localizer
        guard let data = state.campaigns.load.data else { return .unchanged }
        if action == ActionID.filterStatus {
            let i = filters.firstIndex(of: state.campaigns.filter) ?? 0
            state.campaigns.filter = filters[(i + 1) % filters.count]
            state.campaigns.selection = ListSelection(count: state.campaigns.rows.count)
            Reducer.fitTables(&state)
            return Reduction()
        }
        if action == ActionID.newItem {
            let form = CampaignForm.make(nil, merchantZone: data.settings.settings.timeZone, now: state.wallClock,
                                         currency: state.currency, l)
            return ProgramActions.openEditor(&state, .newCampaign, form)
        }
        guard let campaign = state.campaigns.selectedCampaign else { return ProgramActions.notice(&state, "campaigns.selectFirst") }
        let name = displayName(campaign.definition, l)
        switch action {
        case ActionID.editItem:
            guard CampaignLifecycle.isEditable(campaign.status) else {
                return ProgramActions.notice(&state, campaign.status == .active ? "campaigns.pauseToEdit" : "campaigns.endedNoEdit")
            }
            let form = CampaignForm.make(campaign, merchantZone: data.settings.settings.timeZone, now: state.wallClock,
                                         currency: state.currency, l)
            return ProgramActions.openEditor(&state, .editCampaign(campaign), form)
        case ActionID.deleteItem:
            return ProgramActions.confirm(&state, .deleteCampaign(id: campaign.id, name: name), from: nil)
        case ActionID.launchCampaign:
            guard campaign.status == .draft else { return ProgramActions.notice(&state, "campaigns.launchDraftOnly") }
            if let refusal = refusal(.launch, campaign, now: state.wallClock, l) { return warn(&state, refusal) }
            let proposal = WhatIfProposal(campaign: CampaignChange(id: campaign.id, definition: campaign.definition))
            return WhatIfActions.start(&state, proposal, write: .changeCampaign(id: campaign.id, name: name, .launch),
                                       subject: l.t("campaigns.whatIf.launch", ["name": name]), from: nil)
        case ActionID.pauseCampaign, ActionID.endCampaign:
            let change: CampaignAction = action == ActionID.endCampaign ? .end : campaign.status == .paused ? .resume : .pause
            if let refusal = refusal(change, campaign, now: state.wallClock, l) { return warn(&state, refusal) }
            return ProgramActions.confirm(&state, .changeCampaign(id: campaign.id, name: name, change), from: nil)
        default:
            return .unchanged
        }
    }

    /// Why LoyaltyCore's lifecycle refuses `action` now, in the operator's language; nil when it is allowed.
    static func refusal(_ action: CampaignAction, _ campaign: CampaignInfo, now: UnixTime, _ l: Localizer) -> String? {
        guard case .failure(let problem) = CampaignLifecycle.apply(action, to: campaign.storedStatus, window: campaign.window,
                                                                   now: now) else { return nil }
        return RuleProblemText.text(problem, l)
    }

    static func warn(_ state: inout AppState, _ message: String) -> Reduction {
        Reducer.showToast(&state, message, level: .warn)
        return Reduction()
    }

    /// Enter in the campaign editor: LoyaltyCore's rules first (each problem under its field), then a confirmation.
    static func submit(_ state: inout AppState, _ editor: EditorState, existing: CampaignInfo?) -> Reduction {
        guard let data = state.campaigns.load.data else { return .unchanged }
        var editor = editor
        let (campaign, errors) = CampaignForm.read(editor.form, base: existing?.definition, currency: state.currency,
                                                   state.localizer)
        guard let campaign else {
            editor.form.show(errors: errors)
            state.overlay = .editor(editor)
            return Reduction()
        }
        // Segment keys are the store's to check (its list is not public); every other rule is checked here.
        let segments = Set(campaign.conditions.segments + [campaign.trigger].compactMap {
            if case .enteredSegment(let key)? = $0 { return key } else { return nil }
        })
        let problems = campaign.problems(settings: data.settings.settings, tiers: data.tiers, segmentKeys: segments)
        guard problems.isEmpty else {
            editor.form.show(errors: RuleProblemText.fieldErrors(problems, state.localizer))
            state.overlay = .editor(editor)
            return Reduction()
        }
        let write: ProgramWrite = existing.map { .updateCampaign(id: $0.id, campaign) } ?? .createCampaign(campaign)
        return ProgramActions.confirm(&state, write, from: editor)
    }

    static func displayName(_ definition: CampaignDefinition, _ l: Localizer) -> String {
        definition.name.text(for: l.code)
    }
}
