import GRDB
import GRDBSQLite

/// Steps a prepared statement with SQLite's own API: at millions of rows GRDB's `Row` costs more than SQLite's
/// reading does.
enum RawRows {
    static func each(_ statement: Statement, _ db: Database, _ body: (OpaquePointer) throws -> Void) throws {
        let handle = statement.sqliteStatement
        defer { sqlite3_reset(handle) }
        while true {
            let code = sqlite3_step(handle)
            if code == SQLITE_DONE { return }
            guard code == SQLITE_ROW else {
                throw DatabaseError(resultCode: ResultCode(rawValue: code),
                                    message: String(cString: sqlite3_errmsg(db.sqliteConnection)), sql: statement.sql)
            }
            try body(handle)
        }
    }
}
