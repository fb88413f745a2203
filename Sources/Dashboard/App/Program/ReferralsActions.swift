import LoyaltyCore
import LoyaltyStore
import TerminalUI

/// Referrals in the reducer: the status filter and the referral settings editor (admins, saved with a reason).
enum ReferralsActions {
    /// The filter's cycle: every referral, then each status.
    static let filters: [ReferralInfo.Status?] = [nil] + ReferralInfo.Status.allCases.map { $0 }

    static func perform(_ state: inout AppState, _ action: String) -> Reduction {
        switch action {
        case ActionID.filterStatus:
            let i = filters.firstIndex(of: state.referrals.filter) ?? 0
            state.referrals.filter = filters[(i + 1) % filters.count]
            state.referrals.selection = ListSelection()
            Reducer.fitTables(&state)
            state.referrals.load.loading = false
            return Reduction(effects: ProgramActions.load(&state, .referrals))
        case ActionID.editReferralSettings:
            guard let settings = state.referrals.load.data?.settings.settings else { return .unchanged }
            return ProgramActions.openEditor(&state, .referralSettings,
                                             ReferralSettingsForm.make(settings, currency: state.currency, state.localizer))
        default:
            return .unchanged
        }
    }

    static func submit(_ state: inout AppState, _ editor: EditorState) -> Reduction {
        guard let base = state.referrals.load.data?.settings.settings else { return .unchanged }
        let read = ReferralSettingsForm.read(editor.form, base: base, currency: state.currency, state.localizer)
        return PointsActions.submitSettings(&state, editor, part: .referrals, read)
    }
}
