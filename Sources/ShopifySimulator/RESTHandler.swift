import FlyingFox
import Foundation

/// The REST Admin endpoints: orders.json and events.json with Link pagination, shop.json, and the 40-call
/// bucket leaking 2 calls a second behind `X-Shopify-Shop-Api-Call-Limit`.
extension ShopifySimulator {
    /// Takes one call from the REST bucket: nil and the header when admitted, or the 429.
    private func restAdmit() -> (SimResponse?, (String, String)) {
        let now = options.clock.now()
        return control.withLock { c in
            guard options.throttling else { return (nil, ("X-Shopify-Shop-Api-Call-Limit", "1/40")) }
            let admitted = c.restBucket.admit(cost: 1, now: now)
            let used = Int((c.restBucket.capacity - c.restBucket.available).rounded(.up))
            let header = ("X-Shopify-Shop-Api-Call-Limit", "\(max(admitted ? 1 : 0, min(40, used)))/40")
            guard admitted else {
                c.counters.restThrottled += 1
                return (.errors(429, "Exceeded 2 calls per second for api client. Reduce request rates to resume uninterrupted service.",
                                headers: [header, ("Retry-After", "2.0")]), header)
            }
            return (nil, header)
        }
    }

    private enum Parsed {
        case success(ListRequest)
        case failure(SimResponse)
    }

    private struct ListRequest {
        var limit: Int
        var pageInfo: RESTPageInfo?
        var window: UpdatedWindow
        var status: String
    }

    /// Validates limit / page_info / filters shared by the list endpoints.
    private func listRequest(_ request: HTTPRequest, resource: String, minName: String, maxName: String?,
                             defaultStatus: String) -> Parsed {
        let q = request.query
        var limit = 50
        if let text = q["limit"] {
            guard let n = Int(text), n >= 1 else { return .failure(.errors(400, "limit: must be a number from 1 to 250")) }
            guard n <= 250 else { return .failure(.errors(400, "limit: must be less than or equal to 250")) }
            limit = n
        }
        if let token = q["page_info"] {
            let extra = q.map(\.name).filter { !["page_info", "limit", "fields"].contains($0) }
            guard extra.isEmpty else {
                return .failure(.errors(400, "page_info: only limit and fields may be given with page_info (got \(extra.joined(separator: ", ")))"))
            }
            guard let info = RESTPageInfo.decode(token), info.resource == resource else {
                return .failure(.errors(400, "page_info - Invalid value."))
            }
            return .success(ListRequest(limit: limit, pageInfo: info, window: info.window, status: info.status))
        }
        var window = UpdatedWindow()
        if let text = q[minName] {
            guard let t = SimTime.parse(text) else { return .failure(.errors(400, "\(minName): invalid date \(text)")) }
            window.from = t
        }
        if let maxName, let text = q[maxName] {
            guard let t = SimTime.parse(text) else { return .failure(.errors(400, "\(maxName): invalid date \(text)")) }
            window.to = t + 1
        }
        return .success(ListRequest(limit: limit, pageInfo: nil, window: window, status: q["status"] ?? defaultStatus))
    }

    private func linkHeader(_ call: AdminCall, resource: String, limit: Int, next: RESTPageInfo?, previous: RESTPageInfo?) -> (String, String)? {
        var links: [String] = []
        let base = "\(baseURL)/admin/api/\(call.requestedVersion)/\(resource).json?limit=\(limit)&page_info="
        if let previous { links.append("<\(base)\(previous.encode())>; rel=\"previous\"") }
        if let next { links.append("<\(base)\(next.encode())>; rel=\"next\"") }
        return links.isEmpty ? nil : ("Link", links.joined(separator: ", "))
    }

    func restOrders(_ request: HTTPRequest, call: AdminCall) -> SimResponse {
        let (limited, callLimit) = restAdmit()
        if let limited { return limited }
        let parsed: ListRequest
        switch listRequest(request, resource: "orders", minName: "updated_at_min", maxName: "updated_at_max", defaultStatus: "open") {
        case .success(let p): parsed = p
        case .failure(let error): return error.adding(callLimit)
        }
        let filter: ((SimOrder) -> Bool)?
        switch parsed.status {
        case "any": filter = nil
        case "open": filter = { $0.cancelledAt == nil }
        case "cancelled": filter = { $0.cancelledAt != nil }
        case "closed": filter = { _ in false }
        default: return SimResponse.errors(400, "status: unknown value \(parsed.status)").adding(callLimit)
        }
        let info = parsed.pageInfo
        let backwards = info?.direction == .previous
        var page = state.withLock { s in
            backwards ? s.page(after: nil, before: info?.key, window: parsed.window, limit: parsed.limit + 1, filter: filter)
                      : s.page(after: info?.key, window: parsed.window, limit: parsed.limit + 1, filter: filter)
        }
        let more = page.count > parsed.limit
        page = Array(page.prefix(parsed.limit))
        if backwards { page.reverse() }
        var w = JSONBuffer(capacity: 1_500 * page.count + 64)
        w.raw("{\"orders\":[")
        for (k, o) in page.enumerated() {
            if k > 0 { w.byte(44) }
            OrderJSON.restOrder(o, store: store, into: &w)
        }
        w.raw("]}")
        control.withLock { $0.counters.ordersServed += page.count }
        func token(_ dir: RESTPageInfo.Direction, _ key: OrderKey?) -> RESTPageInfo? {
            key.map { RESTPageInfo(resource: "orders", direction: dir, key: $0, window: parsed.window, status: parsed.status) }
        }
        let hasNext = backwards ? true : more
        let hasPrevious = backwards ? more : info != nil
        let link = linkHeader(call, resource: "orders", limit: parsed.limit,
                              next: hasNext && !page.isEmpty ? token(.next, page.last?.key) : nil,
                              previous: hasPrevious && !page.isEmpty ? token(.previous, page.first?.key) : nil)
        var response = SimResponse(status: 200, json: w, headers: [callLimit])
        if let link { response.headers.append(link) }
        applyPageFaults()
        return response
    }

    func restEvents(_ request: HTTPRequest, call: AdminCall) -> SimResponse {
        let (limited, callLimit) = restAdmit()
        if let limited { return limited }
        let parsed: ListRequest
        switch listRequest(request, resource: "events", minName: "created_at_min", maxName: "created_at_max", defaultStatus: "any") {
        case .success(let p): parsed = p
        case .failure(let error): return error.adding(callLimit)
        }
        let q = request.query
        let wanted = parsed.pageInfo != nil || ((q["filter"] ?? "Order") == "Order" && (q["verb"] ?? "destroy") == "destroy")
        let all = wanted ? state.withLock { $0.events } : []
        let info = parsed.pageInfo
        let inWindow = all.filter { parsed.window.contains($0.createdAt) }
        func key(_ e: DeletionEvent) -> OrderKey { OrderKey(updatedAt: e.createdAt, id: e.id) }
        var page: [DeletionEvent]
        var more: Bool
        if let info, info.direction == .previous {
            let before = inWindow.filter { key($0) < info.key }
            page = Array(before.suffix(parsed.limit))
            more = before.count > parsed.limit
        } else {
            let after = inWindow.filter { e in info.map { key(e) > $0.key } ?? true }
            page = Array(after.prefix(parsed.limit))
            more = after.count > parsed.limit
        }
        var w = JSONBuffer(capacity: 300 * page.count + 64)
        w.raw("{\"events\":[")
        for (k, e) in page.enumerated() {
            if k > 0 { w.byte(44) }
            w.raw("{\"id\":"); w.int(e.id)
            w.raw(",\"subject_id\":"); w.int(e.orderID)
            w.raw(",\"subject_type\":\"Order\",\"verb\":\"destroy\",\"created_at\":"); w.shopTimestamp(e.createdAt)
            w.raw(",\"message\":"); w.string("Order \(e.orderName) was deleted.")
            w.raw(",\"arguments\":["); w.string(e.orderName)
            w.raw("],\"body\":null,\"path\":\"/admin/orders/"); w.int(e.orderID)
            w.raw("\",\"author\":\"Shopify\"}")
        }
        w.raw("]}")
        let backwards = info?.direction == .previous
        func token(_ dir: RESTPageInfo.Direction, _ e: DeletionEvent?) -> RESTPageInfo? {
            e.map { RESTPageInfo(resource: "events", direction: dir, key: key($0), window: parsed.window, status: parsed.status) }
        }
        let link = linkHeader(call, resource: "events", limit: parsed.limit,
                              next: (backwards || more) ? token(.next, page.last) : nil,
                              previous: (backwards ? more : info != nil) ? token(.previous, page.first) : nil)
        var response = SimResponse(status: 200, json: w, headers: [callLimit])
        if let link { response.headers.append(link) }
        return response
    }

    func restShop(_ request: HTTPRequest) -> SimResponse {
        let (limited, callLimit) = restAdmit()
        if let limited { return limited }
        var w = JSONBuffer(capacity: 600)
        w.raw("{\"shop\":{\"id\":"); w.int(SimIDs.shop)
        w.raw(",\"name\":"); w.string(options.shopName)
        w.raw(",\"email\":\"owner@example.com\",\"domain\":"); w.string(options.shopDomain)
        w.raw(",\"myshopify_domain\":"); w.string(options.shopDomain)
        w.raw(",\"currency\":\"USD\",\"iana_timezone\":\"America/New_York\",\"timezone\":\"(GMT-05:00) Eastern Time (US & Canada)\"")
        w.raw(",\"money_format\":\"${{amount}}\",\"money_with_currency_format\":\"${{amount}} USD\",\"country\":\"US\"")
        w.raw(",\"plan_name\":\"shopify_plus\",\"created_at\":"); w.shopTimestamp(SimTime.historyStart - 90 * 86_400)
        w.raw(",\"updated_at\":"); w.shopTimestamp(SimTime.historyEnd)
        w.raw("}}")
        return SimResponse(status: 200, json: w, headers: [callLimit])
    }
}

extension SimResponse {
    func adding(_ header: (String, String)) -> SimResponse {
        var copy = self
        copy.headers.append(header)
        return copy
    }
}
