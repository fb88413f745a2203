/// (customer, amount) pairs collected in time order and summed per customer afterwards, bucket by bucket: adding
/// each order straight into a per-customer array is a random memory access per order, most of them cache and TLB
/// misses at a million customers (the largest cost of the orders pass when measured). Appending to one of a few
/// hundred buckets is sequential, and each bucket's customers (4,096 of them) fit in cache when it is summed.
struct AmountBuckets {
    private static let shift = 12
    private static let mask = (1 << shift) - 1
    /// Amounts beyond ±2⁵⁰ minor units do not fit beside the customer in one Int64: `append` refuses them.
    private static let limit: Int64 = 1 << 50
    private var buckets: [[Int64]]

    init(customers: Int, expectedOrders: Int) {
        let count = (customers + Self.mask) >> Self.shift
        let capacity = expectedOrders / max(count, 1) * 5 / 4
        buckets = (0..<count).map { _ in
            var bucket: [Int64] = []
            bucket.reserveCapacity(capacity)
            return bucket
        }
    }

    /// False when the amount is too large to pack; the caller adds it directly.
    mutating func append(_ index: Int, _ amount: Int64) -> Bool {
        guard amount > -Self.limit, amount < Self.limit else { return false }
        buckets[index >> Self.shift].append(amount << Self.shift | Int64(index & Self.mask))
        return true
    }

    /// Every pair, bucket by bucket, and frees them.
    mutating func drain(_ body: (_ index: Int, _ amount: Int64) -> Void) {
        for b in buckets.indices {
            let base = b << Self.shift
            for packed in buckets[b] { body(base + Int(packed & Int64(Self.mask)), packed >> Self.shift) }
            buckets[b] = []
        }
    }
}
