import LoyaltyStore
import TerminalUI

/// Starting the journey's writes: each opens a form or a list, then a confirmation; nothing is written before.
enum JourneyActions {
    static func begin(_ state: inout AppState, _ action: String) -> Reduction {
        guard let journey = state.journey, let data = journey.journey else { return .unchanged }
        let l = state.localizer
        let role = state.session.actor.role
        guard role != .viewer else {
            Reducer.showToast(&state, l.t("error.permission", ["role": l.t("role.\(role.rawValue)"),
                                                              "action": l.t("action.\(action)")]), level: .error)
            return Reduction()
        }
        let customerID = journey.customerID
        switch action {
        case ActionID.adjust:
            let form = FormView(fields: [
                .number(NumberField(label: l.t("dialog.points"), placeholder: "50 / -20",
                                    minimum: -1_000_000_000, maximum: 1_000_000_000, isRequired: true)),
                .text(TextField(label: l.t("dialog.reason"), isRequired: true)),
            ])
            state.overlay = .adjust(form, customerID: customerID, customerName: data.customer.displayName)
        case ActionID.undo:
            guard let row = journey.selection.selected, case .entry(let entry)? = data.events[safe: row] else {
                Reducer.showToast(&state, l.t("error.selectEntry"), level: .warn)
                return Reduction()
            }
            guard entry.undoable else {
                Reducer.showToast(&state, entry.notUndoableBecause ?? l.t("error.notUndoable"), level: .warn)
                return Reduction()
            }
            let form = FormView(fields: [.text(TextField(label: l.t("dialog.reason"), isRequired: true))])
            state.overlay = .undoReason(form, entryID: entry.entry.id, points: entry.entry.points)
        case ActionID.redeem:
            guard !journey.rewards.isEmpty else {
                Reducer.showToast(&state, l.t("error.noRewards"), level: .warn)
                return Reduction()
            }
            let items = journey.rewards.map { "\($0.name) — \(l.format.integer($0.pointsCost)) \(l.t("journey.pointsUnit"))" }
            state.overlay = .chooseReward(ListView(items: items), customerID: customerID)
        default:
            return .unchanged
        }
        return Reduction()
    }
}
