import Foundation

/// Turns the rows of an orders CSV into `IncomingOrder`s, one row at a time, so a file of any length is never
/// held in memory as orders. Build it from the header record, then call `parse` for each following record.
///
/// Required columns: customer_id, order_id, processed_at, total_price. Optional: email, first_name, last_name,
/// currency, financial_status, cancelled_at. Header names match in any order and case.
public struct OrderCSV: Sendable {
    public enum Column: Int, CaseIterable, Sendable, CSVColumn {
        case customerID
        case orderID
        case processedAt
        case totalPrice
        case email
        case firstName
        case lastName
        case currency
        case financialStatus
        case cancelledAt

        /// The header name.
        public var name: String {
            switch self {
            case .customerID: return "customer_id"
            case .orderID: return "order_id"
            case .processedAt: return "processed_at"
            case .totalPrice: return "total_price"
            case .email: return "email"
            case .firstName: return "first_name"
            case .lastName: return "last_name"
            case .currency: return "currency"
            case .financialStatus: return "financial_status"
            case .cancelledAt: return "cancelled_at"
            }
        }

        public var isRequired: Bool {
            switch self {
            case .customerID, .orderID, .processedAt, .totalPrice: return true
            default: return false
            }
        }
    }

    static let acceptedDateShapes = "2024-03-01T10:00:00Z, 2024-03-01T10:00:00-05:00, 2024-03-01 10:00:00 -0500 or 2024-03-01"

    /// The merchant's UTC offset, used for dates and times written without one.
    public let defaultOffsetSeconds: Int64
    private let layout: CSVColumnLayout<Column>

    /// `header` is the file's first record; nil (an empty file) is an error. Every header problem is reported.
    public init(header: CSVRecord?, defaultOffsetSeconds: Int64 = 0) throws(LineErrors) {
        self.layout = try CSVColumnLayout<Column>.resolve(header: header, fileKind: "orders").get()
        self.defaultOffsetSeconds = defaultOffsetSeconds
    }

    /// The columns the header named, in file order.
    public var columns: [Column] { layout.columnsInFileOrder }

    /// The order in `record`, or every problem with it.
    public func parse(_ record: CSVRecord) -> Result<IncomingOrder, LineErrors> {
        if let error = layout.fieldCountError(record) { return .failure(LineErrors([error])) }
        var errors: [LineError] = []
        func fail(_ column: Column, _ message: String) {
            errors.append(LineError(line: record.line, field: column.name, message: message))
        }
        func value(_ column: Column) -> String { layout.value(column, in: record) }
        func optional(_ column: Column) -> String? {
            let text = value(column)
            return text.isEmpty ? nil : text
        }

        let customerID = value(.customerID)
        if customerID.isEmpty {
            fail(.customerID, "customer_id is empty. Every order needs the id of the customer who placed it, so the points "
                + "go to the right person; fill it in or remove the row.")
        }
        let orderID = value(.orderID)
        if orderID.isEmpty {
            fail(.orderID, "order_id is empty. Every order needs its id (it keeps the same order from being counted twice).")
        }

        let processedAt = date(.processedAt, value(.processedAt), required: true, fail: fail)
        let cancelledAt = date(.cancelledAt, value(.cancelledAt), required: false, fail: fail)

        var currency: Currency?
        if let code = optional(.currency) {
            currency = Currency(code: code)
            if currency == nil {
                fail(.currency, "currency \"\(code)\" is not a 3-letter currency code. Write an ISO code such as USD, EUR or GBP, "
                    + "or leave it empty to use the shop's currency.")
            }
        }

        let totalPrice = price(value(.totalPrice), currency: currency, fail: fail)

        guard errors.isEmpty, let processedAt, let totalPrice else { return .failure(LineErrors(errors)) }
        let customer = IncomingCustomer(externalID: customerID, email: optional(.email),
                                        firstName: optional(.firstName), lastName: optional(.lastName))
        return .success(IncomingOrder(externalID: orderID, customer: customer, processedAt: processedAt,
                                      currency: currency?.code, totalPrice: totalPrice,
                                      financialStatus: optional(.financialStatus)?.lowercased(),
                                      cancelledAt: cancelledAt, sourceLine: record.line))
    }

    private func date(_ column: Column, _ text: String, required: Bool, fail: (Column, String) -> Void) -> UnixTime? {
        if text.isEmpty {
            if required {
                fail(column, "\(column.name) is empty. Write when the order was placed, e.g. \(Self.acceptedDateShapes).")
            }
            return nil
        }
        guard let time = Timestamp.parse(text, defaultOffsetSeconds: defaultOffsetSeconds) else {
            fail(column, "\(column.name) \"\(text)\" is not a date this importer understands. "
                + "Write it like \(Self.acceptedDateShapes).")
            return nil
        }
        return time
    }

    private func price(_ text: String, currency: Currency?, fail: (Column, String) -> Void) -> DecimalAmount? {
        let column = Column.totalPrice
        switch DecimalAmount.parse(text) {
        case .success(let amount):
            if let currency, amount.minorUnits(in: currency) == nil {
                fail(column, "total_price \(text) has more decimal places than \(currency.code) allows (\(currency.exponent)).")
                return nil
            }
            return amount
        case .failure(.empty):
            fail(column, "total_price is empty. Write what the customer paid, e.g. 42.50 (0 for a free order).")
        case .failure(.negative):
            fail(column, "total_price \(text) is negative. Write what the customer paid, 0 or more; refunds are not imported "
                + "as negative orders.")
        case .failure(.notANumber):
            fail(column, "total_price \"\(text)\" is not a number. Write digits with an optional decimal point, e.g. 1234.50, "
                + "without a currency symbol or thousands separators.")
        case .failure(.tooLarge):
            fail(column, "total_price \(text) is too large to be an order total.")
        case .failure(.tooManyDecimals):
            fail(column, "total_price \(text) has more than 9 decimal places; write at most as many as the currency has (2 for most).")
        }
        return nil
    }

    /// Every order in a small in-memory file, with every problem (unreadable CSV included) as a `LineError`.
    /// Large files should be read with `CSVReader` and `parse` record by record instead.
    public static func parseAll(_ bytes: [UInt8], defaultOffsetSeconds: Int64 = 0)
        -> (orders: [IncomingOrder], errors: [LineError]) {
        let (orders, errors) = CSVImport.parseAll(bytes) { (header) throws(LineErrors) in
            try OrderCSV(header: header, defaultOffsetSeconds: defaultOffsetSeconds).parse
        }
        return (orders, errors)
    }
}
