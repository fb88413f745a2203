import FlyingFox
import Foundation

/// FlyingFox's entry point: every request goes through `ShopifySimulator.respond(to:)`.
struct SimulatorHTTPHandler: HTTPHandler {
    let simulator: ShopifySimulator

    func handleRequest(_ request: HTTPRequest) async throws -> HTTPResponse {
        await simulator.respond(to: request).http()
    }
}

/// One Admin API call after the path is understood.
struct AdminCall {
    enum Resource: String { case graphql = "graphql.json", orders = "orders.json", events = "events.json", shop = "shop.json" }
    var resource: Resource
    var requestedVersion: String
    var servedVersion: String
}

extension ShopifySimulator {
    func respond(to request: HTTPRequest) async -> SimResponse {
        var response = await route(request)
        response.headers.append(("X-Request-Id", UUID().uuidString))
        if !response.headers.contains(where: { $0.0 == "X-Shopify-API-Version" }) {
            response.headers.append(("X-Shopify-API-Version", SimulatorAPIVersions.newest))
        }
        let bytes = response.bodyCount
        control.withLock {
            $0.counters.requests += 1
            $0.counters.bodyBytes += bytes
        }
        return response
    }

    private func route(_ request: HTTPRequest) async -> SimResponse {
        let path = request.path
        if path == "/admin/oauth/access_token" {
            guard request.method == .POST else { return .errors(405, "Method Not Allowed") }
            return await issueToken(request)
        }
        if path.hasPrefix("/bulk/"), path.hasSuffix(".jsonl") {
            let id = path.dropFirst("/bulk/".count).dropLast(".jsonl".count)
            return bulkFile(id: Int(id))
        }
        let parts = path.split(separator: "/", omittingEmptySubsequences: true)
        guard parts.count == 4, parts[0] == "admin", parts[1] == "api",
              let resource = AdminCall.Resource(rawValue: String(parts[3])) else {
            return .errors(404, "Not Found")
        }
        let requested = String(parts[2])
        let call = AdminCall(resource: resource, requestedVersion: requested,
                             servedVersion: SimulatorAPIVersions.served(for: requested))
        let expected: HTTPMethod = resource == .graphql ? .POST : .GET
        guard request.method == expected else { return .errors(405, "Method Not Allowed") }
        return await admin(call, request)
    }

    /// Auth, the call-level faults, the handler, then the body-level faults.
    private func admin(_ call: AdminCall, _ request: HTTPRequest) async -> SimResponse {
        let token = request.headers[HTTPHeader("X-Shopify-Access-Token")]
        var versionHeaders = [("X-Shopify-API-Version", call.servedVersion)]
        let pre = control.withLock { c -> SimResponse? in
            if call.resource == .graphql { c.counters.graphQLRequests += 1 } else { c.counters.restRequests += 1 }
            var revoked = false
            if c.faults.authRevokedCallsLeft > 0 {
                revoked = true
                c.faults.authRevokedCallsLeft -= 1
            } else if c.faults.roll(.auth) {
                c.counters.faultsInjected += 1
                c.tokens.revokeAll()
                revoked = true
                c.faults.authRevokedCallsLeft = max(1, options.authRevokedCalls) - 1
            }
            let valid = c.tokens.isValid(token, revoked: revoked)
            if revoked, c.faults.authRevokedCallsLeft == 0 { c.tokens.restore() }
            guard valid else {
                c.counters.unauthorized += 1
                return .errors(401, SimResponse.unauthorizedMessage)
            }
            if c.faults.serverErrorBurstLeft > 0 || c.faults.roll(.serverError) {
                if c.faults.serverErrorBurstLeft == 0 { c.faults.serverErrorBurstLeft = 1 + c.faults.pick(3) }
                c.faults.serverErrorBurstLeft -= 1
                c.counters.faultsInjected += 1
                let status = [500, 502, 503][c.faults.pick(3)]
                return status == 500 ? .errors(500, "Internal Server Error")
                    : SimResponse(status: status, json: Data("<html><body><h1>\(status) \(SimResponse.phrase(status))</h1></body></html>".utf8),
                                  headers: []).withContentType("text/html; charset=utf-8")
            }
            if c.faults.roll(.retryAfter) {
                c.counters.faultsInjected += 1
                return .errors(429, "Exceeded 2 calls per second for api client. Reduce request rates to resume uninterrupted service.",
                               headers: [("Retry-After", "1.0")])
            }
            return nil
        }
        if var early = pre {
            early.headers.append(contentsOf: versionHeaders)
            return early
        }
        let (slow, truncate, invalid, version) = control.withLock { c in
            (c.faults.roll(.slow), c.faults.roll(.truncate), c.faults.roll(.invalidJSON), c.faults.roll(.version))
        }
        if slow {
            control.withLock { $0.counters.faultsInjected += 1 }
            try? await Task.sleep(for: .seconds(options.slowResponseSeconds))
        }
        var response: SimResponse
        switch call.resource {
        case .graphql: response = await graphQL(request)
        case .orders: response = restOrders(request, call: call)
        case .events: response = restEvents(request, call: call)
        case .shop: response = restShop(request)
        }
        if version {
            let other = call.servedVersion == SimulatorAPIVersions.oldest ? SimulatorAPIVersions.newest : SimulatorAPIVersions.oldest
            versionHeaders = [("X-Shopify-API-Version", other),
                              ("X-Shopify-API-Deprecated-Reason", "https://shopify.dev/api/usage/versioning#deprecation-practices")]
        }
        response.headers.append(contentsOf: versionHeaders)
        if response.status == 200, case .bytes(let data) = response.body, data.count > 2 {
            if invalid {
                response.body = .bytes(data.prefix(data.count / 2) + Data("<!-- upstream error -->".utf8))
            } else if truncate {
                response.truncateTo = data.count / 2
            }
            if invalid || truncate || version { control.withLock { $0.counters.faultsInjected += 1 } }
        }
        return response
    }

    /// `POST /admin/oauth/access_token` (client credentials).
    private func issueToken(_ request: HTTPRequest) async -> SimResponse {
        let body = (try? await request.bodyData) ?? Data()
        let fields = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:]
        let grant = fields["grant_type"] as? String
        guard grant == nil || grant == "client_credentials" else {
            return Self.oauthError("unsupported_grant_type", "The grant type is not supported.")
        }
        let id = fields["client_id"] as? String ?? ""
        let secret = fields["client_secret"] as? String ?? ""
        guard let token = control.withLock({ $0.tokens.issue(clientID: id, clientSecret: secret) }) else {
            return Self.oauthError("invalid_client", "Client authentication failed: unknown client or wrong secret.")
        }
        var w = JSONBuffer(capacity: 160)
        w.raw("{\"access_token\":"); w.string(token)
        w.raw(",\"scope\":\"read_orders,read_customers\",\"expires_in\":86399}")
        return SimResponse(status: 200, json: w)
    }

    private static func oauthError(_ code: String, _ text: String) -> SimResponse {
        var w = JSONBuffer(capacity: 160)
        w.raw("{\"error\":"); w.string(code); w.raw(",\"error_description\":"); w.string(text); w.byte(125)
        return SimResponse(status: 400, json: w)
    }

    var wallNow: Int64 { options.wallClock() }
}

extension SimResponse {
    func withContentType(_ type: String) -> SimResponse {
        var copy = self
        copy.headers.removeAll { $0.0 == "Content-Type" }
        copy.headers.append(("Content-Type", type))
        return copy
    }
}
