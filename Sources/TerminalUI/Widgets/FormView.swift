/// Labelled fields stacked one under the other (label, then the field with a row for its message below),
/// with Tab/Shift-Tab moving focus, Enter submitting and Escape cancelling. A field's message appears once
/// the person leaves it or tries to submit, not while they are still typing. Labels are drawn over whatever is
/// beneath (usually a `Modal`).
public struct FormView: Widget, Hashable, Sendable {
    public private(set) var fields: [FormField]
    public private(set) var focus: Int

    /// Rows each field takes: the editor and its message.
    public static let rowsPerField = 2

    public init(fields: [FormField]) {
        self.fields = fields
        focus = 0
        if !fields.isEmpty { self.fields[0].setFocused(true) }
    }

    /// Rows the form needs to show every field.
    public var height: Int { fields.count * Self.rowsPerField }

    public mutating func moveFocus(to index: Int) {
        guard fields.indices.contains(index), index != focus else { return }
        fields[focus].setShowsError(true)
        fields[focus].setFocused(false)
        focus = index
        fields[focus].setFocused(true)
    }

    /// Pass the layout direction so select fields step the way they read.
    public mutating func handle(_ key: Key, direction: LayoutDirection = .leftToRight) -> FormOutcome {
        guard !fields.isEmpty else { return key == .escape ? .cancelled : .ignored }
        switch key {
        case .tab:
            moveFocus(to: (focus + 1) % fields.count)
            return .handled
        case .backTab:
            moveFocus(to: (focus + fields.count - 1) % fields.count)
            return .handled
        case .escape:
            return .cancelled
        case .enter:
            return submit()
        default:
            return fields[focus].handle(key, direction: direction) ? .handled : .ignored
        }
    }

    private mutating func submit() -> FormOutcome {
        for i in fields.indices { fields[i].setShowsError(true) }
        if let invalid = fields.indices.first(where: { fields[$0].validationError() != nil }),
           let error = fields[invalid].validationError() {
            moveFocus(to: invalid)
            return .invalid(field: invalid, error: error)
        }
        return .submitted(fields.map(\.value))
    }

    /// The field under a logical point (a click to focus it), if any.
    public func field(atLogical point: Point, in rect: Rect) -> Int? {
        guard rect.contains(point) else { return nil }
        let index = (point.y - rect.y) / Self.rowsPerField
        return index < fields.count ? index : nil
    }

    public func render(into buffer: inout CellBuffer, in rect: Rect, theme: Theme) {
        guard !rect.isEmpty else { return }
        let labelWidth = min(rect.width / 3, fields.map { TextWidth.width(of: TextWidth.sanitize($0.label)) }.max() ?? 0)
        let fieldX = rect.x + labelWidth + 1
        let fieldWidth = rect.maxX - fieldX
        for (i, field) in fields.enumerated() {
            let y = rect.y + i * Self.rowsPerField
            guard y < rect.maxY else { break }
            let surface = buffer.style(atLogicalX: rect.x, y: y)
            let labelStyle = i == focus ? theme.style(.emphasis).layered(on: surface) : surface
            buffer.text(field.label, x: rect.x, y: y, width: labelWidth, style: labelStyle)
            field.render(into: &buffer, in: Rect(x: fieldX, y: y, width: fieldWidth,
                                                 height: min(Self.rowsPerField, rect.maxY - y)), theme: theme)
        }
    }
}

public enum FormOutcome: Hashable, Sendable {
    case handled, ignored
    /// Every field valid: their values in field order.
    case submitted([FormValue])
    /// Enter with an invalid field: focus moved to the first one, all messages now show.
    case invalid(field: Int, error: FieldError)
    case cancelled
}
