import Testing
@testable import TerminalUI

/// PROPOSED (not in /work/main: outside the files assigned to "ncurses"): the backend's pure helpers.
@Suite struct NCursesBackendHelpersTests {
    func frame(_ text: String, width: Int = 8) -> CellBuffer {
        var b = CellBuffer(size: Size(width: width, height: 1))
        b.text(text, x: 0, y: 0, width: width, style: .plain)
        return b
    }

    @Test func anUnchangedRowSendsNothing() {
        #expect(NCursesBackend.changedSpan(frame("abc"), frame("abc"), row: 0, columns: 8) == nil)
    }

    @Test func onlyTheChangedColumnsAreSent() {
        #expect(NCursesBackend.changedSpan(frame("abcdef"), frame("abXdeY"), row: 0, columns: 8) == 2..<6)
    }

    @Test func aChangedWideGlyphIsSentFromItsFirstColumn() {
        // "a日" → "a本": both columns of the wide glyph differ only in the head, but a change that starts on
        // a continuation cell must back up to the head.
        var old = frame("a日")
        var new = frame("a日")
        new[physicalX: 2, 0] = Cell(" ", style: Style(attributes: .bold), isContinuation: true)
        #expect(NCursesBackend.changedSpan(new, old, row: 0, columns: 8) == 1..<3)
        old = frame("ab")
        #expect(NCursesBackend.changedSpan(frame("a日"), old, row: 0, columns: 8) == 1..<3)
    }

    @Test func columnsPastTheVisibleWidthAreIgnored() {
        #expect(NCursesBackend.changedSpan(frame("abcdefgX"), frame("abcdefgh"), row: 0, columns: 7) == nil)
    }

    @Test func paddingIsDroppedFromCapabilities() {
        func bytes(_ s: String) -> [CChar] { s.utf8.map { CChar(bitPattern: $0) } }
        #expect(NCursesBackend.withoutPadding(bytes("\u{1B}[m$<2>\u{1B}[?25h$<5/>")) == bytes("\u{1B}[m\u{1B}[?25h"))
        #expect(NCursesBackend.withoutPadding(bytes("cost $5")) == bytes("cost $5"))
    }

    @Test func colourDepthFollowsTheEnvironmentAndTheTerminal() {
        func depth(_ env: [String: String], hasColors: Bool = true, colors: Int = 256) -> ColorDepth {
            TerminalCapabilities.colorDepth(hasColors: hasColors, colors: colors, environment: { env[$0] })
        }
        #expect(depth([:]) == .indexed256)
        #expect(depth([:], colors: 8) == .ansi16)
        #expect(depth(["COLORTERM": "truecolor"]) == .trueColor)
        #expect(depth(["COLORTERM": "24bit"], colors: 8) == .trueColor)
        #expect(depth(["NO_COLOR": "1", "COLORTERM": "truecolor"]) == ColorDepth.none)
        #expect(depth(["NO_COLOR": ""]) == .indexed256)
        #expect(depth([:], hasColors: false) == ColorDepth.none)
    }

    @Test func utf8CodesetNamesAreRecognised() {
        #expect(TerminalCapabilities.isUTF8(codeset: "UTF-8"))
        #expect(TerminalCapabilities.isUTF8(codeset: "utf8"))
        #expect(!TerminalCapabilities.isUTF8(codeset: "ANSI_X3.4-1968"))
        #expect(!TerminalCapabilities.isUTF8(codeset: "ISO-8859-1"))
    }

    @Test func coloursMapToTheTerminalsPalette() {
        let xterm256 = PairAllocator(colorCount: 256, terminalDefaults: true)
        #expect(xterm256.number(for: .default, isForeground: true) == -1)
        #expect(xterm256.number(for: .ansi(9), isForeground: true) == 9)
        #expect(xterm256.number(for: .indexed(208), isForeground: true) == 208)
        #expect(xterm256.number(for: .rgb(255, 135, 0), isForeground: true) == 208)
        let eight = PairAllocator(colorCount: 8, terminalDefaults: false)
        #expect(eight.number(for: .ansi(9), isForeground: true) == 1)
        #expect(eight.number(for: .default, isForeground: true) == 7)
        #expect(eight.number(for: .default, isForeground: false) == 0)
    }

    @Test func durationsBecomeWholeMilliseconds() {
        #expect(NCursesBackend.milliseconds(.milliseconds(50)) == 50)
        #expect(NCursesBackend.milliseconds(.microseconds(1_500)) == 1)
        #expect(NCursesBackend.milliseconds(.seconds(-1)) == 0)
    }
}
