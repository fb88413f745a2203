/// How every form field draws: its editor on the first row and, once the field should show its validation,
/// the English message on the second row in the error style.
enum FieldRendering {
    static func renderMessage(_ message: String?, into buffer: inout CellBuffer, in rect: Rect, theme: Theme) {
        guard let message, rect.height >= 2 else { return }
        let surface = buffer.style(atLogicalX: rect.x, y: rect.y + 1)
        buffer.text(message, x: rect.x, y: rect.y + 1, width: rect.width,
                    style: theme.style(.inputError).layered(on: surface))
    }

    /// Leading and trailing spaces are not part of a value.
    static func trimmed(_ text: String) -> Substring {
        let start = text.firstIndex { !$0.isWhitespace } ?? text.endIndex
        let end = text.lastIndex { !$0.isWhitespace }.map { text.index(after: $0) } ?? start
        return text[start..<max(start, end)]
    }
}
