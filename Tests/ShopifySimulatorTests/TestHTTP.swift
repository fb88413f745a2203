import Synchronization
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
@testable import ShopifySimulator

/// A small HTTP helper over URLSession for the loopback server tests.
struct HTTPResult {
    var status: Int
    var headers: [String: String]
    var body: Data

    func header(_ name: String) -> String? {
        headers.first { $0.key.caseInsensitiveCompare(name) == .orderedSame }?.value
    }

    var json: [String: Any] { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:] }
    var text: String { String(decoding: body, as: UTF8.self) }
}

enum TestHTTP {
    static let session: URLSession = {
        let config = URLSessionConfiguration.ephemeral
        config.timeoutIntervalForRequest = 10
        config.urlCache = nil
        return URLSession(configuration: config)
    }()

    static func request(_ url: String, method: String = "GET", headers: [String: String] = [:], body: Data? = nil,
                        timeout: Double = 10) async throws -> HTTPResult {
        guard let u = URL(string: url) else { throw SimulatorError("bad url \(url)") }
        var request = URLRequest(url: u)
        request.httpMethod = method
        request.timeoutInterval = timeout
        for (k, v) in headers { request.setValue(v, forHTTPHeaderField: k) }
        request.httpBody = body
        let (data, response) = try await session.data(for: request)
        let http = response as? HTTPURLResponse
        var h: [String: String] = [:]
        for (k, v) in http?.allHeaderFields ?? [:] { h["\(k)"] = "\(v)" }
        return HTTPResult(status: http?.statusCode ?? 0, headers: h, body: data)
    }

    static func admin(_ sim: ShopifySimulator, _ path: String, token: String? = nil, version: String = "2026-07",
                      timeout: Double = 10) async throws -> HTTPResult {
        try await request("\(sim.baseURL)/admin/api/\(version)/\(path)",
                          headers: ["X-Shopify-Access-Token": token ?? sim.accessToken], timeout: timeout)
    }

    static func graphQL(_ sim: ShopifySimulator, _ query: String, _ variables: [String: Any] = [:],
                        token: String? = nil, version: String = "2026-07", timeout: Double = 10) async throws -> HTTPResult {
        let body = try JSONSerialization.data(withJSONObject: ["query": query, "variables": variables])
        return try await request("\(sim.baseURL)/admin/api/\(version)/graphql.json", method: "POST",
                                 headers: ["X-Shopify-Access-Token": token ?? sim.accessToken,
                                           "Content-Type": "application/json"],
                                 body: body, timeout: timeout)
    }

    static let ordersQuery = """
        query Orders($first: Int!, $after: String, $query: String) {
          orders(first: $first, after: $after, sortKey: UPDATED_AT, query: $query) {
            edges { cursor node { id legacyResourceId name updatedAt } }
            pageInfo { hasNextPage endCursor }
          }
        }
        """

    static let customersQuery = """
        query Customers($first: Int!, $after: String) {
          customers(first: $first, after: $after, sortKey: UPDATED_AT) { edges { cursor node { id } } pageInfo { hasNextPage endCursor } }
        }
        """
}

/// Decodes just enough of an orders page with JSONDecoder (ids as String/Int64, never Double).
struct OrdersPage: Decodable {
    struct Money: Decodable { var amount: String; var currencyCode: String }
    struct MoneySet: Decodable { var shopMoney: Money }
    struct Customer: Decodable { var id: String; var legacyResourceId: String; var email: String?; var firstName: String?; var lastName: String? }
    struct Refund: Decodable {
        struct Lines: Decodable { struct Line: Decodable { var subtotalSet: MoneySet }; var nodes: [Line] }
        var id: String; var legacyResourceId: String; var createdAt: String; var totalRefundedSet: MoneySet
        var refundLineItems: Lines?
    }
    struct Node: Decodable {
        var id: String; var legacyResourceId: String; var name: String; var createdAt: String; var updatedAt: String
        var processedAt: String; var cancelledAt: String?; var displayFinancialStatus: String; var currencyCode: String
        var totalPriceSet: MoneySet; var subtotalPriceSet: MoneySet; var discountCodes: [String]
        var customer: Customer?; var refunds: [Refund]
    }
    struct Edge: Decodable { var cursor: String; var node: Node }
    struct PageInfo: Decodable { var hasNextPage: Bool; var endCursor: String? }
    struct Connection: Decodable { var edges: [Edge]; var pageInfo: PageInfo }
    struct DataField: Decodable { var orders: Connection }
    struct Status: Decodable { var maximumAvailable: Double; var currentlyAvailable: Double; var restoreRate: Double }
    struct Cost: Decodable { var requestedQueryCost: Int; var actualQueryCost: Int?; var throttleStatus: Status }
    struct Extensions: Decodable { var cost: Cost }
    var data: DataField
    var extensions: Extensions
}

let fullOrdersQuery = """
    query Orders($first: Int!, $after: String, $query: String) {
      orders(first: $first, after: $after, sortKey: UPDATED_AT, query: $query) {
        edges { cursor node { id legacyResourceId name createdAt updatedAt processedAt cancelledAt displayFinancialStatus
          currencyCode totalPriceSet { shopMoney { amount currencyCode } } subtotalPriceSet { shopMoney { amount currencyCode } }
          discountCodes customer { id legacyResourceId email firstName lastName phone }
          refunds { id legacyResourceId createdAt totalRefundedSet { shopMoney { amount currencyCode } }
            refundLineItems(first: 100) { nodes { subtotalSet { shopMoney { amount currencyCode } } } } } } }
        pageInfo { hasNextPage endCursor }
      }
    }
    """

/// Starts a simulator on a free port for the body of a test and always stops it.
func withSimulator<T>(_ options: SimulatorOptions, _ body: (ShopifySimulator) async throws -> T) async throws -> T {
    let sim = ShopifySimulator(options: options)
    try await sim.start()
    do {
        let result = try await body(sim)
        await sim.stop()
        return result
    } catch {
        await sim.stop()
        throw error
    }
}

/// A clock the test moves by hand.
final class ManualClock: Sendable {
    private let seconds = Mutex<Double>(0)
    var clock: MonotonicClock { MonotonicClock { [self] in seconds.withLock { $0 } } }
    func advance(_ s: Double) { seconds.withLock { $0 += s } }
}

