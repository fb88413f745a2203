import Foundation
import GRDB
import LoyaltyCore
import Synchronization

/// The one SQLite file that holds everything, and every business operation on it. Each operation is one
/// IMMEDIATE write transaction, so two processes can never interleave a check and a write.
public final class LoyaltyStore: Sendable {
    public let path: String
    let pool: DatabasePool
    /// Running `BackgroundCheckpointer`s: while above zero, write transactions never checkpoint themselves.
    let backgroundCheckpoints = Mutex(0)
    let writeGate = WriteGate()

    /// Opens (and when `create` is true, creates) the database at `path`, migrating it to the current schema.
    public init(path: String, create: Bool = true) throws {
        self.path = path
        let fileExists = FileManager.default.fileExists(atPath: path)
        if !fileExists && !create { throw StoreError.missingDatabase(path: path) }
        if fileExists, let handle = FileHandle(forReadingAtPath: path) {
            let header = handle.readData(ofLength: 16)
            try? handle.close()
            if !header.isEmpty && header != Data("SQLite format 3\0".utf8) { throw StoreError.notADatabase(path: path) }
        }
        var config = Configuration()
        config.busyMode = .timeout(15)
        config.foreignKeysEnabled = true
        config.prepareDatabase { db in
            // The writer gets 64 MiB of page cache: a sync's many small transactions keep their hot b-tree pages
            // there (1M orders synced: 8,540 orders/s at 64 MiB, 6,410 at 40); a bulk import asks for less
            // (`importPageCacheKiB`). Each reader gets 16 MiB, because the dashboard reads on up to three connections
            // at once and their caches would otherwise add up past its memory budget (docs/benchmarks.md).
            let cacheKiB = db.configuration.readonly ? 16_384 : 65_536
            try db.execute(sql: "PRAGMA synchronous = NORMAL; PRAGMA cache_size = -\(cacheKiB); PRAGMA temp_store = MEMORY")
        }
        do {
            pool = try DatabasePool(path: path, configuration: config)
            let migrator = Schema.migrator
            try pool.read { db in
                if try migrator.hasBeenSuperseded(db) {
                    let known = Set(migrator.migrations)
                    let unknown = try migrator.appliedIdentifiers(db).subtracting(known).sorted()
                    throw StoreError.newerSchema(path: path, unknown: unknown)
                }
                if try !db.tableExists("grdb_migrations") {
                    let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'")
                    if !tables.isEmpty { throw StoreError.foreignDatabase(path: path) }
                }
            }
            try migrator.migrate(pool)
        } catch let error as DatabaseError where error.resultCode == .SQLITE_NOTADB {
            throw StoreError.notADatabase(path: path)
        }
    }

    /// One IMMEDIATE transaction: committed when `body` returns, rolled back when it throws.
    ///
    /// `enforcingForeignKeys: false` is for bulk imports only: the ingest path inserts every parent before its
    /// children by construction, and SQLite's per-row parent lookups cost about as much as the rows themselves.
    /// `loyalnest doctor` still proves referential integrity with `PRAGMA foreign_key_check`.
    ///
    /// `walAutocheckpoint`: WAL pages before the commit checkpoints, for this transaction only (the connection's
    /// setting is restored after it); 0 (never) while a `BackgroundCheckpointer` runs.
    ///
    /// `pageCacheKiB`: the writer's page cache for this transaction only (restored after it).
    func write<T>(enforcingForeignKeys: Bool = true, walAutocheckpoint: Int32? = nil, pageCacheKiB: Int? = nil,
                  _ body: (Database) throws -> T) throws -> T {
        try writeGate.whileWriting {
            try pool.writeWithoutTransaction { db in
                if !enforcingForeignKeys { try db.execute(sql: "PRAGMA foreign_keys = OFF") }
                defer { if !enforcingForeignKeys { try? db.execute(sql: "PRAGMA foreign_keys = ON") } }
                let walAutocheckpoint = backgroundCheckpoints.withLock { $0 > 0 } ? 0 : walAutocheckpoint
                let previousCheckpoint = try walAutocheckpoint.map { _ in try Int32.fetchOne(db, sql: "PRAGMA wal_autocheckpoint") ?? 1000 }
                if let walAutocheckpoint { try db.execute(sql: "PRAGMA wal_autocheckpoint = \(walAutocheckpoint)") }
                defer { if let previousCheckpoint { try? db.execute(sql: "PRAGMA wal_autocheckpoint = \(previousCheckpoint)") } }
                let previousCache = try pageCacheKiB.map { _ in try Int.fetchOne(db, sql: "PRAGMA cache_size") ?? -65_536 }
                if let pageCacheKiB { try db.execute(sql: "PRAGMA cache_size = -\(pageCacheKiB)") }
                defer { if let previousCache { try? db.execute(sql: "PRAGMA cache_size = \(previousCache)") } }
                return try inImmediateTransaction(db, body)
            }
        }
    }

    private func inImmediateTransaction<T>(_ db: Database, _ body: (Database) throws -> T) throws -> T {
        var result: T?
        try db.inTransaction(.immediate) {
            result = try body(db)
            return .commit
        }
        return result!
    }

    package func read<T>(_ body: (Database) throws -> T) throws -> T {
        try pool.read(body)
    }

    /// Closes the pool (the WAL is checkpointed); used by tests that reopen the file.
    public func close() throws {
        try pool.close()
    }
}
