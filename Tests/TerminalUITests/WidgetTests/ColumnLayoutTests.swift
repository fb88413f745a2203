import PropertyBased
import Testing
@testable import TerminalUI

@Suite struct ColumnLayoutTests {
    @Test func fixedColumnsKeepTheirWidthAndFlexColumnsShareTheRestByWeight() {
        let widths = ColumnLayout.widths(of: [.fixed(6), .flex(min: 2, weight: 1), .flex(min: 2, weight: 3)], total: 30)
        // 30 - 2 gaps - 6 - 2 - 2 = 18 spare: a quarter and three quarters, the leftover cell to the first flex.
        #expect(widths == [6, 2 + 5, 2 + 13])
    }

    @Test func whenTooNarrowTheLeadingColumnsKeepTheirWidth() {
        #expect(ColumnLayout.widths(of: [.fixed(5), .fixed(5), .fixed(5)], total: 9) == [5, 3, 0])
        #expect(ColumnLayout.widths(of: [.fixed(5), .flex(min: 4, weight: 1)], total: 3) == [3, 0])
    }

    @Test func offsetsLeaveOneCellBetweenColumns() {
        #expect(ColumnLayout.offsets(of: [3, 4, 2]) == [0, 4, 9])
    }

    @Test func columnsNeverOverflowTheRow() async {
        // Weight 0 stands for a fixed column.
        let column = zip(Gen.int(in: 0...3), Gen.int(in: 0...20)).map { kind, n -> TableColumn.Width in
            kind == 0 ? .fixed(n) : .flex(min: n, weight: kind)
        }
        await propertyCheck(input: column.array(of: 1...6), Gen.int(in: 0...80)) { columns, total in
            let widths = ColumnLayout.widths(of: columns, total: total)
            #expect(widths.count == columns.count)
            #expect(widths.allSatisfy { $0 >= 0 })
            let visible = widths.filter { $0 > 0 }
            #expect(visible.reduce(0, +) + ColumnLayout.gap * max(0, visible.count - 1) <= max(0, total))
        }
    }
}
