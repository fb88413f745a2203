/// A labelled whole-number field with optional bounds; a leading + or - sign is allowed.
public struct NumberField: Widget, Hashable, Sendable {
    public var label: String
    public var input: TextInput
    public var minimum: Int?
    public var maximum: Int?
    public var isRequired: Bool
    public var showsError: Bool = false

    public init(label: String, text: String = "", placeholder: String = "", minimum: Int? = nil,
                maximum: Int? = nil, isRequired: Bool = true) {
        self.label = label
        self.input = TextInput(text: text, placeholder: placeholder, isFocused: false)
        self.minimum = minimum
        self.maximum = maximum
        self.isRequired = isRequired
    }

    public var text: String { input.text }

    /// The number typed, nil when the field is empty or invalid.
    public var value: Int? { validationError() == nil ? Int(FieldRendering.trimmed(text)) : nil }

    public func validationError() -> FieldError? {
        let typed = FieldRendering.trimmed(text)
        if typed.isEmpty { return isRequired ? .required : nil }
        // Int(_:) also accepts the sign; anything else, or a number too large for Int, is not a number here.
        guard let number = Int(typed) else { return .notANumber }
        if let minimum, number < minimum { return .outOfRange(min: minimum, max: maximum) }
        if let maximum, number > maximum { return .outOfRange(min: minimum, max: maximum) }
        return nil
    }

    public func validate() -> String? { validationError()?.message(for: label) }

    public mutating func handle(_ key: Key) -> TextInputOutcome { input.handle(key) }

    public func render(into buffer: inout CellBuffer, in rect: Rect, theme: Theme) {
        input.render(into: &buffer, in: rect, theme: theme)
        FieldRendering.renderMessage(showsError ? validate() : nil, into: &buffer, in: rect, theme: theme)
    }
}
