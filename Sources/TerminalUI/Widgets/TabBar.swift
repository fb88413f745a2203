/// The horizontal list of screens, for narrow terminals: each tab reads " 1 Title ", the active one highlighted.
/// When the tabs do not fit, every title is shortened by the same amount, down to the number alone.
public struct TabBar: Widget, Hashable, Sendable {
    public var titles: [String]
    public var active: Int

    public init(titles: [String], active: Int = 0) {
        self.titles = titles
        self.active = active
    }

    /// One tab's place on the bar, relative to the bar's leading edge.
    struct Slot: Hashable {
        var x: Int
        var width: Int
        var title: String
    }

    public func render(into buffer: inout CellBuffer, in rect: Rect, theme: Theme) {
        let bar = Rect(x: rect.x, y: rect.y, width: rect.width, height: min(1, rect.height))
        guard !bar.isEmpty else { return }
        buffer.fill(bar, style: theme.style(.sidebar))
        for (i, slot) in slots(width: bar.width, ellipsis: buffer.glyphs.ellipsis).enumerated() {
            let style = theme.style(i == active ? .sidebarActive : .sidebar)
            let x = bar.x + slot.x
            buffer.fill(Rect(x: x, y: bar.y, width: slot.width, height: 1), style: style)
            // Number and title are separate runs so the bidi algorithm never moves one past the other.
            var titleX = x + 1
            if i < 9 {
                buffer.text(String(i + 1), x: x + 1, y: bar.y, width: 1, style: style)
                titleX += 2
            }
            buffer.text(slot.title, x: titleX, y: bar.y, width: x + slot.width - 1 - titleX, style: style)
        }
    }

    /// The tab under a logical point (a click), if any.
    public func item(atLogical point: Point, in rect: Rect) -> Int? {
        guard rect.contains(point), point.y == rect.y else { return nil }
        let dx = point.x - rect.x
        // Only the ellipsis's width matters here, and it is one cell in both glyph sets.
        return slots(width: rect.width, ellipsis: Glyphs.unicode.ellipsis).firstIndex { dx >= $0.x && dx < $0.x + $0.width }
    }

    /// The tabs that fit in `width` cells, titles shortened to the longest length that lets all of them fit.
    func slots(width: Int, ellipsis: String) -> [Slot] {
        let clean = titles.map { TextWidth.sanitize($0) }
        let longest = clean.map { TextWidth.width(of: $0) }.max() ?? 0
        var budget = longest
        // A one-cell title would be only the ellipsis: below two cells drop the title altogether.
        while budget > 0, totalWidth(clean, budget: budget) > width { budget = budget > 2 ? budget - 1 : 0 }
        var slots: [Slot] = []
        var x = 0
        for (i, title) in clean.enumerated() {
            let shown = budget == 0 ? "" : TextWidth.truncate(title, toWidth: budget, ellipsis: ellipsis)
            let w = slotWidth(index: i, titleWidth: TextWidth.width(of: shown))
            guard x + w <= width else { break }
            slots.append(Slot(x: x, width: w, title: shown))
            x += w
        }
        return slots
    }

    private func totalWidth(_ titles: [String], budget: Int) -> Int {
        titles.enumerated().reduce(0) { sum, item in
            sum + slotWidth(index: item.offset, titleWidth: min(budget, TextWidth.width(of: item.element)))
        }
    }

    /// A space each side, the number and a space before the title (the first nine), and the title.
    private func slotWidth(index: Int, titleWidth: Int) -> Int {
        let number = index < 9 ? 1 : 0
        let gap = number > 0 && titleWidth > 0 ? 1 : 0
        return 2 + number + gap + titleWidth
    }
}
