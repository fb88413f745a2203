import FlyingFox
import FlyingSocks
import Foundation
import Synchronization

/// A loopback Shopify: the Admin GraphQL and REST shapes from a deterministic synthetic store, a real leaky
/// bucket, fault injection, bulk operations, webhooks and the ground truth to compare a synced copy with.
public final class ShopifySimulator: Sendable {
    public let options: SimulatorOptions
    let store: SyntheticStore
    let state: Mutex<StoreState>
    let control: Mutex<Control>
    private let server: Mutex<RunningServer?>
    private let live: Mutex<Task<Void, Never>?>

    /// Everything about serving that changes per call; kept apart from the order data so paging does not
    /// wait on the bucket and the other way round.
    struct Control: Sendable {
        var bucket: LeakyBucket
        var restBucket: LeakyBucket
        var faults: FaultInjector
        var tokens: AccessTokens
        var bulk = BulkRegistry()
        var counters = SimulatorCounters()
        var lastPage: (signature: String, body: Data)?
        var duplicateJustServed = false
        var port: UInt16 = 0
    }

    private struct RunningServer: Sendable {
        let server: HTTPServer
        let task: Task<Void, any Error>
        let port: UInt16
    }

    public init(options: SimulatorOptions = SimulatorOptions()) {
        self.options = options
        store = SyntheticStore(orders: options.orders, seed: options.seed)
        state = Mutex(StoreState(base: store))
        let now = options.clock.now()
        control = Mutex(Control(
            bucket: LeakyBucket(capacity: options.bucketSize, restoreRate: options.restoreRate, now: now),
            restBucket: LeakyBucket(capacity: 40, restoreRate: 2, now: now),
            faults: FaultInjector(plan: options.faults, seed: options.seed),
            tokens: AccessTokens(seed: options.seed, staticToken: options.accessToken)))
        server = Mutex(nil)
        live = Mutex(nil)
    }

    // MARK: lifecycle

    /// Starts serving on `host:port` (0 picks a free port) and returns the bound port.
    @discardableResult
    public func start(port: UInt16 = 0) async throws -> UInt16 {
        if let running = server.withLock({ $0 }) { return running.port }
        let address = try sockaddr_in.inet(ip4: options.host, port: port)
        let http = HTTPServer(address: address, timeout: max(60, options.slowResponseSeconds + 30),
                              logger: .disabled, handler: SimulatorHTTPHandler(simulator: self))
        let task = Task { try await http.run() }
        try await http.waitUntilListening(timeout: 10)
        guard case .ip4(_, let bound)? = await http.listeningAddress else {
            task.cancel()
            throw SimulatorError("the server did not report its port")
        }
        server.withLock { $0 = RunningServer(server: http, task: task, port: bound) }
        control.withLock { $0.port = bound }
        if options.liveOrdersPerMinute > 0 { startLiveOrders(perMinute: options.liveOrdersPerMinute) }
        return bound
    }

    public func stop() async {
        live.withLock { $0?.cancel(); $0 = nil }
        guard let running = server.withLock({ s -> RunningServer? in defer { s = nil }; return s }) else { return }
        await running.server.stop(timeout: 0)
        running.task.cancel()
    }

    public var port: UInt16 { control.withLock { $0.port } }
    public var baseURL: String { "http://\(options.host):\(port)" }

    // MARK: credentials

    public var accessToken: String { control.withLock { $0.tokens.staticToken } }
    public var clientID: String { control.withLock { $0.tokens.clientID } }
    public var clientSecret: String { control.withLock { $0.tokens.clientSecret } }
    /// The app secret webhooks are signed with.
    public var webhookSecret: String { clientSecret }
    public var shopDomain: String { options.shopDomain }

    // MARK: faults and counters

    public func setFaults(_ plan: FaultPlan) {
        control.withLock {
            $0.faults.plan = plan
            if !plan.isOn(.auth), $0.faults.authRevokedCallsLeft > 0 {
                $0.faults.authRevokedCallsLeft = 0
                $0.tokens.restore()
            }
            if !plan.isOn(.serverError) { $0.faults.serverErrorBurstLeft = 0 }
        }
    }

    public var faults: FaultPlan { control.withLock { $0.faults.plan } }
    public var counters: SimulatorCounters { control.withLock { $0.counters } }

    /// The GraphQL bucket as the next response would report it.
    public var throttleStatus: (maximumAvailable: Double, currentlyAvailable: Double, restoreRate: Double) {
        let now = options.clock.now()
        return control.withLock { c in
            options.throttling ? (c.bucket.capacity, c.bucket.currentlyAvailable(now: now), c.bucket.restoreRate)
                : (1_000_000, 1_000_000, options.restoreRate)
        }
    }

    // MARK: mutations (tests and the demo drive these directly; the faults use the same paths)

    private func mutate(_ id: Int64, _ body: (inout StoreState, Int, Int64) -> SimOrder?) -> Bool {
        guard let index = store.orderIndex(id: id) else { return false }
        let now = options.wallClock()
        return state.withLock { body(&$0, index, now) } != nil
    }

    /// Moves the order's updatedAt to now. False when the order does not exist or is deleted.
    @discardableResult public func touchOrder(id: Int64) -> Bool { mutate(id) { $0.touch(index: $1, at: $2) } }

    @discardableResult public func editOrder(id: Int64, subtotalCents: Int64) -> Bool {
        mutate(id) { $0.edit(index: $1, subtotal: subtotalCents, at: $2) }
    }

    @discardableResult public func cancelOrder(id: Int64) -> Bool { mutate(id) { $0.cancel(index: $1, at: $2) } }

    /// Adds a refund (capped at the subtotal not yet refunded) with 1–3 lines.
    @discardableResult public func refundOrder(id: Int64, cents: Int64, lines: Int = 1) -> Bool {
        mutate(id) { $0.refund(index: $1, cents: cents, lines: lines, at: $2) }
    }

    @discardableResult public func deleteOrder(id: Int64) -> Bool { mutate(id) { $0.delete(index: $1, at: $2) } }

    /// Places a new order now and returns its legacy id.
    @discardableResult public func addLiveOrder() -> Int64 {
        let now = options.wallClock()
        return state.withLock { $0.addLiveOrder(at: now).id }
    }

    /// Legacy ids of the orders in index order (base then live), deleted ones included.
    public func orderIDs() -> [Int64] {
        let count = state.withLock { $0.orderCount }
        return (0..<count).map { store.orderID($0) }
    }

    private func startLiveOrders(perMinute: Double) {
        let task = LiveOrders.run(simulator: self, perMinute: perMinute)
        live.withLock { $0?.cancel(); $0 = task }
    }
}

public struct SimulatorError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
