import Foundation

/// One value to write. Text that a spreadsheet could run as a formula gets a leading `'`; numbers we formatted
/// ourselves ("-12.50") are written as they are so spreadsheets still see numbers.
public enum CSVCell: Hashable, Sendable {
    case text(String)
    /// Only a plain decimal (`-?digits(.digits)?`) skips the formula guard; anything else is guarded like text.
    case number(String)
}

/// Writes RFC 4180 CSV: fields with a comma, quote, CR or LF are quoted with inner quotes doubled, rows end in
/// CRLF. Text starting with `=`, `+`, `-`, `@`, tab or CR is prefixed with `'` so a spreadsheet shows it instead
/// of evaluating it (CSV injection).
public enum CSVWriter {
    public static let lineEnd = "\r\n"

    /// One row including its CRLF; every field is treated as text.
    public static func row(_ fields: [String]) -> String {
        var text = ""
        append(fields, to: &text)
        return text
    }

    public static func row(_ cells: [CSVCell]) -> String {
        var text = ""
        append(cells, to: &text)
        return text
    }

    public static func append(_ fields: [String], to buffer: inout String) {
        append(fields.map(CSVCell.text), to: &buffer)
    }

    public static func append(_ cells: [CSVCell], to buffer: inout String) {
        // A lone empty field would be an empty line, which readers skip; write it as "" so the row survives.
        if cells.count == 1, cells[0].isEmpty {
            buffer += "\"\"" + lineEnd
            return
        }
        for (index, cell) in cells.enumerated() {
            if index > 0 { buffer += "," }
            buffer += field(cell)
        }
        buffer += lineEnd
    }

    public static func append(_ fields: [String], to buffer: inout Data) {
        buffer.append(contentsOf: row(fields).utf8)
    }

    public static func append(_ cells: [CSVCell], to buffer: inout Data) {
        buffer.append(contentsOf: row(cells).utf8)
    }

    /// One field as it appears in the file: guarded if needed, then quoted if needed.
    public static func field(_ cell: CSVCell) -> String {
        let text: String
        switch cell {
        case .text(let value): text = guardingFormula(value)
        case .number(let value): text = isPlainNumber(value) ? value : guardingFormula(value)
        }
        guard needsQuotes(text) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Undoes the formula guard: `'+1 555 0100` becomes `+1 555 0100`. Importers use it so a file we exported can
    /// be edited and imported again unchanged. A `'` before anything else is left alone.
    public static func removingFormulaGuard(_ text: String) -> String {
        guard text.utf8.first == UInt8(ascii: "'"), startsFormulaAfterApostrophes(text) else { return text }
        return String(text.dropFirst())
    }

    /// Values that already start with `'` before a formula character are prefixed once more, so that
    /// `removingFormulaGuard` can always tell our `'` from the value's own.
    static func guardingFormula(_ text: String) -> String {
        startsFormulaAfterApostrophes(text) ? "'" + text : text
    }

    private static func startsFormulaAfterApostrophes(_ text: String) -> Bool {
        guard let first = text.utf8.first(where: { $0 != UInt8(ascii: "'") }) else { return false }
        return startsFormula(first)
    }

    private static func startsFormula(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), 0x09, 0x0D: return true
        default: return false
        }
    }

    private static func needsQuotes(_ text: String) -> Bool {
        // A leading U+FEFF in the file's first field would be read back as a byte order mark and dropped.
        text.utf8.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }
            || text.unicodeScalars.first == "\u{FEFF}"
    }

    private static func isPlainNumber(_ text: String) -> Bool {
        var utf8 = Substring(text).utf8[...]
        if utf8.first == UInt8(ascii: "-") { utf8 = utf8.dropFirst() }
        let isDigit = { (byte: UInt8) in byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
        let integerPart = utf8.prefix(while: isDigit)
        guard !integerPart.isEmpty else { return false }
        utf8 = utf8.dropFirst(integerPart.count)
        if utf8.isEmpty { return true }
        guard utf8.first == UInt8(ascii: ".") else { return false }
        let fraction = utf8.dropFirst()
        return !fraction.isEmpty && fraction.allSatisfy(isDigit)
    }
}

private extension CSVCell {
    var isEmpty: Bool {
        switch self {
        case .text(let value), .number(let value): return value.isEmpty
        }
    }
}
