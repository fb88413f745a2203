import Foundation
import TOMLKit

/// What is wrong with a theme file, said so that its author can fix it:
/// `theme "x.toml", line 12: key "table.header": fg "#12345" is not a colour; use …`.
public struct ThemeError: Error, Equatable, CustomStringConvertible {
    /// The file (or theme name) the problem is in.
    public var theme: String
    public var line: Int?
    public var key: String?
    public var problem: String

    public init(theme: String, line: Int? = nil, key: String? = nil, problem: String) {
        self.theme = theme; self.line = line; self.key = key; self.problem = problem
    }

    public var description: String {
        "theme \"\(theme)\"" + (line.map { ", line \($0)" } ?? "") + (key.map { ": key \"\($0)\"" } ?? "")
            + ": " + problem
    }
}

extension Theme {
    /// Reads a theme file. `resolveBase` returns the resolved theme named by `extends`; a `ThemeError` it throws
    /// is passed on as is, any other error is reported against this file's `extends` line.
    /// `source` names the file in error messages (default: `<name>.toml`).
    public static func parse(toml: String, name: String, source: String? = nil,
                             resolveBase: (String) throws -> Theme) throws -> Theme {
        let file = ThemeFile(text: toml, source: source ?? "\(name).toml")
        return try file.theme(named: name, resolveBase: resolveBase)
    }
}

/// Finds theme files by name in a list of folders, the user's folder first, then the bundled one, and resolves
/// `extends` chains. A theme may extend one of the same name (a user's `dark.toml` with `extends = "dark"`):
/// the base is then looked up in the folders after the one the theme came from.
public struct ThemeLoader: Sendable {
    public var search: [URL]
    public init(search: [URL]) { self.search = search }

    public func load(named name: String) throws -> Theme {
        guard let found = locate(name, from: 0) else {
            throw ThemeError(theme: name, problem: notFound(name))
        }
        return try load(found, chain: [])
    }

    /// Names of every theme file in the search folders, sorted.
    public func availableNames() -> [String] {
        let files = search.flatMap { dir in
            (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        }
        return Set(files.filter { $0.hasSuffix(".toml") }.map { String($0.dropLast(5)) }).sorted()
    }

    private struct Located { var url: URL; var folder: Int; var name: String }

    private func locate(_ name: String, from folder: Int) -> Located? {
        guard !name.isEmpty, !name.contains("/"), folder < search.count else { return nil }
        for i in folder..<search.count {
            let url = search[i].appendingPathComponent(name + ".toml")
            if FileManager.default.fileExists(atPath: url.path) { return Located(url: url, folder: i, name: name) }
        }
        return nil
    }

    private func load(_ file: Located, chain: [Located]) throws -> Theme {
        let text: String
        do { text = try String(contentsOf: file.url, encoding: .utf8) } catch {
            throw ThemeError(theme: file.url.path, problem: "cannot be read as UTF-8 text (\(error.localizedDescription))")
        }
        return try Theme.parse(toml: text, name: file.name, source: file.url.path) { baseName in
            let start = baseName == file.name ? file.folder + 1 : 0
            guard let base = locate(baseName, from: start) else {
                let why = baseName == file.name ? "a theme cannot extend itself; name a different theme"
                                                : notFound(baseName)
                throw ThemeLookupProblem(message: "\"\(baseName)\": \(why)")
            }
            let path = chain + [file]
            if path.contains(where: { $0.url == base.url }) {
                let names = (path + [base]).map(\.name).joined(separator: " → ")
                throw ThemeLookupProblem(message: "\"\(baseName)\" makes a cycle (\(names)); remove one of the extends")
            }
            return try load(base, chain: path)
        }
    }

    private func notFound(_ name: String) -> String {
        let known = availableNames()
        let hint = closestMatch(to: name, among: known).map { "; did you mean \"\($0)\"?" } ?? ""
        return "no such theme in \(search.map(\.path).joined(separator: ", ")); available: "
            + known.joined(separator: ", ") + hint
    }
}

struct ThemeLookupProblem: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

/// One theme file being read. Layout:
///
///     extends = "dark"     # optional
///     ascii = true         # optional
///     [styles]
///     "table.header" = { fg = "#e0e0e0", bg = "default", bold = true, mono = "underline" }
///     selection = "bold #ffffff on #005f87"
struct ThemeFile {
    var text: String
    var source: String
    var lines: TOMLLineLocator

    static let topLevelKeys = ["extends", "ascii", "styles"]
    static let attributeNames: [(String, TextAttributes)] = [
        ("bold", .bold), ("dim", .dim), ("underline", .underline), ("reverse", .reverse), ("italic", .italic),
    ]
    static let fieldNames = ["fg", "bg"] + attributeNames.map(\.0) + ["mono"]
    static let colourHelp = "use #rrggbb, 0–255, a colour name or \"default\""

    init(text: String, source: String) {
        self.text = text; self.source = source; lines = TOMLLineLocator(text: text)
    }

    func error(_ problem: String, key: String? = nil, at path: [String] = []) -> ThemeError {
        ThemeError(theme: source, line: lines.line(ofFirst: path), key: key, problem: problem)
    }

    func theme(named name: String, resolveBase: (String) throws -> Theme) throws -> Theme {
        let root: TOMLTable
        do { root = try TOMLTable(string: text) } catch let e as TOMLParseError {
            throw ThemeError(theme: source, line: e.source.begin.line,
                             problem: "is not valid TOML (column \(e.source.begin.column): \(e.description))")
        }
        for key in root.keys where !Self.topLevelKeys.contains(key) {
            let hint = closestMatch(to: key, among: Self.topLevelKeys).map { "; did you mean \"\($0)\"?" } ?? ""
            throw error("is not a theme setting; a theme file has extends, ascii and a [styles] table" + hint,
                        key: key, at: [key])
        }
        var ascii: Bool?
        if let value = root["ascii"] {
            guard let flag = value.bool else { throw error("must be true or false", key: "ascii", at: ["ascii"]) }
            ascii = flag
        }
        var base = Theme(name: name, styles: [:])
        if let value = root["extends"] {
            guard let baseName = value.string else {
                throw error("must be the name of a theme, like \"dark\"", key: "extends", at: ["extends"])
            }
            do { base = try resolveBase(baseName) } catch let e as ThemeError { throw e } catch {
                throw self.error("\(error)", key: "extends", at: ["extends"])
            }
        }
        var styles: [ThemeKey: Style] = [:], mono: [ThemeKey: Style] = [:]
        if let value = root["styles"] {
            guard let table = value.table else {
                throw error("must be a table: write [styles] and one line per key below it", key: "styles", at: ["styles"])
            }
            for entry in try entries(in: table, path: []) {
                let (style, monoStyle) = try parseEntry(entry)
                styles[ThemeKey(entry.key)] = style
                mono[ThemeKey(entry.key)] = monoStyle
            }
        }
        return base.overridden(name: name, styles: styles, mono: mono, asciiOnly: ascii)
    }

    struct Entry {
        var key: String
        var value: TOMLValue
    }

    /// Flattens `[styles]` into one entry per semantic key, so `"table.header" = {…}`, `table.header = {…}`
    /// and `[styles.table.header]` all mean the same.
    func entries(in table: TOMLTable, path: [String]) throws -> [Entry] {
        var result: [Entry] = []
        var hasFields = false
        for (name, value) in table {
            let childPath = path + [name]
            if !path.isEmpty, Self.fieldNames.contains(name) { hasFields = true; continue }
            if let child = value.table {
                result += try entries(in: child, path: childPath)
            } else if value.type == .string {
                try checkKnown(childPath, isTableEntry: false)
                result.append(Entry(key: childPath.joined(separator: "."), value: value.tomlValue))
            } else {
                try checkKnown(childPath, isTableEntry: false)
                throw error("must be a style: a table like { fg = \"#e0e0e0\", bold = true } or a string like \"bold #e0e0e0 on #303030\"",
                            key: childPath.joined(separator: "."), at: ["styles"] + childPath)
            }
        }
        if hasFields || (table.isEmpty && !path.isEmpty) {
            try checkKnown(path, isTableEntry: true)
            result.append(Entry(key: path.joined(separator: "."), value: table.tomlValue))
        }
        return result
    }

    func checkKnown(_ path: [String], isTableEntry: Bool) throws {
        let key = path.joined(separator: ".")
        let known = ThemeKey.all.map(\.rawValue)
        if known.contains(key) { return }
        let parent = path.dropLast().joined(separator: ".")
        if !isTableEntry, known.contains(parent), let field = path.last {
            throw error("\"\(field)\" is not a style field; use \(Self.fieldNames.joined(separator: ", "))",
                        key: parent, at: ["styles"] + path)
        }
        let hint = closestMatch(to: key, among: known).map { "did you mean \"\($0)\"? " } ?? ""
        throw error("is not a theme key; \(hint)The keys are listed in docs/themes.md", key: key, at: ["styles"] + path)
    }

    func parseEntry(_ entry: Entry) throws -> (Style, Style?) {
        let path = ["styles"] + entry.key.split(separator: ".").map(String.init)
        if let string = entry.value.string {
            return (try parseShortForm(string, key: entry.key, at: path), nil)
        }
        guard let table = entry.value.table else { return (.plain, nil) }
        var style = Style()
        var mono: Style?
        for (field, value) in table where Self.fieldNames.contains(field) {
            let at = path + [field]
            switch field {
            case "fg", "bg":
                let colour: Color
                if let n = value.int {
                    guard let c = Color(themeNumber: n) else {
                        throw error("\(field) \(n) is not a colour; \(Self.colourHelp)", key: entry.key, at: at)
                    }
                    colour = c
                } else if let s = value.string {
                    guard let c = Color(themeValue: s) else {
                        throw error("\(field) \"\(s)\" is not a colour; \(Self.colourHelp)", key: entry.key, at: at)
                    }
                    colour = c
                } else {
                    throw error("\(field) must be a colour string or number; \(Self.colourHelp)", key: entry.key, at: at)
                }
                if field == "fg" { style.foreground = colour } else { style.background = colour }
            case "mono":
                mono = try parseMono(value, key: entry.key, at: at)
            default:
                guard let on = value.bool else {
                    throw error("\(field) must be true or false", key: entry.key, at: at)
                }
                let attribute = Self.attributeNames.first { $0.0 == field }!.1
                if on { style.attributes.insert(attribute) } else { style.attributes.remove(attribute) }
            }
        }
        return (style, mono)
    }

    /// `mono` takes the same forms as a style but only attributes: it is what the key looks like without colour.
    func parseMono(_ value: TOMLValueConvertible, key: String, at path: [String]) throws -> Style {
        let style: Style
        if let s = value.string {
            style = try parseShortForm(s, key: key, at: path)
        } else if let table = value.table {
            for field in table.keys where !Self.attributeNames.contains(where: { $0.0 == field }) {
                throw error("mono field \"\(field)\" is not an attribute; use \(Self.attributeNames.map(\.0).joined(separator: ", "))",
                            key: key, at: path)
            }
            (style, _) = try parseEntry(Entry(key: key, value: table.tomlValue))
        } else {
            throw error("mono must be attributes, like \"reverse bold\" or { reverse = true }", key: key, at: path)
        }
        guard style.foreground == .default, style.background == .default else {
            throw error("mono is for terminals without colour, so it takes attributes only (bold, dim, underline, reverse, italic)",
                        key: key, at: path)
        }
        return style
    }

    /// `"bold #e0e0e0 on #303030"`: attribute words, at most one foreground colour, `on <colour>` for the background.
    func parseShortForm(_ string: String, key: String, at path: [String]) throws -> Style {
        var style = Style()
        var words = string.split(whereSeparator: \.isWhitespace).map(String.init)[...]
        var sawForeground = false
        while let word = words.popFirst() {
            if let attribute = Self.attributeNames.first(where: { $0.0 == word.lowercased() }) {
                style.attributes.insert(attribute.1)
            } else if word.lowercased() == "on" {
                guard let next = words.popFirst() else {
                    throw error("\"\(string)\" ends with \"on\"; put the background colour after it", key: key, at: path)
                }
                guard let colour = Color(themeValue: next) else {
                    throw error("background \"\(next)\" in \"\(string)\" is not a colour; \(Self.colourHelp)", key: key, at: path)
                }
                style.background = colour
            } else if let colour = Color(themeValue: word) {
                guard !sawForeground else {
                    throw error("\"\(string)\" names two foreground colours; write \"on\" before the background", key: key, at: path)
                }
                style.foreground = colour
                sawForeground = true
            } else {
                throw error("\"\(word)\" in \"\(string)\" is neither an attribute (bold, dim, underline, reverse, italic) nor a colour; \(Self.colourHelp)",
                            key: key, at: path)
            }
        }
        return style
    }
}

/// The 16 ANSI colour names of theme files.
enum ColorName {
    static let all: [(name: String, index: UInt8)] = [
        "black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
    ].enumerated().flatMap { i, name -> [(name: String, index: UInt8)] in
        [(name: name, index: UInt8(i)), (name: "bright-" + name, index: UInt8(i + 8))]
    }.sorted { $0.index < $1.index }
}

extension Color {
    /// A colour as written in a theme file: `#rrggbb`, `"0"`–`"255"`, an ANSI name, or `default`.
    /// Numbers below 16 and names give `.ansi`, so `"9"` and `"bright-red"` are the same colour.
    init?(themeValue text: String) {
        let s = text.lowercased()
        if s == "default" { self = .default; return }
        if let named = ColorName.all.first(where: { $0.name == s }) { self = .ansi(named.index); return }
        if let n = Int(s) { self.init(themeNumber: n); return }
        guard s.hasPrefix("#"), s.count == 7, let v = UInt32(s.dropFirst(), radix: 16) else { return nil }
        self = .rgb(UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF))
    }

    init?(themeNumber n: Int) {
        guard (0...255).contains(n) else { return nil }
        self = n < 16 ? .ansi(UInt8(n)) : .indexed(UInt8(n))
    }
}

/// The line where a dotted key is written in a TOML text, for error messages (TOMLKit does not keep positions).
/// Understands `[a.b]` headers, `a.b = …` and quoted parts like `"a.b" = …`; good enough to point at a line.
struct TOMLLineLocator {
    private var firstLine: [String: Int] = [:]

    init(text: String) {
        var section: [String] = []
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("[") {
                let inner = line.drop { $0 == "[" }.prefix { $0 != "]" }
                section = Self.keyParts(Substring(inner))
                record(section, line: index + 1)
            } else if let eq = Self.unquotedEquals(in: Substring(line)) {
                record(section + Self.keyParts(line[..<eq]), line: index + 1)
            }
        }
    }

    // Parts are joined with dots, so `"a.b" = …` and `a.b = …` are found alike.
    private mutating func record(_ path: [String], line: Int) {
        let key = path.joined(separator: ".")
        if firstLine[key] == nil { firstLine[key] = line }
    }

    /// The line of `path`, or of its longest prefix that is written in the file.
    func line(ofFirst path: [String]) -> Int? {
        var key = path.joined(separator: ".")
        while !key.isEmpty {
            if let line = firstLine[key] { return line }
            key = key.lastIndex(of: ".").map { String(key[..<$0]) } ?? ""
        }
        return nil
    }

    static func unquotedEquals(in s: Substring) -> Substring.Index? {
        var quote: Character?
        for i in s.indices {
            let c = s[i]
            if let q = quote { if c == q { quote = nil } } else if c == "\"" || c == "'" { quote = c } else if c == "=" {
                return i
            } else if c == "#" { return nil }
        }
        return nil
    }

    /// `a . "b.c"` → ["a", "b.c"].
    static func keyParts(_ s: Substring) -> [String] {
        var parts: [String] = [], current = "", quote: Character?
        for c in s {
            if let q = quote { if c == q { quote = nil } else { current.append(c) } }
            else if c == "\"" || c == "'" { quote = c }
            else if c == "." { parts.append(current); current = "" }
            else if !c.isWhitespace { current.append(c) }
        }
        parts.append(current)
        return parts.filter { !$0.isEmpty }
    }
}

/// The candidate nearest to `word` by edit distance, if it is near enough to be a likely typo.
func closestMatch(to word: String, among candidates: [String]) -> String? {
    let target = Array(word.lowercased())
    var best: (String, Int)?
    for candidate in candidates {
        let d = editDistance(target, Array(candidate.lowercased()))
        if d <= max(2, target.count / 3), d < (best?.1 ?? .max) { best = (candidate, d) }
    }
    return best?.0
}

private func editDistance(_ a: [Character], _ b: [Character]) -> Int {
    if a.isEmpty { return b.count }
    var previous = Array(0...b.count)
    for i in 1...a.count {
        var current = [i] + Array(repeating: 0, count: b.count)
        for j in stride(from: 1, through: b.count, by: 1) {
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        previous = current
    }
    return previous[b.count]
}
