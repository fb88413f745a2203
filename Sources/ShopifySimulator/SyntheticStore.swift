/// The deterministic base store: every order and customer is derived on demand from (seed, index), so a
/// million orders cost a few hundred kilobytes (the per-customer order counts) instead of gigabytes.
///
/// Base order i has updatedAt = historyStart + i × span / N, non-decreasing in i, and ids increase with i,
/// so the (updatedAt, id) sort order is the index order and a window or cursor maps to an index by binary search.
final class SyntheticStore: Sendable {
    let orderCount: Int
    let seed: UInt64
    let customerCount: Int
    /// Orders per customer among the base orders (guest checkouts excluded).
    let baseOrderCounts: [UInt32]

    static let firstNames = ["Olivia", "Liam", "Emma", "Noah", "Ava", "Mateo", "Sofía", "Zoë", "Chloé", "Łukasz",
                             "Aiko", "Yuki", "Fatima", "Omar", "Priya", "Arjun", "Mia", "Lucas", "Ingrid", "Björn",
                             "Grace", "Jo \"JJ\"", "Amélie", "Nguyễn", "Sean", "Maëlle", "Hiro", "Leila", "Tomás", "Ana"]
    static let lastNames = ["Smith", "García", "O'Brien", "Müller", "Rossi", "Kowalski", "Tanaka", "Haddad", "Patel",
                            "Johansson", "Dubois", "Nguyen", "Kim", "Silva", "Cohen", "Novak", "Andersen", "López",
                            "Schmidt", "Ivanova", "Brown", "Wilson", "Martin", "山田", "Kaya", "Costa", "Walker", "Young"]
    static let discountCodes = ["WELCOME10", "SPRING15", "VIP20", "FREESHIP", "LOYAL5", "BFCM25"]

    init(orders: Int, seed: UInt64) {
        orderCount = max(0, orders)
        self.seed = seed
        customerCount = max(1, orderCount / 8)
        var counts = [UInt32](repeating: 0, count: customerCount)
        for i in 0..<orderCount {
            if let c = Self.customerChoice(seed: seed, index: i, orderCount: orderCount, customerCount: customerCount) {
                counts[c] &+= 1
            }
        }
        baseOrderCounts = counts
    }

    // MARK: ids and keys

    func orderID(_ index: Int) -> Int64 { SimIDs.order + Int64(index) + 1 }

    func orderIndex(id: Int64) -> Int? {
        let i = id - SimIDs.order - 1
        return i >= 0 && i < Int64(Int32.max) ? Int(i) : nil
    }

    func customerID(_ index: Int) -> Int64 { SimIDs.customer + Int64(index) + 1 }

    func customerIndex(id: Int64) -> Int? {
        let j = id - SimIDs.customer - 1
        return j >= 0 && j < Int64(customerCount) ? Int(j) : nil
    }

    func baseUpdatedAt(_ index: Int) -> Int64 {
        SimTime.historyStart + Int64(index) * SimTime.historySpan / Int64(max(orderCount, 1))
    }

    func baseKey(_ index: Int) -> OrderKey { OrderKey(updatedAt: baseUpdatedAt(index), id: orderID(index)) }

    /// The first base index whose key is > key (orderCount when none).
    func firstBaseIndex(after key: OrderKey) -> Int {
        var lo = 0, hi = orderCount
        while lo < hi {
            let mid = (lo + hi) / 2
            if baseKey(mid) > key { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }

    /// The last base index whose key is < key (-1 when none).
    func lastBaseIndex(before key: OrderKey) -> Int {
        var lo = 0, hi = orderCount
        while lo < hi {
            let mid = (lo + hi) / 2
            if baseKey(mid) < key { lo = mid + 1 } else { hi = mid }
        }
        return lo - 1
    }

    // MARK: customers

    /// Guest checkout (~3%) or a customer created before the order (older customers collect more orders).
    static func customerChoice(seed: UInt64, index: Int, orderCount: Int, customerCount: Int) -> Int? {
        var r = SplitMix64(seed: seed, index: index, salt: 2)
        if r.unit() < 0.03 { return nil }
        if index >= orderCount { return r.below(customerCount) }
        let reachable = Int(Int64(customerCount) * Int64(index) / Int64(max(orderCount, 1))) + 1
        return r.below(min(reachable, customerCount))
    }

    func customerChoice(_ index: Int) -> Int? {
        Self.customerChoice(seed: seed, index: index, orderCount: orderCount, customerCount: customerCount)
    }

    func customerCreatedAt(_ j: Int) -> Int64 {
        SimTime.historyStart - 60 * 86_400 + Int64(j) * SimTime.historySpan / Int64(customerCount)
    }

    func customer(_ j: Int, extraOrders: Int = 0) -> SimCustomer {
        var r = SplitMix64(seed: seed, index: j, salt: 3)
        let first = Self.firstNames[r.below(Self.firstNames.count)]
        let last = Self.lastNames[r.below(Self.lastNames.count)]
        let phone: String? = r.unit() < 0.6 ? "+1555\(String(1_000_000 + r.below(9_000_000)))" : nil
        let created = customerCreatedAt(j)
        return SimCustomer(index: j, id: customerID(j), firstName: first, lastName: last,
                           email: "customer\(j + 1)@example.com", phone: phone,
                           createdAt: created, updatedAt: created,
                           numberOfOrders: Int(baseOrderCounts[j]) + extraOrders)
    }

    func customerEmail(_ j: Int) -> String { "customer\(j + 1)@example.com" }

    // MARK: orders

    /// Base order i as it was at the end of the synthetic history (before any mutation).
    func order(_ index: Int) -> SimOrder {
        var r = SplitMix64(seed: seed, index: index, salt: 1)
        let updated = baseUpdatedAt(index)
        var o = Self.commerce(&r, index: index, id: orderID(index), customer: customerChoice(index))
        let kind = r.unit()
        if kind < 0.04 {
            let created = updated - 3600 - Int64(r.below(3 * 86_400))
            o.createdAt = created
            o.cancelledAt = updated
            o.status = .voided
        } else if kind < 0.12 {
            let delta = 86_400 + Int64(r.below(30 * 86_400))
            o.createdAt = updated - delta
            let count = r.below(4) == 0 ? 2 : 1
            var remaining = o.subtotal
            for k in 0..<count {
                let at = k == count - 1 ? updated : o.createdAt + delta / 2
                let share: Int64
                if count == 1 && r.unit() < 0.3 {
                    share = remaining
                } else {
                    let fraction = 0.1 + 0.4 * r.unit()
                    share = max(1, min(remaining / Int64(count - k), Int64(Double(o.subtotal) * fraction)))
                }
                guard share > 0 else { break }
                remaining -= share
                o.refunds.append(SimRefund(id: SimIDs.refund + Int64(index) * Int64(SimIDs.refundsPerOrder) + Int64(k),
                                           createdAt: at, lines: Self.split(share, parts: 1 + r.below(3), &r)))
            }
            o.recomputeStatus()
        } else {
            o.createdAt = updated - Int64(r.below(2 * 3600))
            o.status = kind < 0.13 ? .pending : .paid
        }
        o.updatedAt = updated
        return o
    }

    /// A new order placed at time t (live orders and the demo): paid, no refunds.
    func liveOrder(index: Int, at t: Int64) -> SimOrder {
        var r = SplitMix64(seed: seed, index: index, salt: 1)
        var o = Self.commerce(&r, index: index, id: orderID(index), customer: customerChoice(index))
        o.createdAt = t
        o.updatedAt = t
        o.status = .paid
        return o
    }

    private static func commerce(_ r: inout SplitMix64, index: Int, id: Int64, customer: Int?) -> SimOrder {
        let dollars = 5 + Int64(pow22(r.unit()) * 400)
        let cents = [0, 49, 95, 99][r.below(4)]
        let subtotal = dollars * 100 + Int64(cents)
        let code: String? = r.below(100) < 15 ? discountCodes[r.below(discountCodes.count)] : nil
        let shipping: Int64 = subtotal >= 7500 ? 0 : (r.below(2) == 0 ? 599 : 899)
        let email = customer.map { "customer\($0 + 1)@example.com" } ?? "guest\(index + 1001)@example.net"
        return SimOrder(index: index, id: id, number: 1001 + index, createdAt: 0, updatedAt: 0, cancelledAt: nil,
                        status: .paid, subtotal: subtotal, shipping: shipping, tax: SimOrder.tax(on: subtotal),
                        discountCode: code, customerIndex: customer, email: email, refunds: [])
    }

    private static func pow22(_ x: Double) -> Double { x * x * x.squareRoot().squareRoot() }

    /// Splits cents into `parts` positive line amounts (fewer when there are not enough cents).
    static func split(_ cents: Int64, parts: Int, _ r: inout SplitMix64) -> [Int64] {
        let n = Int(min(Int64(parts), max(cents, 1)))
        guard n > 1 else { return [cents] }
        var lines: [Int64] = []
        var left = cents
        for k in 0..<(n - 1) {
            let maxHere = left - Int64(n - 1 - k)
            let piece = 1 + Int64(r.below(Int(max(1, maxHere))))
            lines.append(min(piece, maxHere))
            left -= lines[lines.count - 1]
        }
        lines.append(left)
        return lines
    }
}
