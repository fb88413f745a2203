/// A labelled date field: YYYY-MM-DD, checked against the real calendar.
public struct DateField: Widget, Hashable, Sendable {
    public var label: String
    public var input: TextInput
    public var isRequired: Bool
    public var showsError: Bool = false

    public init(label: String, text: String = "", placeholder: String = "YYYY-MM-DD", isRequired: Bool = true) {
        self.label = label
        self.input = TextInput(text: text, placeholder: placeholder, isFocused: false)
        self.isRequired = isRequired
    }

    public var text: String { input.text }

    /// The date typed, nil when the field is empty or invalid.
    public var value: CalendarDate? { CalendarDate(parsing: String(FieldRendering.trimmed(text))) }

    public func validationError() -> FieldError? {
        let typed = FieldRendering.trimmed(text)
        if typed.isEmpty { return isRequired ? .required : nil }
        return value == nil ? .badDate : nil
    }

    public func validate() -> String? { validationError()?.message(for: label) }

    public mutating func handle(_ key: Key) -> TextInputOutcome { input.handle(key) }

    public func render(into buffer: inout CellBuffer, in rect: Rect, theme: Theme) {
        input.render(into: &buffer, in: rect, theme: theme)
        FieldRendering.renderMessage(showsError ? validate() : nil, into: &buffer, in: rect, theme: theme)
    }
}
