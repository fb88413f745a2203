import LoyaltyCore
import LoyaltyStore
import TerminalUI

/// VIP Tiers in the reducer: create / edit / delete (staff), each previewed with the what-if before it is saved.
enum TiersActions {
    static func perform(_ state: inout AppState, _ action: String) -> Reduction {
        let l = state.localizer
        guard let data = state.tiers.load.data else { return .unchanged }
        let basis = data.settings.settings.tiers.basis
        switch action {
        case ActionID.newItem:
            return ProgramActions.openEditor(&state, .newTier, TierForm.make(nil, basis: basis, currency: state.currency, l))
        case ActionID.editItem:
            guard let tier = state.tiers.selectedTier else { return ProgramActions.notice(&state, "tiers.selectFirst") }
            return ProgramActions.openEditor(&state, .editTier(tier), TierForm.make(tier, basis: basis, currency: state.currency, l))
        case ActionID.deleteItem:
            guard let tier = state.tiers.selectedTier else { return ProgramActions.notice(&state, "tiers.selectFirst") }
            let proposed = data.tiers.map(\.definition).filter { $0.key != tier.key }
            return WhatIfActions.start(&state, WhatIfProposal(tiers: proposed), write: .deleteTier(key: tier.key),
                                       subject: l.t("tiers.whatIf.delete", ["key": tier.key]), from: nil)
        default:
            return .unchanged
        }
    }

    /// Enter in the tier editor: the whole table with the change is checked by LoyaltyCore's rules, then previewed.
    static func submit(_ state: inout AppState, _ editor: EditorState, existing: TierInfo?) -> Reduction {
        guard let data = state.tiers.load.data else { return .unchanged }
        let l = state.localizer
        let settings = data.settings.settings
        var editor = editor
        let (tier, errors) = TierForm.read(editor.form, base: existing?.definition, basis: settings.tiers.basis,
                                           currency: state.currency, l)
        guard let tier else {
            editor.form.show(errors: errors)
            state.overlay = .editor(editor)
            return Reduction()
        }
        let current = data.tiers.map(\.definition)
        let proposed = existing == nil ? current + [tier] : current.map { $0.key == tier.key ? tier : $0 }
        let problems = TierTable.problems(proposed, settings: settings)
        guard problems.isEmpty else {
            editor.form.show(errors: RuleProblemText.fieldErrors(problems, l))
            state.overlay = .editor(editor)
            return Reduction()
        }
        let write: ProgramWrite = existing == nil ? .createTier(tier) : .updateTier(key: tier.key, tier)
        let subject = l.t(existing == nil ? "tiers.whatIf.create" : "tiers.whatIf.update", ["key": tier.key])
        return WhatIfActions.start(&state, WhatIfProposal(tiers: proposed), write: write, subject: subject, from: editor)
    }
}
