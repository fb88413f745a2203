import Foundation
import GRDB
import LoyaltyCore
@testable import LoyaltyStore
import ShopifyClient
@testable import ShopifyKit
import ShopifySimulator
import Testing

/// The webhook receiver over real HTTP on loopback (requests sent with libcurl): signatures on the raw bytes,
/// deduplication, processing after the acknowledgement, and the same order from a webhook and from the poller.
@Suite(.serialized) struct WebhookTests {
    final class Receiver: @unchecked Sendable {
        // @unchecked: used by one test function at a time; the server's own state is Sendable.
        let sync: SyncHarness
        let server: WebhookServer
        let url: String

        init(orders: Int = 200) async throws {
            sync = try await SyncHarness(orders: orders)
            server = WebhookServer(store: sync.store, options: WebhookServer.Options(appSecret: sync.simulator.webhookSecret),
                                   clock: { SyncHarness.now() })
            let port = try await server.start()
            url = "http://127.0.0.1:\(port)/webhooks"
        }

        func post(_ headers: [String: String], _ body: Data) async -> Int {
            let url = self.url
            return await SyncHarness.offPool {
                let transport = try? CurlTransport()
                let fields = HTTPHeaders(headers.map { HTTPHeader($0.key, $0.value) } + [HTTPHeader("Content-Type", "application/json")])
                let response = try? transport?.perform(HTTPRequest(method: "POST", url: url, headers: fields, body: body,
                                                                    connectTimeoutMs: 2000, totalTimeoutMs: 5000))
                return response?.status ?? -1
            }
        }

        func deliver(_ topic: WebhookTopic, order: Int64) async throws -> Int {
            let (headers, body) = try #require(sync.simulator.makeWebhook(topic: topic, order: order))
            return await post(headers, body)
        }

        /// Processes pending deliveries now (the worker would within a second).
        func drain() throws { _ = try server.drain() }

        func net(order: Int64) throws -> Int64 {
            try sync.store.read { db in
                try Int64.fetchOne(db, sql: """
                    SELECT COALESCE(SUM(p.points), 0) FROM points_transactions p JOIN orders o ON o.id = p.order_id WHERE o.external_id = ?
                    """, arguments: [String(order)]) ?? 0
            }
        }

        func stop() async {
            await server.stop()
            await sync.stop()
        }
    }

    /// An order with a customer, not cancelled, and (when asked) with a refund.
    func pickOrder(_ r: Receiver, refunded: Bool = false) throws -> Int64 {
        let truth = r.sync.simulator.truth()
        let order = try #require(truth.orders.first {
            $0.customerId != nil && $0.cancelledAt == nil && !$0.deleted && $0.refunds.isEmpty != refunded && $0.subtotal != "0.00"
        })
        return Int64(order.id)!
    }

    @Test func aSignedOrderIsAcknowledgedThenCreditedOnceWhateverTheRetries() async throws {
        let r = try await Receiver()
        defer { Task { await r.stop() } }
        let id = try pickOrder(r)
        let (headers, body) = try #require(r.sync.simulator.makeWebhook(topic: .ordersCreate, order: id))
        #expect(await r.post(headers, body) == 200)
        #expect(await r.post(headers, body) == 200, "a retried delivery is acknowledged again")
        try r.drain()
        let credited = try r.net(order: id)
        #expect(credited > 0)
        #expect(r.server.stats.accepted == 1 && r.server.stats.duplicates == 1)
        // The same order again under a new webhook id (Shopify sends orders/updated too): nothing new.
        #expect(try await r.deliver(.ordersUpdated, order: id) == 200)
        try r.drain()
        #expect(try r.net(order: id) == credited)
        // And the poller reading it: still once. Then the whole store equals the truth.
        try await r.sync.syncUntilQuiet()
        #expect(try r.net(order: id) == credited)
        try r.sync.expectTruth()
    }

    @Test func thePollerFirstAndTheWebhookAfterCreditOnce() async throws {
        let r = try await Receiver()
        defer { Task { await r.stop() } }
        try await r.sync.syncUntilQuiet()
        let id = try pickOrder(r, refunded: true)
        let before = try r.net(order: id)
        for topic in [WebhookTopic.ordersCreate, .ordersUpdated, .refundsCreate] {
            #expect(try await r.deliver(topic, order: id) == 200)
        }
        try r.drain()
        #expect(try r.net(order: id) == before)
        try r.sync.expectTruth()
    }

    @Test func badSignaturesAreRefusedWith401AndWriteNothing() async throws {
        let r = try await Receiver()
        defer { Task { await r.stop() } }
        let id = try pickOrder(r)
        let (headers, body) = try #require(r.sync.simulator.makeWebhook(topic: .ordersCreate, order: id))
        var altered = body
        altered[altered.index(altered.startIndex, offsetBy: 10)] ^= 0x01
        #expect(await r.post(headers, altered) == 401, "body altered after signing")
        var wrong = headers
        wrong["X-Shopify-Hmac-Sha256"] = WebhookSignature.sign(body: body, secret: "another app's secret")
        #expect(await r.post(wrong, body) == 401, "signed with another secret")
        wrong["X-Shopify-Hmac-Sha256"] = "not base64 at all"
        #expect(await r.post(wrong, body) == 401, "garbage signature")
        wrong.removeValue(forKey: "X-Shopify-Hmac-Sha256")
        #expect(await r.post(wrong, body) == 401, "no signature")
        // Privacy topics answer 401 on a bad HMAC too, and are recorded when signed.
        let privacy = Data(#"{"shop_id":954889,"shop_domain":"loyalnest-sim.myshopify.com","customer":{"id":191167,"email":"john@example.com","phone":"555-625-1199"},"orders_to_redact":[299938,280263,220458]}"#.utf8)
        var privacyHeaders = headers
        privacyHeaders["X-Shopify-Topic"] = "customers/redact"
        privacyHeaders["X-Shopify-Webhook-Id"] = "privacy-1"
        privacyHeaders["X-Shopify-Hmac-Sha256"] = "AAAA"
        #expect(await r.post(privacyHeaders, privacy) == 401)
        privacyHeaders["X-Shopify-Hmac-Sha256"] = r.sync.simulator.signWebhook(body: privacy)
        #expect(await r.post(privacyHeaders, privacy) == 200)
        try r.drain()
        #expect(r.server.stats.badSignatures == 5)
        #expect(try r.sync.count("orders") == 0)
        let outcomes = try r.sync.store.read { db in try String.fetchAll(db, sql: "SELECT outcome FROM webhook_deliveries") }
        #expect(outcomes == ["privacy request recorded; awaiting an operator"])
    }

    @Test func unknownShopsAndMissingHeadersAreRefused() async throws {
        let r = try await Receiver()
        defer { Task { await r.stop() } }
        let (headers, body) = try #require(r.sync.simulator.makeWebhook(topic: .ordersCreate, order: try pickOrder(r)))
        var other = headers
        other["X-Shopify-Shop-Domain"] = "someone-else.myshopify.com"
        #expect(await r.post(other, body) == 404)
        var noID = headers
        noID.removeValue(forKey: "X-Shopify-Webhook-Id")
        #expect(await r.post(noID, body) == 400)
        #expect(try r.sync.count("webhook_deliveries") == 0)
    }

    @Test func aSignedButBrokenBodyIsAcknowledgedRecordedAndChangesNothing() async throws {
        let r = try await Receiver()
        defer { Task { await r.stop() } }
        let (headers, _) = try #require(r.sync.simulator.makeWebhook(topic: .ordersCreate, order: try pickOrder(r)))
        for (index, body) in [Data("{\"id\": 1, \"total_price\":".utf8), Data("[1,2,3]".utf8), Data("{\"id\":\"x\"}".utf8)].enumerated() {
            var signed = headers
            signed["X-Shopify-Webhook-Id"] = "broken-\(index)"
            signed["X-Shopify-Hmac-Sha256"] = r.sync.simulator.signWebhook(body: body)
            #expect(await r.post(signed, body) == 200)
        }
        try r.drain()
        let outcomes = try r.sync.store.read { db in try String.fetchAll(db, sql: "SELECT outcome FROM webhook_deliveries ORDER BY webhook_id") }
        #expect(outcomes.count == 3 && outcomes.allSatisfy { $0.hasPrefix("refused:") }, "\(outcomes)")
        #expect(try r.sync.count("orders") == 0)
        #expect(try r.sync.store.doctor().allSatisfy(\.ok))
    }

    @Test func deletionsAndCancellationsByWebhookReverseThePoints() async throws {
        let r = try await Receiver()
        defer { Task { await r.stop() } }
        try await r.sync.syncUntilQuiet()
        let ids = r.sync.simulator.truth().orders.filter { $0.customerId != nil && $0.cancelledAt == nil && $0.refunds.isEmpty && !$0.deleted }
            .prefix(2).compactMap { Int64($0.id) }
        r.sync.simulator.cancelOrder(id: ids[0])
        #expect(try await r.deliver(.ordersCancelled, order: ids[0]) == 200)
        r.sync.simulator.deleteOrder(id: ids[1])
        let deletion = Data("{\"id\":\(ids[1])}".utf8)
        var headers = try #require(r.sync.simulator.makeWebhook(topic: .ordersCreate, order: ids[0])).headers
        headers["X-Shopify-Topic"] = "orders/delete"
        headers["X-Shopify-Webhook-Id"] = "delete-\(ids[1])"
        headers["X-Shopify-Hmac-Sha256"] = r.sync.simulator.signWebhook(body: deletion)
        #expect(await r.post(headers, deletion) == 200)
        try r.drain()
        #expect(try r.net(order: ids[0]) == 0)
        #expect(try r.net(order: ids[1]) == 0)
        try await Task.sleep(for: .seconds(1.1))
        try await r.sync.syncUntilQuiet()
        try r.sync.expectTruth()
    }
}
