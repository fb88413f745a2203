import Foundation
import Synchronization
@testable import ShopifyClient

enum Fixture {
    static func data(_ relative: String) throws -> Data {
        let root = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!
        return try Data(contentsOf: root.appendingPathComponent(relative))
    }
}

/// An HTTPTransport answering from a closure; records every request.
final class ScriptedTransport: HTTPTransport {
    typealias Answer = Result<HTTPResponse, TransportError>
    private let answer: (HTTPRequest, Int) -> Answer
    private(set) var requests: [HTTPRequest] = []

    init(_ answer: @escaping (HTTPRequest, Int) -> Answer) { self.answer = answer }

    /// Answers in order; the last one repeats.
    convenience init(sequence: [Answer]) {
        self.init { _, index in sequence[min(index, sequence.count - 1)] }
    }

    func perform(_ request: HTTPRequest) throws(TransportError) -> HTTPResponse {
        requests.append(request)
        return try answer(request, requests.count - 1).get()
    }

    func stream(_ request: HTTPRequest, onChunk: (UnsafeRawBufferPointer) throws -> Void) throws -> HTTPResponse {
        var response = try perform(request)
        if (200..<300).contains(response.status) {
            try response.body.withUnsafeBytes { try onChunk($0) }
            response.body = Data()
        }
        return response
    }

    /// The GraphQL `variables` of request `index`.
    func variables(_ index: Int) -> [String: Any] {
        guard let body = requests[index].body,
              let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any] else { return [:] }
        return object["variables"] as? [String: Any] ?? [:]
    }
}

/// Collects APICallRecords from any thread.
final class RecordSink: Sendable {
    private let records = Mutex<[APICallRecord]>([])
    var all: [APICallRecord] { records.withLock { $0 } }
    var observer: @Sendable (APICallRecord) -> Void { { record in self.records.withLock { $0.append(record) } } }
}

func response(_ status: Int, _ body: String, headers: HTTPHeaders = ["X-Request-Id": "req-1"]) -> ScriptedTransport.Answer {
    .success(HTTPResponse(status: status, headers: headers, body: Data(body.utf8)))
}

/// Synthetic payloads in the contract's node shape.
enum Generated {
    static let bigID: Int64 = 9_007_199_254_740_993  // 2^53 + 1: not representable as a Double

    static func orderNode(id: Int64, updatedAt: String = "2026-03-01T12:00:00Z", customer: Bool = true,
                          refunds: [(id: Int64, lines: [String])] = [], status: String = "PAID",
                          subtotal: String = "100.00", total: String = "112.50") -> String {
        let customerJSON = customer
            ? #"{"id":"gid://shopify/Customer/7100000000001","legacyResourceId":"7100000000001","email":"ann@example.com","firstName":"Ann","lastName":"Lee","phone":"+15550001111"}"#
            : "null"
        let refundsJSON = refunds.map { refund in
            let lines = refund.lines.map { #"{"subtotalSet":{"shopMoney":{"amount":"\#($0)","currencyCode":"USD"}}}"# }
            let sum = refund.lines.compactMap(Double.init).reduce(0, +)
            return #"{"id":"gid://shopify/Refund/\#(refund.id)","legacyResourceId":"\#(refund.id)","createdAt":"2026-03-02T09:30:00Z","totalRefundedSet":{"shopMoney":{"amount":"\#(String(format: "%.2f", sum))","currencyCode":"USD"}},"refundLineItems":{"nodes":[\#(lines.joined(separator: ","))]}}"#
        }
        return ##"{"id":"gid://shopify/Order/\##(id)","legacyResourceId":"\##(id)","name":"#\##(1000 + id % 100000)","createdAt":"2026-03-01T10:00:00Z","updatedAt":"\##(updatedAt)","processedAt":"2026-03-01T10:00:05Z","cancelledAt":null,"displayFinancialStatus":"\##(status)","currencyCode":"USD","totalPriceSet":{"shopMoney":{"amount":"\##(total)","currencyCode":"USD"}},"subtotalPriceSet":{"shopMoney":{"amount":"\##(subtotal)","currencyCode":"USD"}},"discountCodes":["SPRING10"],"customer":\##(customerJSON),"refunds":[\##(refundsJSON.joined(separator: ","))]}"##
    }

    static func cost(requested: Int = 752, actual: Int? = 752, available: Double = 248, maximum: Double = 1000, rate: Double = 50) -> String {
        #"{"cost":{"requestedQueryCost":\#(requested),"actualQueryCost":\#(actual.map(String.init) ?? "null"),"throttleStatus":{"maximumAvailable":\#(maximum),"currentlyAvailable":\#(available),"restoreRate":\#(rate)}}}"#
    }

    static func ordersPage(nodes: [String], hasNext: Bool = true, endCursor: String = "Y3Vyc29y", cost: String = cost()) -> String {
        let edges = nodes.enumerated().map { #"{"cursor":"c\#($0.offset)","node":\#($0.element)}"# }
        return #"{"data":{"orders":{"edges":[\#(edges.joined(separator: ","))],"pageInfo":{"hasNextPage":\#(hasNext),"endCursor":"\#(endCursor)"}}},"extensions":\#(cost)}"#
    }

    static func page(count: Int, firstID: Int64 = 5_100_000_000_001) -> String {
        ordersPage(nodes: (0..<Int64(count)).map { i in
            orderNode(id: firstID + i, customer: i % 5 != 0, refunds: i % 4 == 0 ? [(id: 9_000_000 + i, lines: ["10.00", "2.50"])] : [])
        })
    }

    static let throttled = #"{"errors":[{"message":"Throttled","extensions":{"code":"THROTTLED","documentation":"https://shopify.dev/api/usage/rate-limits"}}],"extensions":{"cost":{"requestedQueryCost":752,"actualQueryCost":null,"throttleStatus":{"maximumAvailable":1000.0,"currentlyAvailable":666,"restoreRate":50.0}}}}"#

    /// A bulk JSONL file: each order line, then its refund line items as child lines.
    static func bulkLines(orders: Int, firstID: Int64 = 5_100_000_000_001) -> [String] {
        var lines: [String] = []
        for i in 0..<Int64(orders) {
            let id = firstID + i
            let hasRefund = i % 3 == 0
            let refund = hasRefund
                ? #"[{"id":"gid://shopify/Refund/\#(id + 1)","legacyResourceId":"\#(id + 1)","createdAt":"2026-03-02T09:30:00Z","totalRefundedSet":{"shopMoney":{"amount":"12.50","currencyCode":"USD"}}}]"#
                : "[]"
            lines.append(##"{"id":"gid://shopify/Order/\##(id)","legacyResourceId":"\##(id)","name":"#\##(i)","createdAt":"2026-03-01T10:00:00Z","updatedAt":"2026-03-01T11:00:00Z","processedAt":"2026-03-01T10:00:00Z","cancelledAt":null,"displayFinancialStatus":"PARTIALLY_REFUNDED","currencyCode":"USD","totalPriceSet":{"shopMoney":{"amount":"50.00","currencyCode":"USD"}},"subtotalPriceSet":{"shopMoney":{"amount":"45.00","currencyCode":"USD"}},"discountCodes":[],"customer":null,"refunds":\##(refund)}"##)
            if hasRefund {
                for amount in ["10.00", "2.50"] {
                    lines.append(#"{"__typename":"RefundLineItem","subtotalSet":{"shopMoney":{"amount":"\#(amount)","currencyCode":"USD"}},"__parentId":"gid://shopify/Refund/\#(id + 1)"}"#)
                }
            }
        }
        return lines
    }
}

func gzip(_ data: Data) throws -> Data {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/gzip")
    process.arguments = ["-c"]
    let input = Pipe(), output = Pipe()
    process.standardInput = input
    process.standardOutput = output
    try process.run()
    input.fileHandleForWriting.write(data)
    try input.fileHandleForWriting.close()
    let compressed = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return compressed
}
