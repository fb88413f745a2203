/// Finds the line of a table or key in TOML text, for error messages: TOMLKit reports positions only for
/// syntax errors, not for values.
struct SourceLines {
    private let lines: [Substring]

    init(_ text: String) {
        lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    }

    /// The 1-based line of the header `[table]`.
    func line(ofTable table: String) -> Int? {
        lines.firstIndex { isHeader($0, named: table) }.map { $0 + 1 }
    }

    /// The 1-based line where `key` (bare or quoted) is assigned inside `[table]`, or before any table when
    /// `table` is nil.
    func line(ofKey key: String, inTable table: String?) -> Int? {
        var index = 0
        if let table {
            guard let header = lines.firstIndex(where: { isHeader($0, named: table) }) else { return nil }
            index = header + 1
        }
        while index < lines.count {
            let line = lines[index].drop { $0 == " " || $0 == "\t" }
            if line.hasPrefix("[") { return nil }
            for spelling in ["\"\(key)\"", "'\(key)'", key] where line.hasPrefix(spelling) {
                let rest = line.dropFirst(spelling.count).drop { $0 == " " || $0 == "\t" }
                if rest.hasPrefix("=") || (spelling == key && rest.hasPrefix(".")) { return index + 1 }
            }
            index += 1
        }
        return nil
    }

    private func isHeader(_ line: Substring, named table: String) -> Bool {
        let trimmed = line.drop { $0 == " " || $0 == "\t" }
        guard trimmed.hasPrefix("[\(table)]") else { return false }
        let rest = trimmed.dropFirst(table.count + 2).drop { $0 == " " || $0 == "\t" }
        return rest.isEmpty || rest.hasPrefix("#")
    }
}
