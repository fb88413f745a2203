import Foundation
import LoyaltyCore
import Testing
@testable import ShopifyClient

@Suite struct BulkStreamTests {
    /// Feeds `text` to a splitter + assembler in chunks of `chunk` bytes.
    static func assemble(_ text: String, chunk: Int, batchSize: Int = 250) throws -> (orders: [ShopifyOrder], batches: [Int], summary: BulkStreamSummary) {
        var splitter = JSONLineSplitter()
        var assembler = BulkOrderAssembler(batchSize: batchSize)
        var orders: [ShopifyOrder] = []
        var batches: [Int] = []
        let sink: ([ShopifyOrder]) throws -> Void = { batch in
            orders += batch
            batches.append(batch.count)
        }
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let end = min(bytes.count, offset + chunk)
            try bytes[offset..<end].withUnsafeBytes { raw in
                try splitter.feed(raw) { line, number in try assembler.take(line: line, number: number, onOrders: sink) }
            }
            offset = end
        }
        try splitter.finish { line, number in try assembler.take(line: line, number: number, onOrders: sink) }
        try assembler.finish(onOrders: sink)
        return (orders, batches, assembler.summary)
    }

    @Test func splitterHandlesEveryChunkBoundary() throws {
        let text = "{\"a\":1}\r\n\n  {\"b\":22}\n{\"c\":333}"
        for chunk in 1...text.utf8.count {
            var splitter = JSONLineSplitter()
            var lines: [String] = []
            var numbers: [Int] = []
            let bytes = Array(text.utf8)
            var offset = 0
            while offset < bytes.count {
                let end = min(bytes.count, offset + chunk)
                bytes[offset..<end].withUnsafeBytes { raw in
                    splitter.feed(raw) { line, n in lines.append(String(decoding: line, as: UTF8.self)); numbers.append(n) }
                }
                offset = end
            }
            splitter.finish { line, n in lines.append(String(decoding: line, as: UTF8.self)); numbers.append(n) }
            #expect(lines == ["{\"a\":1}", "{\"b\":22}", "{\"c\":333}"], "chunk \(chunk)")
            #expect(numbers == [1, 3, 4])
        }
    }

    @Test func airbyteFixtureOrderLineIsIncompleteAndSaysSo() throws {
        let text = String(decoding: try Fixture.data("graphql/bulk_result__airbyte.jsonl"), as: UTF8.self)
        do {
            _ = try Self.assemble(text, chunk: 64)
            Issue.record("expected a BulkStreamError")
        } catch let error as BulkStreamError {
            #expect(error.line == 1)
            #expect(error.description.contains("createdAt is missing"))
        }
    }

    @Test func childrenOfOtherTypesAreSkipped() throws {
        // The fixture's Metafield child after a complete order (same order id).
        let fixture = String(decoding: try Fixture.data("graphql/bulk_result__airbyte.jsonl"), as: UTF8.self)
        let metafield = try #require(fixture.split(separator: "\n").last)
        let order = Generated.orderNode(id: 4_919_375_659_197, refunds: [])
        let (orders, _, summary) = try Self.assemble(order + "\n" + metafield + "\n", chunk: 17)
        #expect(orders.map(\.id) == [4_919_375_659_197])
        #expect(summary.ignoredLines == 1)
    }

    @Test func refundLinesAttachToTheirOrder() throws {
        let lines = Generated.bulkLines(orders: 7)
        let (orders, batches, summary) = try Self.assemble(lines.joined(separator: "\n") + "\n", chunk: 100, batchSize: 3)
        #expect(orders.count == 7)
        #expect(batches == [3, 3, 1])
        #expect(summary.orders == 7)
        #expect(summary.refundLineItems == 6)
        for (index, order) in orders.enumerated() {
            if index % 3 == 0 {
                #expect(order.refunds.count == 1)
                #expect(order.refunds[0].amount == DecimalAmount(digits: 1250, scale: 2))
                #expect(order.refunds[0].totalRefunded == DecimalAmount(digits: 1250, scale: 2))
                #expect(order.incomingOrder.refunds.first?.amount == DecimalAmount(digits: 1250, scale: 2))
            } else {
                #expect(order.refunds.isEmpty)
            }
        }
    }

    @Test func orphanRefundLineIsAnError() {
        let lines = Generated.bulkLines(orders: 2)  // order 0 with refund lines, then order 1
        let reordered = [lines[0], lines[3], lines[1]]  // a refund line after the next order
        #expect { try Self.assemble(reordered.joined(separator: "\n"), chunk: 1000) } throws: { error in
            (error as? BulkStreamError)?.line == 3
        }
    }

    /// A generated ~17 MB result streamed over real HTTP through the client, in batches, never as a whole.
    @Test func largeGeneratedFileStreamsOverHTTP() throws {
        let count = 30_000
        var file = Data()
        for line in Generated.bulkLines(orders: count) { file.append(contentsOf: line.utf8); file.append(0x0A) }
        let body = file
        let server = try LoopbackServer { request in
            request.headers["x-shopify-access-token"] != nil ? .respond(status: 400) : .respond(status: 200, body: body)
        }
        defer { server.stop() }
        let records = RecordSink()
        let client = try AdminAPIClient(config: AdminAPIConfig(shopDomain: "d.myshopify.com", credentials: .accessToken("shpat_x"),
                                                               baseURL: server.baseURL), observer: records.observer)
        var total = 0
        var largestBatch = 0
        var refunded = 0
        let summary = try client.streamBulkResult(url: server.baseURL + "/bulk/1.jsonl", batchSize: 500) { batch in
            total += batch.count
            largestBatch = max(largestBatch, batch.count)
            refunded += batch.reduce(0) { $0 + $1.refunds.count }
        }
        #expect(total == count)
        #expect(summary.orders == count)
        #expect(refunded == count / 3)
        #expect(largestBatch == 500)
        #expect(records.all.count == 1)
        #expect(records.all[0].endpoint == "bulk download")
        #expect(records.all[0].status == 200)
        #expect(records.all[0].bytes >= file.count)
    }
}
