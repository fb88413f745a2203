import Foundation
import LoyaltyCore
import Testing

// MARK: - Helpers

private func fixture(_ path: String) throws -> Data {
    let root = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
    return try Data(contentsOf: root.appendingPathComponent("shopify/" + path))
}

private func fixtureText(_ path: String) throws -> String {
    try #require(String(data: try fixture(path), encoding: .utf8))
}

private func decode(_ data: Data) -> (orders: [IncomingOrder], errors: [LineError]) {
    ShopifyOrderJSON.decodeOrders(data, format: ShopifyOrderJSON.detectFormat(data))
}

private func decode(_ text: String) -> (orders: [IncomingOrder], errors: [LineError]) {
    decode(Data(text.utf8))
}

/// A minimal valid order as JSON text; `overrides` replace a field's raw JSON, or remove it when nil.
private func orderJSON(_ overrides: KeyValuePairs<String, String?> = [:]) -> String {
    var fields: [(key: String, value: String)] = [
        ("id", "1001"), ("name", "\"#1001\""),
        ("processed_at", "\"2024-03-01T10:00:00-05:00\""), ("total_price", "\"12.50\""),
    ]
    for (key, value) in overrides {
        let existing = fields.firstIndex { $0.key == key }
        switch (existing, value) {
        case (let i?, let value?): fields[i].value = value
        case (let i?, nil): fields.remove(at: i)
        case (nil, let value?): fields.append((key, value))
        case (nil, nil): break
        }
    }
    return "{" + fields.map { "\"\($0.key)\": \($0.value)" }.joined(separator: ", ") + "}"
}

/// `{"orders":[...]}` with the orders on lines 3, 4, 5, ...
private func listJSON(_ orders: [String]) -> String {
    "{\n  \"orders\": [\n" + orders.joined(separator: ",\n") + "\n  ]\n}\n"
}

private func numbered(_ n: Int) -> String {
    orderJSON(["id": "\(n)", "name": "\"#\(n)\""])
}

/// 2008-01-10T11:00:00-05:00
private let januaryTenth2008: UnixTime = 1_199_980_800
/// 2021-12-31T19:00:00-05:00
private let newYear2022: UnixTime = 1_640_995_200
/// 2024-03-01T10:00:00-05:00, the processed_at of `orderJSON()`.
private let marchFirst2024: UnixTime = 1_709_305_200

// MARK: - Format detection

@Suite("ShopifyOrderJSON format detection")
struct ShopifyOrderJSONDetectionTests {
    @Test("Shopify fixtures are JSON documents", arguments: [
        "rest/python_api__orders.json", "rest/python_api__order.json", "webhooks/orders_create.json",
    ])
    func fixturesAreJSON(path: String) throws {
        #expect(ShopifyOrderJSON.detectFormat(try fixture(path)) == .shopifyJSON)
    }

    @Test func oneObjectPerLineIsJSONLines() {
        let text = [numbered(1), numbered(2), numbered(3)].joined(separator: "\n") + "\n"
        #expect(ShopifyOrderJSON.detectFormat(Data(text.utf8)) == .jsonLines)
    }

    @Test func byteOrderMarkBlankLinesAndCRLFStillJSONLines() {
        let text = "\u{FEFF}\r\n" + numbered(1) + "\r\n\r\n" + numbered(2) + "\r\n"
        #expect(ShopifyOrderJSON.detectFormat(Data(text.utf8)) == .jsonLines)
    }

    @Test func oneMinifiedObjectIsJSONNotLines() {
        let text = #"{"orders":[{"id":1},{"id":2}]}"# + "\n\n"
        #expect(ShopifyOrderJSON.detectFormat(Data(text.utf8)) == .shopifyJSON)
    }

    @Test func prettyPrintedObjectIsJSON() {
        #expect(ShopifyOrderJSON.detectFormat(Data(listJSON([numbered(1), numbered(2)]).utf8)) == .shopifyJSON)
    }

    @Test func incompleteFirstLineFollowedByObjectIsJSON() {
        let text = "{\"orders\": [\n{\"id\": 1}\n]}"
        #expect(ShopifyOrderJSON.detectFormat(Data(text.utf8)) == .shopifyJSON)
    }

    @Test func csvAndEmptyAreCSV() {
        #expect(ShopifyOrderJSON.detectFormat(Data("Name,Email,Total\n#1001,a@example.com,12.50\n".utf8)) == .csv)
        #expect(ShopifyOrderJSON.detectFormat(Data()) == .csv)
        #expect(ShopifyOrderJSON.detectFormat(Data("[{\"id\": 1}]".utf8)) == .csv)
    }
}

// MARK: - Real Shopify payloads

@Suite("ShopifyOrderJSON fixtures")
struct ShopifyOrderJSONFixtureTests {
    @Test func ordersListFromAdminAPI() throws {
        let result = decode(try fixture("rest/python_api__orders.json"))
        #expect(result.errors == [])
        let expected = IncomingOrder(
            externalID: "450789469", name: "#1001",
            customer: IncomingCustomer(externalID: "207119551", email: "bob.norman@hostmail.com", firstName: "Bob",
                                       lastName: "Norman", phone: "+16136120707"),
            processedAt: januaryTenth2008, currency: "USD",
            totalPrice: DecimalAmount(digits: 59894, scale: 2), subtotalPrice: DecimalAmount(digits: 59700, scale: 2),
            financialStatus: "partially_refunded", cancelledAt: nil, refunds: [], discountCodes: [],
            sourceLine: 3, updatedAt: januaryTenth2008)
        #expect(result.orders == [expected])
    }

    @Test func singleOrderFallsBackToCreatedAt() throws {
        let result = decode(try fixture("rest/python_api__order.json"))
        #expect(result.errors == [])
        let expected = IncomingOrder(
            externalID: "450789469", name: "#1001",
            customer: IncomingCustomer(externalID: "207119551", email: "bob.norman@hostmail.com", firstName: "Bob",
                                       lastName: "Norman", phone: nil),
            processedAt: januaryTenth2008, currency: "USD",
            totalPrice: DecimalAmount(digits: 40994, scale: 2), subtotalPrice: DecimalAmount(digits: 39800, scale: 2),
            financialStatus: "authorized", cancelledAt: nil, refunds: [], discountCodes: ["TENOFF"],
            sourceLine: 2, updatedAt: januaryTenth2008)
        #expect(result.orders == [expected])
    }

    @Test func ordersCreateWebhookBody() throws {
        let result = decode(try fixture("webhooks/orders_create.json"))
        #expect(result.errors == [])
        let expected = IncomingOrder(
            externalID: "820982911946154508", name: "#9999",
            // The customer's own email wins over the order's "jon@example.com".
            customer: IncomingCustomer(externalID: "115310627314723954", email: "john@example.com", firstName: "John",
                                       lastName: "Smith", phone: nil),
            processedAt: newYear2022, currency: "USD",
            totalPrice: DecimalAmount(digits: 40495, scale: 2), subtotalPrice: DecimalAmount(digits: 40495, scale: 2),
            financialStatus: "voided", cancelledAt: newYear2022, refunds: [], discountCodes: [],
            sourceLine: 1, updatedAt: newYear2022)
        #expect(result.orders == [expected])
    }

    @Test func refundFromRefundsCreateWebhookSumsLineSubtotalsExactly() throws {
        let order = try fixtureText("webhooks/orders_create.json")
        let refund = try fixtureText("webhooks/refunds_create.json")
        let withRefund = order.replacingOccurrences(of: "\"refunds\": []", with: "\"refunds\": [\(refund)]")
        try #require(withRefund != order)

        let result = decode(withRefund)
        #expect(result.errors == [])
        let decoded = try #require(result.orders.first)
        // 89.99 + 19.99 + 24.99 + 159.99 + 119.99, given as JSON numbers.
        #expect(decoded.refunds == [IncomingRefund(externalID: "890088186047892319", createdAt: newYear2022,
                                                   amount: DecimalAmount(digits: 41495, scale: 2))])
    }

    @Test func refundWithoutLineSubtotalsIsReportedNotGuessed() throws {
        // The REST refund fixture predates `subtotal` on refund line items.
        let order = try fixtureText("webhooks/orders_create.json")
        let refund = try fixtureText("rest/python_api__refund.json")
        let start = try #require(refund.firstIndex(of: ":"))
        let end = try #require(refund.lastIndex(of: "}"))
        let refundObject = refund[refund.index(after: start)..<end]
        let withRefund = order.replacingOccurrences(of: "\"refunds\": []", with: "\"refunds\": [\(refundObject)]")
        try #require(withRefund != order)

        let result = decode(withRefund)
        #expect(result.orders == [])
        let error = try #require(result.errors.first)
        #expect(result.errors.count == 1)
        #expect(error.line == 1)
        #expect(error.field == "refunds[0].refund_line_items[0].subtotal")
        #expect(error.message.hasPrefix("missing;"))
        #expect(error.message.hasSuffix("(order #9999)"))
    }
}

// MARK: - Ids

@Suite("ShopifyOrderJSON ids")
struct ShopifyOrderJSONIDTests {
    @Test func idsAboveTwoToThe53RoundTripExactly() throws {
        // 2^53 + 1 is the first integer a Double cannot hold.
        let text = orderJSON([
            "id": "9007199254740993",
            "customer": #"{"id": 9007199254740995, "email": "a@example.com"}"#,
            "refunds": #"[{"id": 9223372036854775807, "created_at": "2024-03-02T00:00:00Z", "refund_line_items": []}]"#,
        ])
        let order = try #require(decode(text).orders.first)
        #expect(order.externalID == "9007199254740993")
        #expect(order.customer.externalID == "9007199254740995")
        #expect(order.refunds.map(\.externalID) == ["9223372036854775807"])
        #expect(order.refunds.map(\.amount) == [DecimalAmount(digits: 0, scale: 0)])
    }

    @Test("Bad ids are refused with the reason", arguments: [
        ("9223372036854775808", "9223372036854775808 is too large for an id (the largest is 9223372036854775807)"),
        ("1.5", "1.5 is not a whole number; Shopify ids are integers"),
        ("-5", "-5 is negative; Shopify ids are positive"),
        ("\"abc\"", "expected a whole number such as 450789469 without quotes, found the text \"abc\""),
        ("true", "expected a whole number such as 450789469, found true"),
        ("null", "expected a whole number such as 450789469, found null"),
    ])
    func badID(raw: String, message: String) {
        let result = decode(orderJSON(["id": raw]))
        #expect(result.orders == [])
        #expect(result.errors == [LineError(line: 1, field: "id", message: message + " (order #1001)")])
    }

    @Test func missingIDSkipsOnlyThatOrder() {
        let result = decode(listJSON([numbered(1), orderJSON(["id": nil, "name": "\"#1002\""]), numbered(3)]))
        #expect(result.orders.map(\.externalID) == ["1", "3"])
        #expect(result.orders.map(\.sourceLine) == [3, 5])
        #expect(result.errors == [LineError(line: 4, field: "orders[1].id",
                                            message: "missing; every order needs its Shopify order id (order #1002)")])
    }
}

// MARK: - Amounts, timestamps, customers

@Suite("ShopifyOrderJSON fields")
struct ShopifyOrderJSONFieldTests {
    @Test func nonNumericTotalNamesLineFieldAndValue() {
        let result = decode(listJSON([numbered(1), numbered(2), orderJSON(["id": "3", "name": "\"#1003\"", "total_price": "\"abc\""])]))
        #expect(result.orders.map(\.externalID) == ["1", "2"])
        #expect(result.errors.map(\.description) == [
            #"line 5, field orders[2].total_price: "abc" is not a number; expected an amount such as "12.34" (order #1003)"#,
        ])
    }

    @Test("Bad totals are refused", arguments: [
        ("\"-5.00\"", "\"-5.00\" is negative; amounts must be zero or more"),
        ("\"\"", "is empty; expected an amount such as \"12.34\""),
        ("\"12.3456789012\"", "\"12.3456789012\" has more than 9 decimal places"),
        ("true", "expected an amount such as \"12.34\", found true"),
    ])
    func badTotal(raw: String, message: String) {
        let result = decode(orderJSON(["total_price": raw]))
        #expect(result.orders == [])
        #expect(result.errors == [LineError(line: 1, field: "total_price", message: message + " (order #1001)")])
    }

    @Test func missingTotal() {
        let result = decode(orderJSON(["total_price": nil]))
        #expect(result.errors.map(\.field) == ["total_price"])
        #expect(result.errors.first?.message.hasPrefix("missing;") == true)
    }

    @Test func numericTotalIsReadExactly() throws {
        let order = try #require(decode(orderJSON(["total_price": "0.30", "subtotal_price": "\"0.10\""])).orders.first)
        #expect(order.totalPrice == DecimalAmount(digits: 3, scale: 1))
        #expect(order.subtotalPrice == DecimalAmount(digits: 10, scale: 2))
    }

    @Test func refundSubtotalsAddWithoutFloatingPointError() throws {
        let refunds = #"[{"id": 7, "created_at": "2024-03-02T09:00:00+01:00", "refund_line_items": [{"subtotal": 0.1}, {"subtotal": 0.2}]},"#
            + #" {"id": 8, "created_at": "2024-03-03T00:00:00Z", "refund_line_items": [{"subtotal": 89.99}, {"subtotal_set": {"shop_money": {"amount": "0.01"}}}]}]"#
        let order = try #require(decode(orderJSON(["refunds": refunds])).orders.first)
        #expect(order.refunds == [
            IncomingRefund(externalID: "7", createdAt: 1_709_366_400, amount: DecimalAmount(digits: 3, scale: 1)),
            IncomingRefund(externalID: "8", createdAt: 1_709_424_000, amount: DecimalAmount(digits: 9000, scale: 2)),
        ])
    }

    @Test func negativeRefundSubtotalIsRefused() {
        let refunds = #"[{"id": 7, "created_at": "2024-03-02T00:00:00Z", "refund_line_items": [{"subtotal": -4.5}]}]"#
        let result = decode(orderJSON(["refunds": refunds]))
        #expect(result.errors == [LineError(line: 1, field: "refunds[0].refund_line_items[0].subtotal",
                                            message: "-4.5 is negative; amounts must be zero or more (order #1001)")])
    }

    @Test("Bad timestamps are refused", arguments: [
        ("processed_at", "\"2024-13-01T10:00:00Z\"", "\"2024-13-01T10:00:00Z\" is not a valid timestamp; expected one such as \"2008-01-10T11:00:00-05:00\""),
        ("processed_at", "\"yesterday\"", "\"yesterday\" is not a valid timestamp; expected one such as \"2008-01-10T11:00:00-05:00\""),
        ("processed_at", "1709305200", "expected a timestamp such as \"2008-01-10T11:00:00-05:00\", found the number 1709305200"),
        ("cancelled_at", "\"2024-02-30T00:00:00Z\"", "\"2024-02-30T00:00:00Z\" is not a valid timestamp; expected one such as \"2008-01-10T11:00:00-05:00\""),
    ])
    func badTimestamp(field: String, raw: String, message: String) {
        let result = decode(orderJSON([field: raw]))
        #expect(result.orders == [])
        #expect(result.errors == [LineError(line: 1, field: field, message: message + " (order #1001)")])
    }

    @Test func missingTimestamps() throws {
        let fromCreatedAt = try #require(decode(orderJSON(["processed_at": "null", "created_at": "\"2008-01-10T11:00:00-05:00\""])).orders.first)
        #expect(fromCreatedAt.processedAt == januaryTenth2008)

        let result = decode(orderJSON(["processed_at": nil]))
        #expect(result.errors.map(\.field) == ["processed_at"])
        #expect(result.errors.first?.message.contains("created_at") == true)
    }

    @Test func guestOrderTakesContactDetailsFromTheOrder() throws {
        let order = try #require(decode(orderJSON([
            "customer": "null", "email": "\"\"", "contact_email": "\"guest@example.com\"", "phone": "\"+15550001111\"",
        ])).orders.first)
        #expect(order.customer == IncomingCustomer(externalID: nil, email: "guest@example.com", phone: "+15550001111"))
    }

    @Test func customerWithoutEmailFallsBackToOrderEmail() throws {
        let order = try #require(decode(orderJSON([
            "customer": #"{"id": 5, "email": null, "first_name": "Ann", "last_name": "", "phone": null}"#,
            "email": "\"ann@example.com\"",
        ])).orders.first)
        #expect(order.customer == IncomingCustomer(externalID: "5", email: "ann@example.com", firstName: "Ann"))
    }
}

// MARK: - Broken files

@Suite("ShopifyOrderJSON broken files")
struct ShopifyOrderJSONBrokenFileTests {
    @Test func truncatedFileSaysItEndsEarlyAndWhere() throws {
        // Cut right after line 66, `        "shop_money": {` inside the first order's total_line_items_price_set.
        let lines = try fixtureText("rest/python_api__orders.json").split(separator: "\n", omittingEmptySubsequences: false)
        let cut = lines.prefix(66).joined(separator: "\n")
        let result = decode(cut)
        #expect(result.orders == [])
        #expect(result.errors == [LineError(line: 66, message:
            "the file ends before the JSON is complete: 5 brackets are still open, the innermost opened on line 66; "
            + "it was probably cut off, so download or export it again")])
    }

    @Test func everyCutOffPrefixGivesOneErrorAndNoOrder() throws {
        let whole = try fixture("rest/python_api__orders.json")
        let complete = try #require(whole.lastIndex(of: UInt8(ascii: "}")))
        for length in 0...complete {
            let result = decode(whole.prefix(length))
            #expect(result.orders.isEmpty && result.errors.count == 1, "prefix of \(length) bytes")
        }
        #expect(decode(whole.prefix(complete + 1)).orders.count == 1)
    }

    @Test func fileEndingInsideTextSaysWhereTheTextStarted() {
        let result = decode("{\"orders\": [\n{\"id\": 1, \"name\": \"#10")
        #expect(result.errors == [LineError(line: 2, message:
            "the file ends inside the text in quotes that starts on line 2, column 19; it was probably cut off, so download or export it again")])
    }

    @Test func syntaxErrorNamesLineAndColumn() {
        let result = decode("{\"orders\": [\n  {\"id\": 1},\n  {\"id\": 2, tru}\n]}")
        #expect(result.orders == [])
        #expect(result.errors == [LineError(line: 3, message:
            "the file is not valid JSON: at column 13, expected a field name in double quotes, found 't'")])
    }

    @Test func topLevelArraySaysWhatShapeWasExpected() {
        let data = Data("[\(numbered(1))]".utf8)
        let result = ShopifyOrderJSON.decodeOrders(data, format: .shopifyJSON)
        #expect(result.errors == [LineError(line: 1, message:
            #"the file holds a list [...], but an order file must be {"orders":[...]}, {"order":{...}}, one order object, or JSON Lines (one order object per line)"#)])
    }

    @Test func ordersOfStringsAreRefusedOneByOne() {
        let result = decode("{\"orders\": [\n\"a\",\n\"b\"\n]}")
        #expect(result.orders == [])
        #expect(result.errors == [
            LineError(line: 2, field: "orders[0]", message: "expected an order object {...}, found the text \"a\""),
            LineError(line: 3, field: "orders[1]", message: "expected an order object {...}, found the text \"b\""),
        ])
    }

    @Test func ordersThatIsNotAListIsAShapeError() {
        let result = decode(#"{"orders": {"id": 1}}"#)
        #expect(result.errors.map(\.message) == [
            #"the file holds "orders" as an object {...} instead of a list, but an order file must be {"orders":[...]}, {"order":{...}}, one order object, or JSON Lines (one order object per line)"#,
        ])
    }

    @Test func otherShopifyResourceIsAShapeError() throws {
        let result = decode(try fixture("rest/python_api__customer.json"))
        #expect(result.orders == [])
        #expect(result.errors.count == 1)
        #expect(result.errors.first?.message.hasPrefix(#"the file holds an object with "customer" but no "orders", "order" or order "id""#) == true)
    }

    @Test func emptyFile() {
        let result = ShopifyOrderJSON.decodeOrders(Data(" \n".utf8), format: .shopifyJSON)
        #expect(result.errors == [LineError(line: 2, message: "the file is empty; there are no orders to import")])
    }

    @Test func nonUTF8BytesNameTheLine() {
        var data = Data("{\"orders\": [\n{\"id\": 1, \"total_price\": \"1.00\", \"processed_at\": \"2024-03-01\",\n \"name\": \"caf".utf8)
        data.append(0xE9) // Latin-1 "é"
        data.append(contentsOf: Array("\"}\n]}".utf8))
        let result = decode(data)
        #expect(result.orders == [])
        #expect(result.errors == [LineError(line: 3, message:
            "the file is not UTF-8 text: byte 0xE9 at column 14 is not a valid character; save the file as UTF-8 and import it again")])
    }

    @Test func csvHandedToTheJSONReaderIsRefused() {
        let result = ShopifyOrderJSON.decodeOrders(Data("a,b\n1,2\n".utf8), format: .csv)
        #expect(result.orders == [])
        #expect(result.errors.count == 1)
    }
}

// MARK: - JSON Lines

@Suite("ShopifyOrderJSON JSON Lines")
struct ShopifyOrderJSONLinesTests {
    @Test func threeOrders() {
        let result = decode([numbered(1), numbered(2), numbered(3)].joined(separator: "\n"))
        #expect(result.errors == [])
        #expect(result.orders.map(\.externalID) == ["1", "2", "3"])
        #expect(result.orders.map(\.sourceLine) == [1, 2, 3])
        #expect(result.orders.allSatisfy { $0.processedAt == marchFirst2024 && $0.totalPrice == DecimalAmount(digits: 1250, scale: 2) })
    }

    @Test func blankLinesAndCRLFKeepFileLineNumbers() {
        let result = decode(numbered(1) + "\r\n\r\n" + numbered(2) + "\r\n" + numbered(3) + "\r\n")
        #expect(result.errors == [])
        #expect(result.orders.map(\.sourceLine) == [1, 3, 4])
    }

    @Test func brokenSecondLineIsReportedAndTheOthersStillDecode() {
        let result = decode([numbered(1), #"{"id": 2, "total_price": "1.00""#, numbered(3), #"{"id": 4 "total_price": "1.00"}"#]
            .joined(separator: "\n"))
        #expect(result.orders.map(\.externalID) == ["1", "3"])
        #expect(result.errors == [
            LineError(line: 2, message: "this line ends before the JSON is complete: 1 bracket is still open, the innermost opened on line 2; in JSON Lines each line must hold one complete order object"),
            LineError(line: 4, message: "this line is not valid JSON: at column 10, expected ',' or '}', found '\"'"),
        ])
    }

    @Test func badFieldOnALineNamesThatLine() {
        let result = decode([numbered(1), orderJSON(["id": "2", "name": "\"#2\"", "total_price": "\"12,50\""])].joined(separator: "\n"))
        #expect(result.orders.map(\.externalID) == ["1"])
        #expect(result.errors == [LineError(line: 2, field: "total_price",
                                            message: "\"12,50\" is not a number; expected an amount such as \"12.34\" (order #2)")])
    }

    @Test func nonUTF8OnOneLineOnlyLosesThatLine() {
        var data = Data((numbered(1) + "\n").utf8)
        data.append(contentsOf: Array(##"{"id": 2, "name": "#"##.utf8) + [0xFF] + Array("\"}\n".utf8))
        data.append(contentsOf: Array(numbered(3).utf8))
        #expect(ShopifyOrderJSON.detectFormat(data) == .jsonLines)
        let result = decode(data)
        #expect(result.orders.map(\.externalID) == ["1", "3"])
        #expect(result.errors.map(\.line) == [2])
        #expect(result.errors.first?.message.contains("not UTF-8") == true)
    }

    @Test func lineHoldingAListSaysEachLineMustBeAnOrder() {
        let result = ShopifyOrderJSON.decodeOrders(Data((numbered(1) + "\n[1, 2]\n").utf8), format: .jsonLines)
        #expect(result.orders.map(\.externalID) == ["1"])
        #expect(result.errors == [LineError(line: 2, message:
            "this line holds a list [...], but each line of a JSON Lines file must be one order object")])
    }
}
