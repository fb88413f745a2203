import PropertyBased
import Testing
@testable import TerminalUI

@Suite struct ListSelectionTests {
    @Test func anEmptyListHasNoSelectionAndIgnoresMoves() {
        var s = ListSelection(count: 0, visibleRows: 5)
        s.moveSelection(by: 3)
        s.selectLast()
        s.scroll(by: 2)
        #expect(s.selected == nil)
        #expect(s.offset(forRows: 5) == 0)
    }

    @Test func movesStopAtTheEnds() {
        var s = ListSelection(count: 4, visibleRows: 2)
        s.moveSelection(by: -1)
        #expect(s.selected == 0)
        s.moveSelection(by: 10)
        #expect(s.selected == 3)
        s.selectFirst()
        #expect(s.selected == 0)
    }

    @Test func theViewScrollsOnlyWhenTheSelectionWouldLeaveIt() {
        var s = ListSelection(count: 20, visibleRows: 5)
        s.moveSelection(by: 4)
        #expect(s.offset == 0)
        s.moveSelection(by: 1)
        #expect(s.offset == 1)
        // Moving back up inside the view leaves it where it is.
        s.moveSelection(by: -3)
        #expect(s.offset == 1)
        s.moveSelection(by: -2)
        #expect(s.selected == 0)
        #expect(s.offset == 0)
    }

    @Test func pagingMovesByTheVisibleRows() {
        var s = ListSelection(count: 100, visibleRows: 10)
        var results: [Bool] = []
        results.append(s.handleNavigation(.pageDown))
        #expect(s.selected == 10)
        results.append(s.handleNavigation(.end))
        #expect(s.selected == 99)
        #expect(s.offset == 90)
        results.append(s.handleNavigation(.pageUp))
        #expect(s.selected == 89)
        results.append(s.handleNavigation(.home))
        #expect(s.selected == 0)
        results.append(s.handleNavigation(.char("x")))
        #expect(results == [true, true, true, true, false])
    }

    @Test func wheelScrollingDragsTheSelectionOnlyWhenItWouldLeaveTheView() {
        var s = ListSelection(count: 50, visibleRows: 10)
        s.select(5)
        s.scroll(by: 3)
        #expect(s.offset == 3)
        #expect(s.selected == 5)
        s.scroll(by: 10)
        #expect(s.offset == 13)
        #expect(s.selected == 13)
        s.scroll(by: 1000)
        #expect(s.offset == 40)
        s.scroll(by: -1000)
        #expect(s.offset == 0)
        #expect(s.selected == 9)
    }

    @Test func shrinkingTheListClampsTheSelection() {
        var s = ListSelection(count: 30, visibleRows: 10)
        s.selectLast()
        s.setCount(12)
        #expect(s.selected == 11)
        #expect(s.offset(forRows: 10) == 2)
    }

    @Test func theSelectionIsAlwaysInsideTheRowsDrawn() async {
        let moves = Gen.int(in: -40...40).array(of: 0...12)
        await propertyCheck(input: Gen.int(in: 1...200), Gen.int(in: 1...30), moves, Gen.int(in: 1...40)) {
            count, visible, moves, drawnRows in
            var s = ListSelection(count: count, visibleRows: visible)
            for delta in moves { s.moveSelection(by: delta) }
            let selected = try #require(s.selected)
            let top = s.offset(forRows: drawnRows)
            #expect((0..<count).contains(selected))
            #expect(selected >= top && selected < top + drawnRows)
            #expect(top >= 0 && top <= max(0, count - 1))
        }
    }
}
