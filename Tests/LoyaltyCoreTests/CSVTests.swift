import Foundation
import Testing
@testable import LoyaltyCore

/// Reads every record of `text`, or returns the first error.
private func read(_ text: String, maxFieldBytes: Int = CSVReader.defaultMaxFieldBytes) -> Result<[CSVRecord], CSVError> {
    read(Array(text.utf8), maxFieldBytes: maxFieldBytes)
}

private func read(_ bytes: [UInt8], maxFieldBytes: Int = CSVReader.defaultMaxFieldBytes) -> Result<[CSVRecord], CSVError> {
    Result { () throws(CSVError) in try CSVReader.readAll(bytes, maxFieldBytes: maxFieldBytes) }
}

private func fields(_ text: String) -> [[String]]? {
    try? read(text).get().map(\.fields)
}

private func firstError(_ text: String, maxFieldBytes: Int = CSVReader.defaultMaxFieldBytes) -> CSVError? {
    firstError(Array(text.utf8), maxFieldBytes: maxFieldBytes)
}

private func firstError(_ bytes: [UInt8], maxFieldBytes: Int = CSVReader.defaultMaxFieldBytes) -> CSVError? {
    if case .failure(let error) = read(bytes, maxFieldBytes: maxFieldBytes) { return error }
    return nil
}

/// Every record and every error, in order, reading past errors the way an importer does.
private enum Outcome: Equatable {
    case record(line: Int, fields: [String])
    case error(line: Int, field: Int)
}

private func outcomes(_ bytes: [UInt8]) -> [Outcome] {
    var reader = CSVReader(bytes: bytes)
    var result: [Outcome] = []
    while true {
        do throws(CSVError) {
            guard let record = try reader.next() else { return result }
            result.append(.record(line: record.line, fields: record.fields))
        } catch {
            result.append(.error(line: error.line, field: error.field))
        }
    }
}

@Suite("CSVReader")
struct CSVReaderTests {
    @Test func readsPlainRecordsWithLineNumbers() throws {
        let records = try read("a,b,c\n1,2,3\n").get()
        #expect(records == [CSVRecord(line: 1, fields: ["a", "b", "c"]), CSVRecord(line: 2, fields: ["1", "2", "3"])])
    }

    @Test func quotedFieldsKeepCommasNewlinesAndEscapedQuotes() {
        #expect(fields("\"a,b\",\"say \"\"hi\"\"\",\"line1\nline2\"\n") == [["a,b", "say \"hi\"", "line1\nline2"]])
        #expect(fields("\"\"\"\"\n") == [["\""]])
        #expect(fields("\"\",x\n") == [["", "x"]])
    }

    @Test func crlfAndLoneCRLineEnds() {
        #expect(fields("a,b\r\nc,d\r\n") == [["a", "b"], ["c", "d"]])
        #expect(fields("a,b\rc,d\r") == [["a", "b"], ["c", "d"]])
        #expect(fields("\"x\r\ny\",z\r\n") == [["x\r\ny", "z"]])
    }

    @Test func lastLineWithoutNewline() {
        #expect(fields("a,b\nc,d") == [["a", "b"], ["c", "d"]])
        #expect(fields("a,\"b\"") == [["a", "b"]])
    }

    @Test func emptyFieldsAndTrailingComma() {
        #expect(fields("a,,c\n,\n") == [["a", "", "c"], ["", ""]])
        #expect(fields("a,b,") == [["a", "b", ""]])
    }

    @Test func skipsBlankLinesButCountsThem() throws {
        let records = try read("\n\na\r\n\r\n\nb\n\n").get()
        #expect(records == [CSVRecord(line: 3, fields: ["a"]), CSVRecord(line: 6, fields: ["b"])])
        #expect(try read("").get().isEmpty)
        #expect(try read("\n\r\n").get().isEmpty)
    }

    @Test func skipsAUTF8ByteOrderMark() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("email,points\nx@y.z,5\n".utf8)
        let records = try read(bytes).get()
        #expect(records.map(\.fields) == [["email", "points"], ["x@y.z", "5"]])
        #expect(records.first?.fields.first?.utf8.count == 5)
    }

    @Test func byteOrderMarkOnlyAtTheStartIsSkipped() throws {
        // In the middle of a file the same bytes are just an (invisible) character of the value.
        let bytes = Array("a\n".utf8) + [0xEF, 0xBB, 0xBF] + Array("b\n".utf8)
        #expect(try read(bytes).get().map(\.fields) == [["a"], ["\u{FEFF}b"]])
    }

    @Test func lineNumbersAfterAMultiLineQuotedField() throws {
        let text = "id,note\n1,\"first\nsecond\r\nthird\"\n2,plain\n\n3,\"x\ry\"\n4,end\n"
        let records = try read(text).get()
        // A lone CR ends a line too (old Mac files), inside quotes as well as outside.
        #expect(records.map(\.line) == [1, 2, 5, 7, 9])
        #expect(records[1].fields == ["1", "first\nsecond\r\nthird"])
        #expect(records[3].fields == ["3", "x\ry"])
    }

    @Test func readsUTF8Text() {
        #expect(fields("Zoë,\"東京, 日本\",🎉\n") == [["Zoë", "東京, 日本", "🎉"]])
    }

    @Test func invalidUTF8NamesLineAndFieldAndSaysSaveAsUTF8() throws {
        // "Zoë" in Windows-1252: ë is the single byte 0xEB.
        let bytes = Array("email,name\na@b.co,ok\nc@d.co,Zo".utf8) + [0xEB] + Array("\n".utf8)
        let error = try #require(firstError(bytes))
        #expect(error.reason == .invalidUTF8)
        #expect(error.line == 3)
        #expect(error.field == 2)
        #expect(error.message.contains("line 3"))
        #expect(error.message.contains("field 2"))
        #expect(error.message.contains("save the file as UTF-8"))
    }

    @Test func invalidUTF8InAQuotedFieldIsCaughtToo() throws {
        let bytes = Array("\"ok\",\"bad ".utf8) + [0xC3, 0x28] + Array("\"\n".utf8)
        let error = try #require(firstError(bytes))
        #expect(error.reason == .invalidUTF8)
        #expect(error.field == 2)
    }

    @Test func readingContinuesAfterARecordWithAnError() {
        let bytes = Array("a,b\n".utf8) + [0xFF] + Array(",\"x\ny\"\nc,d\n".utf8)
        #expect(outcomes(bytes) == [
            .record(line: 1, fields: ["a", "b"]),
            .error(line: 2, field: 1),
            .record(line: 4, fields: ["c", "d"]),
        ])
    }

    @Test func rejectsA10MBFieldWithSizeAndLimit() throws {
        var bytes = Array("id,note\n1,".utf8)
        bytes += [UInt8](repeating: UInt8(ascii: "x"), count: 10 << 20)
        bytes += Array("\n2,short\n".utf8)
        let error = try #require(firstError(bytes))
        #expect(error.reason == .fieldTooLong(bytes: 10 << 20, limit: 1 << 20))
        #expect(error.line == 2)
        #expect(error.field == 2)
        #expect(error.message.contains("10 MiB"))
        #expect(error.message.contains("1 MiB"))
        #expect(outcomes(bytes).last == .record(line: 3, fields: ["2", "short"]))
    }

    @Test func fieldLimitIsConfigurableAndCountsTheValueNotTheQuotes() throws {
        #expect(fields("12345,\"abcde\"\n") != nil)
        #expect(try read("12345,\"abcde\"\n", maxFieldBytes: 5).get().count == 1)
        let error = try #require(firstError("123456\n", maxFieldBytes: 5))
        #expect(error.reason == .fieldTooLong(bytes: 6, limit: 5))
        #expect(error.message.contains("6 bytes"))
        #expect(error.message.contains("5 bytes"))
        // Doubled quotes count once: """""" is the 2-byte value "".
        #expect(try read("\"\"\"\"\"\"\n", maxFieldBytes: 2).get().map(\.fields) == [["\"\""]])
    }

    @Test func unterminatedQuoteNamesTheLineWhereItOpened() throws {
        let error = try #require(firstError("id,note\n1,ok\n2,\"never closed\n3,more\n4,lines\n"))
        #expect(error.reason == .unterminatedQuote)
        #expect(error.line == 3)
        #expect(error.field == 2)
        #expect(error.message.contains("line 3"))
        #expect(outcomes(Array("a\n\"b\nc\n".utf8)) == [.record(line: 1, fields: ["a"]), .error(line: 2, field: 1)])
    }

    @Test func strayQuoteInAnUnquotedField() throws {
        let error = try #require(firstError("a,b\nx,5\" screen\n"))
        #expect(error.reason == .strayQuote)
        #expect(error.line == 2)
        #expect(error.field == 2)
        #expect(error.message.contains("\"\""))
        // A space before the opening quote makes the field unquoted.
        #expect(firstError("a, \"b\"\n")?.reason == .strayQuote)
    }

    @Test func textAfterAClosingQuote() throws {
        let error = try #require(firstError("\"abc\"def,x\n"))
        #expect(error.reason == .textAfterClosingQuote)
        #expect(error.field == 1)
        #expect(outcomes(Array("\"a\"b,c\nd\n".utf8)) == [.error(line: 1, field: 1), .record(line: 2, fields: ["d"])])
    }

    @Test func dataAndUnsafeBufferReadersAgree() throws {
        let text = "a,\"b\nc\"\r\nd,e"
        let expected = try read(text).get()
        var fromData = CSVReader(data: Data(text.utf8))
        var dataRecords: [CSVRecord] = []
        while let record = try fromData.next() { dataRecords.append(record) }
        #expect(dataRecords == expected)

        let bytes = Array(text.utf8)
        let bufferRecords = try bytes.withUnsafeBytes { buffer in
            var reader = UnsafeCSVReader(buffer)
            var records: [CSVRecord] = []
            while let record = try reader.next() { records.append(record) }
            return records
        }
        #expect(bufferRecords == expected)
    }

    @Test func lineErrorUsesTheColumnName() throws {
        let error = try #require(firstError("a,b\"\n"))
        let header = CSVRecord(line: 1, fields: [" email ", "points"])
        #expect(error.lineError(header: header) == LineError(line: 1, field: "points", message: error.message))
        #expect(error.lineError().field == "field 2")
    }
}

@Suite("CSVWriter")
struct CSVWriterTests {
    @Test func quotesOnlyWhenNeededAndEndsRowsWithCRLF() {
        #expect(CSVWriter.row(["a", "b c", ""]) == "a,b c,\r\n")
        #expect(CSVWriter.row(["x,y", "say \"hi\"", "l1\nl2", "cr\r"]) == "\"x,y\",\"say \"\"hi\"\"\",\"l1\nl2\",\"cr\r\"\r\n")
    }

    @Test(arguments: ["=SUM(A1:A9)", "+1 555 0100", "-2+3", "@cmd", "\tx", "\rx"])
    func formulaGuardPrefixesDangerousText(_ value: String) throws {
        let written = CSVWriter.row([value])
        let read = try CSVReader.readAll(Array(written.utf8))
        #expect(read.map(\.fields) == [["'" + value]])
    }

    @Test func formulaGuardLeavesOrdinaryTextAlone() {
        #expect(CSVWriter.row(["a=b", "x-1", "mail@example.com", "'quoted"]) == "a=b,x-1,mail@example.com,'quoted\r\n")
    }

    @Test func numbersSkipTheGuardButOnlyWhenTheyAreNumbers() {
        #expect(CSVWriter.row([.number("-12"), .number("-0.50"), .number("7"), .text("-12")]) == "-12,-0.50,7,'-12\r\n")
        #expect(CSVWriter.row([.number("=1+1"), .number("-"), .number("-1.")]) == "'=1+1,'-,'-1.\r\n")
    }

    @Test func removingFormulaGuardUndoesIt() {
        for value in ["=SUM(A1)", "+1 555", "-3", "@x", "plain", "'kept", "", "'=x", "''+1", "'"] {
            #expect(CSVWriter.removingFormulaGuard(CSVWriter.guardingFormula(value)) == value)
        }
        #expect(CSVWriter.removingFormulaGuard("'abc") == "'abc")
        // A value's own leading apostrophe before a formula character is kept apart from ours.
        #expect(CSVWriter.row(["'=x"]) == "''=x\r\n")
    }

    @Test func aLoneEmptyFieldSurvivesAsARow() throws {
        let text = CSVWriter.row(["a"]) + CSVWriter.row([""]) + CSVWriter.row(["b"])
        #expect(try CSVReader.readAll(Array(text.utf8)).map(\.fields) == [["a"], [""], ["b"]])
    }

    @Test func appendingToStringAndDataMatchesRow() {
        let rows: [[CSVCell]] = [[.text("id"), .text("total")], [.text("a,\"b\""), .number("-1.5")]]
        var text = ""
        var data = Data()
        for row in rows {
            CSVWriter.append(row, to: &text)
            CSVWriter.append(row, to: &data)
        }
        #expect(text == rows.map(CSVWriter.row).joined())
        #expect(data == Data(text.utf8))
        var plain = Data()
        CSVWriter.append(["x", "y"], to: &plain)
        #expect(plain == Data("x,y\r\n".utf8))
    }

    @Test func roundTripsAwkwardFields() throws {
        let rows = [["a,b", "\"", "\"\"", "x\ny", "x\r\ny", "\r", ",", " lead", "trail ", "東京", "🎉,\"\n"], [""], ["", ""]]
        let text = rows.map(CSVWriter.row).joined()
        #expect(try CSVReader.readAll(Array(text.utf8)).map(\.fields) == rows.map { $0.map(CSVWriter.guardingFormula) })
    }

    @Test func randomFieldsRoundTrip() throws {
        var random = SeededGenerator(seed: 0x5EED_C5F0)
        let alphabet: [String] = ["a", "Z", "0", " ", ",", "\"", "\n", "\r", "\r\n", "=", "+", "-", "@", "\t", "'", "é", "東", "🎉", "\u{FEFF}"]
        for _ in 0..<500 {
            let rows: [[String]] = (0..<Int(random.next() % 4 + 1)).map { _ in
                (0..<Int(random.next() % 5 + 1)).map { _ in
                    (0..<Int(random.next() % 8)).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] }.joined()
                }
            }
            var text = ""
            for row in rows { CSVWriter.append(row, to: &text) }
            let read = try CSVReader.readAll(Array(text.utf8))
            #expect(read.map(\.fields) == rows.map { $0.map(CSVWriter.guardingFormula) }, "rows: \(rows.debugDescription)")
            #expect(read.map { CSVRecord(line: $0.line, fields: $0.fields.map(CSVWriter.removingFormulaGuard)).fields } == rows)
        }
    }
}
