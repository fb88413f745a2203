import GRDB

extension LoyaltyStore {
    /// Every table, index, trigger and view definition of the database as one text, sorted. `loyalnest bench ui`
    /// keeps a generated store between runs and compares this text of a fresh database with the one recorded when
    /// the store was generated, so a cached store built by older migrations is never measured by mistake.
    public func schemaText() throws -> String {
        try read { db in
            try String.fetchAll(db, sql: """
                SELECT type || ' ' || name || ': ' || COALESCE(sql, '') FROM sqlite_master ORDER BY type, name
                """).joined(separator: "\n")
        }
    }
}

extension LoyaltyStore {
    /// Copies the write-ahead log into the database and truncates it to zero bytes. After a bulk load the log can be
    /// as large as the database, and a process that opens the file later reads all of it to rebuild the log's index
    /// (docs/benchmarks.md, "Dashboard"); `bench ui` calls this after generating its store.
    public func checkpointTruncatingLog() throws {
        _ = try pool.writeWithoutTransaction { db in try db.checkpoint(.truncate) }
    }
}
