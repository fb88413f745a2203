extension TextInput {
    /// Draws the field on the first row of `rect` in the content's own paragraph direction, scrolled so the
    /// caret shows; the caret is the cell under it in reverse video.
    public func render(into buffer: inout CellBuffer, in rect: Rect, theme: Theme) {
        let field = Rect(x: rect.x, y: rect.y, width: rect.width, height: min(1, rect.height))
        guard !field.isEmpty else { return }
        let style = theme.style(isFocused ? .inputFocused : .input)
        buffer.fill(field, style: style)
        let caretStyle = style.with(.reverse)
        if text.isEmpty {
            buffer.text(placeholder, x: field.x, y: field.y, width: field.width,
                        style: theme.style(.muted).layered(on: style))
            if isFocused { buffer.restyle(Rect(x: field.x, y: field.y, width: 1, height: 1), style: caretStyle) }
            return
        }
        let window = visibleWindow(width: field.width)
        buffer.drawing(in: field, direction: contentDirection) { buffer, x in
            buffer.text(window.text, x: x, y: field.y, width: field.width, style: style)
            if isFocused {
                buffer.restyle(Rect(x: x + window.caretX, y: field.y, width: window.caretWidth, height: 1),
                               style: caretStyle)
            }
        }
    }

    /// The part of the text shown in a field `width` cells wide, and where the caret falls in it.
    struct Window: Hashable {
        var text: String
        var caretX: Int
        var caretWidth: Int
    }

    func visibleWindow(width: Int) -> Window {
        let chars = Array(text)
        // Widths as drawn: `CellBuffer.text` sanitizes first (joiners and variation selectors go).
        let widths = chars.map { TextWidth.width(of: TextWidth.sanitize(String($0))) }
        let caretCell = widths[..<cursor].reduce(0, +)
        let caretWidth = cursor < chars.count ? max(1, widths[cursor]) : 1
        // Scroll only as far as needed to keep the caret's cell inside the field, then to a cluster boundary.
        let wanted = max(0, caretCell + caretWidth - width)
        var first = 0, start = 0
        while first < chars.count, start < wanted {
            start += widths[first]
            first += 1
        }
        var last = first, used = 0
        while last < chars.count, used + widths[last] <= width {
            used += widths[last]
            last += 1
        }
        return Window(text: String(chars[first..<last]), caretX: caretCell - start, caretWidth: caretWidth)
    }
}
