import Testing
@testable import TerminalUI

@Suite struct SidebarTests {
    let sidebar = Sidebar(titles: ["Overview", "Customers", "Rewards"], active: 1)

    @Test func marksTheActiveScreenAndNumbersEveryScreen() {
        #expect(styled(draw(sidebar, width: 14, height: 4)) == lines(
            "  1 Overview  ",
            "aaaaaaaaaaaaaa",
            "▶ 2 Customers ",
            "bbbbbbbbbbbbbb",
            "  3 Rewards   ",
            "aaaaaaaaaaaaaa",
            "              ",
            "aaaaaaaaaaaaaa",
            "-- styles --",
            "a: fg=ansi7 bg=ansi4",
            "b: fg=ansi0 bg=ansi6"))
    }

    @Test func mirrorsInRightToLeftLayouts() {
        #expect(text(draw(sidebar, width: 14, height: 4, direction: .rightToLeft)) == lines(
            "  Overview 1  ",
            " Customers 2 ▶",
            "   Rewards 3  ",
            "              "))
    }

    @Test func onlyTheFirstNineScreensGetANumber() {
        let many = Sidebar(titles: (1...10).map { "S\($0)" }, active: 0)
        let rows = text(draw(many, width: 8, height: 10)).split(separator: "\n")
        #expect(rows[8] == "  9 S9  ")
        #expect(rows[9] == "    S10 ")
    }

    @Test func findsTheScreenUnderAClick() {
        let rect = Rect(x: 0, y: 2, width: 14, height: 6)
        #expect(sidebar.item(atLogical: Point(x: 3, y: 3), in: rect) == 1)
        #expect(sidebar.item(atLogical: Point(x: 3, y: 5), in: rect) == nil)
        #expect(sidebar.item(atLogical: Point(x: 20, y: 3), in: rect) == nil)
    }
}

@Suite struct TabBarTests {
    let tabs = TabBar(titles: ["Overview", "Customers", "Rewards"], active: 1)

    @Test func highlightsTheActiveTab() {
        #expect(styled(draw(tabs, width: 40, height: 1)) == lines(
            " 1 Overview  2 Customers  3 Rewards     ",
            "aaaaaaaaaaaabbbbbbbbbbbbbaaaaaaaaaaaaaaa",
            "-- styles --",
            "a: fg=ansi7 bg=ansi4",
            "b: fg=ansi0 bg=ansi6"))
    }

    @Test func shortensEveryTitleAlikeWhenTheyDoNotFitAndMirrors() {
        #expect(text(draw(tabs, width: 24, height: 1)) == " 1 Ove…  2 Cus…  3 Rew… ")
        #expect(text(draw(tabs, width: 36, height: 1, direction: .rightToLeft)) == " Rewards 3  Customers 2  Overview 1 ")
        #expect(text(draw(tabs, width: 9, height: 1)) == " 1  2  3 ")
    }

    @Test func findsTheTabUnderAClickInEitherDirection() {
        let rect = Rect(x: 0, y: 0, width: 24, height: 1)
        #expect(tabs.item(atLogical: Point(x: 10, y: 0), in: rect) == 1)
        #expect(tabs.item(atLogical: Point(x: 10, y: 1), in: rect) == nil)
        let rtl = CellBuffer(size: Size(width: 24, height: 1), direction: .rightToLeft)
        // The physical leftmost tab of a right-to-left bar is the last one.
        #expect(tabs.item(atLogical: Point(x: rtl.logicalX(physical: 2), y: 0), in: rect) == 2)
    }
}
