import Foundation
import LoyaltyCore
import LoyaltyStore
import TerminalUI

/// The dashboard as a `TerminalProgram`: events go through the reducer, effects to the runner, background
/// results come back through mailboxes on each tick, and `render` draws the state.
public struct DashboardProgram: TerminalProgram {
    public private(set) var state: AppState
    let runner: EffectRunner
    let resources: DashboardResources
    let wallClock: @Sendable () -> UnixTime
    let sync: SyncLink

    init(state: AppState, runner: EffectRunner, resources: DashboardResources,
         wallClock: @escaping @Sendable () -> UnixTime, sync: SyncLink) {
        self.state = state; self.runner = runner; self.resources = resources; self.wallClock = wallClock
        self.sync = sync
        self.state.sync = sync.setup
    }

    /// Starts the first loads (the overview figures); call once before the loop.
    public mutating func start() {
        for effect in Reducer.start(&state) { run(effect) }
    }

    public mutating func handle(_ event: InputEvent) -> LoopCommand {
        apply(Reducer.reduce(&state, .input(event)))
    }

    public mutating func tick(now: ContinuousClock.Instant) -> LoopCommand {
        var command = apply(Reducer.reduce(&state, .clock(wall: wallClock(), monotonic: now)))
        for message in runner.mailboxes.drain() {
            command = merge(command, apply(Reducer.reduce(&state, message)))
        }
        return command
    }

    public func render(into frame: inout CellBuffer) {
        Shell.render(state, into: &frame)
    }

    /// Sends every message through the reducer and runs its effects (for tests and benchmarks).
    public mutating func send(_ message: Msg) -> LoopCommand { apply(Reducer.reduce(&state, message)) }

    /// Puts the journey's selection on a row (tests; keys would need as many presses).
    mutating func selectJourneyRowForTesting(_ row: Int) { state.journey?.selection.select(row) }

    /// Puts the program screen's table selection on a row (tests).
    mutating func selectProgramRowForTesting(_ row: Int) { ProgramActions.selection(&state) { $0.select(row) } }

    /// Runs a write as if it had been confirmed, and waits for its answer (tests of the store's own refusals).
    mutating func runWriteForTesting(_ write: PendingWrite) {
        run(.write(write))
        settle()
    }

    /// Waits until background work has answered (tests and benchmarks only: the UI never waits).
    public mutating func settle(timeout: Duration = .seconds(10)) {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            runner.waitForIdle()
            let messages = runner.mailboxes.drain()
            if messages.isEmpty { return }
            for message in messages { _ = apply(Reducer.reduce(&state, message)) }
        }
    }

    mutating func apply(_ reduction: Reduction) -> LoopCommand {
        if reduction.quit { return .quit }
        var redraw = reduction.redraw
        for effect in reduction.effects {
            switch effect {
            case .setTheme(let name): applyTheme(name); redraw = true
            case .setLanguage(let code): applyLanguage(code); redraw = true
            case .syncNow: sync.syncNow()
            default: run(effect)
            }
        }
        return redraw ? .redraw : .unchanged
    }

    func run(_ effect: Effect) { runner.run(effect) }

    func merge(_ a: LoopCommand, _ b: LoopCommand) -> LoopCommand {
        if a == .quit || b == .quit { return .quit }
        if a == .repaint || b == .repaint { return .repaint }
        if a == .redraw || b == .redraw { return .redraw }
        return .unchanged
    }

    mutating func applyTheme(_ name: String) {
        do {
            state.theme = try resources.theme(named: name, depth: state.capabilities.colorDepth)
            Reducer.showToast(&state, state.localizer.t("toast.theme", ["name": name]), level: .ok)
        } catch {
            Reducer.showToast(&state, String(describing: error), level: .error)
        }
    }

    mutating func applyLanguage(_ code: String) {
        guard let localizer = resources.localizer(code) else {
            Reducer.showToast(&state, state.localizer.t("error.unknownLanguage", [
                "code": code, "available": resources.languages.joined(separator: ", "),
            ]), level: .error)
            return
        }
        state.localizer = localizer
        Reducer.fitTables(&state)
    }
}
