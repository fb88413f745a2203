/// Keys as people write them in keymap files and read them in the footer: `q`, `G`, `?`, `space`, `enter`,
/// `shift-tab`, `pgdn`, `f5`, `ctrl-c`. One character stands for itself (case matters: `g` ≠ `G`); names are
/// case-insensitive and have a few aliases (`escape`, `return`, `pageup`, …); `ctrl-` takes a letter and is
/// case-insensitive, as terminals cannot tell ctrl-c from ctrl-C.
extension Key {
    static let names: [(name: String, key: Key)] = [
        ("space", .char(" ")), ("enter", .enter), ("esc", .escape), ("tab", .tab), ("shift-tab", .backTab),
        ("backspace", .backspace), ("delete", .delete), ("insert", .insert),
        ("up", .up), ("down", .down), ("left", .left), ("right", .right),
        ("pgup", .pageUp), ("pgdn", .pageDown), ("home", .home), ("end", .end),
    ]
    static let aliases: [String: Key] = [
        "escape": .escape, "return": .enter, "backtab": .backTab, "pageup": .pageUp, "pagedown": .pageDown,
        "del": .delete, "ins": .insert, "bs": .backspace,
    ]
    static let functionKeys = 1...24

    /// How the key is written: the form `init(notation:)` reads back.
    public var notation: String {
        switch self {
        case .char(let c): return c == " " ? "space" : String(c)
        case .ctrl(let c): return "ctrl-" + c.lowercased()
        case .function(let n): return "f\(n)"
        default: return Key.names.first { $0.key == self }!.name
        }
    }

    /// Reads a key written as in keymap files; `KeyNotationError` explains what is accepted.
    public init(notation text: String) throws {
        if text.count == 1, let c = text.first, !c.isWhitespace,
           c.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value != 0x7F }) {
            self = .char(c); return
        }
        let lower = text.lowercased()
        if let named = Key.names.first(where: { $0.name == lower })?.key ?? Key.aliases[lower] {
            self = named; return
        }
        if lower.hasPrefix("ctrl-") {
            let rest = lower.dropFirst(5)
            guard rest.count == 1, let c = rest.first, c.isASCII, c.isLetter else {
                throw KeyNotationError(text: text, reason: "ctrl- must be followed by one letter, like ctrl-c")
            }
            self = .ctrl(c); return
        }
        if lower.hasPrefix("f"), let n = Int(lower.dropFirst()) {
            guard Key.functionKeys.contains(n) else {
                throw KeyNotationError(text: text, reason: "function keys go from f1 to f\(Key.functionKeys.upperBound)")
            }
            self = .function(n); return
        }
        throw KeyNotationError(text: text, reason: nil)
    }
}

public struct KeyNotationError: Error, Equatable, CustomStringConvertible {
    public var text: String
    public var reason: String?

    public static let accepted = "use one character like \"q\", \"G\" or \"?\", a name (" + Key.names.map(\.name).joined(separator: ", ")
        + "), f1–f\(Key.functionKeys.upperBound), or ctrl-<letter>"

    public var description: String {
        "\"\(text)\" is not a key; " + (reason ?? KeyNotationError.accepted)
    }
}
