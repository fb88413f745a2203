extension ThemeKey {
    /// The heatmap ramp, `heatmap.0` (zero) to `heatmap.4` (the largest counts). A theme that styles only
    /// `heatmap.low` and `heatmap.high` gets low for levels 0–2 and high for 3–4.
    public static func heatmapLevel(_ level: Int) -> ThemeKey { ThemeKey("heatmap.\(level)") }
    public static let heatmapLevels = 5
}

/// A grid of counts (e.g. orders by weekday × hour) coloured by each count's share of the largest, with an
/// optional cursor cell, row labels on the leading side and column labels above.
public struct HeatmapGrid: Widget, Hashable, Sendable {
    public struct Position: Hashable, Sendable {
        public var row: Int
        public var column: Int
        public init(row: Int, column: Int) { self.row = row; self.column = column }
    }

    public var counts: [[Int]]
    public var rowLabels: [String]
    public var columnLabels: [String]
    public var cursor: Position?
    /// Writes each count in its cell; off, cells are only colour (and blank in monochrome).
    public var showsCounts: Bool
    /// Cells are at least this wide (wider when a count or a column label needs it), so a small grid can be drawn
    /// large enough to read and to aim at.
    public var minimumCellWidth: Int

    public init(counts: [[Int]], rowLabels: [String] = [], columnLabels: [String] = [], cursor: Position? = nil,
                showsCounts: Bool = true, minimumCellWidth: Int = 2) {
        self.counts = counts
        self.rowLabels = rowLabels
        self.columnLabels = columnLabels
        self.cursor = cursor
        self.showsCounts = showsCounts
        self.minimumCellWidth = minimumCellWidth
    }

    var rowCount: Int { counts.count }
    var columnCount: Int { counts.map(\.count).max() ?? 0 }
    var maxCount: Int { counts.joined().max() ?? 0 }

    /// 0 for zero (or negative) counts, else 1–4 by quarter of the largest count.
    public func level(of count: Int) -> Int { Self.level(of: count, largest: maxCount) }

    static func level(of count: Int, largest: Int) -> Int {
        guard count > 0, largest > 0 else { return 0 }
        let share = Double(count) / Double(largest)
        return max(1, min(4, Int((share * 4).rounded(.up))))
    }

    func style(level: Int, theme: Theme) -> Style {
        let key = ThemeKey.heatmapLevel(level)
        if theme.styles[key] != nil { return theme.style(key) }
        return theme.style(level <= 2 ? .heatmapLow : .heatmapHigh)
    }

    /// Arrows move the cursor, staying in the grid (left and right follow the layout direction); Enter
    /// activates the cell under it.
    public mutating func handle(_ key: Key, direction: LayoutDirection = .leftToRight) -> HeatmapOutcome {
        guard rowCount > 0, columnCount > 0 else { return .ignored }
        if key == .enter, let cursor { return .activated(cursor) }
        var position = cursor ?? Position(row: 0, column: 0)
        let forward = direction == .leftToRight ? 1 : -1
        switch key {
        case .up: position.row -= 1
        case .down: position.row += 1
        case .left: position.column -= forward
        case .right: position.column += forward
        case .home: position.column = 0
        case .end: position.column = columnCount - 1
        default: return .ignored
        }
        position.row = min(max(0, position.row), rowCount - 1)
        position.column = min(max(0, position.column), columnCount - 1)
        cursor = position
        return .handled
    }

    struct Layout {
        var labelWidth: Int
        var cellWidth: Int
        var gridX: Int
        var gridY: Int
    }

    func layout(in rect: Rect) -> Layout {
        let labelWidth = min(rect.width / 4, rowLabels.map { TextWidth.width(of: TextWidth.sanitize($0)) }.max() ?? 0)
        let labels = columnLabels.map { TextWidth.width(of: TextWidth.sanitize($0)) }.max() ?? 0
        let cellWidth = max(2, minimumCellWidth, showsCounts ? String(maxCount).count : 0, min(3, labels))
        let gridX = rect.x + (labelWidth > 0 ? labelWidth + 1 : 0)
        return Layout(labelWidth: labelWidth, cellWidth: cellWidth, gridX: gridX,
                      gridY: rect.y + (columnLabels.isEmpty ? 0 : 1))
    }

    /// The cell under a logical point (a click), if any.
    public func cell(atLogical point: Point, in rect: Rect) -> Position? {
        guard rect.contains(point) else { return nil }
        let l = layout(in: rect)
        let dx = point.x - l.gridX, dy = point.y - l.gridY
        guard dx >= 0, dy >= 0, dx % (l.cellWidth + 1) < l.cellWidth else { return nil }
        let position = Position(row: dy, column: dx / (l.cellWidth + 1))
        guard position.row < rowCount, position.column < counts[position.row].count else { return nil }
        return position
    }

    public func render(into buffer: inout CellBuffer, in rect: Rect, theme: Theme) {
        guard !rect.isEmpty else { return }
        let l = layout(in: rect)
        let step = l.cellWidth + 1
        let largest = maxCount
        let muted = theme.style(.muted)
        if !columnLabels.isEmpty {
            for (c, label) in columnLabels.enumerated().prefix(columnCount) {
                buffer.text(label, x: l.gridX + c * step, y: rect.y, width: min(l.cellWidth, rect.maxX - l.gridX - c * step),
                            style: muted, align: .trailing)
            }
        }
        for (r, row) in counts.enumerated() where l.gridY + r < rect.maxY {
            let y = l.gridY + r
            if r < rowLabels.count {
                buffer.text(rowLabels[r], x: rect.x, y: y, width: l.labelWidth, style: muted)
            }
            for (c, count) in row.enumerated() {
                let x = l.gridX + c * step
                let width = min(l.cellWidth, rect.maxX - x)
                guard width > 0 else { break }
                let isCursor = cursor == Position(row: r, column: c)
                let style = isCursor ? theme.style(.selection) : style(level: Self.level(of: count, largest: largest), theme: theme)
                buffer.fill(Rect(x: x, y: y, width: width, height: 1), style: style)
                if showsCounts {
                    buffer.text(String(count), x: x, y: y, width: width, style: style, align: .trailing)
                }
            }
        }
    }
}

public enum HeatmapOutcome: Hashable, Sendable {
    case handled, ignored
    case activated(HeatmapGrid.Position)
}
