/// A virtualized table: a sticky header, then only the rows that fit, each asked of `provider` as it is drawn,
/// so a million-row result costs what one screen costs. Zebra rows, a selected row, an optional sort indicator.
///
/// The provider must be cheap (an array lookup or a page cache filled off the UI thread), never a query.
public struct Table: Widget, Sendable {
    public var columns: [TableColumn]
    /// The column the data source sorted by, shown as an arrow in its header. The table does not sort.
    public var sort: (column: Int, ascending: Bool)?
    /// Shown instead of rows when there are none.
    public var emptyMessage: String
    public private(set) var rowCount: Int
    public private(set) var selection: ListSelection
    /// Off, the selected row is drawn like the others: a table that is only read, or one without the focus.
    public var showsSelection = true
    private var provider: @Sendable (Int) -> [String]

    public init(columns: [TableColumn], rowCount: Int, emptyMessage: String = "",
                provider: @escaping @Sendable (Int) -> [String]) {
        self.columns = columns
        self.rowCount = max(0, rowCount)
        self.emptyMessage = emptyMessage
        self.provider = provider
        selection = ListSelection(count: self.rowCount)
    }

    /// New data; the selection stays on the same index, clamped to the new count.
    public mutating func reload(rowCount: Int, provider: @escaping @Sendable (Int) -> [String]) {
        self.provider = provider
        self.rowCount = max(0, rowCount)
        selection.setCount(self.rowCount)
    }

    public var selectedRow: Int? { selection.selected }

    /// Adopts a selection kept elsewhere (app state), so the view scrolls exactly as that state says.
    public mutating func setSelection(_ newSelection: ListSelection) {
        selection = newSelection
        selection.setCount(rowCount)
    }

    public mutating func select(row: Int) { selection.select(row) }
    public mutating func moveSelection(by delta: Int) { selection.moveSelection(by: delta) }
    public mutating func selectFirst() { selection.selectFirst() }
    public mutating func selectLast() { selection.selectLast() }
    /// Mouse wheel: moves the view by `rows`, dragging the selection only if it would leave the view.
    public mutating func scroll(by rows: Int) { selection.scroll(by: rows) }

    /// Tells the table the rectangle it is drawn in, so paging and scrolling move by the real page height.
    public mutating func fit(_ rect: Rect) { selection.setVisibleRows(rect.height - 1) }

    /// Up/down/page up/page down/home/end move the selection; Enter activates the selected row.
    public mutating func handle(_ key: Key) -> SelectionOutcome {
        if selection.handleNavigation(key) { return .handled }
        if key == .enter, let row = selectedRow { return .activated(row) }
        return .ignored
    }

    /// The data rows drawn in `rect` (what a page cache should hold).
    public func visibleRows(in rect: Rect) -> Range<Int> {
        let rows = max(0, rect.height - 1)
        let top = selection.offset(forRows: rows)
        return top..<min(rowCount, top + rows)
    }

    /// The data row under a logical point (a click), if any.
    public func row(atLogical point: Point, in rect: Rect) -> Int? {
        guard rect.contains(point), point.y > rect.y else { return nil }
        let visible = visibleRows(in: rect)
        let row = visible.lowerBound + point.y - rect.y - 1
        return visible.contains(row) ? row : nil
    }

    /// The column whose header is under a logical point (a click to sort), if any.
    public func headerColumn(atLogical point: Point, in rect: Rect) -> Int? {
        guard rect.contains(point), point.y == rect.y else { return nil }
        let widths = ColumnLayout.widths(of: columns.map(\.width), total: rect.width)
        let offsets = ColumnLayout.offsets(of: widths)
        let dx = point.x - rect.x
        return widths.indices.first { widths[$0] > 0 && dx >= offsets[$0] && dx < offsets[$0] + widths[$0] }
    }

    public func render(into buffer: inout CellBuffer, in rect: Rect, theme: Theme) {
        guard !rect.isEmpty else { return }
        let widths = ColumnLayout.widths(of: columns.map(\.width), total: rect.width)
        let offsets = ColumnLayout.offsets(of: widths)
        renderHeader(into: &buffer, y: rect.y, x: rect.x, width: rect.width, widths: widths, offsets: offsets,
                     theme: theme)
        let body = rect.inset(top: 1)
        guard !body.isEmpty else { return }
        buffer.fill(body, style: theme.style(.tableRow))
        if rowCount == 0 {
            let style = theme.style(.muted).layered(on: theme.style(.tableRow))
            buffer.text(emptyMessage, x: body.x, y: body.y + (body.height - 1) / 2, width: body.width, style: style,
                        align: .center)
            return
        }
        let visible = visibleRows(in: rect)
        for row in visible {
            let y = body.y + row - visible.lowerBound
            let style = rowStyle(row, theme: theme)
            buffer.fill(Rect(x: body.x, y: y, width: body.width, height: 1), style: style)
            let cells = provider(row)
            for (i, column) in columns.enumerated() where widths[i] > 0 && i < cells.count {
                buffer.text(cells[i], x: body.x + offsets[i], y: y, width: widths[i], style: style,
                            align: column.alignment)
            }
        }
    }

    private func rowStyle(_ row: Int, theme: Theme) -> Style {
        if showsSelection, row == selectedRow { return theme.style(.selection) }
        return theme.style(row % 2 == 0 ? .tableRow : .tableRowAlt)
    }

    private func renderHeader(into buffer: inout CellBuffer, y: Int, x: Int, width: Int, widths: [Int],
                              offsets: [Int], theme: Theme) {
        let style = theme.style(.tableHeader)
        buffer.fill(Rect(x: x, y: y, width: width, height: 1), style: style)
        for (i, column) in columns.enumerated() where widths[i] > 0 {
            let cx = x + offsets[i], w = widths[i]
            guard let sort, sort.column == i, w >= 3 else {
                buffer.text(column.title, x: cx, y: y, width: w, style: style, align: column.alignment)
                continue
            }
            // Title and arrow are drawn apart so the arrow always shows and bidi never moves it.
            let titleWidth = w - 2
            let used = TextWidth.width(of: TextWidth.truncate(TextWidth.sanitize(column.title), toWidth: titleWidth,
                                                               ellipsis: buffer.glyphs.ellipsis))
            let start: Int
            switch column.alignment {
            case .leading: start = 0
            case .center: start = (titleWidth - used) / 2
            case .trailing: start = titleWidth - used
            }
            buffer.text(column.title, x: cx, y: y, width: titleWidth, style: style, align: column.alignment)
            let arrow = sort.ascending ? buffer.glyphs.arrowUp : buffer.glyphs.arrowDown
            buffer.put(arrow, x: cx + start + used + 1, y: y, style: style)
        }
    }
}
