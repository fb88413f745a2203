/// Which row of a scrolling list is selected and which row is at the top of the view. Table, ListView and the
/// command palette share it so every list moves the same way.
///
/// Paging and wheel scrolling need the height of the view; tell it with `setVisibleRows(_:)` (the widgets'
/// `fit(_:)` does) whenever the layout changes. Rendering never trusts the stored value alone: it always draws
/// the selection, whatever height it is given.
public struct ListSelection: Hashable, Sendable {
    public private(set) var count: Int
    /// The top row of the view as last adjusted.
    public private(set) var offset: Int
    public private(set) var visibleRows: Int
    private var index: Int

    public init(count: Int = 0, visibleRows: Int = 10) {
        self.count = max(0, count)
        self.visibleRows = max(1, visibleRows)
        offset = 0
        index = 0
    }

    /// The selected row, nil when the list is empty.
    public var selected: Int? { count > 0 ? index : nil }

    public mutating func setCount(_ newCount: Int) {
        count = max(0, newCount)
        index = min(index, max(0, count - 1))
        keepSelectionVisible()
    }

    public mutating func setVisibleRows(_ rows: Int) {
        visibleRows = max(1, rows)
        keepSelectionVisible()
    }

    public mutating func select(_ row: Int) {
        guard count > 0 else { return }
        index = min(max(0, row), count - 1)
        keepSelectionVisible()
    }

    public mutating func moveSelection(by delta: Int) { select(index + delta) }
    public mutating func selectFirst() { select(0) }
    public mutating func selectLast() { select(count - 1) }
    public mutating func movePage(by pages: Int) { moveSelection(by: pages * visibleRows) }

    /// Scrolls the view (mouse wheel). The selection moves only as far as needed to stay in view.
    public mutating func scroll(by delta: Int) {
        guard count > 0 else { return }
        offset = min(max(0, offset + delta), max(0, count - visibleRows))
        index = min(max(index, offset), min(count, offset + visibleRows) - 1)
    }

    /// Handles up/down/page up/page down/home/end; returns false for any other key.
    public mutating func handleNavigation(_ key: Key) -> Bool {
        switch key {
        case .up: moveSelection(by: -1)
        case .down: moveSelection(by: 1)
        case .pageUp: movePage(by: -1)
        case .pageDown: movePage(by: 1)
        case .home: selectFirst()
        case .end: selectLast()
        default: return false
        }
        return true
    }

    /// The top row to draw in a view of `rows` rows: the stored offset, moved as little as possible to show
    /// the selection and to leave no blank rows at the bottom while there are rows above.
    public func offset(forRows rows: Int) -> Int {
        guard rows > 0, count > 0 else { return 0 }
        var top = min(offset, max(0, count - rows))
        if index < top { top = index }
        if index >= top + rows { top = index - rows + 1 }
        return top
    }

    private mutating func keepSelectionVisible() { offset = offset(forRows: visibleRows) }
}

/// What a selectable list did with a key.
public enum SelectionOutcome: Hashable, Sendable {
    case handled, ignored
    /// Enter on a row.
    case activated(Int)
}
