import Foundation
import TerminalUI

/// A program editor's fields, one per line, with the focus moving by Tab/↓ and Shift-Tab/↑, ←/→ changing a
/// choice, Enter submitting and Esc cancelling. Unlike `FormView` it holds messages from outside (the rules in
/// LoyaltyCore and the store) next to the field they name, hides fields that do not apply, and scrolls when
/// the fields outgrow the terminal.
public struct EditorForm: Hashable, Sendable {
    public var title: String
    public private(set) var fields: [EditorField]
    public private(set) var focus: Int
    /// A problem no single field owns (the store's refusal, a rule spanning fields).
    public var formError: String?

    public init(title: String, fields: [EditorField]) {
        self.title = title
        self.fields = fields
        focus = fields.firstIndex(where: \.isFocusable) ?? 0
        setFocused(true)
    }

    public subscript(id: String) -> EditorField? { fields.first { $0.id == id } }

    /// The field's text without surrounding spaces.
    public func text(_ id: String) -> String { self[id]?.text.trimmingCharacters(in: .whitespaces) ?? "" }
    public func choice(_ id: String) -> Int { self[id]?.choice ?? 0 }
    public var focusedID: String? { fields[safe: focus]?.id }

    public mutating func update(_ id: String, _ change: (inout EditorField) -> Void) {
        guard let i = fields.firstIndex(where: { $0.id == id }) else { return }
        change(&fields[i])
        if !fields[focus].isFocusable, let next = fields.firstIndex(where: \.isFocusable) { moveFocus(to: next) }
    }

    public mutating func focus(on id: String) {
        if let i = fields.firstIndex(where: { $0.id == id && $0.isFocusable }) { moveFocus(to: i) }
    }

    /// Shows each message under the field it names and moves the focus to the first; a message for a field the
    /// form lacks or hides goes to `formError`.
    public mutating func show(errors: [(field: String, message: String)]) {
        clearErrors()
        var loose: [String] = []
        for (field, message) in errors {
            if let i = fields.firstIndex(where: { $0.id == field && !$0.isHidden }) {
                fields[i].error = fields[i].error.map { $0 + " " + message } ?? message
            } else {
                loose.append(message)
            }
        }
        formError = loose.isEmpty ? nil : loose.joined(separator: " ")
        if let first = fields.firstIndex(where: { $0.error != nil && $0.isFocusable }) { moveFocus(to: first) }
    }

    public mutating func clearErrors() {
        for i in fields.indices { fields[i].error = nil }
        formError = nil
    }

    public var hasErrors: Bool { formError != nil || fields.contains { $0.error != nil } }

    public mutating func handle(_ key: Key, direction: LayoutDirection) -> EditorOutcome {
        switch key {
        case .tab, .down: return step(1)
        case .backTab, .up: return step(-1)
        case .enter: return .submit
        case .escape: return .cancel
        default: break
        }
        guard fields.indices.contains(focus), fields[focus].isFocusable else { return .ignored }
        var field = fields[focus]
        defer { fields[focus] = field }
        switch field.kind {
        case .choice(let options):
            guard !options.isEmpty else { return .ignored }
            let forward: Bool
            switch key {
            case .right, .char(" "): forward = key == .char(" ") || direction == .leftToRight
            case .left: forward = direction == .rightToLeft
            default: return .ignored
            }
            field.choice = (field.choice + (forward ? 1 : -1) + options.count) % options.count
            field.error = nil
            formError = nil
            return .edited
        case .text:
            switch field.input.handle(key) {
            case .edited:
                field.error = nil
                formError = nil
                return .edited
            case .handled: return .moved
            default: return .ignored
            }
        }
    }

    private mutating func step(_ delta: Int) -> EditorOutcome {
        let n = fields.count
        guard n > 0 else { return .ignored }
        var i = focus
        for _ in 0..<n {
            i = (i + delta + n) % n
            if fields[i].isFocusable { moveFocus(to: i); return .moved }
        }
        return .ignored
    }

    private mutating func moveFocus(to index: Int) {
        guard fields.indices.contains(index) else { return }
        setFocused(false)
        focus = index
        setFocused(true)
    }

    private mutating func setFocused(_ focused: Bool) {
        guard fields.indices.contains(focus) else { return }
        fields[focus].input.isFocused = focused
    }
}

public enum EditorOutcome: Hashable, Sendable {
    /// A value changed.
    case edited
    /// The focus or the caret moved.
    case moved
    case submit
    case cancel
    case ignored
}
