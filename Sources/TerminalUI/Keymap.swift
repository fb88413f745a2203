// SKELETON — helper "themes+keymap" completes parsing, overrides and docs generation (keep this API).
/// Where a binding applies: everywhere, or only while a given screen/widget has focus.
public struct KeyScope: Hashable, Sendable, ExpressibleByStringLiteral, CustomStringConvertible {
    public var rawValue: String
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { rawValue = value }
    public var description: String { rawValue }
    public static let global: KeyScope = "global"
}

/// One row of the keymap: an action, the keys that trigger it, what it does, where it applies.
public struct KeyBinding: Hashable, Sendable {
    public var action: String
    public var keys: [Key]
    public var description: String
    public var scope: KeyScope
    public var dangerous: Bool
    /// Shown in the footer hints of its scope.
    public var hint: Bool

    public init(action: String, keys: [Key], description: String, scope: KeyScope = .global,
                dangerous: Bool = false, hint: Bool = false) {
        self.action = action; self.keys = keys; self.description = description
        self.scope = scope; self.dangerous = dangerous; self.hint = hint
    }
}

/// The keymap as data. The active scopes are searched innermost first, then `global`.
public struct Keymap: Sendable, Hashable {
    public var bindings: [KeyBinding]
    public init(bindings: [KeyBinding]) { self.bindings = bindings }

    public func action(for key: Key, in scopes: [KeyScope]) -> String? {
        for scope in scopes + [.global] {
            if let b = bindings.first(where: { $0.scope == scope && $0.keys.contains(key) }) { return b.action }
        }
        return nil
    }

    public func bindings(in scope: KeyScope) -> [KeyBinding] { bindings.filter { $0.scope == scope } }
}
