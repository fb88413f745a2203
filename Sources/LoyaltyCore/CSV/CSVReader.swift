import Foundation

/// One record of a CSV file: its fields and the 1-based physical line it starts on (a quoted field with line
/// breaks makes a record span several lines; the next record's `line` accounts for them).
public struct CSVRecord: Hashable, Sendable {
    public var line: Int
    public var fields: [String]

    public init(line: Int, fields: [String]) {
        self.line = line
        self.fields = fields
    }
}

/// Why a CSV file could not be read at some point. `line` is 1-based and physical; `field` is the 1-based
/// position of the field within its record.
public struct CSVError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Reason: Hashable, Sendable {
        case invalidUTF8
        case fieldTooLong(bytes: Int, limit: Int)
        /// The quote opened on `line` is never closed; the rest of the file was consumed looking for it.
        case unterminatedQuote
        /// A `"` inside a field that does not start with one.
        case strayQuote
        /// Something other than a comma or line break right after a closing quote: `"abc"def`.
        case textAfterClosingQuote
    }

    public var reason: Reason
    public var line: Int
    public var field: Int
    public var message: String

    public init(reason: Reason, line: Int, field: Int, message: String) {
        self.reason = reason
        self.line = line
        self.field = field
        self.message = message
    }

    public var description: String { "line \(line), field \(field): \(message)" }

    /// The same problem in the vocabulary the importers report in; with the file's header, the field is named by
    /// its column.
    public func lineError(header: CSVRecord? = nil) -> LineError {
        let columnName = header.flatMap { field <= $0.fields.count ? CSVText.trimmed($0.fields[field - 1]) : nil }
        return LineError(line: line, field: columnName.flatMap { $0.isEmpty ? nil : $0 } ?? "field \(field)", message: message)
    }
}

/// Reads RFC 4180 CSV from bytes it owns, one record per `next()` call.
///
/// Accepts LF, CRLF and (old Mac) lone CR line ends, a UTF-8 byte order mark, a last line without a line break,
/// and skips empty lines. After an error `next()` carries on with the following record, so an importer can report
/// every bad line in one pass; an unterminated quote is the exception, it consumes the rest of the file.
public struct CSVReader: Sendable {
    public static let defaultMaxFieldBytes = 1 << 20

    private let bytes: [UInt8]
    private var cursor: CSVCursor

    public init(bytes: [UInt8], maxFieldBytes: Int = CSVReader.defaultMaxFieldBytes) {
        self.bytes = bytes
        self.cursor = CSVCursor(maxFieldBytes: maxFieldBytes)
    }

    public init(data: Data, maxFieldBytes: Int = CSVReader.defaultMaxFieldBytes) {
        self.init(bytes: [UInt8](data), maxFieldBytes: maxFieldBytes)
    }

    public init(text: String, maxFieldBytes: Int = CSVReader.defaultMaxFieldBytes) {
        self.init(bytes: Array(text.utf8), maxFieldBytes: maxFieldBytes)
    }

    /// The next record, or nil at the end of the input.
    public mutating func next() throws(CSVError) -> CSVRecord? {
        // Array.withUnsafeBytes is not typed-throws, so the error travels out inside a Result.
        try bytes.withUnsafeBytes { buffer in Result { () throws(CSVError) in try cursor.next(in: buffer) } }.get()
    }

    /// Every record; for small inputs and tests. Stops at the first error.
    public static func readAll(_ bytes: [UInt8], maxFieldBytes: Int = CSVReader.defaultMaxFieldBytes) throws(CSVError) -> [CSVRecord] {
        var reader = CSVReader(bytes: bytes, maxFieldBytes: maxFieldBytes)
        var records: [CSVRecord] = []
        while let record = try reader.next() { records.append(record) }
        return records
    }
}

/// `CSVReader` over memory someone else owns (a memory-mapped file, a `Data`'s storage), without copying it.
/// The buffer must stay valid and unchanged for as long as the reader is used.
public struct UnsafeCSVReader {
    private let buffer: UnsafeRawBufferPointer
    private var cursor: CSVCursor

    public init(_ buffer: UnsafeRawBufferPointer, maxFieldBytes: Int = CSVReader.defaultMaxFieldBytes) {
        self.buffer = buffer
        self.cursor = CSVCursor(maxFieldBytes: maxFieldBytes)
    }

    /// The next record, or nil at the end of the input.
    public mutating func next() throws(CSVError) -> CSVRecord? {
        try cursor.next(in: buffer)
    }

    /// How many bytes of the buffer have been consumed: everything before this offset will not be read again.
    public var consumedBytes: Int { cursor.offset }
}

/// The reading position and the parsing itself, kept apart from whoever owns the bytes.
struct CSVCursor: Sendable {
    private static let comma = UInt8(ascii: ",")
    private static let quote = UInt8(ascii: "\"")
    private static let lineFeed = UInt8(ascii: "\n")
    private static let carriageReturn = UInt8(ascii: "\r")

    let maxFieldBytes: Int
    private(set) var offset = 0
    private var line = 1
    private var fieldCountHint = 8
    /// Holds a quoted field's bytes when `""` escapes mean it cannot be sliced straight from the input.
    private var unescaped: [UInt8] = []

    init(maxFieldBytes: Int) {
        self.maxFieldBytes = maxFieldBytes
    }

    mutating func next(in buffer: UnsafeRawBufferPointer) throws(CSVError) -> CSVRecord? {
        guard let raw = buffer.baseAddress else { return nil }
        let base = raw.assumingMemoryBound(to: UInt8.self)
        let end = buffer.count
        if offset == 0, end >= 3, base[0] == 0xEF, base[1] == 0xBB, base[2] == 0xBF { offset = 3 }
        skipEmptyLines(base, end)
        guard offset < end else { return nil }

        let recordLine = line
        var fields: [String] = []
        fields.reserveCapacity(fieldCountHint)
        // Problems other than an unterminated quote are remembered and thrown once the record has been read to
        // its end, so the next call starts cleanly on the following record.
        var problem: CSVError?

        while true {
            let fieldNumber = fields.count + 1
            let fieldLine = line
            let value: String?
            if offset < end && base[offset] == Self.quote {
                value = try readQuotedField(base, end, fieldNumber: fieldNumber, problem: &problem)
            } else {
                value = readUnquotedField(base, end, fieldNumber: fieldNumber, fieldLine: fieldLine, problem: &problem)
            }
            fields.append(value ?? "")

            guard offset < end else { break }
            let delimiter = base[offset]
            offset += 1
            if delimiter == Self.comma { continue }
            // readQuotedField/readUnquotedField stop only at a comma, a line break or the end.
            if delimiter == Self.carriageReturn, offset < end, base[offset] == Self.lineFeed { offset += 1 }
            line += 1
            break
        }
        fieldCountHint = fields.count
        if let problem { throw problem }
        return CSVRecord(line: recordLine, fields: fields)
    }

    private mutating func skipEmptyLines(_ base: UnsafePointer<UInt8>, _ end: Int) {
        while offset < end {
            let byte = base[offset]
            if byte == Self.lineFeed {
                offset += 1
            } else if byte == Self.carriageReturn {
                offset += 1
                if offset < end, base[offset] == Self.lineFeed { offset += 1 }
            } else {
                return
            }
            line += 1
        }
    }

    /// Reads up to (not including) the next comma or line break. Returns nil when the field has a problem.
    private mutating func readUnquotedField(_ base: UnsafePointer<UInt8>, _ end: Int, fieldNumber: Int, fieldLine: Int,
                                            problem: inout CSVError?) -> String? {
        let start = offset
        var position = offset
        var highBits: UInt8 = 0
        var strayQuoteSeen = false
        while position < end {
            let byte = base[position]
            // Everything above ',' (digits, letters, '-', '.', ':', UTF-8) is ordinary; test that first.
            if byte > Self.comma {
                highBits |= byte
                position += 1
                continue
            }
            if byte == Self.comma || byte == Self.lineFeed || byte == Self.carriageReturn { break }
            if byte == Self.quote { strayQuoteSeen = true }
            position += 1
        }
        offset = position
        if strayQuoteSeen {
            report(&problem, CSVError(
                reason: .strayQuote, line: fieldLine, field: fieldNumber,
                message: "field \(fieldNumber) on line \(fieldLine) has a quote (\") inside a value that does not start with one. "
                    + "If the value contains quotes or commas, put the whole value in quotes and double each inner quote (\"\"), "
                    + "with no space before the opening quote."))
            return nil
        }
        return makeString(UnsafeBufferPointer(start: base + start, count: position - start), highBits: highBits,
                          fieldNumber: fieldNumber, fieldLine: fieldLine, problem: &problem)
    }

    /// Reads a field starting at an opening quote, through its closing quote.
    private mutating func readQuotedField(_ base: UnsafePointer<UInt8>, _ end: Int, fieldNumber: Int,
                                          problem: inout CSVError?) throws(CSVError) -> String? {
        let openingLine = line
        var position = offset + 1
        var chunkStart = position
        var highBits: UInt8 = 0
        var escaped = false
        unescaped.removeAll(keepingCapacity: true)
        while true {
            guard position < end else {
                offset = end
                throw CSVError(
                    reason: .unterminatedQuote, line: openingLine, field: fieldNumber,
                    message: "the quote that opens field \(fieldNumber) on line \(openingLine) is never closed, so the rest of the file "
                        + "was read as part of that field. Add the closing quote, or double a quote that is part of the value (\"\").")
            }
            let byte = base[position]
            if byte == Self.quote {
                guard position + 1 < end, base[position + 1] == Self.quote else { break }
                // `""`: keep one quote, skip the other.
                unescaped.append(contentsOf: UnsafeBufferPointer(start: base + chunkStart, count: position + 1 - chunkStart))
                escaped = true
                position += 2
                chunkStart = position
                continue
            }
            highBits |= byte
            if byte == Self.lineFeed {
                line += 1
            } else if byte == Self.carriageReturn, !(position + 1 < end && base[position + 1] == Self.lineFeed) {
                line += 1
            }
            position += 1
        }
        let closingQuote = position
        offset = closingQuote + 1
        if offset < end {
            let next = base[offset]
            if next != Self.comma && next != Self.lineFeed && next != Self.carriageReturn {
                report(&problem, CSVError(
                    reason: .textAfterClosingQuote, line: line, field: fieldNumber,
                    message: "field \(fieldNumber) on line \(line) has text after its closing quote. Put the whole value in quotes "
                        + "and double each quote inside it (\"\")."))
                while offset < end, base[offset] != Self.comma, base[offset] != Self.lineFeed, base[offset] != Self.carriageReturn {
                    offset += 1
                }
                return nil
            }
        }
        let tail = UnsafeBufferPointer(start: base + chunkStart, count: closingQuote - chunkStart)
        guard escaped else {
            return makeString(tail, highBits: highBits, fieldNumber: fieldNumber, fieldLine: openingLine, problem: &problem)
        }
        unescaped.append(contentsOf: tail)
        return unescaped.withUnsafeBufferPointer { bytes in
            makeString(bytes, highBits: highBits, fieldNumber: fieldNumber, fieldLine: openingLine, problem: &problem)
        }
    }

    private func makeString(_ bytes: UnsafeBufferPointer<UInt8>, highBits: UInt8, fieldNumber: Int, fieldLine: Int,
                            problem: inout CSVError?) -> String? {
        if bytes.count > maxFieldBytes {
            report(&problem, CSVError(
                reason: .fieldTooLong(bytes: bytes.count, limit: maxFieldBytes), line: fieldLine, field: fieldNumber,
                message: "field \(fieldNumber) on line \(fieldLine) is \(ByteSize(bytes.count)), more than the limit of "
                    + "\(ByteSize(maxFieldBytes)) for one value. Check that the file really is CSV and that every opening quote is closed."))
            return nil
        }
        // Plain ASCII needs no validation; only fields with bytes >= 0x80 can be malformed UTF-8.
        if highBits < 0x80 { return String(decoding: bytes, as: UTF8.self) }
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        report(&problem, CSVError(
            reason: .invalidUTF8, line: fieldLine, field: fieldNumber,
            message: "field \(fieldNumber) on line \(fieldLine) is not valid UTF-8 text (the file was probably saved as Windows-1252 or "
                + "Latin-1). Open it in your spreadsheet and save the file as UTF-8 (\"CSV UTF-8\")."))
        return nil
    }

    private func report(_ problem: inout CSVError?, _ error: CSVError) {
        if problem == nil { problem = error }
    }
}

/// "1 MiB", "10.0 MiB (10485760 bytes)": sizes people can compare at a glance.
private struct ByteSize: CustomStringConvertible {
    let bytes: Int
    init(_ bytes: Int) { self.bytes = bytes }

    var description: String {
        let mebibyte = 1 << 20
        if bytes >= mebibyte {
            if bytes % mebibyte == 0 { return "\(bytes / mebibyte) MiB" }
            let tenths = (bytes * 10 + mebibyte / 2) / mebibyte
            return "\(tenths / 10).\(tenths % 10) MiB (\(bytes) bytes)"
        }
        if bytes >= 1024, bytes % 1024 == 0 { return "\(bytes / 1024) KiB" }
        return "\(bytes) bytes"
    }
}

// MARK: - Matching a header to the columns an importer knows

/// Every problem found in one line (a header or a row), reported together.
public struct LineErrors: Error, Hashable, Sendable, CustomStringConvertible {
    public var errors: [LineError]

    public init(_ errors: [LineError]) {
        self.errors = errors
    }

    public var description: String { errors.map(\.description).joined(separator: "\n") }
}

/// A column an importer understands. `rawValue` is the case's position in `allCases` (declare the cases without
/// raw values), which lets a row's values be found by array index instead of hashing; `name` is the header name,
/// in lowercase.
protocol CSVColumn: RawRepresentable<Int>, CaseIterable, Hashable, Sendable {
    var name: String { get }
    var isRequired: Bool { get }
}

/// Where each known column sits in the file's header.
struct CSVColumnLayout<Column: CSVColumn>: Sendable {
    /// Field index of each column by its `rawValue`; -1 when the header lacks it.
    private let fieldIndexes: [Int]
    let fieldCount: Int

    /// The columns the header named, in file order.
    let columnsInFileOrder: [Column]

    /// Header names match case-insensitively after trimming spaces. Reports missing, unknown, empty and duplicate
    /// names together; `header` nil means the file had no lines at all.
    static func resolve(header: CSVRecord?, fileKind: String) -> Result<CSVColumnLayout, LineErrors> {
        guard let header else {
            return .failure(LineErrors([LineError(line: 1, message: "the file is empty. The first line must be a header naming the columns: "
                                                  + acceptedColumns + ".")]))
        }
        let byName = Dictionary(uniqueKeysWithValues: Column.allCases.map { ($0.name, $0) })
        var positions: [Column: Int] = [:]
        var errors: [LineError] = []
        for (index, rawName) in header.fields.enumerated() {
            let name = CSVText.trimmed(rawName)
            let lowercased = name.lowercased()
            guard !name.isEmpty else {
                errors.append(LineError(line: header.line, field: "column \(index + 1)",
                                        message: "column \(index + 1) of the header has no name. Name it, or remove the extra comma. "
                                            + "Accepted columns: \(acceptedColumns)."))
                continue
            }
            guard let column = byName[lowercased] else {
                errors.append(LineError(line: header.line, field: name,
                                        message: "the header has an unknown column \"\(name)\" (column \(index + 1)). "
                                            + "Accepted columns: \(acceptedColumns)."))
                continue
            }
            if let earlier = positions[column] {
                errors.append(LineError(line: header.line, field: column.name,
                                        message: "the column \(column.name) appears twice in the header (columns \(earlier + 1) "
                                            + "and \(index + 1)). Keep only one."))
                continue
            }
            positions[column] = index
        }
        let missing = Column.allCases.filter { $0.isRequired && positions[$0] == nil }.map(\.name)
        if !missing.isEmpty {
            let list = missing.joined(separator: ", ")
            let noun = missing.count == 1 ? "column" : "columns"
            errors.insert(LineError(line: header.line, field: list,
                                    message: "the header of this \(fileKind) file lacks the required \(noun) \(list). "
                                        + "Accepted columns: \(acceptedColumns)."), at: 0)
        }
        if !errors.isEmpty { return .failure(LineErrors(errors)) }
        var fieldIndexes = [Int](repeating: -1, count: Column.allCases.count)
        for (column, index) in positions { fieldIndexes[column.rawValue] = index }
        return .success(CSVColumnLayout(fieldIndexes: fieldIndexes, fieldCount: header.fields.count,
                                        columnsInFileOrder: positions.sorted { $0.value < $1.value }.map(\.key)))
    }

    static var acceptedColumns: String {
        let required = Column.allCases.filter(\.isRequired).map(\.name).joined(separator: ", ")
        let optional = Column.allCases.filter { !$0.isRequired }.map(\.name).joined(separator: ", ")
        return optional.isEmpty ? "\(required) (required)" : "\(required) (required); \(optional) (optional)"
    }

    /// A row must have exactly as many fields as the header, or values would land in the wrong columns.
    func fieldCountError(_ record: CSVRecord) -> LineError? {
        guard record.fields.count != fieldCount else { return nil }
        return LineError(line: record.line,
                         message: "this row has \(record.fields.count) \(record.fields.count == 1 ? "value" : "values") but the header "
                            + "has \(fieldCount) columns. A value containing a comma must be in quotes; otherwise add or remove commas "
                            + "so every row matches the header.")
    }

    /// The trimmed value of `column` in `record`; "" when the column is absent.
    func value(_ column: Column, in record: CSVRecord) -> String {
        let index = fieldIndexes[column.rawValue]
        return index < 0 ? "" : CSVText.importedValue(record.fields[index])
    }
}

/// Reading a whole small file with one of the row importers.
enum CSVImport {
    static func parseAll<Output>(
        _ bytes: [UInt8],
        makeRowParser: (CSVRecord?) throws(LineErrors) -> (CSVRecord) -> Result<Output, LineErrors>
    ) -> ([Output], [LineError]) {
        var reader = CSVReader(bytes: bytes)
        let header: CSVRecord?
        do throws(CSVError) { header = try reader.next() } catch { return ([], [error.lineError()]) }
        let parseRow: (CSVRecord) -> Result<Output, LineErrors>
        do throws(LineErrors) { parseRow = try makeRowParser(header) } catch { return ([], error.errors) }
        var outputs: [Output] = []
        var errors: [LineError] = []
        while true {
            do throws(CSVError) {
                guard let record = try reader.next() else { break }
                switch parseRow(record) {
                case .success(let output): outputs.append(output)
                case .failure(let rowErrors): errors += rowErrors.errors
                }
            } catch {
                errors.append(error.lineError(header: header))
            }
        }
        return (outputs, errors)
    }
}

/// Clean-up applied to every imported value.
private enum CSVText {
    static func trimmed(_ text: String) -> String {
        guard let first = text.utf8.first, let last = text.utf8.last else { return text }
        // Most values start and end with a visible ASCII character and need no trimming; only look closer (Unicode
        // spaces included) when they do not.
        if first > 32 && first < 0x80 && last > 32 && last < 0x80 { return text }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Trimmed, and without the `'` our own exports put before values like "+1 555 0100" (see `CSVWriter`).
    static func importedValue(_ text: String) -> String {
        CSVWriter.removingFormulaGuard(trimmed(text))
    }
}
