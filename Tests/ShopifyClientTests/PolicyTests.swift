import Foundation
import Testing
@testable import ShopifyClient

@Suite struct CostPacerTests {
    let status = ThrottleStatus(maximumAvailable: 1000, currentlyAvailable: 100, restoreRate: 50)

    @Test func waitsForTheMissingPointsInWholeSeconds() {
        var pacer = CostPacer()
        #expect(pacer.delay(forRequested: 752, at: 0) == 0)  // nothing known yet
        pacer.observe(QueryCost(requested: 752, actual: 752, throttleStatus: status), at: 0)
        #expect(pacer.delay(forRequested: 752, at: 0) == 14)  // ceil(652 / 50)
        #expect(pacer.estimatedAvailable(at: 10) == 600)
        #expect(pacer.delay(forRequested: 752, at: 10) == 4)  // ceil(152 / 50)
        #expect(pacer.delay(forRequested: 600, at: 10) == 0)
        #expect(pacer.delay(forRequested: 601, at: 10) == 1)
        #expect(pacer.estimatedAvailable(at: 1000) == 1000)  // capped at the maximum
        #expect(pacer.delay(forRequested: 5000, at: 0) == 18)  // larger than the bucket: wait for a full bucket
        #expect(pacer.delay(forRequested: 100, at: -5) == 0)
    }

    @Test func everyResponseUpdatesTheBucketNeverAConstant() {
        var pacer = CostPacer()
        pacer.observe(QueryCost(requested: 10, actual: 10, throttleStatus: ThrottleStatus(maximumAvailable: 2000, currentlyAvailable: 0, restoreRate: 100)), at: 5)
        #expect(pacer.delay(forRequested: 250, at: 5) == 3)  // ceil(250 / 100)
        pacer.observe(QueryCost(requested: 10, actual: nil, throttleStatus: nil), at: 6)  // no status: keep the last one
        #expect(pacer.lastStatus?.restoreRate == 100)
        pacer.observe(QueryCost(requested: 10, actual: 10, throttleStatus: ThrottleStatus(maximumAvailable: 100, currentlyAvailable: 0, restoreRate: 200)), at: 7)
        #expect(pacer.delay(forRequested: 250, at: 7) == 1)  // capped at 100 points, 200/s
    }

    @Test func costEstimateScalesWithPageSize() {
        var estimator = CostEstimator()
        #expect(estimator.estimate(endpoint: "graphql orders", first: 250) == 0)
        estimator.record(endpoint: "graphql orders", requested: 752, first: 250)
        #expect(estimator.estimate(endpoint: "graphql orders", first: 250) == 752)
        #expect(estimator.estimate(endpoint: "graphql orders", first: 125) == 376)
        #expect(estimator.estimate(endpoint: "graphql customers", first: 250) == 0)
    }
}

@Suite struct RetryPolicyTests {
    @Test(arguments: [(200, RetryPolicy.Disposition.success), (204, .success), (429, .rateLimited), (500, .serverError),
                      (502, .serverError), (503, .serverError), (504, .serverError), (401, .unauthorized), (402, .fail),
                      (403, .fail), (404, .fail), (400, .fail), (422, .fail), (501, .fail)])
    func classification(status: Int, expected: RetryPolicy.Disposition) {
        #expect(RetryPolicy.disposition(status: status) == expected)
    }

    @Test func fullJitterBackoff() {
        let policy = RetryPolicy(baseDelay: 0.5, maxDelay: 8)
        #expect(policy.backoff(attempt: 1, unit: 1) == 0.5)
        #expect(policy.backoff(attempt: 3, unit: 1) == 2)
        #expect(policy.backoff(attempt: 3, unit: 0.5) == 1)
        #expect(policy.backoff(attempt: 10, unit: 1) == 8)
        #expect(policy.backoff(attempt: 10, unit: 0) == 0)
    }

    @Test func retryAfterIsSecondsAsADecimal() {
        #expect(RetryPolicy.retryAfterSeconds("2.0") == 2)
        #expect(RetryPolicy.retryAfterSeconds(" 1.5 ") == 1.5)
        #expect(RetryPolicy.retryAfterSeconds("Wed, 21 Oct 2015 07:28:00 GMT") == nil)
        #expect(RetryPolicy.retryAfterSeconds(nil) == nil)
        #expect(RetryPolicy.retryAfterSeconds("-1") == nil)
    }

    @Test func transportErrorsWorthRetrying() {
        #expect(RetryPolicy.isRetryable(.timeout(whileConnecting: false, message: "")))
        #expect(RetryPolicy.isRetryable(.truncated("")))
        #expect(RetryPolicy.isRetryable(.couldNotConnect("")))
        #expect(!RetryPolicy.isRetryable(.cancelled))
        #expect(!RetryPolicy.isRetryable(.tls("")))
    }
}

@Suite struct CircuitBreakerTests {
    @Test func opensHalfOpensAndCloses() {
        let clock = ManualClock()
        let breaker = CircuitBreaker(threshold: 3, coolDown: 30, clock: clock)
        #expect(breaker.state == .closed)
        breaker.recordFailure()
        breaker.recordFailure()
        breaker.recordSuccess()  // a success resets the count
        breaker.recordFailure()
        breaker.recordFailure()
        #expect(breaker.state == .closed)
        breaker.recordFailure()
        #expect(breaker.state == .open(until: clock.now() + 30))
        #expect(!breaker.allowCall())
        clock.advance(29)
        #expect(!breaker.allowCall())
        clock.advance(1)
        #expect(breaker.allowCall())  // the probe
        #expect(breaker.state == .halfOpen)
        breaker.recordFailure()  // probe failed: open again
        #expect(breaker.state == .open(until: clock.now() + 30))
        clock.advance(30)
        #expect(breaker.allowCall())
        breaker.recordSuccess()
        #expect(breaker.state == .closed)
        #expect(breaker.consecutiveFailures == 0)
    }
}

@Suite struct LinkHeaderTests {
    @Test func shopifyPagination() {
        let header = #"<https://shop.myshopify.com/admin/api/2026-07/events.json?limit=50&page_info=eyJsYXN0X2lkIjo0fQ>; rel="previous", <https://shop.myshopify.com/admin/api/2026-07/events.json?limit=50&page_info=eyJkaXJlY3Rpb24iOiJuZXh0In0%3D>; rel="next""#
        let link = LinkHeader(header)
        #expect(link.links.count == 2)
        #expect(link.next == "https://shop.myshopify.com/admin/api/2026-07/events.json?limit=50&page_info=eyJkaXJlY3Rpb24iOiJuZXh0In0%3D")
        #expect(link.previous?.hasSuffix("page_info=eyJsYXN0X2lkIjo0fQ") == true)
        #expect(LinkHeader.pageInfo(in: link.next!) == "eyJkaXJlY3Rpb24iOiJuZXh0In0=")
    }

    @Test func oddButValidForms() {
        let link = LinkHeader(#"<https://a.example/x?a=1,2>; title="a, b"; REL=next , <https://a.example/y>;rel="prev previous""#)
        #expect(link.next == "https://a.example/x?a=1,2")
        #expect(link.links.first?.parameters["title"] == "a, b")
        #expect(link.previous == "https://a.example/y")
        #expect(LinkHeader(nil).links.isEmpty)
        #expect(LinkHeader("garbage").next == nil)
        #expect(LinkHeader(#"<https://a.example/only>; rel="previous""#).next == nil)
    }
}

@Suite struct WebhookSignatureTests {
    @Test func knownVectors() throws {
        // RFC 4231 test case 2.
        let body = Data("what do ya want for nothing?".utf8)
        #expect(WebhookSignature.sign(body: body, secret: "Jefe") == "W9zBRr9gdU5qBCQmCJV1x1oAPwidJzmDnexYuWTsOEM=")
        #expect(WebhookSignature.isValid(body: body, secret: "Jefe", header: "W9zBRr9gdU5qBCQmCJV1x1oAPwidJzmDnexYuWTsOEM="))
        // Shopify's published orders/create sample, signed with "hush" (computed independently with Python's hmac).
        let order = try Fixture.data("webhooks/orders_create.json")
        #expect(WebhookSignature.sign(body: order, secret: "hush") == "EdyGzjB9xMMf9acol52S2JmJWCQyglqgpo+VNN5kBzI=")
        #expect(WebhookSignature.isValid(body: order, secret: "hush", header: "EdyGzjB9xMMf9acol52S2JmJWCQyglqgpo+VNN5kBzI="))
    }

    @Test func tamperingAndBadHeadersAreRejected() throws {
        let body = try Fixture.data("webhooks/refunds_create.json")
        let signature = WebhookSignature.sign(body: body, secret: "s3cret")
        #expect(WebhookSignature.isValid(body: body, secret: "s3cret", header: signature))
        var altered = body
        altered[altered.count / 2] ^= 0x01
        #expect(!WebhookSignature.isValid(body: altered, secret: "s3cret", header: signature))
        #expect(!WebhookSignature.isValid(body: body + Data(" ".utf8), secret: "s3cret", header: signature))
        #expect(!WebhookSignature.isValid(body: body, secret: "other", header: signature))
        #expect(!WebhookSignature.isValid(body: body, secret: "s3cret", header: nil))
        #expect(!WebhookSignature.isValid(body: body, secret: "s3cret", header: "not base64!"))
        #expect(!WebhookSignature.isValid(body: body, secret: "s3cret", header: String(signature.dropLast(4))))
    }
}
