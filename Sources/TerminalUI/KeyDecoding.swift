/// One read from the terminal, before it means anything to the app.
enum RawInput: Hashable, Sendable {
    /// A character from get_wch (it returned OK).
    case character(UInt32)
    /// A key code from get_wch (it returned KEY_CODE_YES), other than mouse and resize.
    case keyCode(Int32)
    /// A mouse report from getmouse: the button-state bits and the physical cell.
    case mouse(buttons: UInt, x: Int, y: Int)
    /// The terminal has a new size (KEY_RESIZE, or a change noticed by polling).
    case resized(Size)
}

/// ncurses' numbers for special keys and mouse buttons. `NCursesBackend` fills them from curses.h, so decoding
/// stays a pure function that tests can run without a terminal.
struct CursesKeyCodes: Sendable {
    var up, down, left, right: Int32
    var pageUp, pageDown, home, end: Int32
    /// What some terminals (rxvt, PuTTY in VT220 mode) send for Home and End.
    var find, select: Int32
    var enter, backspace, backTab, delete, insert: Int32
    /// F(n) is `functionBase + n`.
    var functionBase: Int32
    var leftPressed, leftClicked, middlePressed, middleClicked, rightPressed, rightClicked: UInt
    var wheelUp, wheelDown: UInt
}

/// Turns what get_wch and getmouse return into `InputEvent`s.
struct KeyDecoder: Sendable {
    let codes: CursesKeyCodes
    private let specialKeys: [Int32: Key]

    static let escape: UInt32 = 27
    static let highestFunctionKey = 12

    init(codes: CursesKeyCodes) {
        self.codes = codes
        var keys: [Int32: Key] = [
            codes.up: .up, codes.down: .down, codes.left: .left, codes.right: .right,
            codes.pageUp: .pageUp, codes.pageDown: .pageDown, codes.home: .home, codes.end: .end,
            codes.find: .home, codes.select: .end,
            codes.enter: .enter, codes.backspace: .backspace, codes.backTab: .backTab,
            codes.delete: .delete, codes.insert: .insert,
        ]
        for n in 1...Self.highestFunctionKey { keys[codes.functionBase + Int32(n)] = .function(n) }
        specialKeys = keys
    }

    /// Decodes one burst (every read that was pending together), in order.
    ///
    /// An Esc followed by more input in the same burst did not stand alone: ncurses waits ESCDELAY after a lone
    /// Esc, so whatever follows at once belongs to it. Esc plus a character is an Alt chord, which `Key` cannot
    /// express, so it is dropped rather than delivered as Esc (which would close a dialog) plus a letter.
    /// Esc plus `[` or `O` starts an escape sequence ncurses did not recognise (a key missing from terminfo);
    /// it is dropped whole instead of arriving as stray characters.
    func decode(_ burst: [RawInput]) -> [InputEvent] {
        var events: [InputEvent] = []
        var i = 0
        while i < burst.count {
            switch burst[i] {
            case .character(Self.escape):
                let skipped = Self.lengthOfEscapeChord(in: burst, at: i)
                if skipped == 1 { events.append(.key(.escape)) }
                i += skipped
                continue
            case .character(let code):
                if let key = Self.key(forCharacter: code) { events.append(.key(key)) }
            case .keyCode(let code):
                if let key = key(forKeyCode: code) { events.append(.key(key)) }
            case .mouse(let buttons, let x, let y):
                if let button = mouseButton(buttons) {
                    events.append(.mouse(MouseEvent(button: button, position: Point(x: x, y: y))))
                }
            case .resized(let size):
                events.append(.resize(size))
            }
            i += 1
        }
        return events
    }

    /// How many reads starting at the Esc at `start` belong together: 1 for a lone Esc.
    static func lengthOfEscapeChord(in burst: [RawInput], at start: Int) -> Int {
        guard start + 1 < burst.count, case .character(let next) = burst[start + 1], next != escape else { return 1 }
        switch next {
        case 0x5B: // CSI: ESC [ parameters… intermediates… final (0x40–0x7E)
            var j = start + 2
            while j < burst.count, case .character(let c) = burst[j] {
                j += 1
                if (0x40...0x7E).contains(c) { break }
                if !(0x20...0x3F).contains(c) { j -= 1; break }
            }
            return j - start
        case 0x4F: // SS3: ESC O final
            if start + 2 < burst.count, case .character = burst[start + 2] { return 3 }
            return 2
        default:
            return 2
        }
    }

    /// The key a character code stands for on its own, or nil when it means nothing (NUL, C1 controls, …).
    static func key(forCharacter code: UInt32) -> Key? {
        switch code {
        case 8, 127: return .backspace
        case 9: return .tab
        case 10, 13: return .enter
        case 27: return .escape
        case 1...26: return .ctrl(Character(Unicode.Scalar(UInt8(0x60 + code))))
        case 0, 28...31, 0x80...0x9F: return nil
        default: return Unicode.Scalar(code).map { .char(Character($0)) }
        }
    }

    func key(forKeyCode code: Int32) -> Key? { specialKeys[code] }

    /// The button of a press or click; releases and motion give nil (a click is reported once, on press).
    func mouseButton(_ buttons: UInt) -> MouseButton? {
        if buttons & codes.wheelUp != 0 { return .wheelUp }
        if buttons & codes.wheelDown != 0 { return .wheelDown }
        if buttons & (codes.leftPressed | codes.leftClicked) != 0 { return .left }
        if buttons & (codes.middlePressed | codes.middleClicked) != 0 { return .middle }
        if buttons & (codes.rightPressed | codes.rightClicked) != 0 { return .right }
        return nil
    }
}
