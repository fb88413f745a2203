/// One field of a `FormView`.
public enum FormField: Hashable, Sendable {
    case text(TextField)
    case number(NumberField)
    case date(DateField)
    case select(SelectField)

    public var label: String {
        switch self {
        case .text(let f): return f.label
        case .number(let f): return f.label
        case .date(let f): return f.label
        case .select(let f): return f.label
        }
    }

    public var value: FormValue {
        switch self {
        case .text(let f): return .text(f.text)
        case .number(let f): return .number(f.value)
        case .date(let f): return .date(f.value)
        case .select(let f): return .option(f.selected)
        }
    }

    public func validationError() -> FieldError? {
        switch self {
        case .text(let f): return f.validationError()
        case .number(let f): return f.validationError()
        case .date(let f): return f.validationError()
        case .select(let f): return f.validationError()
        }
    }

    public func validate() -> String? { validationError()?.message(for: label) }

    mutating func setFocused(_ focused: Bool) {
        switch self {
        case .text(var f): f.input.isFocused = focused; self = .text(f)
        case .number(var f): f.input.isFocused = focused; self = .number(f)
        case .date(var f): f.input.isFocused = focused; self = .date(f)
        case .select(var f): f.isFocused = focused; self = .select(f)
        }
    }

    mutating func setShowsError(_ shows: Bool) {
        switch self {
        case .text(var f): f.showsError = shows; self = .text(f)
        case .number(var f): f.showsError = shows; self = .number(f)
        case .date(var f): f.showsError = shows; self = .date(f)
        case .select(var f): f.showsError = shows; self = .select(f)
        }
    }

    /// Gives the key to the field; true when the field used it.
    mutating func handle(_ key: Key, direction: LayoutDirection) -> Bool {
        func used(_ outcome: TextInputOutcome) -> Bool { outcome == .edited || outcome == .handled }
        switch self {
        case .text(var f): defer { self = .text(f) }; return used(f.handle(key))
        case .number(var f): defer { self = .number(f) }; return used(f.handle(key))
        case .date(var f): defer { self = .date(f) }; return used(f.handle(key))
        case .select(var f): defer { self = .select(f) }; return f.handle(key, direction: direction) == .changed
        }
    }

    func render(into buffer: inout CellBuffer, in rect: Rect, theme: Theme) {
        switch self {
        case .text(let f): f.render(into: &buffer, in: rect, theme: theme)
        case .number(let f): f.render(into: &buffer, in: rect, theme: theme)
        case .date(let f): f.render(into: &buffer, in: rect, theme: theme)
        case .select(let f): f.render(into: &buffer, in: rect, theme: theme)
        }
    }
}

/// A field's value when the form is submitted (already validated).
public enum FormValue: Hashable, Sendable {
    case text(String)
    /// Nil when an optional number field was left empty.
    case number(Int?)
    case date(CalendarDate?)
    /// The index of the chosen option.
    case option(Int?)
}
