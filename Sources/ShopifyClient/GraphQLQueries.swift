import Foundation
import LoyaltyCore

/// The GraphQL documents LoyalNest sends, and their variables. The simulator reads arguments from `variables` only,
/// so every argument that changes is a variable.
public enum GraphQLQueries {
    /// The order fields LoyalNest reads (the contract's node shape).
    static let orderFields = """
    id legacyResourceId name email createdAt updatedAt processedAt cancelledAt displayFinancialStatus currencyCode
    totalPriceSet { shopMoney { amount currencyCode } }
    subtotalPriceSet { shopMoney { amount currencyCode } }
    discountCodes
    customer { id legacyResourceId email firstName lastName phone }
    refunds { id legacyResourceId createdAt totalRefundedSet { shopMoney { amount currencyCode } }
              refundLineItems(first: 100) { nodes { subtotalSet { shopMoney { amount currencyCode } } } } }
    """

    public static let orders = """
    query LoyalNestOrders($first: Int!, $after: String, $query: String) {
      orders(first: $first, after: $after, sortKey: UPDATED_AT, query: $query) {
        edges { cursor node {
    \(orderFields)
        } }
        pageInfo { hasNextPage endCursor }
      }
    }
    """

    public static let customers = """
    query LoyalNestCustomers($first: Int!, $after: String, $query: String) {
      customers(first: $first, after: $after, sortKey: UPDATED_AT, query: $query) {
        edges { cursor node {
          id legacyResourceId email firstName lastName phone createdAt updatedAt numberOfOrders
        } }
        pageInfo { hasNextPage endCursor }
      }
    }
    """

    /// The inner query of a bulk export: the same order node, as a connection Shopify flattens into JSONL.
    public static let bulkOrdersInner = """
    {
      orders(sortKey: UPDATED_AT) {
        edges { node {
    \(orderFields)
        } }
      }
    }
    """

    public static let bulkRun = """
    mutation LoyalNestBulkOrders($query: String!) {
      bulkOperationRunQuery(query: $query) {
        bulkOperation { id status createdAt }
        userErrors { field message }
      }
    }
    """

    public static let bulkNode = """
    query LoyalNestBulkStatus($id: ID!) {
      node(id: $id) {
        ... on BulkOperation { id status errorCode createdAt completedAt objectCount fileSize url partialDataUrl }
      }
    }
    """

    /// `updated_at:>='A' AND updated_at:<'B'`; nil when neither bound is given.
    public static func updatedAtSearch(min: UnixTime?, max: UnixTime?) -> String? {
        var terms: [String] = []
        if let min { terms.append("updated_at:>='\(Timestamp.iso8601(min))'") }
        if let max { terms.append("updated_at:<'\(Timestamp.iso8601(max))'") }
        return terms.isEmpty ? nil : terms.joined(separator: " AND ")
    }

    /// The JSON request body `{"query": ..., "variables": {...}}`.
    public static func body(query: String, variables: [String: JSONValue]) -> Data {
        var out = "{\"query\":"
        out += JSONValue.string(query).serialized
        out += ",\"variables\":"
        out += JSONValue.object(variables).serialized
        out += "}"
        return Data(out.utf8)
    }

    public static func pageVariables(first: Int, after: String?, search: String?) -> [String: JSONValue] {
        ["first": .int(Int64(first)), "after": after.map(JSONValue.string) ?? .null, "query": search.map(JSONValue.string) ?? .null]
    }
}

/// A small JSON value for request bodies (keys are written sorted, so bodies are reproducible).
public enum JSONValue: Hashable, Sendable {
    case null
    case bool(Bool)
    case int(Int64)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public var serialized: String {
        switch self {
        case .null: return "null"
        case .bool(let value): return value ? "true" : "false"
        case .int(let value): return String(value)
        case .string(let text): return Self.quote(text)
        case .array(let items): return "[" + items.map(\.serialized).joined(separator: ",") + "]"
        case .object(let fields):
            return "{" + fields.keys.sorted().map { Self.quote($0) + ":" + fields[$0]!.serialized }.joined(separator: ",") + "}"
        }
    }

    static func quote(_ text: String) -> String {
        var out = "\""
        out.reserveCapacity(text.utf8.count + 2)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
