import TerminalUI

/// One field of a program editor: a line of text, or a choice among options changed with ←/→ (or space).
public struct EditorField: Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        case text
        case choice([String])
    }

    /// The rule field it edits, spelled as LoyaltyCore's `RuleProblem.field` ("threshold"), so the store's
    /// problems land next to it.
    public var id: String
    public var label: String
    public var kind: Kind
    public var input: TextInput
    public var choice: Int
    public var isReadOnly: Bool
    public var isHidden = false
    /// Shown under the field until it is edited.
    public var error: String?

    public static func text(_ id: String, _ label: String, _ text: String = "", placeholder: String = "",
                            readOnly: Bool = false) -> EditorField {
        EditorField(id: id, label: label, kind: .text,
                    input: TextInput(text: text, placeholder: placeholder, isFocused: false), choice: 0,
                    isReadOnly: readOnly)
    }

    public static func choice(_ id: String, _ label: String, _ options: [String], selected: Int) -> EditorField {
        EditorField(id: id, label: label, kind: .choice(options), input: TextInput(isFocused: false),
                    choice: min(max(0, selected), max(0, options.count - 1)), isReadOnly: false)
    }

    public var text: String { input.text }
    var isFocusable: Bool { !isHidden && !isReadOnly }

    /// The choice as it reads on screen.
    public var choiceLabel: String {
        guard case .choice(let options) = kind else { return "" }
        return options[safe: choice] ?? ""
    }
}
