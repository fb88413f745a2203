import Foundation
import Testing
@testable import LoyaltyCore

private let requiredHeader = "customer_id,order_id,processed_at,total_price"

private func importOrders(_ text: String, offset: Int64 = 0) -> (orders: [IncomingOrder], errors: [LineError]) {
    OrderCSV.parseAll(Array(text.utf8), defaultOffsetSeconds: offset)
}

private func header(_ text: String) -> CSVRecord {
    CSVRecord(line: 1, fields: text.split(separator: ",", omittingEmptySubsequences: false).map(String.init))
}

private func headerErrors(_ text: String) -> [LineError] {
    do throws(LineErrors) {
        _ = try OrderCSV(header: header(text))
        return []
    } catch {
        return error.errors
    }
}

/// The errors of one data row under `requiredHeader` (or `headerText`).
private func rowErrors(_ row: [String], headerText: String = requiredHeader, offset: Int64 = 0) throws -> [LineError] {
    let parser = try OrderCSV(header: header(headerText), defaultOffsetSeconds: offset)
    switch parser.parse(CSVRecord(line: 7, fields: row)) {
    case .success: return []
    case .failure(let errors): return errors.errors
    }
}

private func parseRow(_ row: [String], headerText: String = requiredHeader, offset: Int64 = 0) throws -> IncomingOrder? {
    try OrderCSV(header: header(headerText), defaultOffsetSeconds: offset).parse(CSVRecord(line: 7, fields: row)).get()
}

@Suite("OrderCSV")
struct OrderCSVTests {
    // MARK: Header

    @Test func acceptsRequiredColumnsInAnyOrderAndCase() throws {
        let parser = try OrderCSV(header: header(" Total_Price ,PROCESSED_AT,order_id,Customer_ID"))
        #expect(parser.columns == [.totalPrice, .processedAt, .orderID, .customerID])
        let order = try parser.parse(CSVRecord(line: 2, fields: ["9.50", "2024-03-01", "1001", "c1"])).get()
        #expect(order.externalID == "1001")
        #expect(order.customer.externalID == "c1")
        #expect(order.totalPrice == DecimalAmount(digits: 950, scale: 2))
    }

    @Test func missingRequiredColumnsAreListedWithTheAcceptedOnes() throws {
        let errors = headerErrors("customer_id,processed_at,email")
        let error = try #require(errors.first)
        #expect(errors.count == 1)
        #expect(error.line == 1)
        #expect(error.field == "order_id, total_price")
        #expect(error.message.contains("order_id, total_price"))
        #expect(error.message.contains("financial_status"))
        #expect(error.message.contains("cancelled_at"))
    }

    @Test func unknownColumnIsNamedWithTheAcceptedOnes() throws {
        let error = try #require(headerErrors(requiredHeader + ",Tip").first)
        #expect(error.field == "Tip")
        #expect(error.message.contains("\"Tip\""))
        #expect(error.message.contains("customer_id, order_id, processed_at, total_price"))
    }

    @Test func duplicateColumnIsRefused() throws {
        let error = try #require(headerErrors(requiredHeader + ",EMAIL,email").first)
        #expect(error.field == "email")
        #expect(error.message.contains("twice"))
        #expect(error.message.contains("columns 5 and 6"))
    }

    @Test func emptyColumnNameIsRefused() throws {
        let error = try #require(headerErrors(requiredHeader + ",").first)
        #expect(error.field == "column 5")
        #expect(error.message.contains("no name"))
    }

    @Test func everyHeaderProblemIsReportedAtOnce() {
        let errors = headerErrors("customer_id,order_id,order_id,shipping")
        #expect(errors.map(\.field) == ["processed_at, total_price", "order_id", "shipping"])
    }

    @Test func emptyFileIsAnError() throws {
        for text in ["", "\n\n", "\u{FEFF}"] {
            let result = importOrders(text)
            #expect(result.orders.isEmpty)
            let error = try #require(result.errors.first)
            #expect(error.message.contains("the file is empty"))
        }
    }

    @Test func headerOnlyIsZeroOrders() {
        let result = importOrders(requiredHeader + "\r\n")
        #expect(result.orders.isEmpty)
        #expect(result.errors.isEmpty)
    }

    // MARK: Rows

    @Test func readsEveryColumn() throws {
        let text = "\u{FEFF}customer_id,order_id,processed_at,total_price,email,first_name,last_name,currency,financial_status,cancelled_at\n"
            + "c-7, #1001 ,2024-03-01T10:00:00Z,19.99,ana@example.com,Ana,\"de la Cruz\",eur,PAID,2024-03-02 09:00:00 -0500\n"
        let result = importOrders(text)
        #expect(result.errors.isEmpty)
        let order = try #require(result.orders.first)
        let expected = IncomingOrder(
            externalID: "#1001",
            customer: IncomingCustomer(externalID: "c-7", email: "ana@example.com", firstName: "Ana", lastName: "de la Cruz"),
            processedAt: Timestamp.make(year: 2024, month: 3, day: 1, hour: 10),
            currency: "EUR", totalPrice: DecimalAmount(digits: 1999, scale: 2), financialStatus: "paid",
            cancelledAt: Timestamp.make(year: 2024, month: 3, day: 2, hour: 14), sourceLine: 2)
        #expect(order == expected)
    }

    @Test func optionalColumnsLeftEmptyAreNil() throws {
        let order = try #require(try parseRow(["c1", "o1", "2024-03-01", "0", "", " ", "", "", ""],
                                              headerText: requiredHeader + ",email,first_name,currency,financial_status,cancelled_at"))
        #expect(order.customer.email == nil)
        #expect(order.customer.firstName == nil)
        #expect(order.currency == nil)
        #expect(order.financialStatus == nil)
        #expect(order.cancelledAt == nil)
        #expect(order.totalPrice == DecimalAmount(digits: 0, scale: 0))
    }

    @Test func sourceLineIsThePhysicalLine() {
        let text = requiredHeader + "\nc1,o1,2024-03-01,1\n\nc2,o2,2024-03-01,\"2\"\nc3,o3,2024-03-01,3\n"
        #expect(importOrders(text).orders.map(\.sourceLine) == [2, 4, 5])
    }

    @Test func rowWithWrongFieldCount() throws {
        let errors = try rowErrors(["c1", "o1", "2024-03-01", "1", "2"])
        #expect(errors.count == 1)
        #expect(errors.first?.line == 7)
        #expect(errors.first?.message.contains("5 values") == true)
        #expect(errors.first?.message.contains("4 columns") == true)
        #expect(try rowErrors(["c1", "o1", "2024-03-01"]).first?.message.contains("3 values") == true)
    }

    @Test func emptyIDsAreRefused() throws {
        let errors = try rowErrors([" ", "", "2024-03-01", "1"])
        #expect(errors.map(\.field) == ["customer_id", "order_id"])
        #expect(errors.allSatisfy { $0.line == 7 && $0.message.contains("empty") })
    }

    @Test(arguments: ["03/01/2024", "2024-02-30", "2024-03-01T25:00:00Z", "yesterday", "2024-3-1"])
    func invalidProcessedAtListsTheAcceptedShapes(_ value: String) throws {
        let error = try #require(try rowErrors(["c1", "o1", value, "1"]).first)
        #expect(error.field == "processed_at")
        #expect(error.message.contains(value))
        for shape in ["2024-03-01T10:00:00Z", "2024-03-01T10:00:00-05:00", "2024-03-01 10:00:00 -0500", "2024-03-01"] {
            #expect(error.message.contains(shape))
        }
    }

    @Test func emptyProcessedAtIsRefused() throws {
        let error = try #require(try rowErrors(["c1", "o1", "", "1"]).first)
        #expect(error.field == "processed_at")
        #expect(error.message.contains("empty"))
    }

    @Test func invalidCancelledAtIsRefused() throws {
        let error = try #require(try rowErrors(["c1", "o1", "2024-03-01", "1", "soon"], headerText: requiredHeader + ",cancelled_at").first)
        #expect(error.field == "cancelled_at")
        #expect(error.message.contains("2024-03-01T10:00:00-05:00"))
    }

    @Test func datesWithoutAnOffsetUseTheMerchantsOffset() throws {
        let newYork: Int64 = -5 * 3600
        let dateOnly = try #require(try parseRow(["c", "o", "2024-03-01", "1"], offset: newYork))
        #expect(dateOnly.processedAt == Timestamp.make(year: 2024, month: 3, day: 1, hour: 5))
        let noOffset = try #require(try parseRow(["c", "o", "2024-03-01 10:00:00", "1"], offset: newYork))
        #expect(noOffset.processedAt == Timestamp.make(year: 2024, month: 3, day: 1, hour: 15))
        let explicit = try #require(try parseRow(["c", "o", "2024-03-01T10:00:00+01:00", "1"], offset: newYork))
        #expect(explicit.processedAt == Timestamp.make(year: 2024, month: 3, day: 1, hour: 9))
        let cancelled = try #require(try parseRow(["c", "o", "2024-03-01", "1", "2024-03-02"],
                                                  headerText: requiredHeader + ",cancelled_at", offset: newYork))
        #expect(cancelled.cancelledAt == Timestamp.make(year: 2024, month: 3, day: 2, hour: 5))
    }

    @Test func negativePriceIsRefused() throws {
        let error = try #require(try rowErrors(["c1", "o1", "2024-03-01", "-5.00"]).first)
        #expect(error.field == "total_price")
        #expect(error.message.contains("negative"))
    }

    @Test(arguments: ["$12", "12,50", "1.2.3", "abc", "1e3", "."])
    func nonNumericPriceIsRefused(_ value: String) throws {
        let error = try #require(try rowErrors(["c1", "o1", "2024-03-01", value]).first)
        #expect(error.field == "total_price")
        #expect(error.message.contains("not a number"))
    }

    @Test func emptyAndOversizedPricesAreRefused() throws {
        #expect(try rowErrors(["c1", "o1", "2024-03-01", ""]).first?.message.contains("empty") == true)
        #expect(try rowErrors(["c1", "o1", "2024-03-01", "99999999999999999999"]).first?.message.contains("too large") == true)
        #expect(try rowErrors(["c1", "o1", "2024-03-01", "1.0000000001"]).first?.message.contains("decimal places") == true)
    }

    @Test func priceWithMoreDecimalsThanTheCurrencyIsRefused() throws {
        let headerText = requiredHeader + ",currency"
        let error = try #require(try rowErrors(["c1", "o1", "2024-03-01", "100.5", "JPY"], headerText: headerText).first)
        #expect(error.field == "total_price")
        #expect(error.message.contains("JPY"))
        #expect(try rowErrors(["c1", "o1", "2024-03-01", "12.300", "USD"], headerText: headerText).isEmpty)
    }

    @Test(arguments: ["US", "US$", "EURO", "12A", "€"])
    func currencyMustBeAThreeLetterCode(_ value: String) throws {
        let error = try #require(try rowErrors(["c1", "o1", "2024-03-01", "1", value], headerText: requiredHeader + ",currency").first)
        #expect(error.field == "currency")
        #expect(error.message.contains("3-letter"))
    }

    @Test func everyProblemInARowIsReported() throws {
        let errors = try rowErrors(["", "o1", "someday", "-1", "dollars"], headerText: requiredHeader + ",currency")
        #expect(Set(errors.compactMap(\.field)) == ["customer_id", "processed_at", "total_price", "currency"])
        #expect(errors.allSatisfy { $0.line == 7 })
    }

    @Test func valuesOurExportGuardedAreReadBack() throws {
        let order = try #require(try parseRow(["'-42", "'=1", "2024-03-01", "1"]))
        #expect(order.customer.externalID == "-42")
        #expect(order.externalID == "=1")
    }

    @Test func badRowsAndUnreadableCSVDoNotStopTheImport() {
        let text = requiredHeader + "\nc1,o1,2024-03-01,1\nc2,o2,bad,2\nc3,o3,2024-03-01,3\"\nc4,o4,2024-03-01,4\n"
        let result = importOrders(text)
        #expect(result.orders.map(\.externalID) == ["o1", "o4"])
        #expect(result.errors.map(\.line) == [3, 4])
        #expect(result.errors.map(\.field) == ["processed_at", "total_price"])
    }
}
