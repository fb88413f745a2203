import Foundation
import GRDB

/// The ledger's `kind` CHECK written as a chain of equalities instead of `kind IN (...)`.
///
/// SQLite evaluates a CHECK with a constant IN list of more than two values by building a temporary b-tree of the
/// list, and it builds it again for every row inserted: opening it, inserting the fourteen kinds and closing it cost
/// about a tenth of a bulk import's time (perf, docs/benchmarks.md "Ingest"). `kind = 'earn' OR kind = 'signup' OR …`
/// accepts exactly the same values and is a few comparisons.
///
/// Only the constraint's text changes, and every stored row satisfies the new text because it satisfies the old one,
/// so the table is not rebuilt: the definition is edited in sqlite_schema as SQLite's ALTER TABLE documentation
/// allows for CHECK constraints ("Making Other Kinds Of Table Schema Changes"), and the schema cookie is bumped so
/// every connection reloads it (docs/decisions/0090).
enum LedgerKindCheck {
    static func rewrite(_ db: Database) throws {
        guard let sql = try String.fetchOne(db, sql: "SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = 'points_transactions'") else {
            throw StoreError.invalid("the ledger table points_transactions is missing")
        }
        let rewritten = try rewritten(sql)
        let cookie = try Int.fetchOne(db, sql: "PRAGMA schema_version") ?? 0
        try db.execute(sql: "PRAGMA writable_schema = ON")
        do {
            try db.execute(sql: "UPDATE sqlite_schema SET sql = ? WHERE type = 'table' AND name = 'points_transactions'",
                           arguments: [rewritten])
            try db.execute(sql: "PRAGMA schema_version = \(cookie + 1)")
        } catch {
            try? db.execute(sql: "PRAGMA writable_schema = OFF")
            throw error
        }
        try db.execute(sql: "PRAGMA writable_schema = OFF")
    }

    /// The table's CREATE statement with `CHECK (kind IN ('a', 'b', …))` replaced by `CHECK (kind = 'a' OR kind = 'b' …)`.
    static func rewritten(_ sql: String) throws -> String {
        let opening = "CHECK (kind IN ("
        guard let start = sql.range(of: opening), let end = sql.range(of: "))", range: start.upperBound..<sql.endIndex) else {
            throw StoreError.invalid("points_transactions has no CHECK (kind IN (...)) to rewrite")
        }
        let list = sql[start.upperBound..<end.lowerBound]
        let kinds = list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        guard !kinds.isEmpty, kinds.allSatisfy({ $0.count > 2 && $0.first == "'" && $0.last == "'" && !$0.dropFirst().dropLast().contains("'") }) else {
            throw StoreError.invalid("points_transactions: unexpected kind list \(list)")
        }
        let chain = kinds.map { "kind = \($0)" }.joined(separator: " OR ")
        return sql.replacingCharacters(in: start.lowerBound..<end.upperBound, with: "CHECK (\(chain))")
    }
}
