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
}
