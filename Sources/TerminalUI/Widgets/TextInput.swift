/// A one-line text editor: readline-style keys, a caret counted in grapheme clusters, widths counted in cells,
/// horizontal scrolling when the text is longer than the field, and a placeholder while empty.
public struct TextInput: Widget, Hashable, Sendable {
    public private(set) var text: String
    /// Grapheme clusters before the caret.
    public private(set) var cursor: Int
    public var placeholder: String
    /// Draws the caret and the focused style.
    public var isFocused: Bool

    public init(text: String = "", placeholder: String = "", isFocused: Bool = true) {
        self.text = ""
        self.cursor = 0
        self.placeholder = placeholder
        self.isFocused = isFocused
        setText(text)
    }

    /// Replaces the text (control characters dropped) and puts the caret at its end.
    public mutating func setText(_ newText: String) {
        text = String(newText.filter { !Self.isControl($0) })
        cursor = text.count
    }

    public mutating func moveCursor(to position: Int) { cursor = min(max(0, position), text.count) }

    /// The direction the content reads in: that of its first letter, left to right when it has none
    /// (numbers, dates, codes).
    public var contentDirection: LayoutDirection { ContentDirection.firstStrong(in: text) ?? .leftToRight }

    /// Arrow keys move the caret visually: in right-to-left content, left moves forward.
    public mutating func handle(_ key: Key) -> TextInputOutcome {
        switch key {
        case .char(let c):
            guard !Self.isControl(c) else { return .ignored }
            insert(c)
            return .edited
        case .left: moveCursor(to: cursor + (contentDirection == .rightToLeft ? 1 : -1))
        case .right: moveCursor(to: cursor + (contentDirection == .rightToLeft ? -1 : 1))
        case .home: moveCursor(to: 0)
        case .end: moveCursor(to: text.count)
        case .backspace: return delete(cursor - 1..<cursor)
        case .delete: return delete(cursor..<cursor + 1)
        case .enter: return .submitted(text)
        case .escape: return .cancelled
        case .ctrl(let c):
            switch c.lowercased() {
            case "a": moveCursor(to: 0)
            case "e": moveCursor(to: text.count)
            case "u": return delete(0..<cursor)
            case "k": return delete(cursor..<text.count)
            case "w": return delete(wordStartBeforeCursor()..<cursor)
            default: return .ignored
            }
        default: return .ignored
        }
        return .handled
    }

    private mutating func insert(_ c: Character) {
        let split = text.index(text.startIndex, offsetBy: cursor)
        let before = String(text[..<split]) + String(c)
        text = before + String(text[split...])
        // Counted again: a combining mark typed after a letter joins that letter's cluster.
        cursor = before.count
    }

    private mutating func delete(_ range: Range<Int>) -> TextInputOutcome {
        let range = max(0, range.lowerBound)..<min(text.count, range.upperBound)
        guard !range.isEmpty else { return .handled }
        let lower = text.index(text.startIndex, offsetBy: range.lowerBound)
        let upper = text.index(lower, offsetBy: range.count)
        text.removeSubrange(lower..<upper)
        cursor = text[..<lower].count
        return .edited
    }

    /// Like readline's unix-word-rubout: back over spaces, then over the word before them.
    private func wordStartBeforeCursor() -> Int {
        let chars = Array(text)
        var i = cursor
        while i > 0, chars[i - 1].isWhitespace { i -= 1 }
        while i > 0, !chars[i - 1].isWhitespace { i -= 1 }
        return i
    }

    static func isControl(_ c: Character) -> Bool {
        c.unicodeScalars.contains { $0.value < 0x20 || (0x7F..<0xA0).contains($0.value) }
    }
}

/// What a `TextInput` did with a key.
public enum TextInputOutcome: Hashable, Sendable {
    /// The text changed.
    case edited
    /// The key was used without changing the text (caret moves, nothing to delete).
    case handled
    case ignored
    /// Enter, with the text.
    case submitted(String)
    /// Escape.
    case cancelled
}
