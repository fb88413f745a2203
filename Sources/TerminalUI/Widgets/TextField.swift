/// A labelled free-text field (a reason, a note, a name), optionally required.
public struct TextField: Widget, Hashable, Sendable {
    public var label: String
    public var input: TextInput
    public var isRequired: Bool
    /// Shows the validation message under the field (set once the person has left the field or submitted).
    public var showsError: Bool = false

    public init(label: String, text: String = "", placeholder: String = "", isRequired: Bool = false) {
        self.label = label
        self.input = TextInput(text: text, placeholder: placeholder, isFocused: false)
        self.isRequired = isRequired
    }

    public var text: String { input.text }

    public func validationError() -> FieldError? {
        isRequired && FieldRendering.trimmed(text).isEmpty ? .required : nil
    }

    /// The English message for the current error, nil when the value is acceptable.
    public func validate() -> String? { validationError()?.message(for: label) }

    public mutating func handle(_ key: Key) -> TextInputOutcome { input.handle(key) }

    public func render(into buffer: inout CellBuffer, in rect: Rect, theme: Theme) {
        input.render(into: &buffer, in: rect, theme: theme)
        FieldRendering.renderMessage(showsError ? validate() : nil, into: &buffer, in: rect, theme: theme)
    }
}
