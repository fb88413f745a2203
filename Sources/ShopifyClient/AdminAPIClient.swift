import Foundation
import LoyaltyCore
import Synchronization

/// State of a client that other threads (the dashboard) may read while the sync thread works.
public final class ClientMonitor: Sendable {
    private let pageSizeValue: Atomic<Int>
    private let bucket = Mutex<ThrottleStatus?>(nil)

    init(pageSize: Int) { pageSizeValue = Atomic(pageSize) }

    /// The `first` the next page call uses (halved after repeated 5xx/timeouts, regrows after successes).
    public var currentPageSize: Int { pageSizeValue.load(ordering: .relaxed) }
    /// The GraphQL bucket as the last response reported it.
    public var lastThrottleStatus: ThrottleStatus? { bucket.withLock { $0 } }

    func setPageSize(_ value: Int) { pageSizeValue.store(value, ordering: .relaxed) }
    func setThrottleStatus(_ value: ThrottleStatus) { bucket.withLock { $0 = value } }
}

/// The Shopify Admin API over one HTTP transport: GraphQL pages of orders and customers, the REST events feed, and
/// bulk exports, with cost pacing, retries, page-size halving, a circuit breaker and token refresh.
///
/// Calls are synchronous and blocking; the sync engine runs them on its own thread. The client is not Sendable (it
/// owns a libcurl handle and pacing state used by that thread); other threads use `cancellation`, `breaker` and
/// `monitor`, which are.
public final class AdminAPIClient {
    public let config: AdminAPIConfig
    public let breaker: CircuitBreaker
    public let monitor: ClientMonitor
    /// Set from any thread to stop the in-flight call and any wait; sticky until `resumeAfterCancel()`.
    public let cancellation: CancellationFlag
    public let retryPolicy: RetryPolicy

    private let transport: any HTTPTransport
    private let clock: any ClientClock
    private let random: @Sendable () -> Double
    private let observer: (@Sendable (APICallRecord) -> Void)?
    public private(set) var pacer = CostPacer()
    private var estimator = CostEstimator()
    private var fetchedToken: String?
    private var pageSize: Int
    private var successesSinceHalving = 0

    /// A client over a new `CurlTransport`.
    public convenience init(config: AdminAPIConfig, clock: any ClientClock = SystemClock(), retryPolicy: RetryPolicy = RetryPolicy(),
                            breaker: CircuitBreaker? = nil,
                            observer: (@Sendable (APICallRecord) -> Void)? = nil) throws(TransportError) {
        let cancellation = CancellationFlag()
        let transport = try CurlTransport(cancellation: cancellation)
        self.init(config: config, transport: transport, cancellation: cancellation, clock: clock, retryPolicy: retryPolicy,
                  breaker: breaker, observer: observer)
    }

    /// `cancellation` must be the flag `transport` watches (for `CurlTransport`, the one it was built with).
    public init(config: AdminAPIConfig, transport: any HTTPTransport, cancellation: CancellationFlag,
                clock: any ClientClock = SystemClock(), retryPolicy: RetryPolicy = RetryPolicy(), breaker: CircuitBreaker? = nil,
                random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) },
                observer: (@Sendable (APICallRecord) -> Void)? = nil) {
        self.config = config
        self.transport = transport
        self.cancellation = cancellation
        self.clock = clock
        self.retryPolicy = retryPolicy
        self.breaker = breaker ?? CircuitBreaker(clock: clock)
        self.random = random
        self.observer = observer
        self.pageSize = config.pageSize
        self.monitor = ClientMonitor(pageSize: config.pageSize)
    }

    public var currentPageSize: Int { pageSize }

    public func cancel() { cancellation.cancel() }
    public func resumeAfterCancel() { cancellation.reset() }

    // MARK: - GraphQL pages

    /// One page of orders with `updatedAtMin <= updatedAt < updatedAtMax`, sorted by updatedAt, after `after`.
    /// `first` is capped by the current page size (which halves after repeated server errors on a page).
    public func ordersPage(updatedAtMin: UnixTime?, updatedAtMax: UnixTime?, after: String?, first: Int? = nil) throws(ShopifyError) -> Page<ShopifyOrder> {
        let search = GraphQLQueries.updatedAtSearch(min: updatedAtMin, max: updatedAtMax)
        return try page(endpoint: "graphql orders", query: GraphQLQueries.orders, search: search, after: after, first: first,
                        decode: ShopifyGraphQL.decodeOrdersPage)
    }

    public func customersPage(updatedAtMin: UnixTime?, updatedAtMax: UnixTime?, after: String?, first: Int? = nil) throws(ShopifyError) -> Page<ShopifyCustomer> {
        let search = GraphQLQueries.updatedAtSearch(min: updatedAtMin, max: updatedAtMax)
        return try page(endpoint: "graphql customers", query: GraphQLQueries.customers, search: search, after: after, first: first,
                        decode: ShopifyGraphQL.decodeCustomersPage)
    }

    private func page<Item: Sendable>(endpoint: String, query: String, search: String?, after: String?, first: Int?,
                                      decode: @escaping (Data) throws(ResponseDecodingError) -> GraphQLResult<Page<Item>>) throws(ShopifyError) -> Page<Item> {
        let asked = min(max(1, first ?? pageSize), pageSize)
        var result = try call(endpoint: endpoint, graphQL: true, first: asked, makeRequest: { first in
            self.graphQLRequest(query: query, variables: GraphQLQueries.pageVariables(first: first ?? asked, after: after, search: search))
        }, decode: { response, _ in Self.decodeGraphQL(response.body, decode) })
        result.value.pageSize = result.first ?? asked
        return result.value
    }

    // MARK: - Bulk operations

    /// Starts a bulk export of all orders (the contract's node shape). Shopify allows one per shop at a time.
    public func runBulkOrdersExport() throws(ShopifyError) -> BulkOperation {
        let variables: [String: JSONValue] = ["query": .string(GraphQLQueries.bulkOrdersInner)]
        return try call(endpoint: "graphql bulk run", graphQL: true, first: nil, makeRequest: { _ in
            self.graphQLRequest(query: GraphQLQueries.bulkRun, variables: variables)
        }, decode: { response, _ in Self.decodeGraphQL(response.body, ShopifyGraphQL.decodeBulkRun) }).value
    }

    /// The status of bulk operation `id` (`node(id:)`).
    public func pollBulk(id: String) throws(ShopifyError) -> BulkOperation {
        let found = try call(endpoint: "graphql bulk status", graphQL: true, first: nil, makeRequest: { _ in
            self.graphQLRequest(query: GraphQLQueries.bulkNode, variables: ["id": .string(id)])
        }, decode: { response, _ in Self.decodeGraphQL(response.body, ShopifyGraphQL.decodeBulkStatus) }).value
        guard let found else {
            throw ShopifyError(.notFound, "Shopify does not know bulk operation \(id); it may have expired. Start a new export.")
        }
        return found
    }

    /// Downloads the bulk result at `url` and hands complete orders (refunds with their line items attached) to
    /// `onOrders` in batches as the bytes arrive; the file is never held in memory. The access token is not sent
    /// (the URL is a signed storage link). Not retried: a broken download is restarted by the caller.
    @discardableResult
    public func streamBulkResult(url: String, batchSize: Int = 250, onOrders: ([ShopifyOrder]) throws -> Void) throws -> BulkStreamSummary {
        if cancellation.isCancelled { throw ShopifyError(.cancelled, "The call was cancelled.") }
        var splitter = JSONLineSplitter()
        var assembler = BulkOrderAssembler(batchSize: batchSize)
        let request = HTTPRequest(method: "GET", url: url, headers: ["User-Agent": config.userAgent],
                                  connectTimeoutMs: config.connectTimeoutMs, totalTimeoutMs: 0, verifyTLS: config.verifyTLS,
                                  followRedirects: true)
        let started = clock.now()
        var record = APICallRecord(startedAt: Date().timeIntervalSince1970, endpoint: "bulk download", status: nil, latencyMs: 0,
                                   bytes: 0, attempt: 1)
        do {
            let response = try transport.stream(request) { chunk in
                try splitter.feed(chunk) { line, number in try assembler.take(line: line, number: number, onOrders: onOrders) }
            }
            fill(&record, from: response)
            record.bytes = max(response.bytesReceived, assembler.summary.bytes)
            record.latencyMs = (clock.now() - started) * 1000
            guard (200..<300).contains(response.status) else {
                let error = ShopifyError.forStatus(response.status, shopifyMessage: ShopifyREST.errorMessage(response.body),
                                                   requestID: record.requestID, attempts: 1)
                record.errorClass = error.kind.rawValue
                record.errorMessage = error.message
                emit(record)
                throw redact(error)
            }
            try splitter.finish { line, number in try assembler.take(line: line, number: number, onOrders: onOrders) }
            try assembler.finish(onOrders: onOrders)
            emit(record)
            return assembler.summary
        } catch let error as TransportError {
            let failure = ShopifyError.forTransport(error, attempts: 1)
            record.latencyMs = (clock.now() - started) * 1000
            record.errorClass = failure.kind.rawValue
            record.errorMessage = failure.message
            record.bytes = assembler.summary.bytes
            emit(record)
            throw redact(failure)
        } catch let error as BulkStreamError {
            record.errorClass = ShopifyError.Kind.invalidResponse.rawValue
            record.errorMessage = error.description
            record.bytes = assembler.summary.bytes
            emit(record)
            throw error
        }
    }

    // MARK: - REST events

    /// Order deletions since `since` from `events.json?filter=Order&verb=destroy`, following `Link: rel="next"`.
    public func deletedOrderEvents(since: UnixTime, limit: Int = 250) throws(ShopifyError) -> [DeletedOrderEvent] {
        var url: String? = "\(config.adminBase)/events.json?filter=Order&verb=destroy&created_at_min="
            + Self.percentEncode(Timestamp.iso8601(since)) + "&limit=\(min(250, max(1, limit)))"
        var events: [DeletedOrderEvent] = []
        var pages = 0
        while let next = url {
            pages += 1
            if pages > 100_000 { throw ShopifyError(.invalidResponse, "The events feed never ended (Link next keeps repeating).") }
            let page = try call(endpoint: "rest events", graphQL: false, first: nil, makeRequest: { _ in
                HTTPRequest(method: "GET", url: next, headers: ["Accept": "application/json", "User-Agent": self.config.userAgent],
                            connectTimeoutMs: self.config.connectTimeoutMs, totalTimeoutMs: self.config.totalTimeoutMs,
                            verifyTLS: self.config.verifyTLS)
            }, decode: { response, _ -> Decoded<([DeletedOrderEvent], String?)> in
                do throws(ResponseDecodingError) {
                    return .value((try ShopifyREST.decodeDeletedOrderEvents(response.body), LinkHeader(response.headers["Link"]).next))
                } catch {
                    return .invalid(error)
                }
            }).value
            events += page.0
            url = try page.1.map { link throws(ShopifyError) in try sameOrigin(link) }
        }
        return events
    }

    /// A Link URL as an absolute URL on the shop's host: the token is never sent anywhere else.
    private func sameOrigin(_ link: String) throws(ShopifyError) -> String {
        if link.hasPrefix("/") { return config.baseURL + link }
        guard link.hasPrefix(config.baseURL + "/") else {
            throw ShopifyError(.invalidResponse, "Shopify's next-page link points to another host (\(URLComponents(string: link)?.host ?? "?")); "
                + "it was not followed so the access token stays with the shop. Check the shop URL.")
        }
        return link
    }

    static func percentEncode(_ text: String) -> String {
        var allowed = CharacterSet.urlQueryAllowed
        allowed.remove(charactersIn: "+&=:")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    // MARK: - The call loop

    enum Decoded<T> {
        case value(T)
        case throttled(QueryCost?)
        case queryErrors([GraphQLError], QueryCost?)
        case invalid(ResponseDecodingError)

        var cost: QueryCost? {
            switch self {
            case .throttled(let cost), .queryErrors(_, let cost): return cost
            case .value, .invalid: return nil
            }
        }
    }

    static func decodeGraphQL<T>(_ body: Data, _ decode: (Data) throws(ResponseDecodingError) -> GraphQLResult<T>) -> (Decoded<T>, QueryCost?) {
        do {
            switch try decode(body) {
            case .data(let value, let cost): return (.value(value), cost)
            case .throttled(let cost): return (.throttled(cost), cost)
            case .queryErrors(let errors, let cost): return (.queryErrors(errors, cost), cost)
            }
        } catch {
            return (.invalid(error), nil)
        }
    }

    private func graphQLRequest(query: String, variables: [String: JSONValue]) -> HTTPRequest {
        HTTPRequest(method: "POST", url: config.graphQLURL,
                    headers: ["Content-Type": "application/json", "Accept": "application/json", "User-Agent": config.userAgent],
                    body: GraphQLQueries.body(query: query, variables: variables),
                    connectTimeoutMs: config.connectTimeoutMs, totalTimeoutMs: config.totalTimeoutMs, verifyTLS: config.verifyTLS)
    }

    private func call<T>(endpoint: String, graphQL: Bool, first: Int?, needsToken: Bool = true,
                         makeRequest: (Int?) -> HTTPRequest,
                         decode: (HTTPResponse, Int?) -> Decoded<T>) throws(ShopifyError) -> (value: T, first: Int?) {
        try call(endpoint: endpoint, graphQL: graphQL, first: first, needsToken: needsToken, makeRequest: makeRequest,
                 decode: { response, first -> (Decoded<T>, QueryCost?) in let d = decode(response, first); return (d, d.cost) })
    }

    private func call<T>(endpoint: String, graphQL: Bool, first initialFirst: Int?, needsToken: Bool = true,
                         makeRequest: (Int?) -> HTTPRequest,
                         decode: (HTTPResponse, Int?) -> (Decoded<T>, QueryCost?)) throws(ShopifyError) -> (value: T, first: Int?) {
        var first = initialFirst
        var attempt = 0
        var failures = 0
        var throttles = 0
        var consecutiveServer = 0
        var refreshed = false
        var lastRequestID: String?

        func backoffOrCancel(_ seconds: Double) throws(ShopifyError) {
            guard seconds <= 0 || clock.sleep(seconds, cancellation: cancellation) else {
                throw ShopifyError(.cancelled, "The call was cancelled while waiting to retry.", attempts: attempt)
            }
        }
        func noteServerFailure() {
            breaker.recordFailure()
            failures += 1
            consecutiveServer += 1
            if let current = first, consecutiveServer >= retryPolicy.halveAfter, current > retryPolicy.minimumPageSize {
                let halved = max(retryPolicy.minimumPageSize, current / 2)
                first = halved
                consecutiveServer = 0
                successesSinceHalving = 0
                if halved < pageSize {
                    pageSize = halved
                    monitor.setPageSize(halved)
                }
            }
        }

        while true {
            if cancellation.isCancelled { throw ShopifyError(.cancelled, "The call was cancelled.", attempts: attempt) }
            guard breaker.allowCall() else {
                var until = ""
                if case .open(let at) = breaker.state { until = " for about \(Int((at - clock.now()).rounded(.up))) s more" }
                throw ShopifyError(.circuitOpen, "Calls to Shopify are paused\(until) after \(breaker.threshold) failures in a row "
                    + "(circuit breaker open). They resume automatically with a probe call.", requestID: lastRequestID, attempts: attempt)
            }
            if graphQL {
                let wait = pacer.delay(forRequested: estimator.estimate(endpoint: endpoint, first: first ?? 1), at: clock.now())
                try backoffOrCancel(wait)
            }
            var request = makeRequest(first)
            if needsToken { request.headers.set("X-Shopify-Access-Token", try currentToken()) }
            attempt += 1
            let started = clock.now()
            var record = APICallRecord(startedAt: Date().timeIntervalSince1970, endpoint: endpoint, status: nil, latencyMs: 0,
                                       bytes: 0, attempt: attempt, pageSize: first)
            let response: HTTPResponse
            do {
                response = try transport.perform(request)
            } catch {
                record.latencyMs = (clock.now() - started) * 1000
                let failure = ShopifyError.forTransport(error, attempts: attempt)
                record.errorClass = failure.kind.rawValue
                record.errorMessage = failure.message
                emit(record)
                if error == .cancelled { throw redact(failure) }
                guard RetryPolicy.isRetryable(error) else { throw redact(failure) }
                noteServerFailure()
                if failures >= retryPolicy.maxAttempts { throw redact(failure) }
                try backoffOrCancel(retryPolicy.backoff(attempt: failures, unit: random()))
                continue
            }
            fill(&record, from: response)
            record.latencyMs = response.totalTime > 0 ? response.totalTime * 1000 : (clock.now() - started) * 1000
            lastRequestID = record.requestID ?? lastRequestID

            switch RetryPolicy.disposition(status: response.status) {
            case .success:
                let (decoded, cost) = decode(response, first)
                observe(cost, endpoint: endpoint, first: first, into: &record)
                switch decoded {
                case .value(let value):
                    emit(record)
                    breaker.recordSuccess()
                    if first != nil { notePageSuccess() }
                    return (value, first)
                case .throttled:
                    record.errorClass = "throttled"
                    record.errorMessage = "THROTTLED: the shop's query cost bucket was empty"
                    emit(record)
                    throttles += 1
                    if throttles > retryPolicy.maxThrottledRetries {
                        throw redact(ShopifyError(.rateLimited, "Shopify kept answering THROTTLED after \(throttles) waits. Another app "
                            + "may be using the shop's query budget; the next sync continues where this one stopped.",
                            status: response.status, requestID: record.requestID, attempts: attempt))
                    }
                    try backoffOrCancel(throttleWait(cost, endpoint: endpoint, first: first))
                case .queryErrors(let errors, _):
                    let failure = queryError(errors, endpoint: endpoint, requestID: record.requestID, attempts: attempt)
                    record.errorClass = failure.kind.rawValue
                    record.errorMessage = failure.message
                    emit(record)
                    breaker.recordSuccess()  // Shopify answered; the request itself is wrong
                    throw redact(failure)
                case .invalid(let problem):
                    record.errorClass = ShopifyError.Kind.invalidResponse.rawValue
                    record.errorMessage = problem.message
                    emit(record)
                    breaker.recordFailure()
                    failures += 1
                    if failures >= retryPolicy.maxAttempts {
                        throw redact(ShopifyError(.invalidResponse, "Shopify's answer could not be read on every retry: \(problem.message)",
                                                  status: response.status, requestID: record.requestID, attempts: attempt))
                    }
                    try backoffOrCancel(retryPolicy.backoff(attempt: failures, unit: random()))
                }

            case .rateLimited:
                let retryAfter = RetryPolicy.retryAfterSeconds(response.headers["Retry-After"])
                var wait: Double
                if graphQL, retryAfter == nil, case (.throttled, let cost) = decode(response, first) {
                    observe(cost, endpoint: endpoint, first: first, into: &record)
                    record.errorClass = "throttled"
                    record.errorMessage = "THROTTLED (HTTP 429): the shop's query cost bucket was empty"
                    wait = throttleWait(cost, endpoint: endpoint, first: first)
                } else {
                    record.errorClass = ShopifyError.Kind.rateLimited.rawValue
                    record.errorMessage = "rate limited (429)" + (retryAfter.map { ", Retry-After \($0) s" } ?? "")
                    wait = retryAfter ?? retryPolicy.backoff(attempt: throttles + 1, unit: random())
                }
                emit(record)
                throttles += 1
                if throttles > retryPolicy.maxThrottledRetries {
                    throw redact(ShopifyError.forStatus(429, shopifyMessage: ShopifyREST.errorMessage(response.body),
                                                        requestID: record.requestID, attempts: attempt))
                }
                wait = min(wait, 600)
                try backoffOrCancel(wait)

            case .serverError:
                let failure = ShopifyError.forStatus(response.status, shopifyMessage: ShopifyREST.errorMessage(response.body),
                                                     requestID: record.requestID, attempts: attempt)
                record.errorClass = failure.kind.rawValue
                record.errorMessage = failure.message
                emit(record)
                noteServerFailure()
                if failures >= retryPolicy.maxAttempts { throw redact(failure) }
                try backoffOrCancel(retryPolicy.backoff(attempt: failures, unit: random()))

            case .unauthorized:
                let failure = ShopifyError.forStatus(401, shopifyMessage: ShopifyREST.errorMessage(response.body),
                                                     requestID: record.requestID, attempts: attempt)
                record.errorClass = failure.kind.rawValue
                record.errorMessage = failure.message
                emit(record)
                breaker.recordSuccess()
                if needsToken, case .clientCredentials = config.credentials, !refreshed {
                    refreshed = true
                    fetchedToken = nil  // fetch a fresh one, once
                    continue
                }
                throw redact(failure)

            case .fail:
                let failure = ShopifyError.forStatus(response.status, shopifyMessage: ShopifyREST.errorMessage(response.body),
                                                     requestID: record.requestID, attempts: attempt)
                record.errorClass = failure.kind.rawValue
                record.errorMessage = failure.message
                emit(record)
                breaker.recordSuccess()
                throw redact(failure)
            }
        }
    }

    private func observe(_ cost: QueryCost?, endpoint: String, first: Int?, into record: inout APICallRecord) {
        guard let cost else { return }
        pacer.observe(cost, at: clock.now())
        estimator.record(endpoint: endpoint, requested: cost.requested, first: first ?? 1)
        record.requestedCost = cost.requested
        record.actualCost = cost.actual
        if let status = cost.throttleStatus {
            record.bucketAvailable = status.currentlyAvailable
            record.bucketMaximum = status.maximumAvailable
            record.restoreRate = status.restoreRate
            monitor.setThrottleStatus(status)
        }
    }

    /// After THROTTLED: wait until the bucket holds the requested cost (never less than a second).
    private func throttleWait(_ cost: QueryCost?, endpoint: String, first: Int?) -> Double {
        let requested = cost?.requested ?? estimator.estimate(endpoint: endpoint, first: first ?? 1)
        return max(1, pacer.delay(forRequested: requested, at: clock.now()))
    }

    private func notePageSuccess() {
        guard pageSize < config.pageSize else { return }
        successesSinceHalving += 1
        if successesSinceHalving >= retryPolicy.regrowAfter {
            successesSinceHalving = 0
            pageSize = min(config.pageSize, pageSize * 2)
            monitor.setPageSize(pageSize)
        }
    }

    private func queryError(_ errors: [GraphQLError], endpoint: String, requestID: String?, attempts: Int) -> ShopifyError {
        let listed = errors.map(\.description).joined(separator: "; ")
        if errors.contains(where: { $0.code == "USER_ERROR" }) {
            return ShopifyError(.bulkUserError, "Shopify refused to start the bulk export: \(listed). Only one bulk operation can "
                + "run per shop at a time; wait for the current one to finish.", requestID: requestID, attempts: attempts)
        }
        if errors.contains(where: { $0.code == "ACCESS_DENIED" }) {
            return ShopifyError(.forbidden, "Shopify denied access to part of the \(endpoint) query: \(listed). Grant the app the "
                + "missing scope or protected customer data access, then reinstall it.", requestID: requestID, attempts: attempts)
        }
        return ShopifyError(.queryError, "Shopify rejected the \(endpoint) query: \(listed). This is likely a LoyalNest bug or an "
            + "unsupported API version (\(config.apiVersion)); report it with the request id.", requestID: requestID, attempts: attempts)
    }

    private func fill(_ record: inout APICallRecord, from response: HTTPResponse) {
        record.status = response.status
        record.requestID = response.headers["X-Request-Id"]
        record.bytes = response.bytesReceived
        if let served = response.headers["X-Shopify-API-Version"], served != config.apiVersion { record.servedVersion = served }
        record.deprecationReason = response.headers["X-Shopify-API-Deprecated-Reason"]
        if let limit = response.headers["X-Shopify-Shop-Api-Call-Limit"] {
            let parts = limit.split(separator: "/")
            if parts.count == 2, let used = Double(parts[0]), let max = Double(parts[1]) {
                record.bucketAvailable = max - used
                record.bucketMaximum = max
            }
        }
    }

    private func emit(_ record: APICallRecord) {
        guard let observer else { return }
        var clean = record
        clean.errorMessage = record.errorMessage.map(redact)
        observer(clean)
    }

    // MARK: - Tokens and redaction

    private func currentToken() throws(ShopifyError) -> String {
        switch config.credentials {
        case .accessToken(let token):
            return token
        case .clientCredentials(let id, let secret):
            if let fetchedToken { return fetchedToken }
            let token = try fetchToken(id: id, secret: secret)
            fetchedToken = token
            return token
        }
    }

    private func fetchToken(id: String, secret: String) throws(ShopifyError) -> String {
        let body = JSONValue.object(["client_id": .string(id), "client_secret": .string(secret),
                                     "grant_type": .string("client_credentials")]).serialized
        do {
            return try call(endpoint: "oauth token", graphQL: false, first: nil, needsToken: false, makeRequest: { _ in
                HTTPRequest(method: "POST", url: self.config.tokenURL,
                            headers: ["Content-Type": "application/json", "Accept": "application/json", "User-Agent": self.config.userAgent],
                            body: Data(body.utf8), connectTimeoutMs: self.config.connectTimeoutMs,
                            totalTimeoutMs: self.config.totalTimeoutMs, verifyTLS: self.config.verifyTLS)
            }, decode: { response, _ -> Decoded<String> in
                struct TokenBody: Decodable { let access_token: String? }
                guard let token = (try? JSONDecoder().decode(TokenBody.self, from: response.body))?.access_token, !token.isEmpty else {
                    return .invalid(ResponseDecodingError("the token response has no access_token"))
                }
                return .value(token)
            }).value
        } catch where [.badRequest, .authFailed, .forbidden, .notFound].contains(error.kind) {
            throw redact(ShopifyError(.authFailed, "Shopify refused the app's client credentials (HTTP \(error.status.map(String.init) ?? "?")): "
                + "the client id or secret is wrong, or the app is not installed on \(config.shopDomain). Check them in the "
                + "Dev Dashboard and update the configuration.", status: error.status, requestID: error.requestID, attempts: error.attempts))
        }
    }

    private var secrets: [String] {
        (config.credentials.secrets + [fetchedToken].compactMap { $0 }).filter { $0.count >= 4 }
    }

    private func redact(_ text: String) -> String {
        var out = text
        for secret in secrets where out.contains(secret) {
            out = out.replacingOccurrences(of: secret, with: "<redacted>")
        }
        return out
    }

    private func redact(_ error: ShopifyError) -> ShopifyError {
        var clean = error
        clean.message = redact(error.message)
        clean.requestID = error.requestID.map(redact)
        return clean
    }
}
