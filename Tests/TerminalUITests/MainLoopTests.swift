#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import TerminalUI

/// A small program: typed characters build a line, "!" is ignored, "q" quits, "t" arms a one-second timer
/// (from the next tick's clock),
/// and a mailbox carries status lines from "background work".
struct Typist: TerminalProgram {
    var typed = ""
    var status = ""
    var handled: [InputEvent] = []
    var tickTimes: [ContinuousClock.Instant] = []
    var timerRequested = false
    var timerDeadline: ContinuousClock.Instant?
    var timerFired = false
    var statusFeed: Mailbox<String>?
    var commandForResize = LoopCommand.unchanged

    mutating func handle(_ event: InputEvent) -> LoopCommand {
        handled.append(event)
        switch event {
        case .key(.char("q")): return .quit
        case .key(.char("!")): return .unchanged
        case .key(.char("t")):
            timerRequested = true
            return .unchanged
        case .key(.ctrl("l")): return .repaint
        case .key(.char(let c)): typed.append(c); return .redraw
        case .resize: return commandForResize
        default: return .unchanged
        }
    }

    mutating func tick(now: ContinuousClock.Instant) -> LoopCommand {
        tickTimes.append(now)
        var command = LoopCommand.unchanged
        if timerRequested {
            timerRequested = false
            timerDeadline = now + .seconds(1)
        }
        if let deadline = timerDeadline, now >= deadline {
            timerDeadline = nil
            timerFired = true
            command = .redraw
        }
        if let line = statusFeed?.take() {
            status = line
            command = .redraw
        }
        return command
    }

    func render(into frame: inout CellBuffer) {
        frame.text(typed, x: 0, y: 0, width: frame.size.width, style: .plain)
        frame.text(timerFired ? "timer fired" : status, x: 0, y: 1, width: frame.size.width, style: .plain)
    }
}

/// A backend that records frames and invalidations, like a terminal that can be told to repaint.
final class RepaintRecordingBackend: RepaintingBackend {
    var size = Size(width: 12, height: 2)
    let capabilities = TerminalCapabilities(colorDepth: .ansi16, unicode: true, mouse: false)
    var frames: [CellBuffer] = []
    var invalidatedBeforeFrame: [Int] = []

    func present(_ frame: CellBuffer) { frames.append(frame) }
    func invalidate() { invalidatedBeforeFrame.append(frames.count) }
}

@Suite struct MainLoopTests {
    func line(_ backend: TestBackend, _ row: Int) -> String {
        TestBackend.text(of: backend.frame).split(separator: "\n", omittingEmptySubsequences: false)[row]
            .trimmingSuffix()
    }

    @Test func theFirstFrameIsDrawnBeforeAnyInput() {
        var program = Typist(typed: "ready")
        let backend = TestBackend(width: 12, height: 2)
        let exit = MainLoop.run(program: &program, backend: backend, input: ScriptedEventSource([]))
        #expect(exit == .inputEnded)
        #expect(backend.presentCount == 1)
        #expect(line(backend, 0) == "ready")
    }

    @Test func aBurstIsHandledInOrderAndDrawnOnce() {
        var program = Typist()
        let backend = TestBackend(width: 12, height: 2)
        _ = MainLoop.run(program: &program, backend: backend, input: ScriptedEventSource([.typing("abc")]))
        #expect(program.handled == [.key(.char("a")), .key(.char("b")), .key(.char("c"))])
        #expect(backend.presentCount == 2)
        #expect(line(backend, 0) == "abc")
    }

    @Test func idleTurnsAndIgnoredKeysDrawNothing() {
        var program = Typist()
        let backend = TestBackend(width: 12, height: 2)
        let script = ScriptedEventSource([.idle, .keys(.char("!")), .idle, .keys(.up)])
        _ = MainLoop.run(program: &program, backend: backend, input: script)
        #expect(program.tickTimes.count == 4)
        #expect(backend.presentCount == 1)
    }

    @Test func quitStopsAtOnceWithoutDrawingOrHandlingTheRestOfTheBurst() {
        var program = Typist()
        let backend = TestBackend(width: 12, height: 2)
        let script = ScriptedEventSource([.typing("aqb"), .typing("c")])
        let exit = MainLoop.run(program: &program, backend: backend, input: script)
        #expect(exit == .quit)
        #expect(program.typed == "a")
        #expect(script.pollCount == 1)
        #expect(backend.presentCount == 1)
    }

    @Test func aMailboxValueIsDrawnOnTheTurnItArrivesAndOnlyThen() {
        let feed = Mailbox<String>()
        var program = Typist(statusFeed: feed)
        let backend = TestBackend(width: 12, height: 2)
        let script = ScriptedEventSource([.perform { feed.post("synced 42") }, .idle, .idle])
        _ = MainLoop.run(program: &program, backend: backend, input: script)
        #expect(line(backend, 1) == "synced 42")
        #expect(backend.presentCount == 2)
    }

    @Test func aSizeChangeSeenByPollingRedrawsAtTheNewSize() {
        var program = Typist(typed: "x")
        let backend = TestBackend(width: 12, height: 2)
        let script = ScriptedEventSource([.perform { backend.size = Size(width: 20, height: 3) }, .idle])
        _ = MainLoop.run(program: &program, backend: backend, input: script)
        #expect(backend.presentCount == 2)
        #expect(backend.frame.size == Size(width: 20, height: 3))
    }

    @Test func aResizeEventRedrawsEvenWhenTheProgramIgnoresIt() {
        var program = Typist(commandForResize: .unchanged)
        let backend = TestBackend(width: 12, height: 2)
        let script = ScriptedEventSource([.events([.resize(backend.size)]), .idle])
        _ = MainLoop.run(program: &program, backend: backend, input: script)
        #expect(program.handled == [.resize(backend.size)])
        #expect(backend.presentCount == 2)
    }

    @Test func ticksGetTheLoopClockAndTimersFireOnTime() {
        let tick = Duration.milliseconds(50)
        var program = Typist()
        let backend = TestBackend(width: 12, height: 2)
        let start = ContinuousClock.now
        let idleTurnsForOneSecond = Int(Duration.seconds(1) / tick)
        let steps: [ScriptedEventSource.Step] = [.keys(.char("t"))]
            + Array(repeating: .idle, count: idleTurnsForOneSecond + 1)
        let script = ScriptedEventSource(steps, start: start)
        _ = MainLoop.run(program: &program, backend: backend, input: script, tickInterval: tick, now: { script.now })
        #expect(program.tickTimes.first == start)
        #expect(program.tickTimes.dropFirst().first == start + tick)
        #expect(program.timerFired)
        #expect(line(backend, 1) == "timer fired")
        // Armed at `start`: it fires on the turn that reaches one second, and that turn alone draws.
        #expect(backend.presentCount == 2)
    }

    @Test func repaintTellsTheBackendBeforeTheNextFrame() {
        var program = Typist()
        let backend = RepaintRecordingBackend()
        let script = ScriptedEventSource([.typing("a"), .keys(.ctrl("l")), .idle])
        _ = MainLoop.run(program: &program, backend: backend, input: script)
        #expect(backend.frames.count == 3)
        #expect(backend.invalidatedBeforeFrame == [2])
    }

    @Test func theFrameStartsAsciiWhenTheTerminalIsNotUnicode() {
        var program = Typist()
        let backend = TestBackend(width: 12, height: 2,
                                  capabilities: .init(colorDepth: .none, unicode: false, mouse: false))
        _ = MainLoop.run(program: &program, backend: backend, input: ScriptedEventSource([]))
        #expect(backend.frame.glyphs == .ascii)
    }

    @Test func aStopRequestEndsTheLoopBeforeTheNextFrame() {
        var program = Typist()
        let backend = TestBackend(width: 12, height: 2)
        let exit = MainLoop.run(program: &program, backend: backend, input: ScriptedEventSource([.typing("a")]),
                                stopRequest: { SIGHUP })
        #expect(exit == .signal(SIGHUP))
        #expect(exit.exitStatus == 128 + SIGHUP)
        #expect(backend.presentCount == 0)
        #expect(program.handled.isEmpty)
    }

    @Test func sigtermSentToTheProcessStopsTheLoop() {
        var before = sigaction()
        sigaction(SIGTERM, nil, &before)
        NCursesBackend.installTerminationHandlers()
        defer { NCursesBackend.uninstallTerminationHandlers() }
        var program = Typist()
        let backend = TestBackend(width: 12, height: 2)
        // Sent to the process, not this thread: worker threads block SIGTERM, as they do in the app.
        kill(getpid(), SIGTERM)
        let waitTurns = 2_000
        let script = ScriptedEventSource(Array(repeating: .perform { usleep(1_000) }, count: waitTurns))
        let exit = MainLoop.run(program: &program, backend: backend, input: script,
                                stopRequest: NCursesBackend.takeTerminationSignal)

        #expect(exit == .signal(SIGTERM))
        #expect(script.pollCount < waitTurns)
        #expect(NCursesBackend.takeTerminationSignal() == nil)
        NCursesBackend.uninstallTerminationHandlers()
        var after = sigaction()
        sigaction(SIGTERM, nil, &after)
        #expect(handlerAddress(after) == handlerAddress(before))
    }

    private func handlerAddress(_ action: sigaction) -> UInt? {
        action.__sigaction_handler.sa_handler.map { UInt(bitPattern: unsafeBitCast($0, to: Int.self)) }
    }
}

private extension Substring {
    func trimmingSuffix() -> String {
        var s = self
        while s.last == " " { s.removeLast() }
        return String(s)
    }
}
