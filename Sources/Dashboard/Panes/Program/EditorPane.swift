import TerminalUI

/// A program editor in a modal: one line per field (label, then the field), each message wrapped under its
/// field, the earning example under the fields, the keys last. Scrolls to keep the focused field in view.
enum EditorPane {
    static let maxWidth = 72
    static let maxMessageLines = 3

    private enum Line {
        case field(Int)
        case message(String, field: Int)
    }

    static func render(_ editor: EditorState, _ state: AppState, into frame: inout CellBuffer) {
        let l = state.localizer
        let theme = state.theme
        let screen = frame.bounds
        let form = editor.form
        let width = max(10, min(screen.width - 8, maxWidth))
        let visible = form.fields.indices.filter { !form.fields[$0].isHidden }
        let labelWidth = min(width / 3, visible.map { TextWidth.width(of: TextWidth.sanitize(form.fields[$0].label)) }.max() ?? 0)
        let fieldWidth = max(1, width - labelWidth - 1)

        var lines: [Line] = []
        for i in visible {
            lines.append(.field(i))
            if let error = form.fields[i].error {
                lines += TextWidth.wrap(TextWidth.sanitize(error), width: fieldWidth).prefix(maxMessageLines).map { .message($0, field: i) }
            }
        }
        var footer: [(String, ThemeKey)] = []
        if editor.purpose == .earning, let base = state.points.load.data?.settings.settings {
            let (text, isError) = EarningExample.text(form, base: base, currency: state.currency, l)
            footer += TextWidth.wrap(TextWidth.sanitize(text), width: width).prefix(2).map { ($0, isError ? .inputError : .emphasis) }
        }
        if let error = form.formError {
            footer += TextWidth.wrap(TextWidth.sanitize(error), width: width).prefix(4).map { ($0, .statusError) }
        }
        footer.append((l.t("editor.hint"), .muted))

        let room = max(1, screen.height - 4 - footer.count - 1)
        let rows = min(lines.count, room)
        let content = Modal.present(title: form.title, contentSize: Size(width: width, height: rows + 1 + footer.count),
                                    into: &frame, in: screen, theme: theme)
        let focusLines = lines.indices.filter {
            switch lines[$0] {
            case .field(let i), .message(_, let i): return i == form.focus
            }
        }
        var start = 0
        if let last = focusLines.last, last >= rows { start = last - rows + 1 }
        if let first = focusLines.first, first < start { start = first }
        let surface = theme[.modal]
        for (row, line) in lines[start..<min(lines.count, start + rows)].enumerated() {
            let y = content.y + row
            guard y < content.maxY else { break }
            switch line {
            case .field(let i):
                let field = form.fields[i]
                let labelStyle = i == form.focus ? theme[.emphasis].layered(over: surface) : surface
                frame.text(field.label, x: content.x, y: y, width: labelWidth, style: labelStyle)
                renderField(field, Rect(x: content.x + labelWidth + 1, y: y, width: fieldWidth, height: 1), state, into: &frame)
            case .message(let text, _):
                frame.text(text, x: content.x + labelWidth + 1, y: y, width: fieldWidth,
                           style: theme[.inputError].layered(over: surface))
            }
        }
        if start > 0 { frame.put(frame.glyphs.arrowUp, x: content.maxX - 1, y: content.y, style: theme[.muted].layered(over: surface)) }
        if start + rows < lines.count {
            frame.put(frame.glyphs.arrowDown, x: content.maxX - 1, y: content.y + rows - 1, style: theme[.muted].layered(over: surface))
        }
        for (i, (text, key)) in footer.enumerated() {
            let y = content.y + rows + 1 + i
            guard y < content.maxY else { break }
            frame.text(text, x: content.x, y: y, width: content.width, style: theme[key].layered(over: surface))
        }
    }

    static func renderField(_ field: EditorField, _ rect: Rect, _ state: AppState, into frame: inout CellBuffer) {
        let theme = state.theme
        switch field.kind {
        case .choice(let options):
            var select = SelectField(label: field.label, options: options, selected: field.choice)
            select.isFocused = field.input.isFocused
            select.render(into: &frame, in: rect, theme: theme)
        case .text where field.isReadOnly:
            frame.text(field.text, x: rect.x, y: rect.y, width: rect.width, style: theme[.muted].layered(over: theme[.modal]))
        case .text:
            field.input.render(into: &frame, in: rect, theme: theme)
        }
    }
}

extension Style {
    /// This style over `base`: colours it leaves at default show `base` through (text on a modal keeps its surface).
    func layered(over base: Style) -> Style { IntegrationsPane.layered(self, on: base) }
}
