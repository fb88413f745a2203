import Testing
@testable import TerminalUI

@Suite struct CellBufferTests {
    @Test func textIsMirroredInRightToLeftLayouts() {
        var ltr = CellBuffer(size: Size(width: 10, height: 1))
        ltr.text("ab", x: 0, y: 0, width: 10, style: .plain)
        #expect(TestBackend.text(of: ltr) == "ab        ")
        var rtl = CellBuffer(size: Size(width: 10, height: 1), direction: .rightToLeft)
        rtl.text("ab", x: 0, y: 0, width: 10, style: .plain)
        #expect(TestBackend.text(of: rtl) == "        ab")
    }

    @Test func wideGlyphsTakeTwoCellsAndAreNeverSplit() {
        var b = CellBuffer(size: Size(width: 6, height: 1))
        b.text("日本語", x: 0, y: 0, width: 6, style: .plain)
        #expect(TestBackend.text(of: b) == "日本語")
        b.put("x", x: 1, y: 0, style: .plain)
        #expect(TestBackend.text(of: b) == " x本語")
    }

    @Test func hebrewIsReorderedAndPlacedFromTheRightInRightToLeftLayouts() {
        var rtl = CellBuffer(size: Size(width: 10, height: 1), direction: .rightToLeft)
        let used = rtl.text("שלום", x: 0, y: 0, width: 10, style: .plain)
        #expect(used == 4)
        #expect(TestBackend.text(of: rtl) == String(repeating: " ", count: 6) + String("שלום".reversed()))
        var ltr = CellBuffer(size: Size(width: 10, height: 1))
        ltr.text("שלום", x: 0, y: 0, width: 10, style: .plain)
        #expect(TestBackend.text(of: ltr) == String("שלום".reversed()) + String(repeating: " ", count: 6))
    }

    @Test func mixedLineInARightToLeftLayout() {
        var rtl = CellBuffer(size: Size(width: 20, height: 1), direction: .rightToLeft)
        rtl.text("Order #1234 של דנה", x: 0, y: 0, width: 20, style: .plain)
        #expect(TestBackend.text(of: rtl) == "  " + String("של דנה".reversed()) + " Order #1234")
    }

    @Test func truncatedRightToLeftTextEndsWithTheEllipsisOnTheLeft() {
        var rtl = CellBuffer(size: Size(width: 6, height: 1), direction: .rightToLeft)
        rtl.text("שלום עולם", x: 0, y: 0, width: 6, style: .plain)
        #expect(TestBackend.text(of: rtl) == "… " + String("שלום".reversed()))
    }

    @Test func controlCharactersAreDrawnAsMarks() {
        var b = CellBuffer(size: Size(width: 8, height: 1))
        b.text("a\u{1B}[2Jb\tc", x: 0, y: 0, width: 8, style: .plain)
        let mark = String(TextWidth.controlMark)
        #expect(TestBackend.text(of: b) == "a\(mark)[2Jb c")
    }
}
