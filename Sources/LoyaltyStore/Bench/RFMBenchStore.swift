import Foundation
import GRDB
import LoyaltyCore

/// The store `bench rfm` measures: one merchant (America/New_York) with N customers whose orders follow the
/// BG/NBD model itself (purchase rates Gamma(1.5, 5) per week, dropout after each repeat purchase Beta(1, 8), first
/// orders spread over the two years before the as-of date: ~8.2 orders per customer), 2 % of orders cancelled, 4 %
/// partly refunded. Written with plain INSERTs in time order, as a shop's orders arrive, so the orders table is not
/// clustered by customer; orders_customer is built after the load. No ledger, no cached customer totals.
public enum RFMBenchStore {
    public static let asOf = Timestamp.make(year: 2026, month: 11, day: 20, hour: 12)
    public static let shopDomain = "bench-rfm.myshopify.com"
    static let generatorVersion = 1
    static let weeks = 104.0

    public struct Info: Codable, Sendable {
        public var path: String
        public var customers: Int
        public var orders: Int
        public var refunds: Int
        public var cancelled: Int
        public var seed: UInt64
        public var cached: Bool
        public var generationSeconds: Double
        public var databaseMB: Double
    }

    struct Marker: Codable {
        var customers: Int
        var seed: UInt64
        var generatorVersion: Int
        /// FNV-1a of the schema a fresh database gets (`schemaText()`): a store built by other migrations is never
        /// measured by mistake.
        var schema: String
        var orders: Int
        var refunds: Int
        var cancelled: Int
        var generationSeconds: Double
    }

    public static func defaultPath(customers: Int, seed: UInt64) -> String {
        var directory = NSTemporaryDirectory()
        if !directory.hasSuffix("/") { directory += "/" }
        return directory + "loyalnest-bench-rfm-\(customers)-seed\(seed).sqlite"
    }

    /// Reuses a complete store generated with the same settings and migrations, or generates it.
    public static func prepare(customers: Int, seed: UInt64, path: String, progress: (String) -> Void) throws -> Info {
        let fm = FileManager.default
        let markerPath = path + ".bench.json"
        let schema = try freshSchemaFingerprint(besides: path)
        if fm.fileExists(atPath: path), let data = fm.contents(atPath: markerPath),
           let marker = try? JSONDecoder().decode(Marker.self, from: data), marker.customers == customers, marker.seed == seed,
           marker.generatorVersion == generatorVersion, marker.schema == schema {
            progress("reusing \(path) (generated in \(String(format: "%.0f", marker.generationSeconds)) s)")
            return Info(path: path, customers: customers, orders: marker.orders, refunds: marker.refunds,
                        cancelled: marker.cancelled, seed: seed, cached: true, generationSeconds: marker.generationSeconds,
                        databaseMB: databaseMB(path))
        }
        for suffix in ["", "-wal", "-shm", ".bench.json"] { try? fm.removeItem(atPath: path + suffix) }
        progress("generating \(customers) customers (~\(customers * 82 / 10) orders) into \(path)")
        let started = DispatchTime.now()
        let store = try LoyaltyStore(path: path, create: true)
        let session = try store.addMerchant(shopDomain: shopDomain, timeZone: "America/New_York", ownerName: "bench",
                                            now: asOf - 2 * 366 * Timestamp.secondsPerDay)
        let counts = try store.write(enforcingForeignKeys: false) { db in
            try generate(db, merchantID: session.merchant.id, customers: customers, seed: seed)
        }
        try store.checkpointTruncatingLog()
        try store.close()
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
        let marker = Marker(customers: customers, seed: seed, generatorVersion: generatorVersion, schema: schema,
                            orders: counts.orders, refunds: counts.refunds, cancelled: counts.cancelled, generationSeconds: seconds)
        try JSONEncoder().encode(marker).write(to: URL(fileURLWithPath: markerPath))
        progress(String(format: "generated in %.1f s: %d orders, %d refunds, %d cancelled", seconds, counts.orders,
                        counts.refunds, counts.cancelled))
        return Info(path: path, customers: customers, orders: counts.orders, refunds: counts.refunds, cancelled: counts.cancelled,
                    seed: seed, cached: false, generationSeconds: seconds, databaseMB: databaseMB(path))
    }

    private static func generate(_ db: Database, merchantID: Int64, customers: Int, seed: UInt64) throws
        -> (orders: Int, refunds: Int, cancelled: Int) {
        precondition(customers > 0 && customers < 1 << 24, "1 ... 16,777,215 customers")
        var random = ModelRandom(seed: seed)
        let start = asOf - Int64(weeks * 7) * Timestamp.secondsPerDay
        let secondsPerWeek = 7.0 * Double(Timestamp.secondsPerDay)

        try db.execute(sql: "DROP INDEX orders_customer")
        let insertCustomer = try db.makeStatement(sql: """
            INSERT INTO customers (merchant_id, external_id, email, email_normalized, created_at, enrolled_at)
            VALUES (?, ?, ?, ?, ?, ?)
            """)
        var firstIDs: Int64 = 0
        var rates = [Double](repeating: 0, count: customers)
        var dropout = [Double](repeating: 0, count: customers)
        var basket = [Double](repeating: 0, count: customers)
        var orderCounts = [Int32](repeating: 0, count: customers)
        var heap = EventHeap()
        heap.reserve(customers)
        for c in 0..<customers {
            let first = start + Int64(random.uniform() * weeks * secondsPerWeek)
            let external = "B" + String(1_000_000_000 + c).dropFirst()
            let email = "b\(String(1_000_000_000 + c).dropFirst())@example.com"
            var fast = FastStatement(insertCustomer, db)
            fast.bind(merchantID); fast.bind(external); fast.bind(email); fast.bind(email); fast.bind(first); fast.bind(first)
            try fast.step()
            if c == 0 { firstIDs = db.lastInsertedRowID }
            rates[c] = random.gamma(shape: 1.5, scale: 1 / 5.0)
            dropout[c] = random.beta(1, 8)
            basket[c] = exp(8.3 + 0.6 * random.normal())
            heap.push(at: first - start, customer: c)
        }

        let insertOrder = try db.makeStatement(sql: """
            INSERT INTO orders (merchant_id, customer_id, external_id, processed_at, currency, total_minor, subtotal_minor,
                eligible_minor, financial_status, cancelled_at, content_hash, earned_points)
            VALUES (?, ?, ?, ?, 'USD', ?, ?, ?, ?, ?, 0, 0)
            """)
        let insertRefund = try db.makeStatement(sql: """
            INSERT INTO refunds (merchant_id, order_id, external_id, created_at, amount_minor) VALUES (?, ?, ?, ?, ?)
            """)
        var orders = 0, refunds = 0, cancelled = 0
        while let (offset, c) = heap.pop() {
            let at = start + offset
            let amount = Int64(basket[c] * (0.5 + random.uniform()))
            let cancel = random.uniform() < 0.02
            var fast = FastStatement(insertOrder, db)
            fast.bind(merchantID); fast.bind(firstIDs + Int64(c)); fast.bind("O" + String(10_000_000_000 + orders).dropFirst())
            fast.bind(at); fast.bind(amount); fast.bind(amount); fast.bind(amount)
            fast.bind(cancel ? "voided" : "paid"); fast.bind(cancel ? at + 3600 : nil)
            try fast.step()
            orders += 1
            if cancel { cancelled += 1 }
            if !cancel, random.uniform() < 0.04 {
                let refundAt = min(at + Int64(1 + random.uniform() * 30) * Timestamp.secondsPerDay, asOf)
                var refund = FastStatement(insertRefund, db)
                refund.bind(merchantID); refund.bind(db.lastInsertedRowID); refund.bind("R\(refunds)")
                refund.bind(refundAt); refund.bind(Int64(Double(amount) * (0.1 + 0.9 * random.uniform())))
                try refund.step()
                refunds += 1
            }
            // BG/NBD: after a repeat purchase the customer drops out with probability p; until then purchases
            // arrive as a Poisson process of rate λ.
            orderCounts[c] += 1
            if orderCounts[c] > 1, random.uniform() < dropout[c] { continue }
            let next = offset + Int64(random.exponential(rate: rates[c]) * secondsPerWeek)
            if next <= asOf - start { heap.push(at: next, customer: c) }
        }
        try db.execute(sql: "CREATE INDEX orders_customer ON orders(customer_id, processed_at)")
        return (orders, refunds, cancelled)
    }

    static func freshSchemaFingerprint(besides path: String) throws -> String {
        let probe = path + ".schema-probe.sqlite"
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: probe + suffix) }
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: probe + suffix) } }
        let store = try LoyaltyStore(path: probe, create: true)
        var hasher = StableHasher()
        hasher.mix(try store.schemaText())
        try store.close()
        return String(hasher.value, radix: 16)
    }

    /// Forgets every stored RFM figure, segment history and churn fit, so the next recompute is a first one.
    public static func clearAnalytics(_ store: LoyaltyStore) throws {
        try store.write { db in
            for table in ["customer_rfm", "rfm_segment_changes", "rfm_segment_snapshots", "rfm_runs", "churn_fits"] {
                try db.execute(sql: "DELETE FROM \(table)")
            }
        }
        try store.checkpointTruncatingLog()
    }

    static func databaseMB(_ path: String) -> Double {
        let fm = FileManager.default
        let bytes = ["", "-wal"].reduce(0) { $0 + ((try? fm.attributesOfItem(atPath: path + $1)[.size] as? Int) ?? 0) }
        return Double(bytes) / 1e6
    }
}

/// The next event of every customer, earliest first: (seconds after the start) << 24 | customer, in a binary heap.
private struct EventHeap {
    private var keys: [UInt64] = []

    mutating func reserve(_ n: Int) { keys.reserveCapacity(n) }

    mutating func push(at offset: Int64, customer: Int) {
        keys.append(UInt64(offset) << 24 | UInt64(customer))
        var i = keys.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            guard keys[parent] > keys[i] else { break }
            keys.swapAt(parent, i)
            i = parent
        }
    }

    mutating func pop() -> (Int64, Int)? {
        guard let top = keys.first else { return nil }
        let last = keys.removeLast()
        if !keys.isEmpty {
            keys[0] = last
            var i = 0
            while true {
                let left = 2 * i + 1, right = left + 1
                var smallest = i
                if left < keys.count, keys[left] < keys[smallest] { smallest = left }
                if right < keys.count, keys[right] < keys[smallest] { smallest = right }
                if smallest == i { break }
                keys.swapAt(i, smallest)
                i = smallest
            }
        }
        return (Int64(top >> 24), Int(top & 0xFF_FFFF))
    }
}

/// The distributions the model draws from, on the demo's seeded generator.
private struct ModelRandom {
    var generator: SeededGenerator

    init(seed: UInt64) { generator = SeededGenerator(seed: seed) }

    /// In (0, 1).
    mutating func uniform() -> Double { (Double(generator.next() >> 11) + 0.5) / Double(1 << 53) }

    mutating func normal() -> Double { (-2 * log(uniform())).squareRoot() * cos(2 * .pi * uniform()) }

    mutating func exponential(rate: Double) -> Double { -log(uniform()) / rate }

    /// Marsaglia & Tsang (2000); shape < 1 through Gamma(shape + 1) · U^(1/shape).
    mutating func gamma(shape: Double, scale: Double) -> Double {
        if shape < 1 { return gamma(shape: shape + 1, scale: scale) * pow(uniform(), 1 / shape) }
        let d = shape - 1.0 / 3, c = 1 / (9 * d).squareRoot()
        while true {
            let x = normal()
            let v = pow(1 + c * x, 3)
            guard v > 0 else { continue }
            if log(uniform()) < 0.5 * x * x + d - d * v + d * log(v) { return d * v * scale }
        }
    }

    mutating func beta(_ a: Double, _ b: Double) -> Double {
        let x = gamma(shape: a, scale: 1), y = gamma(shape: b, scale: 1)
        return x / (x + y)
    }
}
