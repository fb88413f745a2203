import Foundation

/// Turns the rows of a customers CSV into `IncomingCustomerRecord`s, one row at a time. Build it from the header
/// record, then call `parse` for each following record.
///
/// Required column: email. Optional: first_name, last_name, phone, birthday (`YYYY-MM-DD` or `MM-DD`), points
/// (an opening balance, a whole number of 0 or more). Header names match in any order and case.
public struct CustomerCSV: Sendable {
    public enum Column: Int, CaseIterable, Sendable, CSVColumn {
        case email
        case firstName
        case lastName
        case phone
        case birthday
        case points

        /// The header name.
        public var name: String {
            switch self {
            case .email: return "email"
            case .firstName: return "first_name"
            case .lastName: return "last_name"
            case .phone: return "phone"
            case .birthday: return "birthday"
            case .points: return "points"
            }
        }

        public var isRequired: Bool { self == .email }
    }

    /// Stands in for an unknown birth year; a leap year, so 02-29 birthdays stay valid.
    public static let unknownBirthYear = "0004"

    private let layout: CSVColumnLayout<Column>

    /// `header` is the file's first record; nil (an empty file) is an error. Every header problem is reported.
    public init(header: CSVRecord?) throws(LineErrors) {
        self.layout = try CSVColumnLayout<Column>.resolve(header: header, fileKind: "customers").get()
    }

    /// The columns the header named, in file order.
    public var columns: [Column] { layout.columnsInFileOrder }

    /// The customer in `record`, or every problem with it.
    public func parse(_ record: CSVRecord) -> Result<IncomingCustomerRecord, LineErrors> {
        if let error = layout.fieldCountError(record) { return .failure(LineErrors([error])) }
        var errors: [LineError] = []
        func fail(_ column: Column, _ message: String) {
            errors.append(LineError(line: record.line, field: column.name, message: message))
        }
        func optional(_ column: Column) -> String? {
            let text = layout.value(column, in: record)
            return text.isEmpty ? nil : text
        }

        let email = layout.value(.email, in: record)
        if email.isEmpty {
            fail(.email, "email is empty. Every customer needs an email address; fill it in or remove the row.")
        } else if !Self.looksLikeEmail(email) {
            fail(.email, "email \"\(email)\" does not look like an email address. Write it like name@example.com "
                + "(one @, no spaces, a domain with a dot).")
        }

        var birthday: String?
        if let text = optional(.birthday) {
            birthday = Self.normalizedBirthday(text)
            if birthday == nil {
                fail(.birthday, "birthday \"\(text)\" is not a date. Write it as YYYY-MM-DD (1990-07-14) or, without the year, "
                    + "MM-DD (07-14).")
            }
        }

        var openingPoints: Int64?
        if let text = optional(.points) {
            switch Self.wholePoints(text) {
            case .success(let points): openingPoints = points
            case .failure(let problem): fail(.points, problem.message(for: text))
            }
        }

        guard errors.isEmpty else { return .failure(LineErrors(errors)) }
        return .success(IncomingCustomerRecord(email: email, firstName: optional(.firstName), lastName: optional(.lastName),
                                               phone: optional(.phone), birthday: birthday, openingPoints: openingPoints,
                                               sourceLine: record.line))
    }

    /// Every customer in a small in-memory file, with every problem (unreadable CSV included) as a `LineError`.
    /// Large files should be read with `CSVReader` and `parse` record by record instead.
    public static func parseAll(_ bytes: [UInt8]) -> (customers: [IncomingCustomerRecord], errors: [LineError]) {
        let (customers, errors) = CSVImport.parseAll(bytes) { (header) throws(LineErrors) in
            try CustomerCSV(header: header).parse
        }
        return (customers, errors)
    }

    // MARK: - Field rules

    /// One @, something before it, a domain with a dot inside it after it, and no whitespace anywhere. Deliberately
    /// loose: the point is catching a name or phone number in the email column, not enforcing RFC 5322.
    public static func looksLikeEmail(_ text: String) -> Bool {
        guard !text.unicodeScalars.contains(where: { $0.properties.isWhitespace }) else { return false }
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty else { return false }
        let domain = parts[1]
        guard let dot = domain.firstIndex(of: ".") else { return false }
        return dot != domain.startIndex && domain.last != "."
    }

    /// `YYYY-MM-DD` as is, `MM-DD` with the placeholder year; nil for anything else or an impossible date.
    public static func normalizedBirthday(_ text: String) -> String? {
        let bytes = Array(text.utf8)
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for byte in bytes[range] {
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        let dash = UInt8(ascii: "-")
        let year: String
        let monthStart: Int
        switch bytes.count {
        case 10 where bytes[4] == dash && bytes[7] == dash && number(0..<4) != nil:
            year = String(decoding: bytes[0..<4], as: UTF8.self)
            monthStart = 5
        case 5 where bytes[2] == dash:
            year = unknownBirthYear
            monthStart = 0
        default:
            return nil
        }
        guard let yearNumber = Int(year), let month = number(monthStart..<(monthStart + 2)),
              let day = number((monthStart + 3)..<(monthStart + 5)),
              (1...12).contains(month), day >= 1, day <= Timestamp.daysIn(month: month, year: yearNumber) else { return nil }
        return year + "-" + String(decoding: bytes[monthStart..<(monthStart + 5)], as: UTF8.self)
    }

    enum PointsProblem: Error {
        case negative, notWhole, notANumber, tooLarge

        func message(for text: String) -> String {
            switch self {
            case .negative:
                return "points \(text) is negative. The opening balance must be 0 or more; leave it empty for none."
            case .notWhole:
                return "points \(text) is not a whole number. Points have no fractions; round it to a whole number."
            case .notANumber:
                return "points \"\(text)\" is not a number. Write a whole number of 0 or more, digits only, e.g. 1500."
            case .tooLarge:
                return "points \(text) is too large to be a balance."
            }
        }
    }

    static func wholePoints(_ text: String) -> Result<Int64, PointsProblem> {
        switch DecimalAmount.parse(text) {
        case .success(let amount):
            if amount.scale > 0 || text.utf8.last == UInt8(ascii: ".") { return .failure(.notWhole) }
            return .success(amount.digits)
        case .failure(.negative):
            // "-" alone or "-abc" is not a number at all.
            if case .failure = DecimalAmount.parse(text.dropFirst()) { return .failure(.notANumber) }
            return .failure(.negative)
        case .failure(.tooManyDecimals): return .failure(.notWhole)
        case .failure(.tooLarge): return .failure(.tooLarge)
        case .failure(.empty), .failure(.notANumber): return .failure(.notANumber)
        }
    }
}
