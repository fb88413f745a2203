import Foundation
import LoyaltyCore
import Testing
@testable import ShopifyClient

/// The retry loop, pacing, halving, breaker, tokens and records, over a scripted transport and a manual clock:
/// nothing really sleeps.
@Suite struct AdminAPIClientTests {
    static let token = "shpat_TOPSECRET_0123456789abcdef"
    static let secret = "shpss_CLIENTSECRET_fedcba9876543210"

    struct Harness {
        let client: AdminAPIClient
        let transport: ScriptedTransport
        let clock: ManualClock
        let records: RecordSink
    }

    static func harness(credentials: Credentials = .accessToken(token), retry: RetryPolicy = RetryPolicy(),
                        breaker: CircuitBreaker? = nil, clock: ManualClock = ManualClock(),
                        answer: @escaping (HTTPRequest, Int) -> ScriptedTransport.Answer) -> Harness {
        let transport = ScriptedTransport(answer)
        let records = RecordSink()
        let config = AdminAPIConfig(shopDomain: "demo.myshopify.com", apiVersion: "2026-07", credentials: credentials,
                                    baseURL: "http://127.0.0.1:9")
        let client = AdminAPIClient(config: config, transport: transport, cancellation: CancellationFlag(), clock: clock,
                                    retryPolicy: retry, breaker: breaker ?? CircuitBreaker(threshold: 100, clock: clock),
                                    random: { 1 }, observer: records.observer)
        return Harness(client: client, transport: transport, clock: clock, records: records)
    }

    static let okPage = response(200, Generated.page(count: 3))

    @Test func requestShapeAndRecord() throws {
        let h = Self.harness { _, _ in
            response(200, Generated.page(count: 3), headers: ["X-Request-Id": "r-9", "X-Shopify-API-Version": "2026-07"])
        }
        let min = Timestamp.make(year: 2026, month: 3, day: 1)
        let page = try h.client.ordersPage(updatedAtMin: min, updatedAtMax: nil, after: "abc", first: 50)
        #expect(page.items.count == 3)
        #expect(page.pageSize == 50)
        let request = h.transport.requests[0]
        #expect(request.url == "http://127.0.0.1:9/admin/api/2026-07/graphql.json")
        #expect(request.method == "POST")
        #expect(request.headers["X-Shopify-Access-Token"] == Self.token)
        #expect(request.headers["content-type"] == "application/json")
        let variables = h.transport.variables(0)
        #expect(variables["first"] as? Int == 50)
        #expect(variables["after"] as? String == "abc")
        #expect(variables["query"] as? String == "updated_at:>='2026-03-01T00:00:00Z'")

        let record = try #require(h.records.all.first)
        #expect(h.records.all.count == 1)
        #expect(record.endpoint == "graphql orders")
        #expect(record.status == 200)
        #expect(record.requestID == "r-9")
        #expect(record.requestedCost == 752)
        #expect(record.actualCost == 752)
        #expect(record.bucketAvailable == 248)
        #expect(record.bucketMaximum == 1000)
        #expect(record.restoreRate == 50)
        #expect(record.errorClass == nil)
        #expect(record.servedVersion == nil)
        #expect(record.pageSize == 50)
        #expect(h.client.monitor.lastThrottleStatus?.currentlyAvailable == 248)
    }

    @Test func pacingWaitsBeforeTheNextCallFromTheLastResponse() throws {
        // Each page costs 752 and leaves 248 available at 50/s: the next call must wait ceil(504/50) = 11 s.
        let h = Self.harness { _, _ in Self.okPage }
        _ = try h.client.ordersPage(updatedAtMin: nil, updatedAtMax: nil, after: nil)
        #expect(h.clock.sleeps.isEmpty)
        _ = try h.client.ordersPage(updatedAtMin: nil, updatedAtMax: nil, after: "c")
        #expect(h.clock.sleeps == [11])
        h.clock.advance(100)  // the bucket refilled meanwhile
        _ = try h.client.ordersPage(updatedAtMin: nil, updatedAtMax: nil, after: "d")
        #expect(h.clock.sleeps == [11])
    }

    @Test(arguments: [200, 429])
    func throttledRetriesTheSamePageAfterThePacerWait(status: Int) throws {
        let h = Self.harness { _, index in index == 0 ? response(status, Generated.throttled) : Self.okPage }
        let page = try h.client.ordersPage(updatedAtMin: nil, updatedAtMax: nil, after: "cursor-7")
        #expect(page.items.count == 3)
        #expect(h.clock.sleeps == [2])  // ceil((752 − 666) / 50)
        #expect(h.transport.requests.count == 2)
        #expect(h.transport.variables(1)["after"] as? String == "cursor-7")
        let records = h.records.all
        #expect(records.map(\.errorClass) == ["throttled", nil])
        #expect(records[0].isThrottled)
        #expect(records[0].bucketAvailable == 666)
        #expect(records.filter(\.is429).count == (status == 429 ? 1 : 0))
    }

    @Test func restStyle429HonoursRetryAfter() throws {
        let limited = response(429, #"{"errors":"Exceeded 2 calls per second for api client. Reduce request rates to resume uninterrupted service."}"#,
                               headers: ["Retry-After": "2.0", "X-Request-Id": "r"])
        let h = Self.harness { _, index in index < 2 ? limited : Self.okPage }
        _ = try h.client.ordersPage(updatedAtMin: nil, updatedAtMax: nil, after: nil)
        #expect(h.clock.sleeps == [2.0, 2.0])
        #expect(h.records.all.map(\.errorClass) == ["rateLimited", "rateLimited", nil])
    }

    @Test(arguments: [500, 502, 503, 504])
    func serverErrorsBackOffWithJitterThenSucceed(status: Int) throws {
        let h = Self.harness(retry: RetryPolicy(baseDelay: 0.5, maxDelay: 30, halveAfter: 10)) { _, index in
            index < 3 ? response(status, #"{"errors":"Internal"}"#) : Self.okPage
        }
        _ = try h.client.ordersPage(updatedAtMin: nil, updatedAtMax: nil, after: nil)
        #expect(h.clock.sleeps == [0.5, 1.0, 2.0])  // random() = 1: the full cap of each step
        #expect(h.records.all.map(\.errorClass) == ["serverError", "serverError", "serverError", nil])
    }

    @Test func givesUpAfterMaxAttemptsWithAPlainExplanation() {
        let h = Self.harness(retry: RetryPolicy(maxAttempts: 3, halveAfter: 10)) { _, _ in response(503, "", headers: ["X-Request-Id": "last"]) }
        do {
            _ = try h.client.ordersPage(updatedAtMin: nil, updatedAtMax: nil, after: nil)
            Issue.record("expected failure")
        } catch {
            #expect(error.kind == .serverError)
            #expect(error.attempts == 3)
            #expect(error.requestID == "last")
            #expect(error.message.contains("server error (503)"))
        }
        #expect(h.transport.requests.count == 3)
    }

    @Test(arguments: [(402, ShopifyError.Kind.paymentRequired, "frozen"), (403, .forbidden, "scope"), (404, .notFound, "read_all_orders"),
                      (400, .badRequest, "rejected"), (422, .badRequest, "rejected")])
    func nonRetryableStatuses(status: Int, kind: ShopifyError.Kind, words: String) {
        let h = Self.harness { _, _ in response(status, #"{"errors":"nope"}"#, headers: ["X-Request-Id": "rid-\(status)"]) }
        do {
            _ = try h.client.ordersPage(updatedAtMin: nil, updatedAtMax: nil, after: nil)
            Issue.record("expected failure")
        } catch {
            #expect(error.kind == kind)
            #expect(error.status == status)
            #expect(error.requestID == "rid-\(status)")
            #expect(error.message.contains(words))
            #expect(error.message.contains("Shopify said: nope"))
        }
        #expect(h.transport.requests.count == 1)
        #expect(h.clock.sleeps.isEmpty)
    }

    @Test(arguments: [TransportError.timeout(whileConnecting: false, message: "t"), .truncated("cut"), .couldNotConnect("refused")])
    func transportFailuresAreRetried(error: TransportError) throws {
        let h = Self.harness(retry: RetryPolicy(halveAfter: 10)) { _, index in index < 2 ? .failure(error) : Self.okPage }
        _ = try h.client.ordersPage(updatedAtMin: nil, updatedAtMax: nil, after: nil)
        #expect(h.transport.requests.count == 3)
        #expect(h.records.all.first?.status == nil)
        #expect(h.records.all.first?.errorClass != nil)
    }

    @Test func invalidJSONAndTruncatedBodiesAreRetried() throws {
        let h = Self.harness { _, index in
            switch index {
            case 0: return response(200, "<html>gateway</html>")
            case 1: return response(200, #"{"data":{"orders":{"edges":[{"cursor":"#)
            default: return Self.okPage
            }
        }
        _ = try h.client.ordersPage(updatedAtMin: nil, updatedAtMax: nil, after: nil)
        #expect(h.records.all.map(\.errorClass) == ["invalidResponse", "invalidResponse", nil])
    }

    @Test func queryErrorsAreNotRetried() {
        let h = Self.harness { _, _ in .success(HTTPResponse(status: 200, body: (try? Fixture.data("graphql/query_error__shopify_api_js_test.json")) ?? Data())) }
        #expect { try h.client.ordersPage(updatedAtMin: nil, updatedAtMax: nil, after: nil) } throws: { error in
            let e = error as? ShopifyError
            return e?.kind == .queryError && e?.message.contains("you must provide one of first or last") == true
        }
        #expect(h.transport.requests.count == 1)
    }

    @Test func pageSizeHalvesAfterRepeatedServerErrorsOnAPage() throws {
        let h = Self.harness(retry: RetryPolicy(maxAttempts: 10, halveAfter: 2, minimumPageSize: 10, regrowAfter: 3)) { _, index in
            index < 4 ? (index % 2 == 0 ? response(500, "") : .failure(.timeout(whileConnecting: false, message: "slow"))) : Self.okPage
        }
        #expect(h.client.currentPageSize == 250)
        let page = try h.client.ordersPage(updatedAtMin: nil, updatedAtMax: nil, after: "x")
        let firsts = (0..<h.transport.requests.count).map { h.transport.variables($0)["first"] as? Int }
        #expect(firsts == [250, 250, 125, 125, 62])
        #expect(page.pageSize == 62)
        #expect(h.client.currentPageSize == 62)
        #expect(h.client.monitor.currentPageSize == 62)
        #expect(h.records.all.map(\.pageSize) == [250, 250, 125, 125, 62])
        // Later pages use the smaller size; after `regrowAfter` good pages it doubles back.
        for _ in 0..<3 { _ = try h.client.ordersPage(updatedAtMin: nil, updatedAtMax: nil, after: "y") }
        #expect(h.client.currentPageSize == 124)
        _ = try h.client.ordersPage(updatedAtMin: nil, updatedAtMax: nil, after: "z", first: 250)
        #expect(h.transport.variables(h.transport.requests.count - 1)["first"] as? Int == 124)
    }

    @Test func circuitBreakerOpensAndProbes() throws {
        let clock = ManualClock()
        let breaker = CircuitBreaker(threshold: 3, coolDown: 60, clock: clock)
        var healthy = false
        let h = Self.harness(retry: RetryPolicy(maxAttempts: 1), breaker: breaker, clock: clock) { _, _ in
            healthy ? Self.okPage : response(502, "")
        }
        for _ in 0..<3 {
            #expect(throws: ShopifyError.self) { try h.client.ordersPage(updatedAtMin: nil, updatedAtMax: nil, after: nil) }
        }
        #expect(breaker.state == .open(until: clock.now() + 60))
        let before = h.transport.requests.count
        #expect { try h.client.ordersPage(updatedAtMin: nil, updatedAtMax: nil, after: nil) } throws: { error in
            (error as? ShopifyError)?.kind == .circuitOpen
        }
        #expect(h.transport.requests.count == before)  // no call while open
        clock.advance(60)
        healthy = true
        _ = try h.client.ordersPage(updatedAtMin: nil, updatedAtMax: nil, after: nil)
        #expect(breaker.state == .closed)
    }

    @Test func clientCredentialsTokenIsFetchedCachedAndRefreshedOnceOn401() throws {
        var issued = 0
        let h = Self.harness(credentials: .clientCredentials(id: "app-id", secret: Self.secret)) { request, _ in
            if request.url.hasSuffix("/admin/oauth/access_token") {
                issued += 1
                return response(200, #"{"access_token":"shpat_issued_\#(issued)","scope":"read_orders,read_customers","expires_in":86399}"#)
            }
            return request.headers["X-Shopify-Access-Token"] == "shpat_issued_1"
                ? Self.okPage
                : response(401, #"{"errors":"[API] Invalid API key or access token (unrecognized login or wrong password)"}"#)
        }
        _ = try h.client.ordersPage(updatedAtMin: nil, updatedAtMax: nil, after: nil)
        _ = try h.client.ordersPage(updatedAtMin: nil, updatedAtMax: nil, after: nil)
        #expect(issued == 1)  // cached
        let tokenRequest = h.transport.requests[0]
        let body = try #require(try JSONSerialization.jsonObject(with: tokenRequest.body!) as? [String: String])
        #expect(body == ["client_id": "app-id", "client_secret": Self.secret, "grant_type": "client_credentials"])
        #expect(tokenRequest.headers["X-Shopify-Access-Token"] == nil)

        issued = 1  // pretend token 1 was revoked: the next call gets 401, refreshes, and succeeds with token 2
        let revoked = Self.harness(credentials: .clientCredentials(id: "app-id", secret: Self.secret)) { request, _ in
            if request.url.hasSuffix("/admin/oauth/access_token") {
                issued += 1
                return response(200, #"{"access_token":"shpat_issued_\#(issued)"}"#)
            }
            return request.headers["X-Shopify-Access-Token"] == "shpat_issued_3" ? Self.okPage : response(401, "")
        }
        _ = try revoked.client.ordersPage(updatedAtMin: nil, updatedAtMax: nil, after: nil)
        #expect(revoked.records.all.map(\.endpoint) == ["oauth token", "graphql orders", "oauth token", "graphql orders"])
        #expect(revoked.records.all.map(\.status) == [200, 401, 200, 200])
    }

    @Test func a401AfterTheRefreshIsAuthFailure() {
        let h = Self.harness(credentials: .clientCredentials(id: "app-id", secret: Self.secret)) { request, _ in
            request.url.hasSuffix("/access_token") ? response(200, #"{"access_token":"shpat_x"}"#) : response(401, "")
        }
        #expect { try h.client.ordersPage(updatedAtMin: nil, updatedAtMax: nil, after: nil) } throws: { error in
            (error as? ShopifyError)?.kind == .authFailed
        }
        #expect(h.records.all.map(\.endpoint) == ["oauth token", "graphql orders", "oauth token", "graphql orders"])

        let fixed = Self.harness { _, _ in response(401, "") }
        #expect { try fixed.client.ordersPage(updatedAtMin: nil, updatedAtMax: nil, after: nil) } throws: { error in
            (error as? ShopifyError)?.kind == .authFailed && (error as? ShopifyError)?.message.contains("LOYALNEST_SHOPIFY_TOKEN") == true
        }
        #expect(fixed.transport.requests.count == 1)

        let badSecret = Self.harness(credentials: .clientCredentials(id: "app-id", secret: Self.secret)) { _, _ in
            response(400, #"{"error":"invalid_client","error_description":"Client authentication failed: \#(Self.secret) is wrong"}"#)
        }
        #expect { try badSecret.client.ordersPage(updatedAtMin: nil, updatedAtMax: nil, after: nil) } throws: { error in
            (error as? ShopifyError)?.kind == .authFailed && (error as? ShopifyError)?.message.contains("client id or secret") == true
        }
    }

    /// Every failing path, including servers that echo the token back: no error text, description, dump or record
    /// may contain the token or the client secret.
    @Test func tokenAndSecretNeverLeak() {
        var texts: [String] = []
        let echo = #"{"errors":"bad token \#(Self.token) / \#(Self.secret)"}"#
        let echoToken = #"{"errors":"bad token \#(Self.token)"}"#
        let scenarios: [(Credentials, (HTTPRequest, Int) -> ScriptedTransport.Answer)] = [
            (.accessToken(Self.token), { _, _ in response(401, echoToken) }),
            (.accessToken(Self.token), { _, _ in response(403, echoToken) }),
            (.accessToken(Self.token), { _, _ in response(404, echoToken) }),
            (.accessToken(Self.token), { _, _ in response(402, echoToken) }),
            (.accessToken(Self.token), { _, _ in response(500, echoToken) }),
            (.accessToken(Self.token), { _, _ in response(429, echoToken, headers: ["Retry-After": "0"]) }),
            (.accessToken(Self.token), { _, _ in response(200, "not json \(Self.token)") }),
            (.accessToken(Self.token), { _, _ in response(200, #"{"errors":[{"message":"\#(Self.token)"}]}"#) }),
            (.accessToken(Self.token), { _, _ in .failure(.timeout(whileConnecting: false, message: Self.token)) }),
            (.accessToken(Self.token), { _, _ in .failure(.other(code: 1, message: Self.token)) }),
            (.clientCredentials(id: "id", secret: Self.secret), { _, _ in response(400, #"{"error":"invalid_client \#(Self.secret)"}"#) }),
            (.clientCredentials(id: "id", secret: Self.secret), { request, _ in
                request.url.hasSuffix("access_token") ? response(200, #"{"access_token":"\#(Self.token)"}"#) : response(401, echo)
            }),
            (.clientCredentials(id: "id", secret: Self.secret), { request, _ in
                request.url.hasSuffix("access_token") ? response(200, #"{"access_token":"\#(Self.token)"}"#) : response(503, echo)
            }),
        ]
        for (credentials, answer) in scenarios {
            let h = Self.harness(credentials: credentials, retry: RetryPolicy(maxAttempts: 2, maxThrottledRetries: 1), answer: answer)
            do {
                _ = try h.client.ordersPage(updatedAtMin: nil, updatedAtMax: nil, after: nil)
                Issue.record("expected a failure")
            } catch {
                texts += [error.message, error.description, String(describing: error), String(reflecting: error), error.requestID ?? ""]
                var dumped = ""
                dump(error, to: &dumped)
                texts.append(dumped)
            }
            do {
                _ = try h.client.deletedOrderEvents(since: 0)
            } catch {
                texts += [error.description, String(reflecting: error)]
            }
            for record in h.records.all {
                texts += [String(describing: record), String(reflecting: record)]
            }
            var config = ""
            dump(h.client.config, to: &config)
            texts += [config, String(describing: h.client.config), "\(credentials)", String(reflecting: credentials)]
        }
        #expect(texts.count > 100)
        for text in texts {
            #expect(!text.contains(Self.token), "leaked token: \(text)")
            #expect(!text.contains(Self.secret), "leaked secret: \(text)")
        }
    }

    @Test func versionFallForwardAndDeprecationAreRecorded() throws {
        let h = Self.harness { _, _ in
            response(200, Generated.page(count: 1), headers: ["X-Shopify-API-Version": "2025-07", "X-Request-Id": "v",
                                                              "X-Shopify-API-Deprecated-Reason": "https://shopify.dev/changelog/x"])
        }
        _ = try h.client.ordersPage(updatedAtMin: nil, updatedAtMax: nil, after: nil)
        #expect(h.records.all.first?.servedVersion == "2025-07")
        #expect(h.records.all.first?.deprecationReason == "https://shopify.dev/changelog/x")
    }

    @Test func cancelStopsAWait() {
        let flag = CancellationFlag()
        let transport = ScriptedTransport { _, _ in
            flag.cancel()  // another thread cancels while the call is in flight
            return response(503, "")
        }
        let client = AdminAPIClient(config: AdminAPIConfig(shopDomain: "d.myshopify.com", credentials: .accessToken(Self.token), baseURL: "http://127.0.0.1:9"),
                                    transport: transport, cancellation: flag, clock: SystemClock(), retryPolicy: RetryPolicy(baseDelay: 30, maxDelay: 30),
                                    random: { 1 })
        let start = Date()
        #expect { try client.ordersPage(updatedAtMin: nil, updatedAtMax: nil, after: nil) } throws: { error in
            (error as? ShopifyError)?.kind == .cancelled
        }
        #expect(Date().timeIntervalSince(start) < 1)
        #expect { try client.customersPage(updatedAtMin: nil, updatedAtMax: nil, after: nil) } throws: { error in
            (error as? ShopifyError)?.kind == .cancelled
        }
        #expect(transport.requests.count == 1)
        client.resumeAfterCancel()
        #expect(!client.cancellation.isCancelled)
    }

    @Test func deletedOrderEventsFollowLinkPagesOnTheShopHostOnly() throws {
        let base = "http://127.0.0.1:9/admin/api/2026-07/events.json"
        let page1 = #"{"events":[{"id":11,"subject_id":5100000000001,"subject_type":"Order","verb":"destroy","created_at":"2026-03-01T07:00:00-05:00","message":"Order #1001 was deleted."}]}"#
        let page2 = #"{"events":[{"id":12,"subject_id":5100000000002,"subject_type":"Order","verb":"destroy","created_at":"2026-03-01T08:00:00-05:00"}]}"#
        let h = Self.harness { request, index in
            index == 0
                ? response(200, page1, headers: ["Link": #"<\#(base)?limit=250&page_info=p2>; rel="next""#, "X-Shopify-Shop-Api-Call-Limit": "3/40"])
                : response(200, page2, headers: ["Link": #"<\#(base)?limit=250&page_info=p1>; rel="previous""#])
        }
        let events = try h.client.deletedOrderEvents(since: Timestamp.make(year: 2026, month: 3, day: 1))
        #expect(events.map(\.orderID) == [5_100_000_000_001, 5_100_000_000_002])
        #expect(h.transport.requests[0].url == "\(base)?filter=Order&verb=destroy&created_at_min=2026-03-01T00%3A00%3A00Z&limit=250")
        #expect(h.transport.requests[1].url == "\(base)?limit=250&page_info=p2")
        #expect(h.transport.requests.allSatisfy { $0.headers["X-Shopify-Access-Token"] == Self.token && $0.method == "GET" })
        #expect(h.records.all.first?.endpoint == "rest events")
        #expect(h.records.all.first?.bucketAvailable == 37)
        #expect(h.records.all.first?.bucketMaximum == 40)

        let foreign = Self.harness { _, _ in response(200, page1, headers: ["Link": #"<https://evil.example/steal?page_info=x>; rel="next""#]) }
        #expect { try foreign.client.deletedOrderEvents(since: 0) } throws: { error in
            (error as? ShopifyError)?.message.contains("another host") == true
        }
        #expect(foreign.transport.requests.count == 1)
    }

    @Test func bulkRunAndPoll() throws {
        let h = Self.harness { request, _ in
            let query = (try? JSONSerialization.jsonObject(with: request.body ?? Data()) as? [String: Any])?["query"] as? String ?? ""
            if query.contains("bulkOperationRunQuery") {
                return .success(HTTPResponse(status: 200, body: (try? Fixture.data("graphql/bulk_run_query_response__airbyte.json")) ?? Data()))
            }
            return .success(HTTPResponse(status: 200, body: (try? Fixture.data("graphql/bulk_node_completed__airbyte.json")) ?? Data()))
        }
        let started = try h.client.runBulkOrdersExport()
        #expect(started.status == .created)
        let variables = h.transport.variables(0)
        #expect((variables["query"] as? String)?.contains("refundLineItems") == true)
        let done = try h.client.pollBulk(id: started.id)
        #expect(done.status == .completed)
        #expect(h.transport.variables(1)["id"] as? String == "gid://shopify/BulkOperation/0")
        #expect(h.records.all.map(\.endpoint) == ["graphql bulk run", "graphql bulk status"])

        let busy = Self.harness { _, _ in
            response(200, #"{"data":{"bulkOperationRunQuery":{"bulkOperation":null,"userErrors":[{"field":null,"message":"A bulk query operation for this app and shop is already in progress"}]}}}"#)
        }
        #expect { try busy.client.runBulkOrdersExport() } throws: { error in
            (error as? ShopifyError)?.kind == .bulkUserError
        }
    }
}
