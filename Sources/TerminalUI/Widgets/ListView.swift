/// A single-column selectable list with a marker on the selected item; moves like `Table`.
public struct ListView: Widget, Hashable, Sendable {
    public private(set) var items: [String]
    /// Shown instead of items when there are none.
    public var emptyMessage: String
    public private(set) var selection: ListSelection

    public init(items: [String], emptyMessage: String = "") {
        self.items = items
        self.emptyMessage = emptyMessage
        selection = ListSelection(count: items.count)
    }

    /// New items; the selection stays on the same index, clamped to the new count.
    public mutating func setItems(_ newItems: [String]) {
        items = newItems
        selection.setCount(items.count)
    }

    public var selectedIndex: Int? { selection.selected }

    /// Adopts a selection kept in app state, for a widget rebuilt every frame from fresh data; the count is
    /// the widget's own.
    public mutating func setSelection(_ newSelection: ListSelection) {
        selection = newSelection
        selection.setCount(items.count)
    }

    public mutating func select(_ index: Int) { selection.select(index) }
    public mutating func moveSelection(by delta: Int) { selection.moveSelection(by: delta) }
    public mutating func selectFirst() { selection.selectFirst() }
    public mutating func selectLast() { selection.selectLast() }
    public mutating func scroll(by rows: Int) { selection.scroll(by: rows) }

    /// Tells the list the rectangle it is drawn in, so paging moves by the real page height.
    public mutating func fit(_ rect: Rect) { selection.setVisibleRows(rect.height) }

    public mutating func handle(_ key: Key) -> SelectionOutcome {
        if selection.handleNavigation(key) { return .handled }
        if key == .enter, let index = selectedIndex { return .activated(index) }
        return .ignored
    }

    /// The item under a logical point (a click), if any.
    public func item(atLogical point: Point, in rect: Rect) -> Int? {
        guard rect.contains(point) else { return nil }
        let index = selection.offset(forRows: rect.height) + point.y - rect.y
        return index < items.count ? index : nil
    }

    public func render(into buffer: inout CellBuffer, in rect: Rect, theme: Theme) {
        guard !rect.isEmpty else { return }
        let plain = theme.style(.base)
        buffer.fill(rect, style: plain)
        if items.isEmpty {
            buffer.text(emptyMessage, x: rect.x, y: rect.y, width: rect.width,
                        style: theme.style(.muted).layered(on: plain))
            return
        }
        let top = selection.offset(forRows: rect.height)
        for index in top..<min(items.count, top + rect.height) {
            let y = rect.y + index - top
            var style = plain
            if index == selectedIndex {
                style = theme.style(.selection)
                buffer.fill(Rect(x: rect.x, y: y, width: rect.width, height: 1), style: style)
                buffer.put(buffer.glyphs.selectionMarker, x: rect.x, y: y, style: style)
            }
            buffer.text(items[index], x: rect.x + 2, y: y, width: rect.width - 2, style: style)
        }
    }
}
