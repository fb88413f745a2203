import FlyingFox
import FlyingSocks
import Foundation
import LoyaltyCore
import LoyaltyStore
import ShopifyClient
import Synchronization

/// `loyalnest webhooks serve`: receives Shopify webhooks on loopback (put a TLS proxy in front in production).
/// A delivery is verified on its raw bytes, stored, acknowledged, and processed afterwards by a worker thread, so
/// Shopify gets its 200 within milliseconds whatever the processing costs.
public final class WebhookServer: Sendable {
    public struct Options: Sendable {
        public var host = "127.0.0.1"
        public var appSecret: String
        public init(appSecret: String, host: String = "127.0.0.1") {
            self.appSecret = appSecret
            self.host = host
        }
    }

    private let options: Options
    private let store: LoyaltyStore
    private let clock: @Sendable () -> UnixTime
    private let running = Mutex<(server: HTTPServer, task: Task<Void, any Error>)?>(nil)
    private let wake = DispatchSemaphore(value: 0)
    private let stopping = Atomic<Bool>(false)
    private let counters = Mutex<Counters>(Counters())

    public struct Counters: Sendable, Hashable {
        public var accepted = 0
        public var duplicates = 0
        public var badSignatures = 0
        public var unknownShops = 0
        public var processed = 0
    }

    public init(store: LoyaltyStore, options: Options, clock: @escaping @Sendable () -> UnixTime) {
        self.store = store
        self.options = options
        self.clock = clock
    }

    public var stats: Counters { counters.withLock { $0 } }

    @discardableResult
    public func start(port: UInt16 = 0) async throws -> UInt16 {
        let address = try sockaddr_in.inet(ip4: options.host, port: port)
        let http = HTTPServer(address: address, timeout: 30, logger: .disabled, handler: Handler(owner: self))
        let task = Task { try await http.run() }
        try await http.waitUntilListening(timeout: 10)
        guard case .ip4(_, let bound)? = await http.listeningAddress else {
            task.cancel()
            throw StoreError.invalid("the webhook server did not report its port")
        }
        running.withLock { $0 = (http, task) }
        let worker = Thread { [self] in self.workLoop() }
        worker.name = "loyalnest.webhooks.worker"
        worker.start()
        return bound
    }

    public func stop() async {
        stopping.store(true, ordering: .releasing)
        wake.signal()
        guard let (server, task) = running.withLock({ value -> (HTTPServer, Task<Void, any Error>)? in defer { value = nil }; return value }) else { return }
        await server.stop(timeout: 1)
        task.cancel()
    }

    /// Processes what is pending now (tests call it to avoid waiting on the worker).
    public func drain() throws -> Int {
        var total = 0
        for merchant in try store.merchants() {
            let session = try store.syncSession(merchant: merchant.shopDomain, now: clock())
            total += try WebhookProcessor(store: store, session: session, clock: clock).processPending()
        }
        counters.withLock { $0.processed += total }
        return total
    }

    private func workLoop() {
        while !stopping.load(ordering: .acquiring) {
            _ = wake.wait(timeout: .now() + 1)
            _ = try? drain()
        }
    }

    /// The decision for one request, separate from FlyingFox's types so it reads (and tests) as plain logic.
    func receive(headers: [String: String], body: Data) -> (status: Int, message: String) {
        guard WebhookSignature.isValid(body: body, secret: options.appSecret, header: headers["x-shopify-hmac-sha256"]) else {
            counters.withLock { $0.badSignatures += 1 }
            return (401, "HMAC signature does not match the body")
        }
        guard let topic = headers["x-shopify-topic"], !topic.isEmpty,
              let webhookID = headers["x-shopify-webhook-id"], !webhookID.isEmpty else {
            return (400, "X-Shopify-Topic and X-Shopify-Webhook-Id are required")
        }
        let shop = headers["x-shopify-shop-domain"]?.lowercased()
        guard let shop, let session = try? store.syncSession(merchant: shop, now: clock()) else {
            counters.withLock { $0.unknownShops += 1 }
            return (404, "shop \(shop ?? "(none)") is not set up in LoyalNest")
        }
        do {
            if try store.acceptWebhook(session, webhookID: webhookID, topic: topic, body: body, now: clock()) {
                counters.withLock { $0.accepted += 1 }
                wake.signal()
            } else {
                counters.withLock { $0.duplicates += 1 }
            }
            return (200, "ok")
        } catch {
            // Not acknowledged: Shopify delivers it again later.
            return (503, "could not store the delivery; it will be retried")
        }
    }

    private struct Handler: HTTPHandler {
        let owner: WebhookServer

        func handleRequest(_ request: FlyingFox.HTTPRequest) async throws -> FlyingFox.HTTPResponse {
            guard request.method == .POST else { return FlyingFox.HTTPResponse(statusCode: .methodNotAllowed) }
            let body = try await request.bodyData
            var headers: [String: String] = [:]
            for (name, value) in request.headers { headers[name.rawValue.lowercased()] = value }
            let (status, message) = owner.receive(headers: headers, body: body)
            return FlyingFox.HTTPResponse(statusCode: HTTPStatusCode(status, phrase: ""),
                                          headers: [.contentType: "text/plain; charset=utf-8"], body: Data((message + "\n").utf8))
        }
    }
}
