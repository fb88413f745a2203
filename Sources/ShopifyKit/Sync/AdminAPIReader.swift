import Foundation
import LoyaltyCore
import LoyaltyStore
import ShopifyClient
import Synchronization

/// The real `ShopifyReader`: an `AdminAPIClient` (one libcurl handle), its call records collected for api_logs.
public final class AdminAPIReader: ShopifyReader {
    public let client: AdminAPIClient
    private let calls: CallCollector
    private let versionNotes = Mutex<(served: String?, deprecation: String?)>((nil, nil))
    /// Seconds between status polls of a bulk export.
    public var bulkPollInterval: TimeInterval = 1

    public init(config: AdminAPIConfig, retryPolicy: RetryPolicy = RetryPolicy(), breaker: CircuitBreaker? = nil) throws {
        let calls = CallCollector()
        self.calls = calls
        do {
            client = try AdminAPIClient(config: config, retryPolicy: retryPolicy, breaker: breaker, observer: { calls.add($0) })
        } catch {
            throw SyncFailure(health: .failing, message: "could not start an HTTP client: \(error)")
        }
    }

    public func ordersPage(updatedAtMin: UnixTime?, updatedAtMax: UnixTime?, after: String?) throws -> Page<ShopifyOrder> {
        try classified { () throws(ShopifyError) in try client.ordersPage(updatedAtMin: updatedAtMin, updatedAtMax: updatedAtMax, after: after) }
    }

    public func customersPage(updatedAtMin: UnixTime?, updatedAtMax: UnixTime?, after: String?) throws -> Page<ShopifyCustomer> {
        try classified { () throws(ShopifyError) in try client.customersPage(updatedAtMin: updatedAtMin, updatedAtMax: updatedAtMax, after: after) }
    }

    public func deletedOrderEvents(since: UnixTime?) throws -> [DeletedOrderEvent] {
        try classified { () throws(ShopifyError) in try client.deletedOrderEvents(since: since ?? 0) }
    }

    public func bulkOrders(onBatch: ([ShopifyOrder]) throws -> Void) throws {
        var operation: BulkOperation
        do {
            operation = try client.runBulkOrdersExport()
        } catch let error where error.kind == .bulkUserError {
            // Typically "already in progress": an export a killed run started. Page instead of waiting for it.
            throw BulkExportUnavailable(reason: error.message)
        } catch {
            throw SyncFailure(shopify: error)
        }
        while !operation.status.isFinished {
            if client.cancellation.isCancelled { throw SyncFailure(health: .failing, message: "the bulk export was cancelled") }
            Thread.sleep(forTimeInterval: bulkPollInterval)
            let id = operation.id
            operation = try classified { () throws(ShopifyError) in try client.pollBulk(id: id) }
        }
        guard operation.status == .completed, let url = operation.url else {
            throw SyncFailure(health: .failing, message: "Shopify's bulk export ended \(operation.statusText)"
                              + (operation.errorCode.map { " (\($0))" } ?? "") + "; the next run starts a new one")
        }
        do {
            try client.streamBulkResult(url: url, onOrders: onBatch)
        } catch let error as ShopifyError {
            throw SyncFailure(shopify: error)
        }
    }

    public func cancel() { client.cancel() }

    public func drainCallLog() -> [APICallLog] {
        let records = calls.drain()
        for record in records {
            if let served = record.servedVersion { versionNotes.withLock { $0.served = served } }
            if let reason = record.deprecationReason { versionNotes.withLock { $0.deprecation = reason } }
        }
        return records.map(APICallLog.init(record:))
    }

    public var connectionState: ReaderState {
        let notes = versionNotes.withLock { $0 }
        let state = client.breaker.state
        var until: UnixTime?
        if case .open(let monotonicUntil) = state {
            until = UnixTime(Date().timeIntervalSince1970 + max(0, monotonicUntil - SystemClock().now()))
        }
        return ReaderState(circuit: state.description, circuitUntil: until, apiVersionAsked: client.config.apiVersion,
                           apiVersionServed: notes.served ?? client.config.apiVersion, deprecationNotice: notes.deprecation)
    }

    private func classified<T>(_ call: () throws(ShopifyError) -> T) throws -> T {
        do {
            return try call()
        } catch {
            throw SyncFailure(shopify: error)
        }
    }
}

extension SyncFailure {
    init(shopify error: ShopifyError) {
        let health: IntegrationStatus.Health = switch error.kind {
        case .authFailed: .authFailed
        case .circuitOpen: .circuitOpen
        default: .failing
        }
        self.init(health: health, message: error.message, requestID: error.requestID)
    }
}

extension APICallLog {
    init(record: APICallRecord) {
        self.init(atMillis: Int64(record.startedAt * 1000), endpoint: record.endpoint, status: record.status,
                  latencyMillis: Int64(record.latencyMs.rounded()), requestedCost: record.requestedCost,
                  actualCost: record.actualCost, bucketAvailable: record.bucketAvailable, bucketMax: record.bucketMaximum,
                  restoreRate: record.restoreRate, requestID: record.requestID, errorClass: record.errorClass,
                  message: record.errorMessage, bytes: Int64(record.bytes))
    }
}

/// Call records arrive on the client's thread through its observer; the sync drains them after each page.
private final class CallCollector: Sendable {
    private let records = Mutex<[APICallRecord]>([])
    func add(_ record: APICallRecord) { records.withLock { $0.append(record) } }
    func drain() -> [APICallRecord] { records.withLock { value in defer { value = [] }; return value } }
}
