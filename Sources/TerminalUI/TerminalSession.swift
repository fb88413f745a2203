#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why the dashboard cannot take over the terminal. The caller prints `description` and exits with status 2.
public enum TerminalSetupError: Error, Equatable, CustomStringConvertible {
    case notATerminal(stream: String)
    case terminalTypeUnset
    case terminalCannotMoveCursor(term: String)
    case terminalTypeUnknown(term: String)
    case cursesFailed(step: String)

    public var description: String {
        switch self {
        case .notATerminal(let stream):
            return "The dashboard needs an interactive terminal, but \(stream) is redirected to a file or a pipe. "
                + "Run it directly in a terminal window, without redirecting its input or output."
        case .terminalTypeUnset:
            return "The TERM environment variable is not set, so the terminal type is unknown. "
                + "Set it to your terminal's type, for example: TERM=xterm-256color"
        case .terminalCannotMoveCursor(let term):
            return "TERM=\(term) describes a terminal that cannot move the cursor, which a full-screen dashboard "
                + "needs. Run it in a terminal emulator, or set TERM to that emulator's type (e.g. xterm-256color)."
        case .terminalTypeUnknown(let term):
            return "TERM=\(term) is not in the terminfo database. Set TERM to a known type (e.g. xterm-256color), "
                + "or install the description of this one (the ncurses-term package has most)."
        case .cursesFailed(let step):
            return "The terminal could not be prepared (\(step) failed). Check that TERM matches your terminal."
        }
    }
}

/// How a session ended, with the program in its final state.
public struct SessionEnd<Program> {
    public var exit: LoopExit
    public var program: Program
}

/// Takes over the process's terminal with ncurses, runs a program in the main loop, and gives the terminal back
/// on every way out: a normal quit, Ctrl-C (a key in raw mode, so the program decides), SIGTERM/SIGINT/SIGHUP
/// (the loop sees the signal and returns), a thrown error (defer), `exit()` (atexit) and a crash on any thread
/// (signal handlers that restore the terminal, then let the crash proceed). Call it from the main thread.
public enum TerminalSession {
    public static func run<Program: TerminalProgram>(
        tickInterval: Duration = MainLoop.defaultTickInterval,
        makeProgram: (TerminalCapabilities, Size) throws -> Program
    ) throws -> SessionEnd<Program> {
        setlocale(LC_ALL, "")
        guard isatty(STDIN_FILENO) == 1 else { throw TerminalSetupError.notATerminal(stream: "standard input") }
        guard isatty(STDOUT_FILENO) == 1 else { throw TerminalSetupError.notATerminal(stream: "standard output") }
        try checkTerminalType(environmentValue("TERM"))

        NCursesBackend.installTerminationHandlers()
        defer { NCursesBackend.uninstallTerminationHandlers() }
        let backend = try NCursesBackend(environment: environmentValue)
        defer { backend.close() }

        var program = try makeProgram(backend.capabilities, backend.size)
        let exit = MainLoop.run(program: &program, backend: backend, input: backend, tickInterval: tickInterval,
                                stopRequest: NCursesBackend.takeTerminationSignal)
        return SessionEnd(exit: exit, program: program)
    }

    /// TERM unset, empty or "dumb" is refused before ncurses starts rather than replaced by a guess such as
    /// "xterm": a wrong guess sends sequences the terminal does not understand and can leave it garbled, while
    /// the error says exactly what to set. An unknown TERM is refused when newterm cannot find it, and a known
    /// type without cursor addressing right after newterm.
    static func checkTerminalType(_ term: String?) throws {
        guard let term, !term.isEmpty else { throw TerminalSetupError.terminalTypeUnset }
        if term == "dumb" { throw TerminalSetupError.terminalCannotMoveCursor(term: term) }
    }

    static func environmentValue(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }
}

extension TerminalCapabilities {
    /// NO_COLOR (set and not empty, see no-color.org) turns colour off; COLORTERM=truecolor or 24bit declares
    /// 24-bit colour; otherwise the terminfo colour count decides.
    static func colorDepth(hasColors: Bool, colors: Int, environment: (String) -> String?) -> ColorDepth {
        if let noColor = environment("NO_COLOR"), !noColor.isEmpty { return .none }
        guard hasColors, colors >= 8 else { return .none }
        if let colorTerm = environment("COLORTERM")?.lowercased(), colorTerm == "truecolor" || colorTerm == "24bit" {
            return .trueColor
        }
        return colors >= 256 ? .indexed256 : .ansi16
    }

    /// Whether the current locale encodes text as UTF-8 (after `setlocale(LC_ALL, "")`). When it does not,
    /// callers draw with `Glyphs.ascii` and the backend shows non-ASCII text as `?`.
    static func localeIsUTF8() -> Bool {
        guard let codeset = nl_langinfo(nl_item(CODESET)) else { return false }
        return isUTF8(codeset: String(cString: codeset))
    }

    static func isUTF8(codeset: String) -> Bool {
        let normalized = codeset.uppercased().filter { $0 != "-" && $0 != "_" }
        return normalized == "UTF8"
    }
}
