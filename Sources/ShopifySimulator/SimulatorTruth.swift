import Foundation

/// What the simulator's shop holds right now, to compare a synced local copy with. Money is a decimal string
/// with two places, times are UTC ISO-8601 with `Z`, ids are decimal strings (they exceed 2^53).
public struct SimulatorTruth: Codable, Sendable, Equatable {
    public var shop: String
    public var currency: String
    public var orders: [Order]
    public var customers: [Customer]

    public struct Refund: Codable, Sendable, Equatable {
        public var id: String
        public var createdAt: String
        /// The sum of the refund's line subtotals.
        public var amount: String
    }

    public struct Order: Codable, Sendable, Equatable {
        public var id: String
        public var name: String
        public var customerId: String?
        public var email: String?
        public var processedAt: String
        public var updatedAt: String
        public var subtotal: String
        public var total: String
        public var cancelledAt: String?
        public var deleted: Bool
        public var refunds: [Refund]

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(id, forKey: .id)
            try c.encode(name, forKey: .name)
            try c.encode(customerId, forKey: .customerId)
            try c.encode(email, forKey: .email)
            try c.encode(processedAt, forKey: .processedAt)
            try c.encode(updatedAt, forKey: .updatedAt)
            try c.encode(subtotal, forKey: .subtotal)
            try c.encode(total, forKey: .total)
            try c.encode(cancelledAt, forKey: .cancelledAt)
            try c.encode(deleted, forKey: .deleted)
            try c.encode(refunds, forKey: .refunds)
        }
    }

    public struct Customer: Codable, Sendable, Equatable {
        public var id: String
        public var email: String
        public var firstName: String
        public var lastName: String
        public var phone: String?
        public var createdAt: String
        public var updatedAt: String
        public var numberOfOrders: Int

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(id, forKey: .id)
            try c.encode(email, forKey: .email)
            try c.encode(firstName, forKey: .firstName)
            try c.encode(lastName, forKey: .lastName)
            try c.encode(phone, forKey: .phone)
            try c.encode(createdAt, forKey: .createdAt)
            try c.encode(updatedAt, forKey: .updatedAt)
            try c.encode(numberOfOrders, forKey: .numberOfOrders)
        }
    }
}

extension ShopifySimulator {
    /// The current state, mutations included (deleted orders stay, with `deleted: true`).
    public func truth() -> SimulatorTruth {
        let (count, customers) = state.withLock { s in (s.orderCount, (0..<store.customerCount).map { s.customer($0) }) }
        var orders: [SimulatorTruth.Order] = []
        orders.reserveCapacity(count)
        var start = 0
        while start < count {
            let end = min(count, start + 1024)
            for o in state.withLock({ $0.orders(in: start..<end) }) { orders.append(Self.truthOrder(o, store: store)) }
            start = end
        }
        return SimulatorTruth(shop: options.shopDomain, currency: "USD", orders: orders,
                              customers: customers.map(Self.truthCustomer))
    }

    static func truthOrder(_ o: SimOrder, store: SyntheticStore) -> SimulatorTruth.Order {
        func money(_ cents: Int64) -> String {
            var w = JSONBuffer(capacity: 16)
            w.decimal(cents: cents)
            return w.string
        }
        return SimulatorTruth.Order(
            id: String(o.id), name: o.name, customerId: o.customerIndex.map { String(store.customerID($0)) },
            email: o.email, processedAt: SimTime.isoUTC(o.createdAt), updatedAt: SimTime.isoUTC(o.updatedAt),
            subtotal: money(o.subtotal), total: money(o.total), cancelledAt: o.cancelledAt.map(SimTime.isoUTC),
            deleted: o.deleted,
            refunds: o.refunds.map { .init(id: String($0.id), createdAt: SimTime.isoUTC($0.createdAt), amount: money($0.amount)) })
    }

    static func truthCustomer(_ c: SimCustomer) -> SimulatorTruth.Customer {
        .init(id: String(c.id), email: c.email, firstName: c.firstName, lastName: c.lastName, phone: c.phone,
              createdAt: SimTime.isoUTC(c.createdAt), updatedAt: SimTime.isoUTC(c.updatedAt), numberOfOrders: c.numberOfOrders)
    }

    /// The same document as `truth()` encoded, written in pieces of about 1 MB so a million orders never
    /// sit in memory at once.
    public func streamTruth(_ write: (Data) throws -> Void) rethrows {
        var w = JSONBuffer(capacity: 1 << 20)
        func flush(force: Bool = false) throws {
            if force || w.count >= 1 << 20 {
                try write(w.data)
                w.bytes.removeAll(keepingCapacity: true)
            }
        }
        w.raw("{\"shop\":"); w.string(options.shopDomain); w.raw(",\"currency\":\"USD\",\"orders\":[")
        let count = state.withLock { $0.orderCount }
        var start = 0
        var first = true
        while start < count {
            let end = min(count, start + 1024)
            for o in state.withLock({ $0.orders(in: start..<end) }) {
                if !first { w.byte(44) }
                first = false
                Self.writeTruthOrder(o, store: store, into: &w)
            }
            start = end
            try flush()
        }
        w.raw("],\"customers\":[")
        for j in 0..<store.customerCount {
            if j > 0 { w.byte(44) }
            let c = state.withLock { $0.customer(j) }
            w.raw("{\"id\":\""); w.int(c.id)
            w.raw("\",\"email\":"); w.string(c.email)
            w.raw(",\"firstName\":"); w.string(c.firstName)
            w.raw(",\"lastName\":"); w.string(c.lastName)
            w.raw(",\"phone\":"); w.stringOrNull(c.phone)
            w.raw(",\"createdAt\":"); w.utcTimestamp(c.createdAt)
            w.raw(",\"updatedAt\":"); w.utcTimestamp(c.updatedAt)
            w.raw(",\"numberOfOrders\":"); w.int(c.numberOfOrders)
            w.byte(125)
            if j % 1024 == 1023 { try flush() }
        }
        w.raw("]}\n")
        try flush(force: true)
    }

    private static func writeTruthOrder(_ o: SimOrder, store: SyntheticStore, into w: inout JSONBuffer) {
        w.raw("{\"id\":\""); w.int(o.id)
        w.raw("\",\"name\":\"#"); w.int(o.number)
        w.raw("\",\"customerId\":")
        if let j = o.customerIndex { w.byte(34); w.int(store.customerID(j)); w.byte(34) } else { w.raw("null") }
        w.raw(",\"email\":"); w.stringOrNull(o.email)
        w.raw(",\"processedAt\":"); w.utcTimestamp(o.createdAt)
        w.raw(",\"updatedAt\":"); w.utcTimestamp(o.updatedAt)
        w.raw(",\"subtotal\":"); w.money(cents: o.subtotal)
        w.raw(",\"total\":"); w.money(cents: o.total)
        w.raw(",\"cancelledAt\":"); w.utcTimestampOrNull(o.cancelledAt)
        w.raw(",\"deleted\":"); w.raw(o.deleted ? "true" : "false")
        w.raw(",\"refunds\":[")
        for (k, r) in o.refunds.enumerated() {
            if k > 0 { w.byte(44) }
            w.raw("{\"id\":\""); w.int(r.id)
            w.raw("\",\"createdAt\":"); w.utcTimestamp(r.createdAt)
            w.raw(",\"amount\":"); w.money(cents: r.amount)
            w.byte(125)
        }
        w.raw("]}")
    }
}
