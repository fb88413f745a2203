import Synchronization
import Testing
@testable import TerminalUI

/// Records which rows a table asked its provider for.
final class RowRequests: Sendable {
    private let rows = Mutex<[Int]>([])
    func record(_ row: Int) { rows.withLock { $0.append(row) } }
    func take() -> [Int] { rows.withLock { rows in defer { rows = [] }; return rows } }
}

@Suite struct TableTests {
    static let people = [["alice", "1200"], ["bob", "80"], ["carol", "15"]]
    let columns = [TableColumn(title: "Name", width: .flex()),
                   TableColumn(title: "Points", width: .fixed(7), alignment: .trailing)]

    func peopleTable() -> Table {
        Table(columns: columns, rowCount: Self.people.count, emptyMessage: "No customers") { Self.people[$0] }
    }

    @Test func drawsAStickyHeaderZebraRowsAndTheSelection() {
        var table = peopleTable()
        table.select(row: 2)
        #expect(styled(draw(table, width: 20, height: 5)) == lines(
            "Name          Points",
            "aaaaaaaaaaaaaaaaaaaa",
            "alice           1200",
            "....................",
            "bob               80",
            "bbbbbbbbbbbbbbbbbbbb",
            "carol             15",
            "cccccccccccccccccccc",
            "                    ",
            "....................",
            "-- styles --",
            "a: fg=default bg=default bold,underline",
            "b: fg=default bg=ansi8",
            "c: fg=default bg=default reverse"))
    }

    @Test func mirrorsColumnsAndShowsTheSortArrowInRightToLeftLayouts() {
        var table = Table(columns: [columns[0], TableColumn(title: "Points", width: .fixed(8), alignment: .trailing)],
                          rowCount: Self.people.count) { Self.people[$0] }
        table.sort = (column: 1, ascending: false)
        #expect(text(draw(table, width: 20, height: 4, direction: .rightToLeft)) == lines(
            "▼ Points        Name",
            "1200           alice",
            "80               bob",
            "15             carol"))
        table.sort = (column: 0, ascending: true)
        #expect(text(draw(table, width: 20, height: 1)) == "Name ▲        Points")
    }

    @Test func theSortArrowStaysVisibleWhenTheTitleIsCut() {
        var table = peopleTable()
        table.sort = (column: 1, ascending: false)
        #expect(text(draw(table, width: 20, height: 1)) == "Name         Poin… ▼")
    }

    @Test func showsTheEmptyMessageWhenThereAreNoRows() {
        let table = Table(columns: columns, rowCount: 0, emptyMessage: "No customers") { _ in
            Issue.record("an empty table asked for a row")
            return []
        }
        #expect(text(draw(table, width: 20, height: 4)) == lines(
            "Name          Points",
            "                    ",
            "    No customers    ",
            "                    "))
        #expect(table.selectedRow == nil)
    }

    @Test func asksOnlyForTheRowsItDraws() {
        let requests = RowRequests()
        var table = Table(columns: columns, rowCount: 1_000_000) { row in
            requests.record(row)
            return ["row \(row)", String(row % 1000)]
        }
        let rect = Rect(x: 0, y: 0, width: 30, height: 6)
        table.fit(rect)
        _ = draw(table, width: 30, height: 6)
        #expect(requests.take() == [0, 1, 2, 3, 4])

        table.selectLast()
        let frame = draw(table, width: 30, height: 6)
        #expect(requests.take() == Array(999_995...999_999))
        #expect(text(frame).split(separator: "\n").last?.hasPrefix("row 999999 ") == true)
        #expect(table.visibleRows(in: rect) == 999_995..<1_000_000)
    }

    @Test func truncatesAVeryWideCellByCells() {
        let wide = String(repeating: "日", count: 250) // 500 cells
        let table = Table(columns: [TableColumn(title: "Note"), TableColumn(title: "#", width: .fixed(3))],
                          rowCount: 1) { _ in [wide, "x"] }
        let frame = draw(table, width: 12, height: 2)
        // 8 cells for the note: three wide glyphs, the ellipsis and one blank cell.
        #expect(text(frame).split(separator: "\n")[1] == "日日日…  x  ")
        #expect(frame.row(1).count { $0.isContinuation } == 3)
    }

    @Test func findsTheRowAndHeaderUnderAClick() {
        let table = peopleTable()
        let rect = Rect(x: 0, y: 0, width: 20, height: 5)
        #expect(table.row(atLogical: Point(x: 3, y: 2), in: rect) == 1)
        #expect(table.row(atLogical: Point(x: 3, y: 0), in: rect) == nil)
        #expect(table.row(atLogical: Point(x: 3, y: 4), in: rect) == nil)
        #expect(table.headerColumn(atLogical: Point(x: 2, y: 0), in: rect) == 0)
        #expect(table.headerColumn(atLogical: Point(x: 15, y: 0), in: rect) == 1)
        #expect(table.headerColumn(atLogical: Point(x: 12, y: 0), in: rect) == nil)
    }

    @Test func clickedRowsFollowTheScrolledView() {
        var table = Table(columns: columns, rowCount: 100) { [String($0)] }
        let rect = Rect(x: 0, y: 0, width: 20, height: 6)
        table.fit(rect)
        table.select(row: 40)
        #expect(table.visibleRows(in: rect) == 36..<41)
        #expect(table.row(atLogical: Point(x: 0, y: 1), in: rect) == 36)
    }

    @Test func keysMoveTheSelectionAndEnterActivatesIt() {
        var table = peopleTable()
        #expect(table.handle(.down) == .handled)
        #expect(table.selectedRow == 1)
        #expect(table.handle(.enter) == .activated(1))
        #expect(table.handle(.char("x")) == .ignored)
        table.selectLast()
        #expect(table.selectedRow == 2)
        table.selectFirst()
        table.moveSelection(by: 2)
        #expect(table.selectedRow == 2)
    }

    @Test func theWheelScrollsTheView() {
        var table = Table(columns: columns, rowCount: 100) { [String($0)] }
        let rect = Rect(x: 0, y: 0, width: 20, height: 6)
        table.fit(rect)
        table.scroll(by: 3)
        #expect(table.visibleRows(in: rect) == 3..<8)
        #expect(table.selectedRow == 3)
    }

    @Test func adoptsASelectionKeptInAppState() {
        var kept = ListSelection(count: 100, visibleRows: 5)
        kept.select(40)
        var table = Table(columns: columns, rowCount: 30) { [String($0)] }
        table.setSelection(kept)
        #expect(table.selectedRow == 29)
        #expect(table.selection.count == 30)
    }

    @Test func reloadingFewerRowsKeepsTheSelectionInside() {
        var table = Table(columns: columns, rowCount: 100) { [String($0)] }
        table.selectLast()
        table.reload(rowCount: 10) { [String($0)] }
        #expect(table.selectedRow == 9)
        #expect(table.rowCount == 10)
    }
}
