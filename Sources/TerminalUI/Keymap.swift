import Foundation
import TOMLKit

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

/// One key that triggers more than one action in the same scope.
public struct KeyConflict: Hashable, Sendable {
    public var scope: KeyScope
    public var key: Key
    public var actions: [String]
}

/// The keymap as data. The active scopes are searched innermost first, then `global`; a key bound in an
/// inner scope shadows the same key in `global` on purpose (that is what scopes are for).
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

    /// `global` first, then the other scopes in the order they first appear.
    public var scopes: [KeyScope] {
        var result: [KeyScope] = [.global]
        for b in bindings where !result.contains(b.scope) { result.append(b.scope) }
        return result
    }

    /// Keys bound to two or more actions within one scope (the later ones could never fire).
    public func conflicts() -> [KeyConflict] {
        var result: [KeyConflict] = []
        for scope in scopes {
            var actionsByKey: [(Key, [String])] = []
            for b in bindings(in: scope) {
                for key in b.keys {
                    if let i = actionsByKey.firstIndex(where: { $0.0 == key }) {
                        if !actionsByKey[i].1.contains(b.action) { actionsByKey[i].1.append(b.action) }
                    } else {
                        actionsByKey.append((key, [b.action]))
                    }
                }
            }
            result += actionsByKey.filter { $0.1.count > 1 }.map { KeyConflict(scope: scope, key: $0.0, actions: $0.1) }
        }
        return result
    }

    /// The footer hints for the active scopes (innermost first, then `global`): each hinted binding with the keys
    /// that really reach it there, e.g. `("q/ctrl-q", "Quit")` (keys are separated by a space instead when one
    /// of them is `/`). `describe` lets the UI localize descriptions.
    public func hints(for scopes: [KeyScope],
                      describe: (KeyBinding) -> String = { $0.description }) -> [(keys: String, description: String)] {
        var result: [(keys: String, description: String)] = []
        var visited: [KeyScope] = []
        for scope in scopes + [.global] where !visited.contains(scope) {
            visited.append(scope)
            for b in bindings(in: scope) where b.hint {
                let live = b.keys.filter { action(for: $0, in: scopes) == b.action }
                guard !live.isEmpty else { continue }
                let separator = live.contains(.char("/")) ? " " : "/"
                result.append((live.map(\.notation).joined(separator: separator), describe(b)))
            }
        }
        return result
    }

    /// The whole keymap grouped by scope as Markdown tables, for docs/keybindings.md.
    public func markdown(title: String) -> String {
        var out = ["# \(title)", "", "<!-- Generated from the keymap data; edit the data, not this file. -->", "",
                   Self.markdownIntro]
        for scope in scopes {
            let rows = bindings(in: scope)
            guard !rows.isEmpty else { continue }
            out += ["", "## \(scope.rawValue)", "", "| Action | Keys | Description | Dangerous |", "|---|---|---|---|"]
            for b in rows {
                let keys = b.keys.isEmpty ? "(none)" : b.keys.map { Self.codeSpan($0.notation) }.joined(separator: ", ")
                out.append("| \(Self.codeSpan(b.action)) | \(keys) | \(Self.cell(b.description)) | \(b.dangerous ? "yes" : "") |")
            }
        }
        return out.joined(separator: "\n") + "\n"
    }

    static let markdownIntro = """
        Keys are written as in the config file: one character stands for itself (`q`, `G`, `?`; letters are \
        case-sensitive), or a name: \(Key.names.map { "`\($0.name)`" }.joined(separator: ", ")), \
        `f1`–`f\(Key.functionKeys.upperBound)`, `ctrl-<letter>`.

        To change them, add a `[keys]` table to `config.toml`. Each line replaces all the keys of one action, in every \
        scope it appears in; `[]` unbinds it:

        ```toml
        [keys]
        quit = ["q", "ctrl-q"]
        adjust = ["a", "+"]
        ```

        A key bound in a screen's scope wins over the same key in `global` while that screen has focus. Binding one \
        key to two actions of the same scope is refused, with a message naming the line.
        """

    static func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }

    static func codeSpan(_ text: String) -> String {
        let fence = text.contains("`") ? "`` " : "`"
        return fence + cell(text) + String(fence.reversed())
    }
}

/// What is wrong with a keymap override file: `keymap "config.toml", line 4: action "quit": "ctrl-" is not a key; …`.
public struct KeymapError: Error, Equatable, CustomStringConvertible {
    public var source: String
    public var line: Int?
    public var action: String?
    public var problem: String

    public init(source: String, line: Int? = nil, action: String? = nil, problem: String) {
        self.source = source; self.line = line; self.action = action; self.problem = problem
    }

    public var description: String {
        "keymap \"\(source)\"" + (line.map { ", line \($0)" } ?? "") + (action.map { ": action \"\($0)\"" } ?? "")
            + ": " + problem
    }
}

extension Keymap {
    /// Applies the `[keys]` table of a user file (other tables, such as the rest of config.toml, are ignored):
    ///
    ///     [keys]
    ///     quit = ["q", "ctrl-q"]
    ///     adjust = ["a", "+"]
    ///
    /// An action's list replaces all of its keys (in every scope it appears in; `[]` unbinds it). Unknown actions,
    /// keys that cannot be read, and a key left triggering two actions in one scope are errors, naming `source`.
    public func applyingOverrides(toml: String, source: String) throws -> Keymap {
        let root: TOMLTable
        do { root = try TOMLTable(string: toml) } catch let e as TOMLParseError {
            throw KeymapError(source: source, line: e.source.begin.line,
                              problem: "is not valid TOML (column \(e.source.begin.column): \(e.description))")
        }
        let lines = TOMLLineLocator(text: toml)
        guard let value = root["keys"] else { return self }
        guard let table = value.table else {
            throw KeymapError(source: source, line: lines.line(ofFirst: ["keys"]),
                              problem: "keys must be a table: write [keys] and one line per action below it")
        }
        var overrides: [(action: String, keys: [Key], line: Int?)] = []
        try collectOverrides(table, path: [], lines: lines, source: source, into: &overrides)

        var result = self
        for o in overrides {
            for i in result.bindings.indices where result.bindings[i].action == o.action {
                result.bindings[i].keys = o.keys
            }
        }
        let changed = Set(overrides.map(\.action))
        if let clash = result.conflicts().first(where: { !changed.isDisjoint(with: $0.actions) }) {
            let culprit = overrides.first { clash.actions.contains($0.action) }!
            let others = clash.actions.filter { $0 != culprit.action }.map { "\"\($0)\"" }.joined(separator: ", ")
            throw KeymapError(source: source, line: culprit.line, action: culprit.action,
                              problem: "key \"\(clash.key.notation)\" is also bound to \(others) in scope \"\(clash.scope)\"; "
                                  + "choose another key, or rebind \(others) too")
        }
        return result
    }

    private func collectOverrides(_ table: TOMLTable, path: [String], lines: TOMLLineLocator, source: String,
                                  into overrides: inout [(action: String, keys: [Key], line: Int?)]) throws {
        let known = Set(bindings.map(\.action))
        for (name, value) in table {
            let action = (path + [name]).joined(separator: ".")
            let line = lines.line(ofFirst: ["keys"] + path + [name])
            if let child = value.table, !known.contains(action) {
                try collectOverrides(child, path: path + [name], lines: lines, source: source, into: &overrides)
                continue
            }
            guard known.contains(action) else {
                let hint = closestMatch(to: action, among: known.sorted()).map { "did you mean \"\($0)\"? " } ?? ""
                throw KeymapError(source: source, line: line, action: action,
                                  problem: "no such action; \(hint)The actions are listed in docs/keybindings.md")
            }
            let texts: [String]
            if let single = value.string {
                texts = [single]
            } else if let array = value.array, array.allSatisfy({ $0.type == .string }) {
                texts = array.map { $0.string! }
            } else {
                throw KeymapError(source: source, line: line, action: action,
                                  problem: "must be a list of keys, like [\"q\", \"ctrl-q\"]")
            }
            var keys: [Key] = []
            for text in texts {
                let key: Key
                do { key = try Key(notation: text) } catch let e as KeyNotationError {
                    throw KeymapError(source: source, line: line, action: action, problem: e.description)
                }
                if !keys.contains(key) { keys.append(key) }
            }
            overrides.append((action, keys, line))
        }
    }
}
