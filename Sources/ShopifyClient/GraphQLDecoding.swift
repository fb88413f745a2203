import Foundation
import LoyaltyCore

/// A response body that is not what the Admin API sends: bad JSON, a missing field, an impossible value.
/// The message names the JSON path and what to do; it never quotes request headers.
public struct ResponseDecodingError: Error, Hashable, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// What a GraphQL response said.
public enum GraphQLResult<Value: Sendable>: Sendable {
    case data(Value, cost: QueryCost?)
    /// THROTTLED: the query did not run; wait per the bucket and send the same request again.
    case throttled(cost: QueryCost?)
    /// The query ran (or was refused) with errors and no usable data.
    case queryErrors([GraphQLError], cost: QueryCost?)

    public var cost: QueryCost? {
        switch self {
        case .data(_, let cost), .throttled(let cost), .queryErrors(_, let cost): return cost
        }
    }
}

/// Decoding of GraphQL Admin API responses and bulk JSONL lines.
public enum ShopifyGraphQL {
    public static func decodeOrdersPage(_ body: Data) throws(ResponseDecodingError) -> GraphQLResult<Page<ShopifyOrder>> {
        if let fast = FastOrdersPage.parse(body) {
            var orders: [ShopifyOrder] = []
            orders.reserveCapacity(fast.edges.count)
            for (index, edge) in fast.edges.enumerated() {
                var order = try makeOrder(edge.node, path: "data.orders.edges[\(index)].node", bulk: false)
                order.cursor = edge.cursor
                orders.append(order)
            }
            let cost = fast.cost?.queryCost
            return .data(Page(items: orders, hasNextPage: fast.hasNextPage, endCursor: fast.endCursor, pageSize: orders.count,
                              cost: cost), cost: cost)
        }
        return try decodeOrdersPageWithJSONDecoder(body)
    }

    /// The reference path (also used when the fast reader gives up, to explain what is wrong).
    static func decodeOrdersPageWithJSONDecoder(_ body: Data) throws(ResponseDecodingError) -> GraphQLResult<Page<ShopifyOrder>> {
        try decode(body, OrdersData.self, what: "orders") { data, cost throws(ResponseDecodingError) in
            guard let connection = data.orders else {
                throw ResponseDecodingError("the orders response has \"data\" but no \"data.orders\"; "
                    + "the query or API version may be wrong")
            }
            var orders: [ShopifyOrder] = []
            orders.reserveCapacity(connection.edges.count)
            for (index, edge) in connection.edges.enumerated() {
                var order = try makeOrder(edge.node, path: "data.orders.edges[\(index)].node", bulk: false)
                order.cursor = edge.cursor
                orders.append(order)
            }
            return Page(items: orders, hasNextPage: connection.pageInfo.hasNextPage,
                        endCursor: connection.pageInfo.endCursor, pageSize: orders.count, cost: cost)
        }
    }

    public static func decodeCustomersPage(_ body: Data) throws(ResponseDecodingError) -> GraphQLResult<Page<ShopifyCustomer>> {
        try decode(body, CustomersData.self, what: "customers") { data, cost throws(ResponseDecodingError) in
            guard let connection = data.customers else {
                throw ResponseDecodingError("the customers response has \"data\" but no \"data.customers\"; "
                    + "the query or API version may be wrong")
            }
            var customers: [ShopifyCustomer] = []
            customers.reserveCapacity(connection.edges.count)
            for (index, edge) in connection.edges.enumerated() {
                var customer = try makeCustomer(edge.node, path: "data.customers.edges[\(index)].node")
                customer.cursor = edge.cursor
                customers.append(customer)
            }
            return Page(items: customers, hasNextPage: connection.pageInfo.hasNextPage,
                        endCursor: connection.pageInfo.endCursor, pageSize: customers.count, cost: cost)
        }
    }

    /// `bulkOperationRunQuery` → the new operation; userErrors (e.g. one already running) become `.queryErrors`.
    public static func decodeBulkRun(_ body: Data) throws(ResponseDecodingError) -> GraphQLResult<BulkOperation> {
        let result = try decode(body, BulkRunData.self, what: "bulk operation") { data, cost throws(ResponseDecodingError) -> Result<BulkOperation, BulkUserErrors> in
            guard let run = data.bulkOperationRunQuery else {
                throw ResponseDecodingError("the bulk response has no \"data.bulkOperationRunQuery\"")
            }
            if let errors = run.userErrors, !errors.isEmpty {
                return .failure(BulkUserErrors(errors: errors.map {
                    GraphQLError(message: $0.message ?? "unknown error", code: "USER_ERROR", path: $0.field ?? [])
                }))
            }
            guard let operation = run.bulkOperation else {
                throw ResponseDecodingError("the bulk response has neither a bulkOperation nor userErrors")
            }
            return .success(try makeBulk(operation))
        }
        switch result {
        case .data(.success(let operation), let cost): return .data(operation, cost: cost)
        case .data(.failure(let userErrors), let cost): return .queryErrors(userErrors.errors, cost: cost)
        case .throttled(let cost): return .throttled(cost: cost)
        case .queryErrors(let errors, let cost): return .queryErrors(errors, cost: cost)
        }
    }

    /// `node(id:)` or `currentBulkOperation` → the operation (nil when there is none).
    public static func decodeBulkStatus(_ body: Data) throws(ResponseDecodingError) -> GraphQLResult<BulkOperation?> {
        try decode(body, BulkStatusData.self, what: "bulk status") { data, _ throws(ResponseDecodingError) in
            guard let wire = data.node ?? data.currentBulkOperation else { return nil }
            return try makeBulk(wire)
        }
    }

    struct BulkUserErrors: Error { let errors: [GraphQLError] }

    // MARK: Envelope

    static func decode<Wire: Decodable, Value: Sendable>(
        _ body: Data, _ type: Wire.Type, what: String,
        _ convert: (Wire, QueryCost?) throws(ResponseDecodingError) -> Value
    ) throws(ResponseDecodingError) -> GraphQLResult<Value> {
        let envelope: Envelope<Wire>
        do {
            envelope = try JSONDecoder().decode(Envelope<Wire>.self, from: body)
        } catch {
            throw describe(error, body: body, what: what)
        }
        let cost = envelope.extensions?.cost?.queryCost
        let errors = envelope.errors?.errors ?? []
        if errors.contains(where: { $0.code == "THROTTLED" }) { return .throttled(cost: cost) }
        if !errors.isEmpty { return .queryErrors(errors, cost: cost) }
        guard let data = envelope.data else {
            throw ResponseDecodingError("the \(what) response has neither \"data\" nor \"errors\"; it is not a GraphQL "
                + "response (check the shop URL and that the path is /admin/api/{version}/graphql.json)")
        }
        return .data(try convert(data, cost), cost: cost)
    }

    static func describe(_ error: any Error, body: Data, what: String) -> ResponseDecodingError {
        let advice = "; the call is retried, and if it keeps happening check the shop URL and API version"
        guard let decoding = error as? DecodingError else {
            return ResponseDecodingError("the \(what) response could not be read (\(error))" + advice)
        }
        func path(_ context: DecodingError.Context) -> String {
            let parts = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? "." + $0.stringValue }
            let joined = parts.joined()
            return joined.hasPrefix(".") ? String(joined.dropFirst()) : joined
        }
        switch decoding {
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            let start = String(decoding: body.prefix(40), as: UTF8.self)
            return ResponseDecodingError("the \(what) response is not valid JSON (\(body.count) bytes starting "
                + "\(start.debugDescription))" + advice)
        case .dataCorrupted(let context):
            return ResponseDecodingError("the \(what) response has an invalid value at \(path(context)): "
                + context.debugDescription + advice)
        case .keyNotFound(let key, let context):
            let at = path(context)
            return ResponseDecodingError("the \(what) response lacks \"\(key.stringValue)\""
                + (at.isEmpty ? " at the top level" : " in \(at)") + advice)
        case .typeMismatch(let type, let context):
            return ResponseDecodingError("the \(what) response has the wrong type at \(path(context)) (expected "
                + "\(type))" + advice)
        case .valueNotFound(let type, let context):
            return ResponseDecodingError("the \(what) response has null at \(path(context)) where \(type) is required" + advice)
        @unknown default:
            return ResponseDecodingError("the \(what) response could not be read (\(decoding))" + advice)
        }
    }

    // MARK: Node conversion

    static func makeOrder(_ w: WireOrder, path pathText: @autoclosure () -> String, bulk: Bool) throws(ResponseDecodingError) -> ShopifyOrder {
        var path: String { pathText() }  // built only when an error names it
        guard let gid = ShopifyGID(w.id) else {
            throw ResponseDecodingError("\(path).id \(w.id.debugDescription) is not an order id (gid://shopify/Order/<number>)")
        }
        if let legacy = w.legacyResourceId, parseID(legacy.utf8) != gid.id {
            throw ResponseDecodingError("\(path).legacyResourceId \(legacy.debugDescription) does not match id \(w.id)")
        }
        let createdAt = try time(w.createdAt, "\(path).createdAt", required: true)!
        let updatedAt = try time(w.updatedAt, "\(path).updatedAt", required: true)!
        let processedAt = try time(w.processedAt, "\(path).processedAt", required: false) ?? createdAt
        let cancelledAt = try time(w.cancelledAt, "\(path).cancelledAt", required: false)
        guard let totalSet = w.totalPriceSet ?? w.currentTotalPriceSet else {
            throw ResponseDecodingError("\(path).totalPriceSet is missing; every order needs its total")
        }
        let total = try money(totalSet, "\(path).totalPriceSet")
        let subtotalSet = w.subtotalPriceSet ?? w.currentSubtotalPriceSet
        let subtotal = try subtotalSet.map { set throws(ResponseDecodingError) in try money(set, "\(path).subtotalPriceSet") }

        var customer: ShopifyOrderCustomer?
        if let c = w.customer {
            guard let cid = ShopifyGID(c.id) else {
                throw ResponseDecodingError("\(path).customer.id \(c.id.debugDescription) is not a customer id")
            }
            customer = ShopifyOrderCustomer(id: cid.id, email: c.email, firstName: c.firstName, lastName: c.lastName, phone: c.phone)
        }
        var refunds: [ShopifyRefund] = []
        if let wireRefunds = w.refunds {
            refunds.reserveCapacity(wireRefunds.count)
            for (index, r) in wireRefunds.enumerated() {
                var at: String { "\(path).refunds[\(index)]" }
                guard let rid = ShopifyGID(r.id) else {
                    throw ResponseDecodingError("\(at).id \(r.id.debugDescription) is not a refund id")
                }
                let created = try time(r.createdAt, "\(at).createdAt", required: true)!
                let totalRefunded = try r.totalRefundedSet.map { set throws(ResponseDecodingError) in try money(set, "\(at).totalRefundedSet") }
                var lines: [DecimalAmount] = []
                if let items = r.refundLineItems {
                    let nodes = items.nodes ?? items.edges?.map(\.node) ?? []
                    lines.reserveCapacity(nodes.count)
                    for (k, line) in nodes.enumerated() {
                        lines.append(try money(line.subtotalSet, "\(at).refundLineItems.nodes[\(k)].subtotalSet"))
                    }
                } else if !bulk {
                    throw ResponseDecodingError("\(at).refundLineItems is missing; without the refunded line subtotals "
                        + "the points to take back are unknown")
                }
                refunds.append(ShopifyRefund(id: rid.id, createdAt: created, totalRefunded: totalRefunded, lineSubtotals: lines))
            }
        }
        return ShopifyOrder(id: gid.id, name: w.name, createdAt: createdAt, updatedAt: updatedAt, processedAt: processedAt,
                            cancelledAt: cancelledAt, financialStatus: w.displayFinancialStatus, currency: w.currencyCode,
                            subtotal: subtotal, total: total, discountCodes: w.discountCodes ?? [], customer: customer,
                            refunds: refunds, email: w.email)
    }

    static func makeCustomer(_ w: WireCustomer, path pathText: @autoclosure () -> String) throws(ResponseDecodingError) -> ShopifyCustomer {
        var path: String { pathText() }
        guard let gid = ShopifyGID(w.id) else {
            throw ResponseDecodingError("\(path).id \(w.id.debugDescription) is not a customer id (gid://shopify/Customer/<number>)")
        }
        let createdAt = try time(w.createdAt, "\(path).createdAt", required: true)!
        let updatedAt = try time(w.updatedAt, "\(path).updatedAt", required: true)!
        var orders: Int64?
        if let count = w.numberOfOrders {
            guard let value = parseID(count.text.utf8) else {
                throw ResponseDecodingError("\(path).numberOfOrders \(count.text.debugDescription) is not a whole number")
            }
            orders = value
        }
        return ShopifyCustomer(id: gid.id, email: w.email, firstName: w.firstName, lastName: w.lastName, phone: w.phone,
                               createdAt: createdAt, updatedAt: updatedAt, numberOfOrders: orders)
    }

    static func makeBulk(_ w: WireBulkOperation) throws(ResponseDecodingError) -> BulkOperation {
        func count(_ value: FlexibleNumber?, _ field: String) throws(ResponseDecodingError) -> Int64? {
            guard let value else { return nil }
            guard let number = parseID(value.text.utf8) else {
                throw ResponseDecodingError("bulk operation \(field) \(value.text.debugDescription) is not a whole number")
            }
            return number
        }
        let statusText = w.status ?? "UNKNOWN"
        return BulkOperation(id: w.id, status: BulkOperationStatus(rawValue: statusText) ?? .unknown, statusText: statusText,
                             errorCode: w.errorCode, objectCount: try count(w.objectCount, "objectCount"),
                             fileSize: try count(w.fileSize, "fileSize"), url: w.url, partialDataUrl: w.partialDataUrl)
    }

    static func money(_ set: WireMoneySet, _ path: @autoclosure () -> String) throws(ResponseDecodingError) -> DecimalAmount {
        switch DecimalAmount.parse(set.shopMoney.amount) {
        case .success(let amount): return amount
        case .failure(let problem):
            throw ResponseDecodingError("\(path()).shopMoney.amount \(set.shopMoney.amount.debugDescription) is not an amount (\(problem))")
        }
    }

    static func time(_ text: String?, _ path: @autoclosure () -> String, required: Bool) throws(ResponseDecodingError) -> UnixTime? {
        guard let text else {
            if required { throw ResponseDecodingError("\(path()) is missing") }
            return nil
        }
        guard let value = fastTime(text) ?? Timestamp.parse(text) else {
            throw ResponseDecodingError("\(path()) \(text.debugDescription) is not an ISO-8601 timestamp")
        }
        return value
    }

    /// `YYYY-MM-DDTHH:MM:SSZ` without allocating; anything else goes to `Timestamp.parse`.
    static func fastTime(_ text: String) -> UnixTime? {
        var text = text
        return text.withUTF8 { b -> UnixTime? in
            guard b.count == 20, b[4] == 45, b[7] == 45, b[10] == 84, b[13] == 58, b[16] == 58, b[19] == 90 else { return nil }
            func num(_ from: Int, _ count: Int) -> Int? {
                var value = 0
                for i in from..<(from + count) {
                    let d = b[i] &- 48
                    guard d < 10 else { return nil }
                    value = value * 10 + Int(d)
                }
                return value
            }
            guard let y = num(0, 4), let mo = num(5, 2), let d = num(8, 2), let h = num(11, 2), let mi = num(14, 2),
                  let s = num(17, 2), (1...12).contains(mo), d >= 1, d <= 31, h < 24, mi < 60, s < 61 else { return nil }
            if d > 28 { return nil }  // let the full parser check month lengths
            return Timestamp.make(year: y, month: mo, day: d, hour: h, minute: mi, second: s)
        }
    }
}

// MARK: - Wire shapes (field names as Shopify sends them)

struct Envelope<D: Decodable>: Decodable {
    let data: D?
    let errors: WireErrors?
    let extensions: WireExtensions?
}

struct WireExtensions: Decodable {
    let cost: WireCost?
}

struct WireCost: Decodable {
    let requestedQueryCost: Double?
    let actualQueryCost: Double?
    let throttleStatus: WireThrottle?

    struct WireThrottle: Decodable {
        let maximumAvailable: Double
        let currentlyAvailable: Double
        let restoreRate: Double
    }

    var queryCost: QueryCost {
        QueryCost(requested: requestedQueryCost, actual: actualQueryCost, throttleStatus: throttleStatus.map {
            ThrottleStatus(maximumAvailable: $0.maximumAvailable, currentlyAvailable: $0.currentlyAvailable, restoreRate: $0.restoreRate)
        })
    }
}

/// `errors`: a GraphQL list of objects, or (REST style) a string or an object of lists.
struct WireErrors: Decodable {
    let errors: [GraphQLError]

    private struct Item: Decodable {
        let message: String?
        let extensions: Extensions?
        let path: [PathPart]?
        struct Extensions: Decodable { let code: String? }
    }

    private struct PathPart: Decodable {
        let text: String
        init(from decoder: any Decoder) throws {
            let single = try decoder.singleValueContainer()
            if let int = try? single.decode(Int.self) { text = String(int) } else { text = try single.decode(String.self) }
        }
    }

    init(from decoder: any Decoder) throws {
        let single = try decoder.singleValueContainer()
        if let items = try? single.decode([Item].self) {
            errors = items.map { GraphQLError(message: $0.message ?? "unknown error", code: $0.extensions?.code, path: $0.path?.map(\.text) ?? []) }
        } else if let text = try? single.decode(String.self) {
            errors = [GraphQLError(message: text)]
        } else if let object = try? single.decode([String: [String]].self) {
            errors = object.keys.sorted().map { GraphQLError(message: object[$0]!.joined(separator: "; "), path: [$0]) }
        } else {
            errors = [GraphQLError(message: "unreadable errors field")]
        }
    }
}

struct WireConnection<Node: Decodable>: Decodable {
    let edges: [Edge]
    let pageInfo: PageInfo

    struct Edge: Decodable {
        let cursor: String?
        let node: Node
    }

    struct PageInfo: Decodable {
        let hasNextPage: Bool
        let endCursor: String?
    }
}

struct OrdersData: Decodable { let orders: WireConnection<WireOrder>? }
struct CustomersData: Decodable { let customers: WireConnection<WireCustomer>? }

struct WireMoneySet: Decodable {
    let shopMoney: Money
    struct Money: Decodable {
        let amount: String
        let currencyCode: String?
    }
}

struct WireOrder: Decodable {
    let id: String
    let legacyResourceId: String?
    let name: String?
    /// The order's own email (a guest checkout has one and no customer).
    var email: String? = nil
    let createdAt: String?
    let updatedAt: String?
    let processedAt: String?
    let cancelledAt: String?
    let displayFinancialStatus: String?
    let currencyCode: String?
    let totalPriceSet: WireMoneySet?
    let subtotalPriceSet: WireMoneySet?
    let currentTotalPriceSet: WireMoneySet?
    let currentSubtotalPriceSet: WireMoneySet?
    let discountCodes: [String]?
    let customer: WireOrderCustomer?
    let refunds: [WireRefund]?
}

struct WireOrderCustomer: Decodable {
    let id: String
    let email: String?
    let firstName: String?
    let lastName: String?
    let phone: String?
}

struct WireRefund: Decodable {
    let id: String
    let createdAt: String?
    let totalRefundedSet: WireMoneySet?
    let refundLineItems: WireNodes<WireRefundLine>?
}

struct WireNodes<Node: Decodable>: Decodable {
    let nodes: [Node]?
    let edges: [Edge]?
    struct Edge: Decodable { let node: Node }
}

struct WireRefundLine: Decodable {
    let subtotalSet: WireMoneySet
}

struct WireCustomer: Decodable {
    let id: String
    let email: String?
    let firstName: String?
    let lastName: String?
    let phone: String?
    let createdAt: String?
    let updatedAt: String?
    let numberOfOrders: FlexibleNumber?
}

/// A count Shopify sends as text ("3", UnsignedInt64) or as a JSON integer.
struct FlexibleNumber: Decodable {
    let text: String
    init(from decoder: any Decoder) throws {
        let single = try decoder.singleValueContainer()
        if let string = try? single.decode(String.self) { text = string } else { text = String(try single.decode(Int64.self)) }
    }
}

struct BulkRunData: Decodable {
    let bulkOperationRunQuery: Run?
    struct Run: Decodable {
        let bulkOperation: WireBulkOperation?
        let userErrors: [UserError]?
    }
    struct UserError: Decodable {
        let field: [String]?
        let message: String?
    }
}

struct BulkStatusData: Decodable {
    let node: WireBulkOperation?
    let currentBulkOperation: WireBulkOperation?
}

struct WireBulkOperation: Decodable {
    let id: String
    let status: String?
    let errorCode: String?
    let objectCount: FlexibleNumber?
    let fileSize: FlexibleNumber?
    let url: String?
    let partialDataUrl: String?
}
