import Foundation
import GRDB
import Testing
@testable import LoyaltyCore
@testable import LoyaltyStore

@Suite struct LedgerKindCheckTests {
    private func tableSQL(_ db: Database) throws -> String {
        try String.fetchOne(db, sql: "SELECT sql FROM sqlite_schema WHERE name = 'points_transactions'") ?? ""
    }

    @Test func freshLedgerChecksKindsWithoutATemporaryTable() throws {
        let h = try StoreHarness()
        try h.store.read { db in
            let sql = try tableSQL(db)
            #expect(!sql.contains("kind IN ("))
            #expect(sql.contains("CHECK (kind = 'earn' OR kind = 'signup' OR kind = 'birthday'"))
            let opcodes = try Row.fetchAll(db, sql: """
                EXPLAIN INSERT INTO points_transactions (merchant_id, customer_id, kind, points, created_at, available_at,
                    idempotency_key, explanation) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [1, 1, "earn", 1, 0, 0, "k", "e"]).map { $0["opcode"] as String }
            #expect(!opcodes.contains("OpenEphemeral"))
        }
    }

    @Test func everyEntryKindIsStillAcceptedAndNothingElse() throws {
        let h = try StoreHarness()
        try h.importOrders([h.order("A", customer: "c1", amount: 1_000)])
        try h.store.write { db in
            let customer = try Int64.fetchOne(db, sql: "SELECT id FROM customers") ?? 0
            for (n, kind) in EntryKind.allCases.enumerated() {
                try db.execute(sql: """
                    INSERT INTO points_transactions (merchant_id, customer_id, kind, points, created_at, available_at,
                        idempotency_key, explanation) VALUES (1, ?, ?, 0, 0, 0, ?, 'test')
                    """, arguments: [customer, kind.rawValue, "kind-test-\(n)"])
            }
            for bad in ["EARN", "earned", "", "earn ", "steal"] {
                #expect(throws: DatabaseError.self) {
                    try db.execute(sql: """
                        INSERT INTO points_transactions (merchant_id, customer_id, kind, points, created_at, available_at,
                            idempotency_key, explanation) VALUES (1, ?, ?, 0, 0, 0, ?, 'test')
                        """, arguments: [customer, bad, "bad-\(bad)"])
                }
            }
        }
    }

    @Test func aStoreFromBeforeTheRewriteKeepsItsLedger() throws {
        let path = NSTemporaryDirectory() + "loyalnest-kindcheck-" + UUID().uuidString + ".sqlite"
        let queue = try DatabaseQueue(path: path)
        try Schema.migrator.migrate(queue, upTo: "v5-rfm")
        try queue.write { db in
            #expect(try tableSQL(db).contains("kind IN ("))
            try db.execute(sql: "INSERT INTO merchants (id, shop_domain, name, currency, created_at) VALUES (1, 'old.myshopify.com', 'Old', 'USD', 0)")
            try db.execute(sql: "INSERT INTO customers (id, merchant_id, created_at, enrolled_at, points_balance, lifetime_earned) VALUES (1, 1, 0, 0, 7, 7)")
            try db.execute(sql: """
                INSERT INTO points_transactions (merchant_id, customer_id, kind, points, created_at, available_at, idempotency_key, explanation)
                VALUES (1, 1, 'adjust', 7, 0, 0, 'old-entry', 'kept')
                """)
        }
        try queue.close()
        let store = try LoyaltyStore(path: path)
        let (sql, kept, integrity) = try store.read { db in
            (try tableSQL(db),
             try String.fetchOne(db, sql: "SELECT explanation FROM points_transactions WHERE idempotency_key = 'old-entry'"),
             try String.fetchAll(db, sql: "PRAGMA integrity_check"))
        }
        #expect(!sql.contains("kind IN (") && sql.contains("kind = 'adjust' OR"))
        #expect(kept == "kept")
        #expect(integrity == ["ok"])
        #expect(throws: DatabaseError.self) {
            try store.write { db in
                try db.execute(sql: """
                    INSERT INTO points_transactions (merchant_id, customer_id, kind, points, created_at, available_at, idempotency_key, explanation)
                    VALUES (1, 1, 'gift', 1, 0, 0, 'new-entry', 'refused')
                    """)
            }
        }
        try store.close()
    }

    @Test func theRewriteRefusesATableItDoesNotRecognise() throws {
        #expect(throws: StoreError.self) { try LedgerKindCheck.rewritten("CREATE TABLE points_transactions (id INTEGER PRIMARY KEY, kind TEXT)") }
        #expect(throws: StoreError.self) { try LedgerKindCheck.rewritten("CREATE TABLE t (kind TEXT CHECK (kind IN ('a', b)))") }
        #expect(try LedgerKindCheck.rewritten("CREATE TABLE t (kind TEXT CHECK (kind IN ('a',\n 'b')), x)")
                == "CREATE TABLE t (kind TEXT CHECK (kind = 'a' OR kind = 'b'), x)")
    }
}
