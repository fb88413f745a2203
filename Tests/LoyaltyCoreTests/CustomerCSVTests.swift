import Foundation
import Testing
@testable import LoyaltyCore

private func importCustomers(_ text: String) -> (customers: [IncomingCustomerRecord], errors: [LineError]) {
    CustomerCSV.parseAll(Array(text.utf8))
}

/// Parses one data row under a header naming `columns`.
private func parseRow(_ values: [String: String]) throws -> Result<IncomingCustomerRecord, LineErrors> {
    let names = values.keys.sorted()
    let parser = try CustomerCSV(header: CSVRecord(line: 1, fields: names))
    return parser.parse(CSVRecord(line: 4, fields: names.map { values[$0]! }))
}

private func errors(_ values: [String: String]) throws -> [LineError] {
    if case .failure(let errors) = try parseRow(values) { return errors.errors }
    return []
}

@Suite("CustomerCSV")
struct CustomerCSVTests {
    @Test func readsEveryColumn() throws {
        let text = "Email,First_Name,last_name,phone,birthday,points\r\n"
            + "ana@example.com,Ana,\"O'Neil\",'+1 555 0100,1990-07-14,1500\r\n"
            + "bo@example.co.uk,,,,02-29,\r\n"
        let result = importCustomers(text)
        #expect(result.errors.isEmpty)
        #expect(result.customers == [
            IncomingCustomerRecord(email: "ana@example.com", firstName: "Ana", lastName: "O'Neil", phone: "+1 555 0100",
                                   birthday: "1990-07-14", openingPoints: 1500, sourceLine: 2),
            IncomingCustomerRecord(email: "bo@example.co.uk", birthday: "0004-02-29", sourceLine: 3),
        ])
    }

    @Test func emailColumnIsRequired() throws {
        let result = importCustomers("first_name,points\nAna,5\n")
        let error = try #require(result.errors.first)
        #expect(result.errors.count == 1)
        #expect(error.field == "email")
        #expect(error.message.contains("lacks the required column email"))
        #expect(error.message.contains("first_name, last_name, phone, birthday, points"))
    }

    @Test func unknownAndDuplicateColumns() {
        let result = importCustomers("email,nickname,Email\n")
        #expect(result.errors.map(\.field) == ["nickname", "email"])
    }

    @Test func emptyFileAndHeaderOnly() {
        #expect(importCustomers("").errors.first?.message.contains("the file is empty") == true)
        let headerOnly = importCustomers("email,points\n")
        #expect(headerOnly.customers.isEmpty && headerOnly.errors.isEmpty)
    }

    @Test(arguments: ["a@b.co", "first.last+tag@mail.example.org", "Zoë@例え.jp"])
    func acceptsEmails(_ email: String) throws {
        #expect(try errors(["email": email]).isEmpty)
    }

    @Test(arguments: ["ana", "ana@", "@example.com", "ana@example", "ana@@example.com", "a@b@c.com", "ana smith@example.com",
                      "ana@.com", "ana@example.", "555-0100"])
    func refusesThingsThatAreNotEmails(_ email: String) throws {
        let error = try #require(try errors(["email": email]).first)
        #expect(error.field == "email")
        #expect(error.line == 4)
        #expect(error.message.contains("does not look like an email"))
    }

    @Test func emptyEmailIsRefused() throws {
        let error = try #require(try errors(["email": "  ", "first_name": "Ana"]).first)
        #expect(error.field == "email")
        #expect(error.message.contains("empty"))
    }

    @Test(arguments: [("1990-07-14", "1990-07-14"), ("07-14", "0004-07-14"), ("02-29", "0004-02-29"),
                      ("2000-02-29", "2000-02-29"), (" 12-31 ", "0004-12-31")])
    func normalizesBirthdays(_ input: String, _ expected: String) throws {
        let customer = try parseRow(["email": "a@b.co", "birthday": input]).get()
        #expect(customer.birthday == expected)
    }

    @Test(arguments: ["2023-02-29", "1990-13-01", "1990-04-31", "02-30", "00-10", "07-00", "7-14", "14/07/1990", "1990-7-14",
                      "July 14", "1990-07-14T00:00:00Z"])
    func refusesImpossibleOrOddBirthdays(_ input: String) throws {
        let error = try #require(try errors(["email": "a@b.co", "birthday": input]).first)
        #expect(error.field == "birthday")
        #expect(error.message.contains("YYYY-MM-DD"))
        #expect(error.message.contains("MM-DD"))
    }

    @Test func emptyBirthdayAndPointsAreNil() throws {
        let customer = try parseRow(["email": "a@b.co", "birthday": "", "points": ""]).get()
        #expect(customer.birthday == nil)
        #expect(customer.openingPoints == nil)
    }

    @Test(arguments: [("0", Int64(0)), ("1500", 1500), ("+7", 7), ("9223372036854775807", Int64.max)])
    func acceptsWholePoints(_ input: String, _ expected: Int64) throws {
        #expect(try parseRow(["email": "a@b.co", "points": input]).get().openingPoints == expected)
    }

    @Test(arguments: ["12.5", "12.0", "12."])
    func refusesFractionalPoints(_ input: String) throws {
        let error = try #require(try errors(["email": "a@b.co", "points": input]).first)
        #expect(error.field == "points")
        #expect(error.message.contains("not a whole number"))
    }

    @Test func refusesNegativePoints() throws {
        let error = try #require(try errors(["email": "a@b.co", "points": "-20"]).first)
        #expect(error.field == "points")
        #expect(error.message.contains("negative"))
        #expect(error.message.contains("0 or more"))
    }

    @Test(arguments: ["lots", "1,000", "-", "-x", "1e3"])
    func refusesNonNumericPoints(_ input: String) throws {
        let error = try #require(try errors(["email": "a@b.co", "points": input]).first)
        #expect(error.field == "points")
        #expect(error.message.contains("not a number"))
    }

    @Test func refusesHugePoints() throws {
        let error = try #require(try errors(["email": "a@b.co", "points": "9223372036854775808"]).first)
        #expect(error.message.contains("too large"))
    }

    @Test func everyProblemInARowIsReported() throws {
        let found = try errors(["email": "nope", "birthday": "13-01", "points": "1.5"])
        #expect(found.map(\.field) == ["email", "birthday", "points"])
    }

    @Test func wrongFieldCountAndUnreadableRowsAreReportedAndSkipped() {
        let text = "email,points\na@b.co,1\nc@d.co\n" + "e@f.co,\"3\"x\n" + "g@h.co,4\n"
        let result = importCustomers(text)
        #expect(result.customers.map(\.email) == ["a@b.co", "g@h.co"])
        #expect(result.errors.map(\.line) == [3, 4])
        #expect(result.errors.first?.message.contains("1 value but the header has 2 columns") == true)
        #expect(result.errors.last?.field == "points")
    }
}
