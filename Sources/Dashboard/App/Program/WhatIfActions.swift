import LoyaltyCore
import LoyaltyStore
import TerminalUI

/// The what-if preview before a tier change or a campaign launch: the replay runs off the UI thread, its report
/// shows in a modal, Enter saves, Esc goes back (nothing is written).
enum WhatIfActions {
    static func start(_ state: inout AppState, _ proposal: WhatIfProposal, write: ProgramWrite, subject: String,
                      from editor: EditorState?) -> Reduction {
        state.whatIfToken += 1
        state.suspendedEditor = editor
        state.overlay = .whatIf(WhatIfState(token: state.whatIfToken, subject: subject, write: write))
        return Reduction(effects: [.program(.whatIf(proposal, token: state.whatIfToken))])
    }

    static func loaded(_ state: inout AppState, token: Int, _ result: Result<WhatIfReport, DashboardError>) -> Reduction {
        // An answer for a preview already closed (or replaced) is dropped.
        guard case .whatIf(var preview) = state.overlay, preview.token == token else { return .unchanged }
        switch result {
        case .success(let report):
            preview.report = report
        case .failure(let error):
            // A proposal the rules refuse goes back to its editor, each problem under its field.
            if !error.problems.isEmpty, ProgramActions.writeFailed(&state, error) { return Reduction() }
            preview.error = error.text(state.localizer)
        }
        state.overlay = .whatIf(preview)
        return Reduction()
    }

    /// Enter saves once the preview has answered (also when it could not run: the store checks the change again);
    /// Esc goes back to the editor, or closes.
    static func handleKey(_ state: inout AppState, _ preview: WhatIfState, _ key: Key) -> Reduction {
        switch key {
        case .enter, .char("y"), .char("Y"):
            guard !preview.isLoading else { return .unchanged }
            let write = PendingWrite.program(preview.write)
            state.overlay = .working(write)
            return Reduction(effects: [.write(write)])
        case .escape, .char("n"), .char("N"):
            state.overlay = ProgramActions.resumeEditor(&state)
            return Reduction()
        default:
            return .unchanged
        }
    }
}
