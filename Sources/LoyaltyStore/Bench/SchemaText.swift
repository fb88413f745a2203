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
