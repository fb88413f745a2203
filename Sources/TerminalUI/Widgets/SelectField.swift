/// A labelled choice among options, changed with the arrow keys: "< option >".
public struct SelectField: Widget, Hashable, Sendable {
    public var label: String
    public private(set) var options: [String]
    /// Nil only when there are no options.
    public private(set) var selected: Int?
    public var isRequired: Bool
    public var isFocused: Bool = false
    public var showsError: Bool = false

    public init(label: String, options: [String], selected: Int = 0, isRequired: Bool = true) {
        self.label = label
        self.options = options
        self.selected = options.isEmpty ? nil : min(max(0, selected), options.count - 1)
        self.isRequired = isRequired
    }

    public var selectedOption: String? { selected.map { options[$0] } }

    public mutating func select(_ index: Int) {
        guard !options.isEmpty else { return }
        selected = min(max(0, index), options.count - 1)
    }

    public func validationError() -> FieldError? { isRequired && selected == nil ? .required : nil }

    public func validate() -> String? { validationError()?.message(for: label) }

    /// Left and right step through the options, wrapping around; in a right-to-left layout the options run
    /// the other way, so pass the layout's direction.
    public mutating func handle(_ key: Key, direction: LayoutDirection = .leftToRight) -> SelectFieldOutcome {
        guard let current = selected, key == .left || key == .right else { return .ignored }
        let forward = (key == .right) == (direction == .leftToRight)
        let count = options.count
        selected = (current + (forward ? 1 : -1) + count) % count
        return .changed
    }

    public func render(into buffer: inout CellBuffer, in rect: Rect, theme: Theme) {
        let field = Rect(x: rect.x, y: rect.y, width: rect.width, height: min(1, rect.height))
        guard !field.isEmpty else { return }
        let style = theme.style(isFocused ? .inputFocused : .input)
        buffer.fill(field, style: style)
        buffer.putOutward("<", ">", x: field.x, y: field.y, width: field.width, style: style)
        buffer.text(selectedOption ?? "", x: field.x + 2, y: field.y, width: field.width - 4, style: style)
        FieldRendering.renderMessage(showsError ? validate() : nil, into: &buffer, in: rect, theme: theme)
    }
}

public enum SelectFieldOutcome: Hashable, Sendable {
    case changed, ignored
}
