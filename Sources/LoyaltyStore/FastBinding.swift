import GRDB
import GRDBSQLite

/// Direct parameter binding for the two statements the ingest path runs once per order. GRDB's
/// `execute(arguments:)` boxes every value into a `DatabaseValue` array; at a million orders that is a quarter of
/// the import's CPU. The statement still comes from GRDB's cache, runs on GRDB's connection inside its transaction,
/// and is reset after each step.
struct FastStatement {
    let statement: Statement
    let db: Database
    private var index: Int32 = 0

    init(_ statement: Statement, _ db: Database) {
        self.statement = statement
        self.db = db
    }

    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    mutating func bind(_ value: Int64) {
        index += 1
        sqlite3_bind_int64(statement.sqliteStatement, index, value)
    }

    mutating func bind(_ value: Int64?) {
        index += 1
        if let value { sqlite3_bind_int64(statement.sqliteStatement, index, value) } else { sqlite3_bind_null(statement.sqliteStatement, index) }
    }

    mutating func bind(_ value: String?) {
        index += 1
        guard let value else { sqlite3_bind_null(statement.sqliteStatement, index); return }
        var copy = value
        copy.withUTF8 { bytes in
            _ = sqlite3_bind_text(statement.sqliteStatement, index, UnsafeRawPointer(bytes.baseAddress!).assumingMemoryBound(to: CChar.self),
                                  Int32(bytes.count), FastStatement.transient)
        }
    }

    /// Text that lives as long as the process (static keys): bound without SQLite copying it.
    mutating func bind(static text: StaticText?) {
        index += 1
        guard let text else { sqlite3_bind_null(statement.sqliteStatement, index); return }
        sqlite3_bind_text(statement.sqliteStatement, index, text.pointer, text.length, nil)
    }

    /// Runs a query and returns the first column of its first row as an integer (nil: no row, or NULL).
    mutating func firstInt64() throws -> Int64? {
        let code = sqlite3_step(statement.sqliteStatement)
        defer {
            sqlite3_reset(statement.sqliteStatement)
            sqlite3_clear_bindings(statement.sqliteStatement)
            index = 0
        }
        switch code {
        case SQLITE_ROW:
            return sqlite3_column_type(statement.sqliteStatement, 0) == SQLITE_NULL ? nil : sqlite3_column_int64(statement.sqliteStatement, 0)
        case SQLITE_DONE:
            return nil
        default:
            throw failure(code)
        }
    }

    /// Runs the statement once; throws GRDB's error on failure (constraint violations included).
    mutating func step() throws {
        let code = sqlite3_step(statement.sqliteStatement)
        sqlite3_reset(statement.sqliteStatement)
        sqlite3_clear_bindings(statement.sqliteStatement)
        index = 0
        guard code == SQLITE_DONE else { throw failure(code) }
    }

    /// GRDB's error for a failed step, with SQLite's message.
    private func failure(_ code: Int32) -> DatabaseError {
        DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)),
                      sql: statement.sql)
    }
}

/// A NUL-terminated UTF-8 copy of a string that is never freed, for `FastStatement.bind(static:)`. Safe to share
/// across threads: the bytes are written once in `init` and only read after, and never freed.
struct StaticText: @unchecked Sendable {
    let pointer: UnsafePointer<CChar>
    let length: Int32

    init(_ text: String) {
        let bytes = Array(text.utf8CString)
        let storage = UnsafeMutablePointer<CChar>.allocate(capacity: bytes.count)
        storage.initialize(from: bytes, count: bytes.count)
        pointer = UnsafePointer(storage)
        length = Int32(bytes.count - 1)
    }
}
