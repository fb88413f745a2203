import FlyingSocks
import Foundation

/// Bulk operations: one at a time per shop, CREATED → RUNNING → COMPLETED over `bulkDurationSeconds`
/// (status is worked out from the clock when asked), the result served as streamed JSONL.
struct BulkRegistry: Sendable {
    struct Operation: Sendable {
        var id: Int
        var query: String
        var createdAt: Int64
        var startedAt: Double
        var completedAt: Int64?
        var objectCount: Int?
        /// Orders in the store when it ran (live orders placed later are not in the file).
        var orderCount: Int
    }

    var operations: [Int: Operation] = [:]
    var nextID = 1
    var currentID: Int?
}

extension ShopifySimulator {
    enum BulkStatus: String { case created = "CREATED", running = "RUNNING", completed = "COMPLETED" }

    func bulkStatus(of op: BulkRegistry.Operation, now: Double) -> BulkStatus {
        let elapsed = now - op.startedAt
        if elapsed >= options.bulkDurationSeconds { return .completed }
        return elapsed < options.bulkDurationSeconds * 0.2 ? .created : .running
    }

    func runBulk(variables: [String: Any]) -> SimResponse {
        if let throttled = admit(requested: 10) { return throttled }
        let now = options.clock.now()
        let wall = wallNow
        let orderCount = state.withLock { $0.orderCount }
        let result = control.withLock { c -> (BulkRegistry.Operation?, Int?) in
            if let id = c.bulk.currentID, let running = c.bulk.operations[id], bulkStatus(of: running, now: now) != .completed {
                return (nil, id)
            }
            let op = BulkRegistry.Operation(id: c.bulk.nextID, query: variables["query"] as? String ?? "", createdAt: wall,
                                            startedAt: now, orderCount: orderCount)
            c.bulk.nextID += 1
            c.bulk.operations[op.id] = op
            c.bulk.currentID = op.id
            return (op, nil)
        }
        var w = JSONBuffer(capacity: 600)
        w.raw("{\"data\":{\"bulkOperationRunQuery\":{\"bulkOperation\":")
        if let op = result.0 {
            w.raw("{\"id\":\"gid://shopify/BulkOperation/"); w.int(op.id)
            w.raw("\",\"status\":\"CREATED\",\"createdAt\":"); w.utcTimestamp(op.createdAt)
            w.raw("},\"userErrors\":[]}},")
        } else {
            w.raw("null,\"userErrors\":[{\"field\":[\"query\"],\"message\":")
            w.string("A bulk query operation for this app and shop is already in progress: gid://shopify/BulkOperation/\(result.1 ?? 0).")
            w.raw("}]}},")
        }
        Self.writeCost(requested: 10, actual: 10, settle(requested: 10, actual: 10), into: &w)
        w.byte(125)
        return SimResponse(status: 200, json: w)
    }

    func bulkStatus(_ op: GraphQLOperation, variables: [String: Any]) -> SimResponse {
        if let throttled = admit(requested: 1) { return throttled }
        var wanted: Int?
        if op == .bulkNode {
            let gid = variables["id"] as? String ?? ""
            let prefix = "gid://shopify/BulkOperation/"
            wanted = gid.hasPrefix(prefix) ? Int(gid.dropFirst(prefix.count)) : nil
        }
        let found = control.withLock { c in (op == .bulkNode ? wanted : c.bulk.currentID).flatMap { c.bulk.operations[$0] } }
        var w = JSONBuffer(capacity: 600)
        w.raw(op == .bulkNode ? "{\"data\":{\"node\":" : "{\"data\":{\"currentBulkOperation\":")
        if var o = found {
            let status = bulkStatus(of: o, now: options.clock.now())
            if status == .completed, o.objectCount == nil {
                o.completedAt = wallNow
                o.objectCount = bulkObjectCount(orders: o.orderCount)
                let done = o
                control.withLock { $0.bulk.operations[done.id] = done }
            }
            w.raw("{\"id\":\"gid://shopify/BulkOperation/"); w.int(o.id)
            w.raw("\",\"status\":\""); w.rawString(status.rawValue)
            w.raw("\",\"errorCode\":null,\"createdAt\":"); w.utcTimestamp(o.createdAt)
            w.raw(",\"completedAt\":"); w.utcTimestampOrNull(status == .completed ? o.completedAt : nil)
            w.raw(",\"objectCount\":\""); w.int(status == .completed ? o.objectCount ?? 0 : 0)
            w.raw("\",\"fileSize\":null,\"url\":")
            if status == .completed { w.string("\(baseURL)/bulk/\(o.id).jsonl") } else { w.raw("null") }
            w.raw(",\"partialDataUrl\":null,\"query\":"); w.string(o.query)
            w.byte(125)
        } else {
            w.raw("null")
        }
        w.raw("},")
        Self.writeCost(requested: 1, actual: 1, settle(requested: 1, actual: 1), into: &w)
        w.byte(125)
        return SimResponse(status: 200, json: w)
    }

    /// Order lines plus refund-line children, deleted orders left out.
    private func bulkObjectCount(orders: Int) -> Int {
        var count = 0
        var start = 0
        while start < orders {
            let end = min(orders, start + 1024)
            let batch = state.withLock { $0.orders(in: start..<end) }
            for o in batch where !o.deleted { count += 1 + o.refunds.reduce(0) { $0 + $1.lines.count } }
            start = end
        }
        return count
    }

    /// `GET /bulk/{id}.jsonl`: like Shopify's signed storage URLs, no token needed.
    func bulkFile(id: Int?) -> SimResponse {
        let now = options.clock.now()
        guard let id, let op = control.withLock({ $0.bulk.operations[id] }), bulkStatus(of: op, now: now) == .completed else {
            return .errors(404, "Not Found")
        }
        var response = SimResponse(status: 200, json: Data())
        response.headers = [("Content-Type", "application/jsonl")]
        response.body = .stream(BulkJSONLSequence(simulator: self, orderCount: op.orderCount))
        return response
    }
}

/// The JSONL result rendered a batch of orders at a time while it is sent, so a million orders never sit
/// in memory as one string.
struct BulkJSONLSequence: AsyncBufferedSequence, Sendable {
    typealias Element = UInt8
    let simulator: ShopifySimulator
    let orderCount: Int

    func makeAsyncIterator() -> Iterator { Iterator(simulator: simulator, orderCount: orderCount) }

    struct Iterator: AsyncBufferedIteratorProtocol {
        let simulator: ShopifySimulator
        let orderCount: Int
        var nextIndex = 0
        var buffer: [UInt8] = []
        var offset = 0

        mutating func fill() -> Bool {
            while offset >= buffer.count {
                guard nextIndex < orderCount else { return false }
                let end = Swift.min(orderCount, nextIndex + 512)
                let range = nextIndex..<end
                let batch = simulator.state.withLock { $0.orders(in: range) }
                nextIndex = end
                var w = JSONBuffer(capacity: 512 * 1_000)
                for o in batch where !o.deleted { OrderJSON.bulkLines(o, store: simulator.store, into: &w) }
                buffer = w.bytes
                offset = 0
            }
            return true
        }

        mutating func next() async throws -> UInt8? {
            guard fill() else { return nil }
            defer { offset += 1 }
            return buffer[offset]
        }

        mutating func nextBuffer(suggested count: Int) async throws -> ArraySlice<UInt8>? {
            guard fill() else { return nil }
            let end = Swift.min(buffer.count, offset + Swift.max(1, count))
            defer { offset = end }
            return buffer[offset..<end]
        }
    }
}
