/// A command the palette offers: what to type and what it does.
public struct PaletteCommand: Hashable, Sendable {
    public var name: String
    public var description: String
    public init(name: String, description: String) { self.name = name; self.description = description }
}

/// Which commands match what was typed: only the first word counts (the rest are arguments). Commands that
/// start with it come first, then those that contain its letters in order ("cst" → "customer"); each group
/// keeps the given order. Case is ignored; an empty word matches everything.
enum CommandMatcher {
    static func matches(_ typed: String, in commands: [PaletteCommand]) -> [PaletteCommand] {
        let word = String(typed.drop { $0 == " " }.prefix { $0 != " " }).lowercased()
        guard !word.isEmpty else { return commands }
        let prefixed = commands.filter { $0.name.lowercased().hasPrefix(word) }
        let fuzzy = commands.filter { !$0.name.lowercased().hasPrefix(word) && isSubsequence(word, of: $0.name.lowercased()) }
        return prefixed + fuzzy
    }

    static func isSubsequence(_ needle: String, of haystack: String) -> Bool {
        var rest = haystack[...]
        for c in needle {
            guard let i = rest.firstIndex(of: c) else { return false }
            rest = rest[rest.index(after: i)...]
        }
        return true
    }
}
