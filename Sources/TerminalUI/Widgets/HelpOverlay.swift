/// One group of the help overlay, e.g. "Navigation" with its keys.
public struct HelpSection: Hashable, Sendable {
    public var title: String
    public var rows: [HelpRow]
    public init(title: String, rows: [HelpRow]) { self.title = title; self.rows = rows }
}

public struct HelpRow: Hashable, Sendable {
    /// How the keys read, e.g. "j / ↓".
    public var keys: String
    public var description: String
    public init(keys: String, description: String) { self.keys = keys; self.description = description }
}

/// The `?` overlay: sections of keys and what they do, in a modal that scrolls when it is taller than the
/// screen (arrows on the border show there is more). Escape, ? or q close it.
public struct HelpOverlay: Widget, Hashable, Sendable {
    public var title: String
    public var sections: [HelpSection]
    public private(set) var offset = 0
    private var visibleRows = 10

    public init(title: String, sections: [HelpSection]) {
        self.title = title
        self.sections = sections
    }

    enum Line: Hashable {
        case heading(String)
        case row(HelpRow)
        case blank
    }

    var lines: [Line] {
        var lines: [Line] = []
        for section in sections {
            if !lines.isEmpty { lines.append(.blank) }
            lines.append(.heading(section.title))
            lines += section.rows.map(Line.row)
        }
        return lines
    }

    /// Tells the overlay the screen it is drawn on, so scrolling stops at the last line.
    public mutating func fit(_ screen: Rect) {
        visibleRows = max(1, layout(in: screen).content.height)
        offset = min(offset, maxOffset)
    }

    private var maxOffset: Int { max(0, lines.count - visibleRows) }

    public mutating func handle(_ key: Key) -> HelpOutcome {
        switch key {
        case .escape, .char("?"), .char("q"): return .closed
        case .up: offset -= 1
        case .down: offset += 1
        case .pageUp: offset -= visibleRows
        case .pageDown: offset += visibleRows
        case .home: offset = 0
        case .end: offset = maxOffset
        default: return .ignored
        }
        offset = min(max(0, offset), maxOffset)
        return .handled
    }

    struct Layout {
        var contentSize: Size
        var content: Rect
        var keysWidth: Int
    }

    func layout(in screen: Rect) -> Layout {
        let rows = sections.flatMap(\.rows)
        let keysWidth = rows.map { TextWidth.width(of: TextWidth.sanitize($0.keys)) }.max() ?? 0
        let descriptionWidth = rows.map { TextWidth.width(of: TextWidth.sanitize($0.description)) }.max() ?? 0
        let headings = sections.map(\.title) + [title]
        let width = max(Modal.contentWidth(for: headings, maxWidth: 70, screen: screen),
                        min(keysWidth + 2 + descriptionWidth, 70, screen.width - Modal.horizontalChrome))
        let size = Size(width: width, height: lines.count)
        let content = Modal.frame(contentSize: size, in: screen).inset(top: 1, leading: 2, bottom: 1, trailing: 2)
        return Layout(contentSize: size, content: content, keysWidth: min(keysWidth, width / 2))
    }

    public func render(into buffer: inout CellBuffer, in screen: Rect, theme: Theme) {
        let l = layout(in: screen)
        let content = Modal.present(title: title, contentSize: l.contentSize, into: &buffer, in: screen, theme: theme)
        guard !content.isEmpty else { return }
        let all = lines
        let top = min(offset, max(0, all.count - content.height))
        let surface = theme.style(.modal)
        let heading = theme.style(.emphasis).layered(on: surface)
        let keys = theme.style(.footerKey).layered(on: surface)
        for (i, line) in all[top..<min(all.count, top + content.height)].enumerated() {
            let y = content.y + i
            switch line {
            case .heading(let text):
                buffer.text(text, x: content.x, y: y, width: content.width, style: heading)
            case .row(let row):
                buffer.text(row.keys, x: content.x, y: y, width: l.keysWidth, style: keys)
                buffer.text(row.description, x: content.x + l.keysWidth + 2, y: y,
                            width: content.width - l.keysWidth - 2, style: surface)
            case .blank:
                break
            }
        }
        let border = theme.style(.modalBorder)
        let arrowX = content.maxX
        if top > 0 { buffer.put(buffer.glyphs.arrowUp, x: arrowX, y: content.y - 1, style: border) }
        if top + content.height < all.count {
            buffer.put(buffer.glyphs.arrowDown, x: arrowX, y: content.maxY, style: border)
        }
    }
}

public enum HelpOutcome: Hashable, Sendable {
    case handled, ignored, closed
}
