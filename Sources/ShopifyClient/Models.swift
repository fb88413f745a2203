import Foundation
import LoyaltyCore

/// `extensions.cost.throttleStatus`: the shop's GraphQL leaky bucket as Shopify last reported it.
public struct ThrottleStatus: Hashable, Sendable {
    public var maximumAvailable: Double
    public var currentlyAvailable: Double
    public var restoreRate: Double

    public init(maximumAvailable: Double, currentlyAvailable: Double, restoreRate: Double) {
        self.maximumAvailable = maximumAvailable
        self.currentlyAvailable = currentlyAvailable
        self.restoreRate = restoreRate
    }
}

/// `extensions.cost` of one GraphQL response.
public struct QueryCost: Hashable, Sendable {
    public var requested: Double?
    /// nil when the query did not run (THROTTLED).
    public var actual: Double?
    public var throttleStatus: ThrottleStatus?

    public init(requested: Double?, actual: Double?, throttleStatus: ThrottleStatus?) {
        self.requested = requested
        self.actual = actual
        self.throttleStatus = throttleStatus
    }
}

/// One entry of a GraphQL `errors` list.
public struct GraphQLError: Hashable, Sendable, CustomStringConvertible {
    public var message: String
    /// `extensions.code`, e.g. THROTTLED, ACCESS_DENIED, MAX_COST_EXCEEDED.
    public var code: String?
    /// `path`, e.g. ["orders"], numbers written as text.
    public var path: [String]

    public init(message: String, code: String? = nil, path: [String] = []) {
        self.message = message
        self.code = code
        self.path = path
    }

    public var description: String {
        (path.isEmpty ? "" : path.joined(separator: ".") + ": ") + message + (code.map { " (\($0))" } ?? "")
    }
}

/// A Shopify global id such as `gid://shopify/Order/5100000000123`, split into its resource and numeric id.
public struct ShopifyGID: Hashable, Sendable, CustomStringConvertible {
    public var resource: String
    public var id: Int64

    public init(resource: String, id: Int64) {
        self.resource = resource
        self.id = id
    }

    /// Parses `gid://shopify/{Resource}/{digits}` (a trailing `?query` is ignored). The number is read as Int64
    /// digit by digit, never through Double.
    public init?(_ text: String) {
        var utf8 = Substring(text).utf8[...]
        let prefix = "gid://shopify/".utf8
        guard utf8.starts(with: prefix) else { return nil }
        utf8 = utf8.dropFirst(prefix.count)
        if let question = utf8.firstIndex(of: UInt8(ascii: "?")) { utf8 = utf8[..<question] }
        guard let slash = utf8.firstIndex(of: UInt8(ascii: "/")) else { return nil }
        let resource = utf8[..<slash]
        guard !resource.isEmpty, let id = parseID(utf8[utf8.index(after: slash)...]) else { return nil }
        self.resource = String(Substring(resource))
        self.id = id
    }

    public var description: String { "gid://shopify/\(resource)/\(id)" }
}

/// A non-negative Int64 from ASCII digits; nil for anything else or on overflow.
func parseID<C: Collection>(_ digits: C) -> Int64? where C.Element == UInt8 {
    guard !digits.isEmpty, digits.count <= 19 else { return nil }
    var value: Int64 = 0
    for byte in digits {
        guard byte >= 48, byte <= 57 else { return nil }
        let (m, o1) = value.multipliedReportingOverflow(by: 10)
        let (s, o2) = m.addingReportingOverflow(Int64(byte - 48))
        if o1 || o2 { return nil }
        value = s
    }
    return value
}

/// A customer as embedded in an order (nil for guest checkouts).
public struct ShopifyOrderCustomer: Hashable, Sendable {
    public var id: Int64
    public var email: String?
    public var firstName: String?
    public var lastName: String?
    public var phone: String?

    public init(id: Int64, email: String? = nil, firstName: String? = nil, lastName: String? = nil, phone: String? = nil) {
        self.id = id
        self.email = email
        self.firstName = firstName
        self.lastName = lastName
        self.phone = phone
    }
}

public struct ShopifyRefund: Hashable, Sendable {
    public var id: Int64
    public var createdAt: UnixTime
    /// `totalRefundedSet` (incl. shipping and tax); informational.
    public var totalRefunded: DecimalAmount?
    /// The refunded line subtotals; their sum is the refund's points share.
    public var lineSubtotals: [DecimalAmount]

    public init(id: Int64, createdAt: UnixTime, totalRefunded: DecimalAmount? = nil, lineSubtotals: [DecimalAmount] = []) {
        self.id = id
        self.createdAt = createdAt
        self.totalRefunded = totalRefunded
        self.lineSubtotals = lineSubtotals
    }

    /// Sum of the refunded line subtotals (at the largest scale among them); nil on overflow.
    public var amount: DecimalAmount? { DecimalAmount.exactSum(lineSubtotals) }
}

/// An order from the GraphQL Admin API (a page node or a bulk JSONL line).
public struct ShopifyOrder: Hashable, Sendable {
    /// The legacy numeric id (`legacyResourceId`, also the GID's number); the same id REST and webhooks use.
    public var id: Int64
    public var name: String?
    public var createdAt: UnixTime
    public var updatedAt: UnixTime
    /// `processedAt`, or `createdAt` when absent (as the REST import does).
    public var processedAt: UnixTime
    public var cancelledAt: UnixTime?
    /// `displayFinancialStatus` as sent: PAID, PARTIALLY_REFUNDED, REFUNDED, VOIDED, PENDING, ...
    public var financialStatus: String?
    public var currency: String?
    /// `subtotalPriceSet` (current, after edits): the points base.
    public var subtotal: DecimalAmount?
    /// `totalPriceSet` (current, after edits).
    public var total: DecimalAmount
    public var discountCodes: [String]
    public var customer: ShopifyOrderCustomer?
    public var refunds: [ShopifyRefund]
    /// The order's own email: a guest checkout (no customer) is still credited by it, as imports do.
    public var email: String?
    /// The edge cursor (pages only).
    public var cursor: String?

    public init(id: Int64, name: String?, createdAt: UnixTime, updatedAt: UnixTime, processedAt: UnixTime,
                cancelledAt: UnixTime? = nil, financialStatus: String? = nil, currency: String? = nil,
                subtotal: DecimalAmount? = nil, total: DecimalAmount, discountCodes: [String] = [],
                customer: ShopifyOrderCustomer? = nil, refunds: [ShopifyRefund] = [], cursor: String? = nil,
                email: String? = nil) {
        self.id = id
        self.name = name
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.processedAt = processedAt
        self.cancelledAt = cancelledAt
        self.financialStatus = financialStatus
        self.currency = currency
        self.subtotal = subtotal
        self.total = total
        self.discountCodes = discountCodes
        self.customer = customer
        self.refunds = refunds
        self.email = email
        self.cursor = cursor
    }

    /// The financial status in the REST spelling the rest of LoyalNest uses ("paid", "partially_refunded",
    /// "voided", ...): GraphQL's enum lowercased.
    public var restFinancialStatus: String? { financialStatus.map { $0.lowercased() } }

    /// The order as every import source hands it to the store, mapped like `ShopifyOrderJSON` maps REST orders:
    /// ids as decimal text, financial status lowercased, refund amount = sum of refunded line subtotals.
    public var incomingOrder: IncomingOrder {
        IncomingOrder(
            externalID: String(id),
            name: name,
            customer: IncomingCustomer(externalID: customer.map { String($0.id) }, email: customer?.email?.nonBlank ?? email?.nonBlank,
                                       firstName: customer?.firstName?.nonBlank, lastName: customer?.lastName?.nonBlank,
                                       phone: customer?.phone?.nonBlank),
            processedAt: processedAt,
            currency: currency,
            totalPrice: total,
            subtotalPrice: subtotal,
            financialStatus: restFinancialStatus,
            cancelledAt: cancelledAt,
            refunds: refunds.map {
                IncomingRefund(externalID: String($0.id), createdAt: $0.createdAt,
                               amount: $0.amount ?? DecimalAmount(digits: 0, scale: 0))
            },
            discountCodes: discountCodes.compactMap { $0.nonBlank })
    }
}

/// A customer from the `customers` query.
public struct ShopifyCustomer: Hashable, Sendable {
    public var id: Int64
    public var email: String?
    public var firstName: String?
    public var lastName: String?
    public var phone: String?
    public var createdAt: UnixTime
    public var updatedAt: UnixTime
    /// `numberOfOrders` (an UnsignedInt64 sent as text).
    public var numberOfOrders: Int64?
    public var cursor: String?

    public init(id: Int64, email: String? = nil, firstName: String? = nil, lastName: String? = nil, phone: String? = nil,
                createdAt: UnixTime, updatedAt: UnixTime, numberOfOrders: Int64? = nil, cursor: String? = nil) {
        self.id = id
        self.email = email
        self.firstName = firstName
        self.lastName = lastName
        self.phone = phone
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.numberOfOrders = numberOfOrders
        self.cursor = cursor
    }

    /// The store's customer fields (Shopify id as external id).
    public var incomingCustomer: IncomingCustomer {
        IncomingCustomer(externalID: String(id), email: email?.nonBlank, firstName: firstName?.nonBlank,
                         lastName: lastName?.nonBlank, phone: phone?.nonBlank)
    }

    /// As a customer-import record; nil without an email (the store keys imported customers by email).
    public var customerRecord: IncomingCustomerRecord? {
        guard let email = email?.nonBlank else { return nil }
        return IncomingCustomerRecord(email: email, firstName: firstName?.nonBlank, lastName: lastName?.nonBlank,
                                      phone: phone?.nonBlank)
    }
}

/// One page of a cursor-paged connection.
public struct Page<Item: Sendable>: Sendable {
    public var items: [Item]
    public var hasNextPage: Bool
    public var endCursor: String?
    /// The `first` the page was finally fetched with (smaller than asked after page-size halving).
    public var pageSize: Int
    public var cost: QueryCost?

    public init(items: [Item], hasNextPage: Bool, endCursor: String?, pageSize: Int, cost: QueryCost?) {
        self.items = items
        self.hasNextPage = hasNextPage
        self.endCursor = endCursor
        self.pageSize = pageSize
        self.cost = cost
    }
}

/// An order deletion from REST `events.json?filter=Order&verb=destroy`.
public struct DeletedOrderEvent: Hashable, Sendable {
    public var eventID: Int64
    public var orderID: Int64
    public var createdAt: UnixTime
    public var message: String?

    public init(eventID: Int64, orderID: Int64, createdAt: UnixTime, message: String? = nil) {
        self.eventID = eventID
        self.orderID = orderID
        self.createdAt = createdAt
        self.message = message
    }
}

public enum BulkOperationStatus: String, Sendable, Hashable {
    case created = "CREATED", running = "RUNNING", completed = "COMPLETED", failed = "FAILED"
    case canceling = "CANCELING", canceled = "CANCELED", expired = "EXPIRED"
    case unknown

    public var isFinished: Bool { self == .completed || self == .failed || self == .canceled || self == .expired }
}

public struct BulkOperation: Hashable, Sendable {
    public var id: String
    public var status: BulkOperationStatus
    /// The status text as sent (useful when `status` is `.unknown`).
    public var statusText: String
    public var errorCode: String?
    public var objectCount: Int64?
    public var fileSize: Int64?
    public var url: String?
    public var partialDataUrl: String?

    public init(id: String, status: BulkOperationStatus, statusText: String? = nil, errorCode: String? = nil,
                objectCount: Int64? = nil, fileSize: Int64? = nil, url: String? = nil, partialDataUrl: String? = nil) {
        self.id = id
        self.status = status
        self.statusText = statusText ?? status.rawValue
        self.errorCode = errorCode
        self.objectCount = objectCount
        self.fileSize = fileSize
        self.url = url
        self.partialDataUrl = partialDataUrl
    }
}
