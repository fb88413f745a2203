import CNCursesW
#if canImport(Glibc)
import Glibc
#endif

/// The terminal, through ncursesw: shows frames (sending only the rows that changed) and reads input. This is the
/// only code that calls ncurses, and only the thread that created the backend (the main thread) may use it.
/// `TerminalSession` creates and closes it.
public final class NCursesBackend: RepaintingBackend, EventSource {
    public let capabilities: TerminalCapabilities
    public var size: Size { Size(width: Int(ln_cols()), height: Int(ln_lines())) }

    /// Inputs read in one poll at most, so a flood (a huge paste) cannot keep the loop from drawing.
    static let burstLimit = 4096
    /// How long ncurses waits after Esc for the rest of a key sequence before reporting a lone Esc.
    static let escapeDelayMilliseconds: Int32 = 25

    private let screen: OpaquePointer
    /// stdscr; resizing keeps the same window.
    private let window: UnsafeMutablePointer<WINDOW>
    private var isOpen = true
    private let decoder = KeyDecoder(codes: .ncurses)
    private var colors: PairAllocator?
    private var looks: [Style: Look] = [:]
    private var previous: CellBuffer?
    private var needsRepaint = false

    private struct Look {
        var attributes: attr_t
        var pair: Int32
    }

    /// Starts curses on the process's terminal (stdin/stdout, which must be terminals).
    /// Throws `TerminalSetupError` when TERM is unknown or cannot address the cursor.
    init(environment: (String) -> String?) throws {
        let term = environment("TERM") ?? ""
        ln_save_terminal_mode(STDIN_FILENO)
        guard let screen = newterm(nil, ln_stdout(), ln_stdin()) else {
            throw TerminalSetupError.terminalTypeUnknown(term: term)
        }
        guard ln_string_capability("cup") != nil else {
            endwin()
            delscreen(screen)
            throw TerminalSetupError.terminalCannotMoveCursor(term: term)
        }
        guard let window = ln_stdscr() else {
            endwin()
            delscreen(screen)
            throw TerminalSetupError.cursesFailed(step: "newterm")
        }
        self.screen = screen
        self.window = window

        raw()  // Ctrl-C, Ctrl-Z and Ctrl-\ arrive as keys instead of signals
        noecho()
        nonl()
        keypad(window, true)
        intrflush(window, false)
        leaveok(window, true)
        curs_set(0)
        set_escdelay(Self.escapeDelayMilliseconds)

        let wanted = ln_button1_pressed() | ln_button1_clicked() | ln_button2_pressed() | ln_button2_clicked()
            | ln_button3_pressed() | ln_button3_clicked() | ln_button4_pressed() | ln_button5_pressed()
        let mouse = mousemask(wanted, nil) != 0
        mouseinterval(0)  // report presses at once instead of waiting to see whether they become clicks

        let noColor = !(environment("NO_COLOR") ?? "").isEmpty
        if has_colors(), !noColor {
            start_color()
            colors = PairAllocator(colorCount: Int(ln_colors()), terminalDefaults: use_default_colors() == OK)
        } else {
            colors = nil
        }
        let depth = TerminalCapabilities.colorDepth(hasColors: colors != nil, colors: colors?.colorCount ?? 0,
                                                    environment: environment)
        capabilities = TerminalCapabilities(colorDepth: depth, unicode: TerminalCapabilities.localeIsUTF8(),
                                            mouse: mouse)

        let reset = Self.resetSequence(mouse: mouse)
        reset.withUnsafeBufferPointer { ln_arm_terminal_restore($0.baseAddress, $0.count) }
    }

    deinit { close() }

    /// Leaves curses mode and gives the terminal back as it was. Safe to call more than once.
    public func close() {
        guard isOpen else { return }
        isOpen = false
        ln_disarm_terminal_restore()
        endwin()
        delscreen(screen)
    }

    public func invalidate() { needsRepaint = true }

    // MARK: output

    public func present(_ frame: CellBuffer) {
        guard isOpen else { return }
        let visible = size
        let full = needsRepaint || previous?.size != frame.size
        if full {
            werase(window)
            // After a resize or Ctrl-L the terminal's content is unknown: clear it and send every cell.
            if previous != nil { clearok(ln_curscr(), true) }
        }
        let rows = min(frame.size.height, visible.height)
        let columns = min(frame.size.width, visible.width)
        for y in 0..<rows {
            if full {
                draw(frame, row: y, span: 0..<columns)
            } else if let previous, let changed = Self.changedSpan(frame, previous, row: y, columns: columns) {
                draw(frame, row: y, span: changed)
            }
        }
        previous = frame
        needsRepaint = false
        wnoutrefresh(window)
        doupdate()
    }

    /// The columns of `row` that differ between two frames of the same size, widened to the start of a wide
    /// glyph whose continuation changed; nil when the row is unchanged.
    static func changedSpan(_ new: CellBuffer, _ old: CellBuffer, row: Int, columns: Int) -> Range<Int>? {
        let newRow = new.row(row), oldRow = old.row(row)
        let base = newRow.startIndex, oldBase = oldRow.startIndex
        guard let first = (0..<columns).first(where: { newRow[base + $0] != oldRow[oldBase + $0] }) else {
            return nil
        }
        let last = (0..<columns).last(where: { newRow[base + $0] != oldRow[oldBase + $0] })!
        let start = first > 0 && newRow[base + first].isContinuation ? first - 1 : first
        return start..<(last + 1)
    }

    private func draw(_ frame: CellBuffer, row y: Int, span: Range<Int>) {
        let unicode = capabilities.unicode
        for x in span {
            let cell = frame[physicalX: x, y]
            if cell.isContinuation {
                // ncurses fills a wide glyph's second column itself; in ASCII mode the glyph became one `?`.
                if !unicode { put(" ", look: look(for: cell.style), x: x, y: y) }
                continue
            }
            put(cell.grapheme, look: look(for: cell.style), x: x, y: y)
        }
    }

    private func put(_ grapheme: Character, look: Look, x: Int, y: Int) {
        let capacity = Int(ln_max_chars_per_cell()) + 1
        withUnsafeTemporaryAllocation(of: wchar_t.self, capacity: capacity) { text in
            text.initialize(repeating: 0)
            if capabilities.unicode {
                for (i, scalar) in grapheme.unicodeScalars.prefix(capacity - 1).enumerated() {
                    text[i] = wchar_t(bitPattern: scalar.value)
                }
            } else {
                let value = grapheme.unicodeScalars.first?.value ?? 0x20
                text[0] = wchar_t(value >= 0x20 && value < 0x7F ? value : 0x3F)  // "?" for what ASCII lacks
            }
            var cell = cchar_t()
            var pair = look.pair
            setcchar(&cell, text.baseAddress, look.attributes, 0, &pair)
            _ = mvwadd_wch(window, Int32(y), Int32(x), &cell)  // the bottom-right cell reports ERR but is drawn
        }
    }

    private func look(for style: Style) -> Look {
        if let known = looks[style] { return known }
        var attributes = ln_a_normal()
        if style.attributes.contains(.bold) { attributes |= ln_a_bold() }
        if style.attributes.contains(.dim) { attributes |= ln_a_dim() }
        if style.attributes.contains(.underline) { attributes |= ln_a_underline() }
        if style.attributes.contains(.reverse) { attributes |= ln_a_reverse() }
        if style.attributes.contains(.italic) { attributes |= ln_a_italic() }
        var pair: Int32 = 0
        if capabilities.colorDepth != .none,
           let lookup = colors?.pair(foreground: style.foreground, background: style.background) {
            pair = lookup.pair
            // alloc_pair reuses the least recently used pair once all are taken, so remembered looks may be stale.
            if lookup.recycled { looks.removeAll() }
        }
        let look = Look(attributes: attributes, pair: pair)
        looks[style] = look
        return look
    }

    // MARK: input

    public func poll(timeout: Duration) -> [InputEvent]? {
        guard isOpen else { return nil }
        var burst: [RawInput] = []
        wtimeout(window, Self.milliseconds(timeout))
        var waiting = true
        reading: while burst.count < Self.burstLimit {
            var character: wint_t = 0
            let status = wget_wch(window, &character)
            if waiting { wtimeout(window, 0); waiting = false }  // the rest of the burst: only what is pending
            switch status {
            case OK:
                burst.append(.character(UInt32(character)))
            case KEY_CODE_YES:
                switch Int32(bitPattern: character) {
                case KEY_MOUSE:
                    var event = MEVENT()
                    if getmouse(&event) == OK {
                        burst.append(.mouse(buttons: UInt(event.bstate), x: Int(event.x), y: Int(event.y)))
                    }
                case KEY_RESIZE:
                    burst.append(.resized(size))
                case let code:
                    burst.append(.keyCode(code))
                }
            default:
                break reading
            }
        }
        if let resized = followKernelSize() { burst.append(.resized(resized)) }
        return decoder.decode(burst)
    }

    /// Resizes curses when the kernel's idea of the terminal size differs from it, for when a SIGWINCH was missed
    /// (ncurses only notices it inside get_wch, and not at all if another handler took the signal).
    private func followKernelSize() -> Size? {
        var rows: Int32 = 0, columns: Int32 = 0
        guard ln_terminal_size(STDOUT_FILENO, &rows, &columns) == 0,
              rows != ln_lines() || columns != ln_cols() else { return nil }
        resize_term(rows, columns)
        return size
    }

    static func milliseconds(_ duration: Duration) -> Int32 {
        let (seconds, attoseconds) = duration.components
        return Int32(clamping: max(0, seconds * 1000 + attoseconds / 1_000_000_000_000_000))
    }

    // MARK: restoring the terminal

    /// The bytes that undo curses' output modes, written by the crash handlers: attributes off, cursor shown,
    /// keypad transmit and mouse reporting off, then back from the alternate screen.
    static func resetSequence(mouse: Bool) -> [CChar] {
        var bytes: [CChar] = []
        for name in ["sgr0", "cnorm", "rmkx"] { bytes += capability(name) }
        if mouse { bytes += Array("\u{1B}[?1006l\u{1B}[?1003l\u{1B}[?1002l\u{1B}[?1000l".utf8CString.dropLast()) }
        bytes += capability("rmcup")
        return bytes
    }

    /// A terminfo string capability, or nothing when the terminal lacks it.
    static func capability(_ name: String) -> [CChar] {
        guard let value = ln_string_capability(name) else { return [] }
        return withoutPadding(UnsafeBufferPointer(start: value, count: strlen(value)))
    }

    /// Drops terminfo's `$<…>` padding delays, which only tputs understands, from a capability string.
    static func withoutPadding(_ capability: some Sequence<CChar>) -> [CChar] {
        let dollar = CChar(UInt8(ascii: "$")), open = CChar(UInt8(ascii: "<")), close = CChar(UInt8(ascii: ">"))
        var bytes: [CChar] = []
        var inPadding = false
        for byte in capability {
            if inPadding {
                if byte == close { inPadding = false }
            } else if byte == open, bytes.last == dollar {
                bytes.removeLast()
                inPadding = true
            } else {
                bytes.append(byte)
            }
        }
        return bytes
    }

    static func installTerminationHandlers() { ln_install_termination_handlers() }
    static func uninstallTerminationHandlers() { ln_uninstall_termination_handlers() }

    /// The termination signal that arrived since the last call, if any.
    static func takeTerminationSignal() -> Int32? {
        let signal = ln_take_termination_signal()
        return signal == 0 ? nil : signal
    }
}

/// Colour pairs for (foreground, background), with colours mapped to what the terminal has: the 256 xterm
/// colours when COLORS >= 256, else the 16 (or 8) ANSI ones; `.default` is the terminal's own colour (-1).
struct PairAllocator {
    let colorCount: Int
    let terminalDefaults: Bool
    /// Which colours each pair number was last allocated for.
    private var owners: [Int32: ColorNumbers] = [:]

    private struct ColorNumbers: Hashable {
        var foreground: Int32
        var background: Int32
    }

    init(colorCount: Int, terminalDefaults: Bool) {
        self.colorCount = colorCount; self.terminalDefaults = terminalDefaults
    }

    var palette: ColorDepth { colorCount >= 256 ? .indexed256 : .ansi16 }

    /// The curses colour number for `color`.
    func number(for color: Color, isForeground: Bool) -> Int32 {
        switch color.degraded(to: palette) {
        case .default: return terminalDefaults ? -1 : (isForeground ? COLOR_WHITE : COLOR_BLACK)
        case .ansi(let n): return Int32(colorCount >= 16 ? n % 16 : n % 8)
        case .indexed(let n): return Int32(n)
        case .rgb: return -1  // not reached: degraded(to:) maps rgb into the palette
        }
    }

    /// The pair for two colours, and whether alloc_pair took it back from other colours to make room.
    mutating func pair(foreground: Color, background: Color) -> (pair: Int32, recycled: Bool) {
        let fg = number(for: foreground, isForeground: true), bg = number(for: background, isForeground: false)
        if fg == -1 && bg == -1 { return (0, false) }
        let pair = alloc_pair(fg, bg)
        guard pair > 0 else { return (0, false) }
        let numbers = ColorNumbers(foreground: fg, background: bg)
        let previousOwner = owners.updateValue(numbers, forKey: pair)
        return (pair, previousOwner != nil && previousOwner != numbers)
    }
}

extension CursesKeyCodes {
    /// The codes of this ncurses build.
    static let ncurses = CursesKeyCodes(
        up: KEY_UP, down: KEY_DOWN, left: KEY_LEFT, right: KEY_RIGHT,
        pageUp: KEY_PPAGE, pageDown: KEY_NPAGE, home: KEY_HOME, end: KEY_END,
        find: KEY_FIND, select: KEY_SELECT,
        enter: KEY_ENTER, backspace: KEY_BACKSPACE, backTab: KEY_BTAB, delete: KEY_DC, insert: KEY_IC,
        functionBase: KEY_F0,
        leftPressed: UInt(ln_button1_pressed()), leftClicked: UInt(ln_button1_clicked()),
        middlePressed: UInt(ln_button2_pressed()), middleClicked: UInt(ln_button2_clicked()),
        rightPressed: UInt(ln_button3_pressed()), rightClicked: UInt(ln_button3_clicked()),
        wheelUp: UInt(ln_button4_pressed()), wheelDown: UInt(ln_button5_pressed()))
}
