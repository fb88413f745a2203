import LoyaltyCore
import LoyaltyStore
import TerminalUI

/// Points & Rewards in the reducer: the earning rules editor (admins, saved with a reason as a new settings
/// version) and the rewards catalogue's create / edit / delete (staff).
enum PointsActions {
    static func perform(_ state: inout AppState, _ action: String) -> Reduction {
        let l = state.localizer
        guard let data = state.points.load.data else { return .unchanged }
        switch action {
        case ActionID.editEarning:
            return ProgramActions.openEditor(&state, .earning, EarningForm.make(data.settings.settings, currency: state.currency, l))
        case ActionID.newItem:
            return ProgramActions.openEditor(&state, .newReward, RewardForm.make(nil, currency: state.currency, l))
        case ActionID.editItem:
            guard let reward = state.points.selectedReward else { return ProgramActions.notice(&state, "rewards.selectFirst") }
            return ProgramActions.openEditor(&state, .editReward(reward), RewardForm.make(reward, currency: state.currency, l))
        case ActionID.deleteItem:
            guard let reward = state.points.selectedReward else { return ProgramActions.notice(&state, "rewards.selectFirst") }
            return ProgramActions.confirm(&state, .deleteReward(id: reward.id, name: reward.name), from: nil)
        default:
            return .unchanged
        }
    }

    /// Enter in the earning editor: the reason comes next, then the confirmation.
    static func submitEarning(_ state: inout AppState, _ editor: EditorState) -> Reduction {
        guard let base = state.points.load.data?.settings.settings else { return .unchanged }
        let read = EarningForm.read(editor.form, base: base, currency: state.currency, state.localizer)
        return submitSettings(&state, editor, part: .earning, read)
    }

    /// Settings editors (earning, referrals) share the last steps: a reason, then a confirmation.
    static func submitSettings(_ state: inout AppState, _ editor: EditorState, part: ProgramWrite.SettingsPart,
                               _ read: (ProgramSettings?, [(field: String, message: String)])) -> Reduction {
        var editor = editor
        let (settings, errors) = read
        guard let settings else {
            editor.form.show(errors: errors)
            state.overlay = .editor(editor)
            return Reduction()
        }
        let l = state.localizer
        state.suspendedEditor = editor
        let reason = FormView(fields: [.text(TextField(label: l.t("dialog.reason"), placeholder: l.t("settings.reasonHint"),
                                                       isRequired: true))])
        state.overlay = .reason(reason, .saveSettings(settings, part: part, reason: ""))
        return Reduction()
    }

    static func submitReward(_ state: inout AppState, _ editor: EditorState, id: Int64?) -> Reduction {
        var editor = editor
        let (reward, errors) = RewardForm.read(editor.form, currency: state.currency, state.localizer)
        guard let reward else {
            editor.form.show(errors: errors)
            state.overlay = .editor(editor)
            return Reduction()
        }
        let write: ProgramWrite = id.map { .updateReward(id: $0, reward) } ?? .addReward(reward)
        return ProgramActions.confirm(&state, write, from: editor)
    }
}
