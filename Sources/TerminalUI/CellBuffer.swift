/// One terminal cell. A double-width grapheme occupies its cell and a following continuation cell
/// (`isContinuation`), which backends skip.
public struct Cell: Hashable, Sendable {
    public var grapheme: Character
    public var style: Style
    public var isContinuation: Bool

    public init(_ grapheme: Character = " ", style: Style = .plain, isContinuation: Bool = false) {
        self.grapheme = grapheme; self.style = style; self.isContinuation = isContinuation
    }

    public static let blank = Cell()
}

/// Box-drawing and symbol glyphs. `.ascii` is used when the locale is not UTF-8 and by the ascii theme
/// (CJK terminals often draw box characters double width).
public struct Glyphs: Hashable, Sendable {
    public var horizontal: Character, vertical: Character
    public var topLeft: Character, topRight: Character, bottomLeft: Character, bottomRight: Character
    public var ellipsis: String
    public var barFull: Character
    /// Eighth blocks for bar charts and gauges, from 1/8 to 8/8; ascii has a single step.
    public var barEighths: [Character]
    /// Sparkline levels from lowest to highest.
    public var sparkLevels: [Character]
    public var selectionMarker: Character
    public var arrowUp: Character, arrowDown: Character

    public static let unicode = Glyphs(
        horizontal: "─", vertical: "│", topLeft: "┌", topRight: "┐", bottomLeft: "└", bottomRight: "┘",
        ellipsis: "…", barFull: "█", barEighths: ["▏", "▎", "▍", "▌", "▋", "▊", "▉", "█"],
        sparkLevels: ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"], selectionMarker: "▶", arrowUp: "▲", arrowDown: "▼")

    public static let ascii = Glyphs(
        horizontal: "-", vertical: "|", topLeft: "+", topRight: "+", bottomLeft: "+", bottomRight: "+",
        ellipsis: "~", barFull: "#", barEighths: ["#"],
        sparkLevels: ["_", ".", "-", "=", "*", "#"], selectionMarker: ">", arrowUp: "^", arrowDown: "v")
}

/// The frame every pane draws into (immediate mode). Drawing calls take *logical* coordinates; when
/// `direction` is right-to-left the buffer mirrors x, so sidebars, column order and alignment flip, and
/// each text run is reordered for display with the bidi algorithm.
public struct CellBuffer: Hashable, Sendable {
    public private(set) var size: Size
    public private(set) var cells: [Cell]
    public var direction: LayoutDirection
    public var glyphs: Glyphs

    public init(size: Size, direction: LayoutDirection = .leftToRight, glyphs: Glyphs = .unicode) {
        self.size = Size(width: max(0, size.width), height: max(0, size.height))
        self.cells = Array(repeating: .blank, count: self.size.width * self.size.height)
        self.direction = direction
        self.glyphs = glyphs
    }

    public var bounds: Rect { Rect(size: size) }
    public var isRightToLeft: Bool { direction == .rightToLeft }

    public subscript(physicalX x: Int, y: Int) -> Cell {
        get { cells[y * size.width + x] }
        set { cells[y * size.width + x] = newValue }
    }

    /// The cells of one physical row.
    public func row(_ y: Int) -> ArraySlice<Cell> {
        cells[(y * size.width)..<((y + 1) * size.width)]
    }

    /// Converts a logical column span to the physical column where it starts.
    public func physicalX(_ logicalX: Int, width: Int = 1) -> Int {
        isRightToLeft ? size.width - logicalX - width : logicalX
    }

    /// Converts a physical column (e.g. from a mouse click) to a logical one.
    public func logicalX(physical x: Int) -> Int {
        Self.logicalX(physical: x, width: size.width, direction: direction)
    }

    /// The same, for a screen of `width` cells without a frame at hand (input handling).
    public static func logicalX(physical x: Int, width: Int, direction: LayoutDirection) -> Int {
        direction == .rightToLeft ? width - 1 - x : x
    }

    // MARK: drawing

    public mutating func clear(style: Style = .plain) {
        for i in cells.indices { cells[i] = Cell(" ", style: style) }
    }

    /// Fills a logical rectangle with blanks in `style`.
    public mutating func fill(_ rect: Rect, style: Style, with grapheme: Character = " ") {
        let r = clipPhysical(rect)
        guard !r.isEmpty else { return }
        for y in r.y..<r.maxY {
            for x in r.x..<r.maxX { setPhysical(x, y, Cell(grapheme, style: style)) }
        }
    }

    /// Applies `style` to the existing cells of a logical rectangle (keeps their text), e.g. a selection bar.
    public mutating func restyle(_ rect: Rect, style: Style) {
        let r = clipPhysical(rect)
        guard !r.isEmpty else { return }
        for y in r.y..<r.maxY {
            for x in r.x..<r.maxX { cells[y * size.width + x].style = style }
        }
    }

    /// Writes one line of text into the logical span `x ..< x+width` on row `y`: sanitized, truncated by cells
    /// with an ellipsis, reordered by the bidi algorithm when needed, aligned. Returns the cells used.
    @discardableResult
    public mutating func text(_ string: String, x: Int, y: Int, width: Int, style: Style,
                              align: Alignment = .leading) -> Int {
        guard width > 0, y >= 0, y < size.height else { return 0 }
        let clean = TextWidth.sanitize(string)
        let fitted = TextWidth.truncate(clean, toWidth: width, ellipsis: glyphs.ellipsis)
        let visual = Bidi.needsReordering(fitted, direction: direction)
            ? Bidi.visualLine(fitted, direction: direction) : fitted
        let used = TextWidth.width(of: visual)
        let offset: Int
        switch align {
        case .leading: offset = 0
        case .center: offset = (width - used) / 2
        case .trailing: offset = width - used
        }
        let start = physicalX(x + offset, width: used)
        placeVisual(visual, physicalX: start, y: y, style: style)
        return used
    }

    /// Writes text that may span several lines of `rect`, wrapping by cells at spaces when possible.
    /// Returns the number of rows used.
    @discardableResult
    public mutating func paragraph(_ string: String, in rect: Rect, style: Style) -> Int {
        let lines = string.split(separator: "\n", omittingEmptySubsequences: false)
            .flatMap { TextWidth.wrap(TextWidth.sanitize(String($0)), width: rect.width) }
        for (i, line) in lines.prefix(rect.height).enumerated() {
            text(line, x: rect.x, y: rect.y + i, width: rect.width, style: style)
        }
        return min(lines.count, rect.height)
    }

    /// Draws a single grapheme at a logical cell (for marks, bars, borders).
    public mutating func put(_ grapheme: Character, x: Int, y: Int, style: Style) {
        let px = physicalX(x)
        guard px >= 0, px < size.width, y >= 0, y < size.height else { return }
        setPhysical(px, y, Cell(grapheme, style: style))
    }

    /// Draws a frame around a logical rectangle, with an optional title on the top edge.
    public mutating func box(_ rect: Rect, style: Style, title: String? = nil, titleStyle: Style? = nil) {
        guard rect.width >= 2, rect.height >= 2 else { return }
        let p = clipPhysical(rect)
        guard p == physicalRect(rect) else { return }
        let g = glyphs
        for x in (p.x + 1)..<(p.maxX - 1) {
            setPhysical(x, p.y, Cell(g.horizontal, style: style))
            setPhysical(x, p.maxY - 1, Cell(g.horizontal, style: style))
        }
        for y in (p.y + 1)..<(p.maxY - 1) {
            setPhysical(p.x, y, Cell(g.vertical, style: style))
            setPhysical(p.maxX - 1, y, Cell(g.vertical, style: style))
        }
        setPhysical(p.x, p.y, Cell(g.topLeft, style: style))
        setPhysical(p.maxX - 1, p.y, Cell(g.topRight, style: style))
        setPhysical(p.x, p.maxY - 1, Cell(g.bottomLeft, style: style))
        setPhysical(p.maxX - 1, p.maxY - 1, Cell(g.bottomRight, style: style))
        if let title, rect.width > 4 {
            text(" \(title) ", x: rect.x + 1, y: rect.y, width: rect.width - 2, style: titleStyle ?? style)
        }
    }

    /// A horizontal rule across a logical span.
    public mutating func hline(x: Int, y: Int, width: Int, style: Style) {
        for i in 0..<max(0, width) { put(glyphs.horizontal, x: x + i, y: y, style: style) }
    }

    /// A vertical rule down a logical column.
    public mutating func vline(x: Int, y: Int, height: Int, style: Style) {
        for i in 0..<max(0, height) { put(glyphs.vertical, x: x, y: y + i, style: style) }
    }

    // MARK: internals

    func physicalRect(_ rect: Rect) -> Rect {
        Rect(x: physicalX(rect.x, width: rect.width), y: rect.y, width: rect.width, height: rect.height)
    }

    func clipPhysical(_ rect: Rect) -> Rect {
        let p = physicalRect(rect)
        let x0 = max(0, p.x), y0 = max(0, p.y)
        let x1 = min(size.width, p.maxX), y1 = min(size.height, p.maxY)
        return Rect(x: x0, y: y0, width: x1 - x0, height: y1 - y0)
    }

    /// Places already-visual text left to right from a physical column, clipping at the edges.
    mutating func placeVisual(_ visual: String, physicalX start: Int, y: Int, style: Style) {
        var x = start
        for ch in visual {
            let w = TextWidth.width(of: ch)
            if w == 0 { continue }
            if x >= size.width { break }
            if x >= 0 && x + w <= size.width {
                setPhysical(x, y, Cell(ch, style: style))
                if w == 2 { setPhysical(x + 1, y, Cell(" ", style: style, isContinuation: true)) }
            } else if x >= 0 {
                setPhysical(x, y, Cell(" ", style: style)) // a wide glyph cut by the right edge
            }
            x += w
        }
    }

    /// Sets a cell, repairing any wide glyph it splits so a row never holds half a character.
    mutating func setPhysical(_ x: Int, _ y: Int, _ cell: Cell) {
        let i = y * size.width + x
        if cells[i].isContinuation, x > 0 {
            cells[i - 1] = Cell(" ", style: cells[i - 1].style)
        }
        if !cell.isContinuation, x + 1 < size.width, cells[i + 1].isContinuation {
            cells[i + 1] = Cell(" ", style: cells[i + 1].style)
        }
        cells[i] = cell
    }
}
