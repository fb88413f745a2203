import Foundation

/// The kind of order file a merchant handed over, judged from its first bytes.
public enum OrderFileFormat: String, Sendable, Hashable, CaseIterable {
    /// Shopify's CSV export, or any other comma-separated file.
    case csv
    /// `{"orders":[...]}`, `{"order":{...}}` or one bare order object (a webhook body).
    case shopifyJSON
    /// JSON Lines: one order object per line.
    case jsonLines
}

/// Reads orders in Shopify's REST JSON shape (Admin API exports, webhook bodies, JSON Lines) into `IncomingOrder`s.
///
/// Ids are read as Int64 and amounts as exact decimals; nothing passes through Double. One bad order does not hide the
/// others: each is decoded on its own and every problem comes back as a `LineError` naming the line and field.
public enum ShopifyOrderJSON {
    /// Tells JSON from JSON Lines from CSV by looking at the first line only (plus whether the next non-blank line
    /// starts with `{`), so it stays cheap on a large file.
    public static func detectFormat(_ data: Data) -> OrderFileFormat {
        data.withUnsafeBytes { bytes in
            var start = TextBytes.byteOrderMarkLength(bytes)
            while start < bytes.count, TextBytes.isWhitespace(bytes[start]) { start += 1 }
            guard start < bytes.count, bytes[start] == UInt8(ascii: "{") else { return .csv }
            let firstLineEnd = TextBytes.endOfLine(in: bytes, from: start)
            var next = firstLineEnd
            while next < bytes.count, TextBytes.isWhitespace(bytes[next]) { next += 1 }
            guard next < bytes.count, bytes[next] == UInt8(ascii: "{") else { return .shopifyJSON }
            let firstLineBytes = UnsafeRawBufferPointer(rebasing: bytes[start..<firstLineEnd])
            return JSONOutline(scanning: firstLineBytes, firstLine: 1).problem == nil ? .jsonLines : .shopifyJSON
        }
    }

    /// Decodes every order in `data`. Orders that cannot be read are left out and explained in `errors`.
    public static func decodeOrders(_ data: Data, format: OrderFileFormat) -> (orders: [IncomingOrder], errors: [LineError]) {
        var result = DecodedOrders()
        switch format {
        case .csv:
            result.errors.append(LineError(line: 1, message: "this is a CSV file, not Shopify JSON; import it as CSV"))
        case .shopifyJSON:
            let markLength = data.withUnsafeBytes { TextBytes.byteOrderMarkLength($0) }
            let body = markLength == 0 ? data : data.dropFirst(markLength)
            DocumentReader(unit: .file).read(body, firstLine: 1, into: &result)
        case .jsonLines:
            readJSONLines(data, into: &result)
        }
        return (result.orders, result.errors)
    }

    private static func readJSONLines(_ data: Data, into result: inout DecodedOrders) {
        let reader = DocumentReader(unit: .jsonLine)
        var sawContent = false
        data.withUnsafeBytes { bytes in
            var lineStart = TextBytes.byteOrderMarkLength(bytes)
            var lineNumber = 1
            while lineStart < bytes.count {
                let lineEnd = TextBytes.endOfLine(in: bytes, from: lineStart)
                var start = lineStart, end = lineEnd
                while start < end, TextBytes.isWhitespace(bytes[start]) { start += 1 }
                while end > start, TextBytes.isWhitespace(bytes[end - 1]) { end -= 1 }
                if start < end {
                    sawContent = true
                    reader.read(Data(UnsafeRawBufferPointer(rebasing: bytes[start..<end])), firstLine: lineNumber, into: &result)
                }
                lineStart = lineEnd + 1
                lineNumber += 1
            }
        }
        if !sawContent {
            result.errors.append(LineError(line: 1, message: "the file is empty; there are no orders to import"))
        }
    }
}

// MARK: - Reading one JSON document (a whole file, or one line of a JSON Lines file)

extension ShopifyOrderJSON {
    struct DecodedOrders {
        var orders: [IncomingOrder] = []
        var errors: [LineError] = []
    }

    struct DocumentReader {
        enum Unit { case file, jsonLine }
        let unit: Unit

        /// Checks the bytes (UTF-8, JSON syntax) before decoding, because Foundation's decoder reports neither a
        /// line nor a column; `firstLine` is the file line the document starts on.
        func read(_ data: Data, firstLine: Int, into result: inout DecodedOrders) {
            let checked: Result<JSONOutline, LineError> = data.withUnsafeBytes { bytes in
                if let bad = TextBytes.firstInvalidUTF8(in: bytes) {
                    let place = TextBytes.lineAndColumn(of: bad, in: bytes)
                    return .failure(LineError(line: firstLine - 1 + place.line, message:
                        "\(subject) is not UTF-8 text: byte 0x\(TextBytes.hex(bytes[bad])) at column \(place.column) "
                        + "is not a valid character; save the file as UTF-8 and import it again"))
                }
                let outline = JSONOutline(scanning: bytes, firstLine: firstLine)
                if let problem = outline.problem {
                    return .failure(LineError(line: problem.line, message: syntaxMessage(problem)))
                }
                return .success(outline)
            }
            let outline: JSONOutline
            switch checked {
            case .failure(let error): result.errors.append(error); return
            case .success(let value): outline = value
            }

            let document: Document
            do {
                document = try JSONDecoder().decode(Document.self, from: data)
            } catch {
                // Rare once the syntax check passed, e.g. nesting deeper than Foundation accepts.
                let reason = if case DecodingError.dataCorrupted(let context) = error { context.debugDescription } else { "\(error)" }
                result.errors.append(LineError(line: outline.rootLine, message:
                    "\(subject) could not be read as JSON (\(reason)); check that it is a Shopify order export"))
                return
            }

            switch document {
            case .list(let slots):
                let lines = outline.orderLines.count == slots.count
                    ? outline.orderLines : Array(repeating: outline.rootLine, count: slots.count)
                for (slot, line) in zip(slots, lines) { take(slot, line: line, into: &result) }
            case .single(let slot):
                take(slot, line: outline.singleOrderLine ?? outline.rootLine, into: &result)
            case .bare(let slot):
                take(slot, line: outline.rootLine, into: &result)
            case .unexpectedShape(let found):
                result.errors.append(LineError(line: outline.rootLine, message: shapeMessage(found: found)))
            }
        }

        private func take(_ slot: OrderSlot, line: Int, into result: inout DecodedOrders) {
            switch slot.result {
            case .success(var order):
                order.sourceLine = line
                result.orders.append(order)
            case .failure(let problem):
                let suffix = slot.label.map { " (order \($0))" } ?? ""
                result.errors.append(LineError(line: line, field: problem.path.isEmpty ? nil : problem.path,
                                               message: problem.message + suffix))
            }
        }

        private var subject: String { unit == .file ? "the file" : "this line" }

        private func syntaxMessage(_ problem: JSONSyntaxProblem) -> String {
            if problem.isEmpty { return "the file is empty; there are no orders to import" }
            if problem.endsEarly {
                return unit == .file
                    ? "the file \(problem.detail); it was probably cut off, so download or export it again"
                    : "this line \(problem.detail); in JSON Lines each line must hold one complete order object"
            }
            return "\(subject) is not valid JSON: at column \(problem.column), \(problem.detail)"
        }

        private func shapeMessage(found: String) -> String {
            let expected = #"{"orders":[...]}, {"order":{...}}, one order object, or JSON Lines (one order object per line)"#
            return unit == .file
                ? "the file holds \(found), but an order file must be \(expected)"
                : "this line holds \(found), but each line of a JSON Lines file must be one order object"
        }
    }
}

// MARK: - Document shapes

extension ShopifyOrderJSON {
    /// The shapes an order document can take; anything else is `unexpectedShape`.
    enum Document: Decodable {
        case list([OrderSlot])
        case single(OrderSlot)
        case bare(OrderSlot)
        case unexpectedShape(String)

        /// Keys that mark a JSON object as one bare order rather than some other Shopify resource.
        private static let orderMarkers = ["id", "total_price", "processed_at", "created_at", "line_items", "order_number"]

        init(from decoder: any Decoder) throws {
            guard let object = try? decoder.container(keyedBy: AnyKey.self) else {
                self = .unexpectedShape(describeValue(decoder))
                return
            }
            if object.contains(AnyKey("orders")) {
                do {
                    self = .list(try object.decode([OrderSlot].self, forKey: AnyKey("orders")))
                } catch {
                    let found = (try? object.superDecoder(forKey: AnyKey("orders"))).map(describeValue) ?? "something else"
                    self = .unexpectedShape("\"orders\" as \(found) instead of a list")
                }
            } else if object.contains(AnyKey("order")) {
                if (try? object.decodeNil(forKey: AnyKey("order"))) == true {
                    self = .unexpectedShape("\"order\": null instead of an order object")
                } else {
                    self = .single(try object.decode(OrderSlot.self, forKey: AnyKey("order")))
                }
            } else if Self.orderMarkers.contains(where: { object.contains(AnyKey($0)) }) {
                self = .bare(try OrderSlot(from: decoder))
            } else {
                let keys = object.allKeys.map { "\"\($0.stringValue)\"" }.sorted()
                let shown = keys.prefix(5).joined(separator: ", ") + (keys.count > 5 ? ", ..." : "")
                self = .unexpectedShape(keys.isEmpty ? "an empty object"
                    : "an object with \(shown) but no \"orders\", \"order\" or order \"id\"")
            }
        }
    }

    /// One order's outcome; decoding never fails here, so a bad order cannot stop its neighbours.
    struct OrderSlot: Decodable {
        let result: Result<IncomingOrder, FieldProblem>
        /// "#1001" or "id 450789469" when readable, to help find a failed order in Shopify admin.
        let label: String?

        init(from decoder: any Decoder) throws {
            do {
                result = .success(try OrderPayload(from: decoder).order)
                label = nil
            } catch {
                result = .failure(FieldProblem(error, at: decoder.codingPath))
                label = Self.label(decoder)
            }
        }

        private static func label(_ decoder: any Decoder) -> String? {
            guard let object = try? decoder.container(keyedBy: AnyKey.self) else { return nil }
            if let name = try? object.decodeIfPresent(String.self, forKey: AnyKey("name")), !name.isEmpty { return name }
            if let id = try? object.decodeIfPresent(Int64.self, forKey: AnyKey("id")) { return "id \(id)" }
            return nil
        }
    }
}

// MARK: - Shopify REST payloads

extension ShopifyOrderJSON {
    struct OrderPayload: Decodable {
        let order: IncomingOrder

        enum Key: String, CodingKey {
            case id, name, email, phone, currency, customer, refunds
            case contactEmail = "contact_email", processedAt = "processed_at", createdAt = "created_at"
            case totalPrice = "total_price", subtotalPrice = "subtotal_price", financialStatus = "financial_status"
            case cancelledAt = "cancelled_at", discountCodes = "discount_codes", updatedAt = "updated_at"
        }

        init(from decoder: any Decoder) throws {
            guard let fields = try? decoder.container(keyedBy: Key.self) else {
                throw FieldProblem(path: decoder.codingPath, "expected an order object {...}, found \(describeValue(decoder))")
            }
            func require(_ key: Key, _ why: String) throws {
                if !fields.contains(key) { throw FieldProblem(path: decoder.codingPath + [key], "missing; \(why)") }
            }
            func text(_ key: Key) throws -> String? { try fields.decodeIfPresent(String.self, forKey: key)?.nonBlank }

            try require(.id, "every order needs its Shopify order id")
            let id = try fields.decode(ShopifyID.self, forKey: .id)
            let processedAt = try fields.decodeIfPresent(ShopifyTime.self, forKey: .processedAt)
                ?? fields.decodeIfPresent(ShopifyTime.self, forKey: .createdAt)
            guard let processedAt else {
                throw FieldProblem(path: decoder.codingPath + [Key.processedAt],
                                   "missing; an order needs processed_at or created_at to know when points were earned")
            }
            try require(.totalPrice, "every order needs total_price")
            let totalPrice = try fields.decode(ShopifyAmount.self, forKey: .totalPrice)

            let customer = try fields.decodeIfPresent(CustomerPayload.self, forKey: .customer)
            let orderEmail = try text(.email) ?? text(.contactEmail)
            order = IncomingOrder(
                externalID: String(id.value),
                name: try text(.name),
                customer: IncomingCustomer(
                    externalID: customer?.id.map { String($0.value) },
                    email: customer?.email?.nonBlank ?? orderEmail,
                    firstName: customer?.firstName?.nonBlank,
                    lastName: customer?.lastName?.nonBlank,
                    phone: try customer?.phone?.nonBlank ?? text(.phone)),
                processedAt: processedAt.value,
                currency: try text(.currency),
                totalPrice: totalPrice.value,
                subtotalPrice: try fields.decodeIfPresent(ShopifyAmount.self, forKey: .subtotalPrice)?.value,
                financialStatus: try text(.financialStatus),
                cancelledAt: try fields.decodeIfPresent(ShopifyTime.self, forKey: .cancelledAt)?.value,
                refunds: try fields.decodeIfPresent([RefundPayload].self, forKey: .refunds)?.map(\.refund) ?? [],
                discountCodes: try fields.decodeIfPresent([DiscountCodePayload].self, forKey: .discountCodes)?
                    .compactMap { $0.code?.nonBlank } ?? [],
                updatedAt: (try? fields.decodeIfPresent(ShopifyTime.self, forKey: .updatedAt))??.value)
        }
    }

    struct CustomerPayload: Decodable {
        let id: ShopifyID?
        let email: String?
        let firstName: String?
        let lastName: String?
        let phone: String?

        enum CodingKeys: String, CodingKey {
            case id, email, phone, firstName = "first_name", lastName = "last_name"
        }
    }

    struct DiscountCodePayload: Decodable {
        let code: String?
    }

    struct RefundPayload: Decodable {
        let refund: IncomingRefund

        enum Key: String, CodingKey {
            case id, createdAt = "created_at", processedAt = "processed_at", lineItems = "refund_line_items"
        }

        init(from decoder: any Decoder) throws {
            let fields = try decoder.container(keyedBy: Key.self)
            if !fields.contains(.id) {
                throw FieldProblem(path: decoder.codingPath + [Key.id], "missing; every refund needs its Shopify refund id")
            }
            let id = try fields.decode(ShopifyID.self, forKey: .id)
            let createdAt = try fields.decodeIfPresent(ShopifyTime.self, forKey: .createdAt)
                ?? fields.decodeIfPresent(ShopifyTime.self, forKey: .processedAt)
            guard let createdAt else {
                throw FieldProblem(path: decoder.codingPath + [Key.createdAt], "missing; a refund needs created_at")
            }
            let lines = try fields.decodeIfPresent([RefundLineItemPayload].self, forKey: .lineItems) ?? []
            guard let amount = DecimalAmount.exactSum(lines.map(\.subtotal)) else {
                throw FieldProblem(path: decoder.codingPath + [Key.lineItems], "the refunded subtotals add up to more than can be stored")
            }
            refund = IncomingRefund(externalID: String(id.value), createdAt: createdAt.value, amount: amount)
        }
    }

    struct RefundLineItemPayload: Decodable {
        let subtotal: DecimalAmount

        enum Key: String, CodingKey { case subtotal, subtotalSet = "subtotal_set" }

        init(from decoder: any Decoder) throws {
            let fields = try decoder.container(keyedBy: Key.self)
            if let number = try fields.decodeIfPresent(ShopifyAmount.self, forKey: .subtotal) {
                subtotal = number.value
            } else if let set = try fields.decodeIfPresent(MoneySetPayload.self, forKey: .subtotalSet) {
                subtotal = set.shopMoney.amount.value
            } else {
                throw FieldProblem(path: decoder.codingPath + [Key.subtotal],
                                   "missing; without the refunded subtotal the points to take back are unknown, "
                                   + "so fetch the order again from a current Admin API version")
            }
        }
    }

    /// `{"shop_money":{"amount":"12.34",...},"presentment_money":{...}}`
    struct MoneySetPayload: Decodable {
        struct Money: Decodable { let amount: ShopifyAmount }
        let shopMoney: Money
        enum CodingKeys: String, CodingKey { case shopMoney = "shop_money" }
    }
}

// MARK: - Field values

extension ShopifyOrderJSON {
    /// A Shopify id: a JSON integer, often above 2^53, so it is read as Int64 and never as Double.
    struct ShopifyID: Decodable {
        let value: Int64

        init(from decoder: any Decoder) throws {
            let single = try decoder.singleValueContainer()
            if let integer = try? single.decode(Int64.self), integer >= 0 {
                value = integer
                return
            }
            let example = "expected a whole number such as 450789469"
            if let number = try? single.decode(Decimal.self) {
                let digits = number.description
                let reason = digits.hasPrefix("-") ? "is negative; Shopify ids are positive"
                    : digits.contains(".") ? "is not a whole number; Shopify ids are integers"
                    : "is too large for an id (the largest is \(Int64.max))"
                throw FieldProblem(path: decoder.codingPath, "\(digits) \(reason)")
            }
            if let text = try? single.decode(String.self) {
                throw FieldProblem(path: decoder.codingPath, "\(example) without quotes, found the text \"\(text)\"")
            }
            throw FieldProblem(path: decoder.codingPath, "\(example), found \(describeValue(decoder))")
        }
    }

    /// A money amount: a string like "12.34" (most Shopify fields) or a JSON number (refund line subtotals), read
    /// digit by digit. Foundation decodes `Decimal` from the number's text, so 0.1 stays 0.1.
    struct ShopifyAmount: Decodable {
        let value: DecimalAmount

        init(from decoder: any Decoder) throws {
            let single = try decoder.singleValueContainer()
            let written: String
            if let text = try? single.decode(String.self) {
                written = "\"\(text)\""
                value = try Self.parse(text, written: written, path: decoder.codingPath)
            } else if let number = try? single.decode(Decimal.self) {
                written = number.description
                value = try Self.parse(written, written: written, path: decoder.codingPath)
            } else {
                throw FieldProblem(path: decoder.codingPath,
                                   "expected an amount such as \"12.34\", found \(describeValue(decoder))")
            }
        }

        private static func parse(_ text: String, written: String, path: [any CodingKey]) throws -> DecimalAmount {
            switch DecimalAmount.parse(text) {
            case .success(let amount): return amount
            case .failure(.empty): throw FieldProblem(path: path, "is empty; expected an amount such as \"12.34\"")
            case .failure(.negative): throw FieldProblem(path: path, "\(written) is negative; amounts must be zero or more")
            case .failure(.tooLarge): throw FieldProblem(path: path, "\(written) is too large to store")
            case .failure(.tooManyDecimals): throw FieldProblem(path: path, "\(written) has more than 9 decimal places")
            case .failure(.notANumber):
                throw FieldProblem(path: path, "\(written) is not a number; expected an amount such as \"12.34\"")
            }
        }
    }

    /// An ISO 8601 timestamp with the shop's offset, e.g. `2008-01-10T11:00:00-05:00`.
    struct ShopifyTime: Decodable {
        let value: UnixTime

        init(from decoder: any Decoder) throws {
            let example = "2008-01-10T11:00:00-05:00"
            guard let text = try? decoder.singleValueContainer().decode(String.self) else {
                throw FieldProblem(path: decoder.codingPath,
                                   "expected a timestamp such as \"\(example)\", found \(describeValue(decoder))")
            }
            guard let time = Timestamp.parse(text) else {
                throw FieldProblem(path: decoder.codingPath,
                                   "\"\(text)\" is not a valid timestamp; expected one such as \"\(example)\"")
            }
            value = time
        }
    }
}

// MARK: - Problems and paths

extension ShopifyOrderJSON {
    /// What is wrong with one order: `path` is the JSON path ("orders[2].total_price"), `message` says what and why.
    struct FieldProblem: Error {
        let path: String
        let message: String

        init(path codingPath: [any CodingKey], _ message: String) {
            self.path = Self.render(codingPath)
            self.message = message
        }

        /// Turns anything thrown while decoding an order into a located, readable problem.
        init(_ error: any Error, at orderPath: [any CodingKey]) {
            switch error {
            case let problem as FieldProblem:
                self = problem
            case DecodingError.keyNotFound(let key, let context):
                self.init(path: context.codingPath + [key], "missing; this field is required")
            case DecodingError.valueNotFound(let type, let context):
                self.init(path: context.codingPath, "is null; expected \(Self.kind(of: type))")
            case DecodingError.typeMismatch(let type, let context):
                let found = Self.foundClause(context.debugDescription).map { ", found \($0)" } ?? ""
                self.init(path: context.codingPath, "expected \(Self.kind(of: type))\(found)")
            case DecodingError.dataCorrupted(let context):
                self.init(path: context.codingPath, context.debugDescription)
            default:
                self.init(path: orderPath, "could not be read: \(error)")
            }
        }

        /// `[orders, 2, total_price]` → `orders[2].total_price`.
        static func render(_ codingPath: [any CodingKey]) -> String {
            var path = ""
            for key in codingPath {
                if let index = key.intValue {
                    path += "[\(index)]"
                } else {
                    path += (path.isEmpty ? "" : ".") + key.stringValue
                }
            }
            return path
        }

        private static func kind(of type: Any.Type) -> String {
            switch type {
            case is String.Type: return "text in quotes"
            case is Int64.Type, is Int.Type: return "a whole number"
            case is Decimal.Type, is Double.Type: return "a number"
            case is Bool.Type: return "true or false"
            default:
                let name = String(describing: type)
                if name.hasPrefix("Array") { return "a list [...]" }
                return "an object {...}"
            }
        }

        /// Foundation says "... but found a dictionary instead."; keep that part, in the words used elsewhere.
        private static func foundClause(_ description: String) -> String? {
            guard let start = description.range(of: "found "), let end = description.range(of: " instead"),
                  start.upperBound <= end.lowerBound else { return nil }
            let found = String(description[start.upperBound..<end.lowerBound])
            let plainWords = ["a dictionary": "an object {...}", "an array": "a list [...]", "a string": "text",
                              "number": "a number", "a number": "a number", "bool": "true or false"]
            return plainWords[found] ?? found
        }
    }

    struct AnyKey: CodingKey {
        let stringValue: String
        let intValue: Int? = nil
        init(_ name: String) { stringValue = name }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// "a list", "the text \"abc\"", "null", ... for messages about a value of the wrong kind.
    static func describeValue(_ decoder: any Decoder) -> String {
        if (try? decoder.unkeyedContainer()) != nil { return "a list [...]" }
        if (try? decoder.container(keyedBy: AnyKey.self)) != nil { return "an object {...}" }
        guard let single = try? decoder.singleValueContainer() else { return "something else" }
        if single.decodeNil() { return "null" }
        if let flag = try? single.decode(Bool.self) { return "\(flag)" }
        if let text = try? single.decode(String.self) {
            return "the text \"\(text.count > 40 ? text.prefix(40) + "..." : text)\""
        }
        if let number = try? single.decode(Decimal.self) { return "the number \(number)" }
        return "a number"
    }
}

// MARK: - Syntax check with line numbers

extension ShopifyOrderJSON {
    struct JSONSyntaxProblem: Error {
        var line: Int
        var column: Int
        /// A clause such as "expected ',' or '}', found 't'".
        var detail: String
        /// The text stops before the JSON is complete (a cut-off download).
        var endsEarly = false
        var isEmpty = false
    }

    /// One pass over JSON text that checks its syntax, so errors can name a line (Foundation's decoder names none),
    /// and notes the line where each order starts.
    struct JSONOutline {
        /// Line of the first value in the text.
        var rootLine: Int
        /// Lines where the elements of a top-level `"orders": [...]` start.
        var orderLines: [Int] = []
        /// Line of the object under a top-level `"order"` key.
        var singleOrderLine: Int?
        var problem: JSONSyntaxProblem?

        /// `firstLine` is the file line the bytes start on, so every line reported is a line of the file.
        init(scanning bytes: UnsafeRawBufferPointer, firstLine: Int) {
            var scanner = JSONScanner(bytes: bytes, firstLine: firstLine)
            do throws(JSONSyntaxProblem) {
                try scanner.scan()
            } catch {
                problem = error
            }
            rootLine = scanner.rootLine ?? firstLine
            orderLines = scanner.orderLines
            singleOrderLine = scanner.singleOrderLine
        }
    }

    private struct JSONScanner {
        enum Expectation { case value, valueOrClose, keyOrClose, colon, commaOrClose, end }
        enum RootKey { case orders, order, other }
        struct Open { let isObject: Bool; let line: Int }

        let bytes: UnsafeRawBufferPointer
        var index = 0
        var line: Int
        var lineStart = 0
        var open: [Open] = []
        /// The key most recently read in the root object; tells what the value that follows it is.
        var rootKey = RootKey.other
        var insideOrdersArray = false
        var rootLine: Int?
        var orderLines: [Int] = []
        var singleOrderLine: Int?

        init(bytes: UnsafeRawBufferPointer, firstLine: Int) {
            self.bytes = bytes
            line = firstLine
        }

        mutating func scan() throws(JSONSyntaxProblem) {
            var expecting = Expectation.value
            while true {
                skipWhitespace()
                guard index < bytes.count else { break }
                let byte = bytes[index]
                switch expecting {
                case .value, .valueOrClose:
                    if byte == ascii("]"), expecting == .valueOrClose {
                        try close(byte)
                        expecting = afterValue
                    } else {
                        noteValueStart(byte)
                        expecting = try scanValue(byte)
                    }
                case .keyOrClose:
                    if byte == ascii("}") {
                        try close(byte)
                        expecting = afterValue
                    } else {
                        guard byte == ascii("\"") else {
                            throw problem("expected a field name in double quotes, found \(describe(byte))")
                        }
                        let key = try scanString()
                        if open.count == 1 { rootKey = Self.rootKey(bytes[key]) }
                        expecting = .colon
                    }
                case .colon:
                    guard byte == ascii(":") else { throw problem("expected ':' after the field name, found \(describe(byte))") }
                    index += 1
                    expecting = .value
                case .commaOrClose:
                    if byte == ascii(",") {
                        index += 1
                        // Like Foundation's decoder, accept a trailing comma before the closing bracket.
                        expecting = open.last?.isObject == true ? .keyOrClose : .valueOrClose
                    } else if byte == ascii("}") || byte == ascii("]") {
                        try close(byte)
                        expecting = afterValue
                    } else {
                        let closer = open.last?.isObject == true ? "'}'" : "']'"
                        throw problem("expected ',' or \(closer), found \(describe(byte))")
                    }
                case .end:
                    throw problem("found \(describe(byte)) after the end of the JSON value")
                }
            }
            if let innermost = open.last {
                let what = open.count == 1 ? "1 bracket is" : "\(open.count) brackets are"
                throw endsEarly("ends before the JSON is complete: \(what) still open, the innermost opened on line \(innermost.line)")
            }
            if expecting == .value {
                var empty = problem("is empty")
                empty.isEmpty = true
                throw empty
            }
        }

        private var afterValue: Expectation { open.isEmpty ? .end : .commaOrClose }

        private mutating func noteValueStart(_ byte: UInt8) {
            if open.isEmpty {
                rootLine = line
            } else if open.count == 1, open[0].isObject, rootKey == .order, byte == ascii("{") {
                singleOrderLine = line
            } else if open.count == 2, insideOrdersArray {
                orderLines.append(line)
            }
        }

        private mutating func scanValue(_ byte: UInt8) throws(JSONSyntaxProblem) -> Expectation {
            switch byte {
            case ascii("{"):
                open.append(Open(isObject: true, line: line))
                index += 1
                return .keyOrClose
            case ascii("["):
                if open.count == 1, open[0].isObject, rootKey == .orders { insideOrdersArray = true }
                open.append(Open(isObject: false, line: line))
                index += 1
                return .valueOrClose
            case ascii("\""):
                _ = try scanString()
            case ascii("-"), ascii("0")...ascii("9"):
                try scanNumber()
            case ascii("t"): try scanLiteral("true")
            case ascii("f"): try scanLiteral("false")
            case ascii("n"): try scanLiteral("null")
            default:
                throw problem("expected a value (text in quotes, a number, true, false, null, {...} or [...]), found \(describe(byte))")
            }
            return afterValue
        }

        private mutating func close(_ byte: UInt8) throws(JSONSyntaxProblem) {
            guard let top = open.last else { throw problem("found \(describe(byte)) with nothing open to close") }
            let expected = top.isObject ? ascii("}") : ascii("]")
            guard byte == expected else {
                let kind = top.isObject ? "object" : "list"
                throw problem("found \(describe(byte)), but the \(kind) opened on line \(top.line) must be closed with \(describe(expected))")
            }
            open.removeLast()
            index += 1
            if open.count == 1 { insideOrdersArray = false }
        }

        /// Returns the range of the text between the quotes.
        private mutating func scanString() throws(JSONSyntaxProblem) -> Range<Int> {
            let startLine = line, startIndex = index, startLineStart = lineStart
            index += 1
            let contentStart = index
            while index < bytes.count {
                let byte = bytes[index]
                if byte == ascii("\"") {
                    index += 1
                    return contentStart..<(index - 1)
                }
                if byte == ascii("\\") {
                    guard index + 1 < bytes.count else { break }
                    let escaped = bytes[index + 1]
                    if escaped == ascii("u") {
                        guard index + 5 < bytes.count else { break }
                        guard (index + 2...index + 5).allSatisfy({ Self.isHexDigit(bytes[$0]) }) else {
                            throw problem("\\u must be followed by 4 hex digits")
                        }
                        index += 6
                    } else {
                        switch escaped {
                        case ascii("\""), ascii("\\"), ascii("/"), ascii("b"), ascii("f"), ascii("n"), ascii("r"), ascii("t"):
                            index += 2
                        default:
                            throw problem("a backslash followed by \(describe(escaped)) is not a valid escape in text")
                        }
                    }
                    continue
                }
                if byte < 0x20 {
                    throw JSONSyntaxProblem(line: startLine, column: column(at: startIndex, lineStart: startLineStart), detail: byte == 0x0A
                        ? "the text in quotes that starts here is not closed before the end of the line"
                        : "a control character (0x\(TextBytes.hex(byte))) inside text must be escaped")
                }
                index += 1
            }
            let startColumn = column(at: startIndex, lineStart: startLineStart)
            throw endsEarly("ends inside the text in quotes that starts on line \(startLine), column \(startColumn)")
        }

        private mutating func scanNumber() throws(JSONSyntaxProblem) {
            let start = index
            func digits(_ scanner: inout JSONScanner) -> Bool {
                let first = scanner.index
                while scanner.index < scanner.bytes.count, (ascii("0")...ascii("9")).contains(scanner.bytes[scanner.index]) {
                    scanner.index += 1
                }
                return scanner.index > first
            }
            if bytes[index] == ascii("-") { index += 1 }
            guard index < bytes.count else { throw endsEarly("ends in the middle of a number") }
            if bytes[index] == ascii("0"), index + 1 < bytes.count, (ascii("0")...ascii("9")).contains(bytes[index + 1]) {
                throw problem("a number cannot start with 0 (write 7, not 07; quote codes that need the 0)")
            }
            var valid = digits(&self)
            if valid, index < bytes.count, bytes[index] == ascii(".") {
                index += 1
                valid = digits(&self)
            }
            if valid, index < bytes.count, bytes[index] == ascii("e") || bytes[index] == ascii("E") {
                index += 1
                if index < bytes.count, bytes[index] == ascii("+") || bytes[index] == ascii("-") { index += 1 }
                valid = digits(&self)
            }
            if !valid {
                if index >= bytes.count { throw endsEarly("ends in the middle of a number") }
                let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<index + 1]), as: UTF8.self)
                throw problem("\(text) is not a valid number")
            }
        }

        private mutating func scanLiteral(_ word: StaticString) throws(JSONSyntaxProblem) {
            let expected = UnsafeRawBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
            for offset in 0..<expected.count {
                guard index + offset < bytes.count else { throw endsEarly("ends in the middle of \(word)") }
                guard bytes[index + offset] == expected[offset] else {
                    throw problem("expected a value such as \(word), but the text here is not valid JSON")
                }
            }
            index += expected.count
        }

        private mutating func skipWhitespace() {
            while index < bytes.count {
                switch bytes[index] {
                case 0x20, 0x09, 0x0D: index += 1
                case 0x0A:
                    index += 1
                    line += 1
                    lineStart = index
                default: return
                }
            }
        }

        /// Counted only when reporting a problem: counting on every token would make one long line quadratic.
        private func column(at position: Int, lineStart: Int) -> Int {
            UnsafeRawBufferPointer(rebasing: bytes[lineStart..<min(position, bytes.count)]).count(where: { $0 & 0xC0 != 0x80 }) + 1
        }

        private func problem(_ detail: String) -> JSONSyntaxProblem {
            JSONSyntaxProblem(line: line, column: column(at: index, lineStart: lineStart), detail: detail)
        }

        private func endsEarly(_ detail: String) -> JSONSyntaxProblem {
            JSONSyntaxProblem(line: line, column: column(at: index, lineStart: lineStart), detail: detail, endsEarly: true)
        }

        private func describe(_ byte: UInt8) -> String {
            switch byte {
            case 0x21...0x7E: return "'\(Character(Unicode.Scalar(byte)))'"
            case 0x80...: return "a non-ASCII character"
            default: return "control character 0x\(TextBytes.hex(byte))"
            }
        }

        private static func rootKey(_ name: UnsafeRawBufferPointer.SubSequence) -> RootKey {
            if name.elementsEqual("orders".utf8) { return .orders }
            if name.elementsEqual("order".utf8) { return .order }
            return .other
        }

        private static func isHexDigit(_ byte: UInt8) -> Bool {
            (ascii("0")...ascii("9")).contains(byte) || (ascii("a")...ascii("f")).contains(byte)
                || (ascii("A")...ascii("F")).contains(byte)
        }
    }
}

// MARK: - Bytes

extension ShopifyOrderJSON {
    enum TextBytes {
        static func byteOrderMarkLength(_ bytes: UnsafeRawBufferPointer) -> Int {
            bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0
        }

        /// Space, tab, carriage return and line feed: the whitespace JSON allows between values.
        static func isWhitespace(_ byte: UInt8) -> Bool {
            byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
        }

        /// Index of the next line feed at or after `start`, or the end of the bytes.
        static func endOfLine(in bytes: UnsafeRawBufferPointer, from start: Int) -> Int {
            bytes[start...].firstIndex(of: 0x0A) ?? bytes.count
        }

        /// Offset of the first byte that is not part of well-formed UTF-8 (no overlongs, surrogates or values past
        /// U+10FFFF), or nil when all of it is.
        static func firstInvalidUTF8(in bytes: UnsafeRawBufferPointer) -> Int? {
            var i = 0
            while i < bytes.count {
                let lead = bytes[i]
                if lead < 0x80 { i += 1; continue }
                var lowest: UInt8 = 0x80, highest: UInt8 = 0xBF
                let continuationCount: Int
                switch lead {
                case 0xC2...0xDF: continuationCount = 1
                case 0xE0: continuationCount = 2; lowest = 0xA0
                case 0xED: continuationCount = 2; highest = 0x9F
                case 0xE1...0xEF: continuationCount = 2
                case 0xF0: continuationCount = 3; lowest = 0x90
                case 0xF4: continuationCount = 3; highest = 0x8F
                case 0xF1...0xF3: continuationCount = 3
                default: return i
                }
                guard i + continuationCount < bytes.count, (lowest...highest).contains(bytes[i + 1]) else { return i }
                for k in stride(from: 2, through: continuationCount, by: 1) {
                    guard (0x80...0xBF).contains(bytes[i + k]) else { return i }
                }
                i += continuationCount + 1
            }
            return nil
        }

        static func lineAndColumn(of offset: Int, in bytes: UnsafeRawBufferPointer) -> (line: Int, column: Int) {
            let before = UnsafeRawBufferPointer(rebasing: bytes[..<offset])
            let line = before.count(where: { $0 == 0x0A }) + 1
            let lineStart = (before.lastIndex(of: 0x0A) ?? -1) + 1
            let column = UnsafeRawBufferPointer(rebasing: bytes[lineStart..<offset]).count(where: { $0 & 0xC0 != 0x80 }) + 1
            return (line, column)
        }

        static func hex(_ byte: UInt8) -> String {
            let digits = String(byte, radix: 16, uppercase: true)
            return digits.count == 1 ? "0" + digits : digits
        }
    }
}

private func ascii(_ scalar: Unicode.Scalar) -> UInt8 { UInt8(ascii: scalar) }
