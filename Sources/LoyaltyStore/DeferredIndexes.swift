import GRDB

/// Secondary indexes a large bulk import drops at its start and builds again before it commits, in the same
/// transaction (decisions 0093, 0094). A million orders insert into the two (customer, …) indexes at random places, a
/// b-tree seek each that misses every cache; building them afterwards is one sort. Their definitions are read from
/// the schema before the drop, so what is built again is exactly what was there. A rollback (a refused file, an
/// error, a crash) brings them back with everything else.
///
/// Queries that read through them call `restore` first, which builds them at once: a file whose orders need them
/// (refunds, re-imported orders, customers who may owe) only loses the speed-up, never an answer.
final class DeferredIndexes {
    /// The indexes only the import's rarer paths read, and every order writes: the two (customer, …) indexes, and the
    /// customers' four sort indexes (only the dashboard reads them; decision 0094).
    static let candidates = ["orders_customer", "points_transactions_customer",
                             "customers_sort_name", "customers_sort_spend", "customers_sort_balance", "customers_sort_last_order"]
    /// Below this many expected new orders the drop and rebuild cost more than they save.
    static let minimumOrders = 100_000

    private let db: Database
    private var dropped: [(name: String, sql: String)] = []

    private init(db: Database) { self.db = db }

    /// Drops the candidates when `expectedOrders` is large against what they already hold: rebuilding costs a pass
    /// over every row, deferring saves a seek per new row. Nil when it is not worth it.
    static func dropIfWorthIt(_ db: Database, expectedOrders: Int, minimum: Int = minimumOrders) throws -> DeferredIndexes? {
        guard expectedOrders >= minimum else { return nil }
        let existing = try Int.fetchOne(db, sql: """
            SELECT MAX((SELECT COALESCE(MAX(id), 0) FROM orders), (SELECT COALESCE(MAX(id), 0) FROM points_transactions),
                       (SELECT COALESCE(MAX(id), 0) FROM customers))
            """) ?? 0
        guard existing <= expectedOrders else { return nil }
        let deferred = DeferredIndexes(db: db)
        for name in candidates {
            guard let sql = try String.fetchOne(db, sql: "SELECT sql FROM sqlite_schema WHERE type = 'index' AND name = ?",
                                                arguments: [name]) else { continue }
            try db.execute(sql: "DROP INDEX \(name)")
            deferred.dropped.append((name, sql))
        }
        return deferred
    }

    var isPending: Bool { !dropped.isEmpty }

    /// Builds the dropped indexes again (once; later calls do nothing).
    func restore() throws {
        for index in dropped { try db.execute(sql: index.sql) }
        dropped.removeAll()
    }
}
