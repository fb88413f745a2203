import LoyaltyCore
import LoyaltyStore
import TerminalUI

/// Answers from the RFM screen's background work, applied to the state.
enum RFMResults {
    static func received(_ state: inout AppState, _ msg: RFMMsg) -> Reduction {
        var effects: [Effect] = []
        switch msg {
        case .loaded(let result):
            state.rfm.load.loading = false
            switch result {
            case .success(let data):
                state.rfm.load.data = data
                state.rfm.load.error = nil
                state.rfm.churnSelection.setCount(data.churn?.customers.count ?? 0)
                let days = RFMActions.fromDays(data)
                if days.isEmpty {
                    state.rfm.fromDay = nil
                    state.rfm.migration = Loaded()
                } else {
                    // A from-day that is no longer a recompute day (or none yet): the one before the latest.
                    if state.rfm.fromDay.map({ !days.contains($0) }) ?? true { state.rfm.fromDay = days.last }
                    effects += RFMActions.loadMigration(&state)
                }
            case .failure(let error):
                state.rfm.load.error = error.message
            }
        case .migrationLoaded(let fromDay, let result):
            // An answer for a from-day the operator has already moved away from: the newer one is on its way.
            guard fromDay == state.rfm.fromDay else { return .unchanged }
            state.rfm.migration.loading = false
            switch result {
            case .success(let report):
                state.rfm.migration.data = report
                state.rfm.migration.error = nil
            case .failure(let error):
                state.rfm.migration.error = error.message
            }
        case .cellLoaded(let cell, let result):
            guard var drill = state.rfm.drill, drill.cell == cell else { return .unchanged }
            drill.loading = false
            switch result {
            case .success(let customers):
                drill.customers = customers
                drill.error = nil
                drill.selection.setCount(customers.count)
            case .failure(let error):
                drill.error = error.message
            }
            state.rfm.drill = drill
        case .recomputed(let result):
            switch result {
            case .success(let summary):
                state.rfm.recompute = .finished(summary)
                let l = state.localizer
                Reducer.showToast(&state, l.t("rfm.toast.recomputed", ["customers": l.format.integer(summary.customers)]),
                                  level: summary.fitConverged ? .ok : .warn)
                effects += RFMActions.reload(&state)
            case .failure(let error):
                state.rfm.recompute = .failed(error.message)
                Reducer.showToast(&state, state.localizer.t("toast.error", ["message": error.message]), level: .error)
            }
        }
        RFMActions.fitTables(&state)
        return Reduction(effects: effects)
    }
}
