/// The vertical list of screens: a marker on the active one, then its number (1–9, the key that opens it),
/// then its title.
public struct Sidebar: Widget, Hashable, Sendable {
    public var titles: [String]
    public var active: Int

    public init(titles: [String], active: Int = 0) {
        self.titles = titles
        self.active = active
    }

    static let numberColumn = 2
    static let titleColumn = 4

    public func render(into buffer: inout CellBuffer, in rect: Rect, theme: Theme) {
        let plain = theme.style(.sidebar)
        buffer.fill(rect, style: plain)
        for (i, title) in titles.enumerated().prefix(rect.height) {
            let y = rect.y + i
            let style = i == active ? theme.style(.sidebarActive) : plain
            if i == active {
                buffer.fill(Rect(x: rect.x, y: y, width: rect.width, height: 1), style: style)
                if rect.width > 0 { buffer.put(buffer.glyphs.selectionMarker, x: rect.x, y: y, style: style) }
            }
            if i < 9 {
                buffer.text(String(i + 1), x: rect.x + Self.numberColumn, y: y,
                            width: min(1, rect.width - Self.numberColumn), style: style)
            }
            buffer.text(title, x: rect.x + Self.titleColumn, y: y, width: rect.width - Self.titleColumn, style: style)
        }
    }

    /// The screen under a logical point (a click), if any.
    public func item(atLogical point: Point, in rect: Rect) -> Int? {
        guard rect.contains(point) else { return nil }
        let i = point.y - rect.y
        return i < titles.count ? i : nil
    }
}
