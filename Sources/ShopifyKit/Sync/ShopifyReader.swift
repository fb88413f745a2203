import Foundation
import LoyaltyCore
import LoyaltyStore
import ShopifyClient

/// What the sync engine reads from a shop. `AdminAPIClient` is the real one; the seam exists so one reader (one
/// libcurl handle) serves one thread, and so the engine's paging is independent of the wire.
public protocol ShopifyReader: AnyObject {
    func ordersPage(updatedAtMin: UnixTime?, updatedAtMax: UnixTime?, after: String?) throws -> Page<ShopifyOrder>
    func customersPage(updatedAtMin: UnixTime?, updatedAtMax: UnixTime?, after: String?) throws -> Page<ShopifyCustomer>
    func deletedOrderEvents(since: UnixTime?) throws -> [DeletedOrderEvent]
    /// A bulk export of every order (the first backfill of a large store): started, polled until done, and its JSONL
    /// streamed to `onBatch` in batches, never held whole.
    func bulkOrders(onBatch: ([ShopifyOrder]) throws -> Void) throws
    /// Stops the call in flight (and any wait) from another thread.
    func cancel()
    /// The calls made since the last drain, for api_logs.
    func drainCallLog() -> [APICallLog]
    /// Circuit breaker, API version and deprecation state for integration health.
    var connectionState: ReaderState { get }
}

public struct ReaderState: Hashable, Sendable {
    public var circuit: String
    public var circuitUntil: UnixTime?
    public var apiVersionAsked: String?
    public var apiVersionServed: String?
    public var deprecationNotice: String?

    public init(circuit: String = "closed", circuitUntil: UnixTime? = nil, apiVersionAsked: String? = nil,
                apiVersionServed: String? = nil, deprecationNotice: String? = nil) {
        self.circuit = circuit
        self.circuitUntil = circuitUntil
        self.apiVersionAsked = apiVersionAsked
        self.apiVersionServed = apiVersionServed
        self.deprecationNotice = deprecationNotice
    }
}

/// Shopify would not start a bulk export (one is already running, e.g. left by a killed run): the engine pages.
public struct BulkExportUnavailable: Error, Hashable, Sendable {
    public var reason: String
    public init(reason: String) { self.reason = reason }
}

/// How a failed read shows in integration health: the status, a plain explanation, and the request id if any.
public struct SyncFailure: Error, Hashable, Sendable, CustomStringConvertible {
    public var health: IntegrationStatus.Health
    public var message: String
    public var requestID: String?

    public init(health: IntegrationStatus.Health, message: String, requestID: String? = nil) {
        self.health = health
        self.message = message
        self.requestID = requestID
    }

    public var description: String { message }
}

extension ShopifyOrder {
    /// The order as the store ingests it, with Shopify's updatedAt (edit keys and lag use it).
    var syncedOrder: IncomingOrder {
        var order = incomingOrder
        order.updatedAt = updatedAt
        return order
    }
}

extension SyncFailure {
    /// A failure the reader did not classify itself: shown as failing with its description.
    public init(classifying error: any Error) {
        if let failure = error as? SyncFailure { self = failure; return }
        self.init(health: .failing, message: String(describing: error))
    }
}
