import FlyingFox
import Foundation

/// `POST /admin/api/{v}/graphql.json`. There is no GraphQL parser: the operation is recognised by its root
/// field and the arguments come from `variables` only (see the wire contract).
extension ShopifySimulator {
    enum GraphQLOperation { case orders, customers, bulkRun, bulkNode, currentBulk }

    struct CostSnapshot {
        var maximum: Double
        var available: Double
        var restoreRate: Double
    }

    static func operation(in query: String) -> GraphQLOperation? {
        if query.contains("bulkOperationRunQuery") { return .bulkRun }
        if query.contains("currentBulkOperation") { return .currentBulk }
        if query.range(of: #"\bnode\s*\("#, options: .regularExpression) != nil { return .bulkNode }
        if query.range(of: #"\bcustomers\s*\("#, options: .regularExpression) != nil { return .customers }
        if query.range(of: #"\borders\s*\("#, options: .regularExpression) != nil { return .orders }
        return nil
    }

    func graphQL(_ request: HTTPRequest) async -> SimResponse {
        let body = (try? await request.bodyData) ?? Data()
        guard let json = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any],
              let query = json["query"] as? String else {
            return .errors(400, "Bad Request: the body must be JSON with a \"query\" string")
        }
        let variables = json["variables"] as? [String: Any] ?? [:]
        guard let op = Self.operation(in: query) else {
            return queryError("The simulator serves orders, customers, bulkOperationRunQuery, node and currentBulkOperation only",
                              path: "query")
        }
        switch op {
        case .orders, .customers: return connection(op, variables: variables)
        case .bulkRun: return runBulk(variables: variables)
        case .bulkNode, .currentBulk: return bulkStatus(op, variables: variables)
        }
    }

    // MARK: cost

    /// Takes `requested` points, or answers THROTTLED (also when the throttle faults fire).
    func admit(requested: Int) -> SimResponse? {
        let now = options.clock.now()
        return control.withLock { c -> SimResponse? in
            let forced = c.faults.roll(.throttle)
            let forced429 = c.faults.roll(.throttle429)
            let admitted = !forced && !forced429 && (!options.throttling || c.bucket.admit(cost: Double(requested), now: now))
            if admitted { return nil }
            c.counters.throttled += 1
            if forced || forced429 { c.counters.faultsInjected += 1 }
            let snapshot = options.throttling
                ? CostSnapshot(maximum: c.bucket.capacity, available: c.bucket.currentlyAvailable(now: now), restoreRate: c.bucket.restoreRate)
                : CostSnapshot(maximum: 1_000_000, available: 1_000_000, restoreRate: options.restoreRate)
            var w = JSONBuffer(capacity: 400)
            w.raw("{\"errors\":[{\"message\":\"Throttled\",\"extensions\":{\"code\":\"THROTTLED\",\"documentation\":\"https://shopify.dev/api/usage/rate-limits\"}}],")
            Self.writeCost(requested: requested, actual: nil, snapshot, into: &w)
            w.byte(125)
            return SimResponse(status: forced429 || (c.faults.plan.isOn(.throttle429) && !forced) ? 429 : 200, json: w)
        }
    }

    /// Gives back (requested − actual) and returns the bucket as the response reports it.
    func settle(requested: Int, actual: Int) -> CostSnapshot {
        let now = options.clock.now()
        return control.withLock { c in
            guard options.throttling else { return CostSnapshot(maximum: 1_000_000, available: 1_000_000, restoreRate: options.restoreRate) }
            c.bucket.giveBack(Double(requested - actual), now: now)
            return CostSnapshot(maximum: c.bucket.capacity, available: c.bucket.currentlyAvailable(now: now), restoreRate: c.bucket.restoreRate)
        }
    }

    /// `"extensions":{"cost":{...}}` (no surrounding braces).
    static func writeCost(requested: Int, actual: Int?, _ s: CostSnapshot, into w: inout JSONBuffer) {
        w.raw("\"extensions\":{\"cost\":{\"requestedQueryCost\":"); w.int(requested)
        w.raw(",\"actualQueryCost\":")
        if let actual { w.int(actual) } else { w.raw("null") }
        w.raw(",\"throttleStatus\":{\"maximumAvailable\":"); w.double(s.maximum)
        w.raw(",\"currentlyAvailable\":")
        if s.maximum >= 1_000_000 { w.double(s.available) } else { w.int(Int64(s.available.rounded(.down))) }
        w.raw(",\"restoreRate\":"); w.double(s.restoreRate)
        w.raw("}}}")
    }

    /// `{"data":null,"errors":[{"message",...}]}` with a small cost.
    func queryError(_ message: String, path: String) -> SimResponse {
        let snapshot = settle(requested: 0, actual: 0)
        var w = JSONBuffer(capacity: 400)
        w.raw("{\"data\":null,\"errors\":[{\"message\":"); w.string(message)
        w.raw(",\"locations\":[{\"line\":2,\"column\":3}],\"path\":["); w.string(path); w.raw("]}],")
        Self.writeCost(requested: 2, actual: 2, snapshot, into: &w)
        w.byte(125)
        return SimResponse(status: 200, json: w)
    }

    // MARK: orders and customers

    private func connection(_ op: GraphQLOperation, variables: [String: Any]) -> SimResponse {
        let field = op == .orders ? "orders" : "customers"
        guard let first = Self.integer(variables["first"]) else {
            return queryError("you must provide one of first or last", path: field)
        }
        guard first <= 250 else { return queryError("first: must be <= 250", path: field) }
        guard first >= 1 else { return queryError("first: must be >= 1", path: field) }
        var after: OrderKey?
        if let cursor = variables["after"] as? String {
            guard let key = GraphQLCursor.decode(cursor) else { return queryError("Invalid cursor for current pagination.", path: field) }
            after = key
        }
        let window: UpdatedWindow
        do { window = try SearchQuery.window(variables["query"] as? String) } catch {
            return queryError("Invalid search query: \(variables["query"] as? String ?? "")", path: field)
        }
        let requested = 2 + 3 * first
        if let throttled = admit(requested: requested) { return throttled }

        let signature = "\(field)|\(first)|\(after.map { "\($0.updatedAt):\($0.id)" } ?? "-")|\(window.from ?? 0)|\(window.to ?? 0)"
        if op == .orders, let duplicate = duplicatePage(signature: signature) {
            _ = settle(requested: requested, actual: requested)
            return SimResponse(status: 200, json: duplicate)
        }

        var w = JSONBuffer(capacity: op == .orders ? 1_100 * first + 512 : 400 * first + 512)
        w.raw("{\"data\":{\""); w.rawString(field); w.raw("\":{\"edges\":[")
        let edges: Int
        let hasNext: Bool
        var endKey: OrderKey?
        if op == .orders {
            let page = state.withLock { s -> [SimOrder] in
                let page = s.page(after: after, window: window, limit: first + 1)
                if let top = page.prefix(first).last(where: { $0.index < store.orderCount }) {
                    s.highestServedIndex = max(s.highestServedIndex, top.index)
                }
                return page
            }
            hasNext = page.count > first
            edges = min(first, page.count)
            for (k, o) in page.prefix(first).enumerated() {
                if k > 0 { w.byte(44) }
                w.raw("{\"cursor\":"); w.string(GraphQLCursor.encode(o.key)); w.raw(",\"node\":")
                OrderJSON.graphQLNode(o, store: store, into: &w)
                w.byte(125)
                endKey = o.key
            }
            control.withLock { $0.counters.ordersServed += edges }
        } else {
            let page = customerPage(after: after, window: window, limit: first + 1)
            hasNext = page.count > first
            edges = min(first, page.count)
            for (k, c) in page.prefix(first).enumerated() {
                if k > 0 { w.byte(44) }
                let key = OrderKey(updatedAt: c.updatedAt, id: c.id)
                w.raw("{\"cursor\":"); w.string(GraphQLCursor.encode(key)); w.raw(",\"node\":")
                OrderJSON.graphQLCustomer(c, into: &w)
                w.byte(125)
                endKey = key
            }
        }
        w.raw("],\"pageInfo\":{\"hasNextPage\":"); w.raw(hasNext ? "true" : "false")
        w.raw(",\"endCursor\":")
        if let endKey { w.string(GraphQLCursor.encode(endKey)) } else { w.raw("null") }
        w.raw("}}},")
        let actual = 2 + 3 * edges
        Self.writeCost(requested: requested, actual: actual, settle(requested: requested, actual: actual), into: &w)
        w.byte(125)
        let data = w.data
        if op == .orders {
            control.withLock { $0.lastPage = (signature, data) }
            applyPageFaults()
        }
        return SimResponse(status: 200, json: data)
    }

    static func integer(_ value: Any?) -> Int? {
        switch value {
        case let v as Int: v
        case let v as Int64: Int(v)
        case let v as Double: v.isFinite && v == v.rounded() && abs(v) < 1e15 ? Int(v) : nil
        case let v as NSNumber: v.intValue
        default: nil
        }
    }

    /// duplicate-pages: answer with the previous page once instead of the one asked for.
    private func duplicatePage(signature: String) -> Data? {
        control.withLock { c -> Data? in
            if c.duplicateJustServed { c.duplicateJustServed = false; return nil }
            guard let last = c.lastPage, last.signature != signature, c.faults.roll(.duplicatePages) else { return nil }
            c.duplicateJustServed = true
            c.counters.faultsInjected += 1
            return last.body
        }
    }

    /// Customers never change, so their page is a binary search over the base customers.
    private func customerPage(after: OrderKey?, window: UpdatedWindow, limit: Int) -> [SimCustomer] {
        var start = after ?? .minimum
        if let from = window.from, start < OrderKey(updatedAt: from, id: .min) { start = OrderKey(updatedAt: from, id: .min) }
        var lo = 0, hi = store.customerCount
        while lo < hi {
            let mid = (lo + hi) / 2
            if OrderKey(updatedAt: store.customerCreatedAt(mid), id: store.customerID(mid)) > start { hi = mid } else { lo = mid + 1 }
        }
        var out: [SimCustomer] = []
        var j = lo
        while j < store.customerCount, out.count < limit {
            if let to = window.to, store.customerCreatedAt(j) >= to { break }
            out.append(state.withLock { $0.customer(j) })
            j += 1
        }
        return out
    }

    /// update-during-sync, delete and late-refund happen while a sync pages.
    func applyPageFaults() {
        let (touch, delete, refund, picks) = control.withLock { c in
            let t = c.faults.roll(.updateDuringSync), d = c.faults.roll(.delete), r = c.faults.roll(.lateRefund)
            let picks = (0..<6).map { _ in c.faults.pick(Int.max) }
            if t { c.counters.faultsInjected += 1 }
            if d { c.counters.faultsInjected += 1 }
            if r { c.counters.faultsInjected += 1 }
            return (t, d, r, picks)
        }
        guard touch || delete || refund else { return }
        let now = wallNow
        state.withLock { s in
            let served = max(0, s.highestServedIndex)
            if touch {
                for k in 0..<(1 + picks[0] % 3) { s.touch(index: picks[1 + k] % (served + 1), at: now) }
            }
            if delete, s.orderCount > 0 { s.delete(index: picks[4] % s.orderCount, at: now) }
            if refund {
                let index = picks[5] % (served + 1)
                if let o = s.order(index: index) {
                    s.refund(index: index, cents: max(1, (o.subtotal - o.refunded) / 3), lines: 1 + picks[0] % 3, at: now)
                }
            }
        }
    }
}
