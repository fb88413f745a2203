/// What a program asks of the loop after an event or a tick.
public enum LoopCommand: Sendable, Hashable {
    /// Nothing visible changed.
    case unchanged
    /// The state changed: draw a new frame.
    case redraw
    /// Draw a new frame and have the terminal repaint every cell (Ctrl-L, after something else wrote to it).
    case repaint
    /// Leave the loop.
    case quit
}

/// A full-screen program the main loop drives: events and ticks change its state, `render` draws that state.
public protocol TerminalProgram {
    /// Handles one key, mouse or resize event. The loop redraws after a resize whatever this returns.
    mutating func handle(_ event: InputEvent) -> LoopCommand
    /// Called once per loop turn, after the burst of input: take mailboxes, expire timers, advance animations.
    /// `now` is the loop's monotonic clock (scripted in tests).
    mutating func tick(now: ContinuousClock.Instant) -> LoopCommand
    /// Draws the whole screen into a blank frame of the terminal's size. The frame starts with the previous
    /// frame's direction and glyphs; set them first when they change.
    func render(into frame: inout CellBuffer)
}

/// Where the loop's input comes from: the terminal, or a script in tests.
public protocol EventSource: AnyObject {
    /// Waits up to `timeout` for input, then returns everything already pending (empty when the wait timed
    /// out); nil when the input has ended for good.
    func poll(timeout: Duration) -> [InputEvent]?
}

/// A backend that can be told its screen no longer shows the last frame, so the next one is sent in full.
public protocol RepaintingBackend: Backend {
    func invalidate()
}

/// Why the loop stopped.
public enum LoopExit: Sendable, Hashable {
    case quit
    /// A termination signal (SIGTERM, SIGINT, SIGHUP) arrived.
    case signal(Int32)
    case inputEnded

    /// The process exit status by shell convention: 0, or 128 + the signal number.
    public var exitStatus: Int32 {
        if case .signal(let number) = self { return 128 + number }
        return 0
    }
}

public enum MainLoop {
    public static let defaultTickInterval: Duration = .milliseconds(50)

    /// Runs `program` until it quits, the input ends or `stopRequest` reports a signal. Each turn: render if
    /// dirty (or the backend's size changed), wait up to `tickInterval` for input and take the whole burst,
    /// handle each event, then tick. Frames are drawn only when something asked for it.
    public static func run<Program: TerminalProgram>(
        program: inout Program,
        backend: some Backend,
        input: some EventSource,
        tickInterval: Duration = defaultTickInterval,
        now: () -> ContinuousClock.Instant = { ContinuousClock.now },
        stopRequest: () -> Int32? = { nil }
    ) -> LoopExit {
        var last = CellBuffer(size: Size(width: 0, height: 0),
                              glyphs: backend.capabilities.unicode ? .unicode : .ascii)
        var dirty = true
        var repaint = false

        func apply(_ command: LoopCommand) -> Bool {
            switch command {
            case .unchanged: break
            case .redraw: dirty = true
            case .repaint: dirty = true; repaint = true
            case .quit: return false
            }
            return true
        }

        while true {
            if let signal = stopRequest() { return .signal(signal) }

            let size = backend.size
            if dirty || size != last.size {
                var frame = CellBuffer(size: size, direction: last.direction, glyphs: last.glyphs)
                program.render(into: &frame)
                if repaint, let repaintable = backend as? any RepaintingBackend { repaintable.invalidate() }
                backend.present(frame)
                last = frame
                dirty = false
                repaint = false
            }

            guard let events = input.poll(timeout: tickInterval) else { return .inputEnded }
            for event in events {
                if case .resize = event { dirty = true }
                guard apply(program.handle(event)) else { return .quit }
            }
            guard apply(program.tick(now: now())) else { return .quit }
        }
    }
}

/// Input from a script, for tests and demos. Each poll plays the next step; after the last step the input ends.
/// Its clock, `now`, advances by the poll timeout on every step without events, as a real wait would.
public final class ScriptedEventSource: EventSource {
    public enum Step {
        case events([InputEvent])
        /// A poll that times out with no input.
        case idle
        /// Runs an action (post to a mailbox, resize the test backend, …), then times out with no input.
        case perform(() -> Void)

        /// Keys typed as one burst: each character becomes `.char`.
        public static func typing(_ text: String) -> Step {
            .events(text.map { .key(.char($0)) })
        }

        public static func keys(_ keys: Key...) -> Step {
            .events(keys.map { .key($0) })
        }
    }

    public private(set) var now: ContinuousClock.Instant
    public private(set) var pollCount = 0
    private var steps: [Step]

    public init(_ steps: [Step], start: ContinuousClock.Instant = .now) {
        self.steps = steps.reversed()
        now = start
    }

    public func poll(timeout: Duration) -> [InputEvent]? {
        guard let step = steps.popLast() else { return nil }
        pollCount += 1
        switch step {
        case .events(let events):
            return events
        case .idle:
            now += timeout
            return []
        case .perform(let action):
            action()
            now += timeout
            return []
        }
    }
}
