import LoyaltyCore
import LoyaltyStore
import TerminalUI

/// The RFM & churn screen's keys in the reducer: the heatmap cursor, the lists, the panels, the migration's
/// from-date and the recompute.
enum RFMActions {
    /// The permission an action needs, nil when it only reads (docs/decisions/0053: recomputing is staff and above).
    static func permission(_ action: String) -> Permission? {
        action == ActionID.recompute ? .recomputeAnalytics : nil
    }

    /// The screen's own handling of `action`; nil leaves it to the shell (screens, help, palette, quit).
    static func perform(_ state: inout AppState, _ action: String) -> Reduction? {
        switch action {
        case ActionID.recompute: return recompute(&state)
        case ActionID.nextPanel: return nextPanel(&state)
        case ActionID.earlierFrom: return moveFromDay(&state, by: -1)
        case ActionID.laterFrom: return moveFromDay(&state, by: 1)
        case ActionID.up, ActionID.down, ActionID.left, ActionID.right, ActionID.pageUp, ActionID.pageDown,
             ActionID.top, ActionID.bottom:
            return move(&state, action)
        case ActionID.open: return open(&state)
        case ActionID.back: return back(&state)
        case ActionID.sort: return .unchanged
        default: return nil
        }
    }

    // MARK: loading

    /// Loads the stored figures unless a load is on its way.
    static func load(_ state: inout AppState) -> [Effect] {
        guard !state.rfm.load.loading else { return [] }
        state.rfm.load.loading = true
        return [.rfm(.load)]
    }

    /// Ctrl-R / F5 and after a recompute: the figures, and the drilled cell's customers.
    static func reload(_ state: inout AppState) -> [Effect] {
        var effects = load(&state)
        if let cell = state.rfm.drill?.cell {
            state.rfm.drill?.loading = true
            effects.append(.rfm(.loadCell(cell)))
        }
        return effects
    }

    static func loadMigration(_ state: inout AppState) -> [Effect] {
        guard let run = state.rfm.load.data?.run, let from = state.rfm.fromDay else { return [] }
        state.rfm.migration.loading = true
        return [.rfm(.loadMigration(fromDay: from, toDay: run.day))]
    }

    /// The days the migration can start from: the recompute days before the latest (the latest alone when it is
    /// the only one), oldest first.
    static func fromDays(_ data: RFMData) -> [Int64] {
        guard let run = data.run else { return [] }
        let earlier = data.snapshotDays.filter { $0 < run.day }
        return earlier.isEmpty ? [run.day] : earlier
    }

    // MARK: keys

    static func recompute(_ state: inout AppState) -> Reduction {
        let role = state.session.actor.role
        if let needed = permission(ActionID.recompute), !role.allows(needed) {
            // Nothing is sent: the store would refuse it anyway (docs/decisions/0061).
            let l = state.localizer
            Reducer.showToast(&state, l.t("error.permission", ["role": l.t("role.\(role.rawValue)"),
                                                              "action": l.t("action.\(ActionID.recompute)")]), level: .error)
            return Reduction()
        }
        guard !state.rfm.recompute.isRunning else { return ProgramActions.notice(&state, "rfm.recompute.already") }
        state.rfm.recompute = .running
        return Reduction(effects: [.rfm(.recompute)])
    }

    /// Narrow terminals: the next panel under the heatmap. Wide ones show every panel: the churn list takes or
    /// gives back the arrow keys.
    static func nextPanel(_ state: inout AppState) -> Reduction {
        state.rfm.drill = nil
        if RFMLayout.isWide(ShellLayout(size: state.size).content) {
            state.rfm.panel = state.rfm.panel == .churn ? .segments : .churn
        } else {
            state.rfm.panel = state.rfm.panel.next
        }
        return Reduction()
    }

    static func moveFromDay(_ state: inout AppState, by step: Int) -> Reduction {
        guard let data = state.rfm.load.data, data.run != nil else { return .unchanged }
        let days = fromDays(data)
        guard let current = state.rfm.fromDay, let i = days.firstIndex(of: current), days.indices.contains(i + step) else {
            return ProgramActions.notice(&state, step < 0 ? "rfm.migration.noEarlier" : "rfm.migration.noLater")
        }
        state.rfm.fromDay = days[i + step]
        return Reduction(effects: loadMigration(&state))
    }

    static func move(_ state: inout AppState, _ action: String) -> Reduction {
        if state.rfm.drill != nil {
            return moveList(&state.rfm.drill!.selection, action)
        }
        if state.rfm.panel == .churn { return moveList(&state.rfm.churnSelection, action) }
        let keys: [String: Key] = [ActionID.up: .up, ActionID.down: .down, ActionID.left: .left, ActionID.right: .right,
                                   ActionID.top: .home, ActionID.bottom: .end]
        guard let key = keys[action] else { return .unchanged }
        // The widget's own cursor rules (bounds, and left/right mirrored in right-to-left layouts) on a blank grid.
        var grid = HeatmapGrid(counts: Array(repeating: Array(repeating: 0, count: 5), count: 5), cursor: state.rfm.cursor.position)
        guard grid.handle(key, direction: state.direction) == .handled, let position = grid.cursor else { return .unchanged }
        state.rfm.cursor = RFMCell(position)
        return Reduction()
    }

    static func moveList(_ selection: inout ListSelection, _ action: String) -> Reduction {
        selection.move(for: action) ? Reduction() : .unchanged
    }

    /// Enter: on the heatmap, the cell's customers; on a list, the selected customer's journey.
    static func open(_ state: inout AppState) -> Reduction {
        if let drill = state.rfm.drill {
            guard let row = drill.selection.selected, let customer = drill.customers[safe: row] else { return .unchanged }
            return Reducer.openJourney(&state, customerID: customer.row.customerID, returnTo: .rfm)
        }
        if state.rfm.panel == .churn {
            guard let row = state.rfm.churnSelection.selected,
                  let customer = state.rfm.load.data?.churn?.customers[safe: row] else { return .unchanged }
            return Reducer.openJourney(&state, customerID: customer.churn.customerID, returnTo: .rfm)
        }
        guard state.rfm.load.data?.run != nil else { return .unchanged }
        let cell = state.rfm.cursor
        state.rfm.drill = RFMDrill(cell: cell)
        fitTables(&state)
        return Reduction(effects: [.rfm(.loadCell(cell))])
    }

    /// Esc: out of a cell's customers, then from the churn list back to the heatmap.
    static func back(_ state: inout AppState) -> Reduction? {
        if state.rfm.drill != nil {
            state.rfm.drill = nil
            return Reduction()
        }
        if state.rfm.panel == .churn {
            state.rfm.panel = .segments
            return Reduction()
        }
        return nil
    }

    // MARK: tables and mouse

    static func fitTables(_ state: inout AppState) {
        let layout = RFMLayout(content: ShellLayout(size: state.size).content, state: state)
        state.rfm.churnSelection.setVisibleRows(max(1, layout.churnTable.height - 1))
        state.rfm.drill?.selection.setVisibleRows(max(1, layout.drillTable.height - 1))
    }

    /// A click on a heatmap cell moves the cursor there (a second click lists its customers); on a list row, selects it.
    static func click(_ state: inout AppState, _ point: Point, content: Rect) -> Reduction {
        let layout = RFMLayout(content: content, state: state)
        if state.rfm.drill == nil, let position = RFMHeatmapPanel.grid(state).cell(atLogical: point, in: layout.heatmap) {
            let cell = RFMCell(position)
            if cell == state.rfm.cursor && state.rfm.panel != .churn { return open(&state) }
            state.rfm.cursor = cell
            if state.rfm.panel == .churn { state.rfm.panel = .segments }
            return Reduction()
        }
        if state.rfm.drill != nil, let row = Reducer.rowAt(point, layout.drillTable, state.rfm.drill!.selection) {
            state.rfm.drill!.selection.select(row)
            return Reduction()
        }
        if layout.showsChurn, let row = Reducer.rowAt(point, layout.churnTable, state.rfm.churnSelection) {
            state.rfm.panel = .churn
            state.rfm.churnSelection.select(row)
            return Reduction()
        }
        return .unchanged
    }

    static func scroll(_ state: inout AppState, by delta: Int) {
        if state.rfm.drill != nil { state.rfm.drill!.selection.scroll(by: delta) } else { state.rfm.churnSelection.scroll(by: delta) }
    }
}
