/// Column widths in cells for a table row. Columns are separated by one blank cell.
enum ColumnLayout {
    static let gap = 1

    /// Fixed columns get their width and flexible ones their minimum; spare cells go to flexible columns by
    /// weight. When even that does not fit, the leading columns keep their width and the trailing ones shrink,
    /// down to nothing (a zero-width column is not drawn).
    static func widths(of columns: [TableColumn.Width], total: Int) -> [Int] {
        var widths = columns.map { column -> Int in
            switch column {
            case .fixed(let n): return max(0, n)
            case .flex(let minimum, _): return max(0, minimum)
            }
        }
        guard !widths.isEmpty else { return [] }
        let needed = widths.reduce(0, +) + gap * (widths.count - 1)
        if needed <= total {
            distribute(total - needed, to: &widths, by: columns)
            return widths
        }
        var remaining = max(0, total)
        for i in widths.indices {
            if i > 0 { remaining = max(0, remaining - gap) }
            widths[i] = min(widths[i], remaining)
            remaining -= widths[i]
        }
        return widths
    }

    /// The leading offset of each column, given the widths from `widths(of:total:)`.
    static func offsets(of widths: [Int]) -> [Int] {
        var offsets: [Int] = []
        var x = 0
        for w in widths {
            offsets.append(x)
            x += w + gap
        }
        return offsets
    }

    private static func distribute(_ spare: Int, to widths: inout [Int], by columns: [TableColumn.Width]) {
        let weights = columns.map { column -> Int in
            if case .flex(_, let weight) = column { return max(0, weight) }
            return 0
        }
        let totalWeight = weights.reduce(0, +)
        guard totalWeight > 0, spare > 0 else { return }
        var left = spare
        for i in widths.indices where weights[i] > 0 {
            let share = spare * weights[i] / totalWeight
            widths[i] += share
            left -= share
        }
        // Rounding leftovers, one cell each, to the flexible columns in order.
        for i in widths.indices where weights[i] > 0 && left > 0 {
            widths[i] += 1
            left -= 1
        }
    }
}
