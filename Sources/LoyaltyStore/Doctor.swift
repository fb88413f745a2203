import Foundation
import GRDB
import LoyaltyCore

public struct DoctorCheck: Codable, Hashable, Sendable {
    public var name: String
    public var ok: Bool
    /// What is wrong, one line per problem (at most 20 shown; `problemCount` counts all).
    public var problems: [String]
    public var problemCount: Int
}

extension LoyaltyStore {
    /// Proves the ledger invariants over the whole database (every merchant).
    public func doctor() throws -> [DoctorCheck] {
        try read { db in
            func check(_ name: String, _ sql: String, describe: (Row) -> String) throws -> DoctorCheck {
                let rows = try Row.fetchAll(db, sql: sql)
                return DoctorCheck(name: name, ok: rows.isEmpty, problems: rows.prefix(20).map(describe), problemCount: rows.count)
            }
            let earnedKinds = EntryKind.allCases.filter(\.countsAsEarned).map { "'\($0.rawValue)'" }.joined(separator: ",")
            var checks: [DoctorCheck] = []
            let integrity = try String.fetchAll(db, sql: "PRAGMA integrity_check")
            checks.append(DoctorCheck(name: "sqlite integrity_check", ok: integrity == ["ok"],
                                      problems: integrity == ["ok"] ? [] : Array(integrity.prefix(20)), problemCount: integrity == ["ok"] ? 0 : integrity.count))
            checks.append(try check("cached balances equal the ledger", """
                SELECT c.id, c.points_balance, c.lifetime_earned, COALESCE(s.total, 0) AS total, COALESCE(s.earned, 0) AS earned
                FROM customers c LEFT JOIN (
                    SELECT customer_id, SUM(points) AS total,
                           SUM(CASE WHEN points > 0 AND kind IN (\(earnedKinds)) THEN points ELSE 0 END) AS earned
                    FROM points_transactions GROUP BY customer_id) s ON s.customer_id = c.id
                WHERE c.points_balance != COALESCE(s.total, 0) OR c.lifetime_earned != COALESCE(s.earned, 0)
                """) { "customer \($0["id"] as Int64): cached balance \($0["points_balance"] as Int64) / earned \($0["lifetime_earned"] as Int64), ledger says \($0["total"] as Int64) / \($0["earned"] as Int64)" })
            checks.append(try check("cached order counts equal the orders", """
                SELECT c.id, c.orders_count, c.total_spent_minor, COALESCE(o.n, 0) AS n, COALESCE(o.spent, 0) AS spent
                FROM customers c LEFT JOIN (
                    SELECT customer_id, COUNT(*) AS n, SUM(total_minor) AS spent FROM orders WHERE cancelled_at IS NULL AND deleted_at IS NULL GROUP BY customer_id
                ) o ON o.customer_id = c.id
                WHERE c.orders_count != COALESCE(o.n, 0) OR c.total_spent_minor != COALESCE(o.spent, 0)
                """) { "customer \($0["id"] as Int64): cached \($0["orders_count"] as Int64) orders, orders table has \($0["n"] as Int64)" })
            checks.append(try check("no grant is over-allocated", """
                SELECT t.id, t.points, SUM(a.points) AS used FROM points_transactions t JOIN point_allocations a ON a.grant_id = t.id
                GROUP BY t.id HAVING t.points <= 0 OR SUM(a.points) > t.points
                """) { "entry \($0["id"] as Int64) grants \($0["points"] as Int64) but \($0["used"] as Int64) are allocated from it" })
            checks.append(try check("no debit is over-covered", """
                SELECT t.id, t.points, SUM(a.points) AS covered FROM points_transactions t JOIN point_allocations a ON a.debit_id = t.id
                GROUP BY t.id HAVING t.points >= 0 OR SUM(a.points) > -t.points
                """) { "entry \($0["id"] as Int64) debits \($0["points"] as Int64) but \($0["covered"] as Int64) are allocated to it" })
            checks.append(try check("allocations stay within one customer and merchant", """
                SELECT a.id FROM point_allocations a JOIN points_transactions g ON g.id = a.grant_id JOIN points_transactions d ON d.id = a.debit_id
                WHERE g.customer_id != d.customer_id OR g.merchant_id != a.merchant_id OR d.merchant_id != a.merchant_id
                """) { "allocation \($0["id"] as Int64) links entries of different customers or merchants" })
            checks.append(try check("grants left minus points owed equal the balance", """
                SELECT c.id, c.points_balance, COALESCE(x.net, 0) AS net FROM customers c LEFT JOIN (
                    SELECT t.customer_id, SUM(CASE WHEN t.points > 0
                        THEN \(LedgerSQL.grantRemaining)
                        ELSE t.points + COALESCE((SELECT SUM(a.points) FROM point_allocations a WHERE a.debit_id = t.id), 0) END) AS net
                    FROM points_transactions t GROUP BY t.customer_id) x ON x.customer_id = c.id
                WHERE c.points_balance != COALESCE(x.net, 0)
                """) { "customer \($0["id"] as Int64): balance \($0["points_balance"] as Int64) but grants left minus owed is \($0["net"] as Int64)" })
            let fk = try Row.fetchAll(db, sql: "PRAGMA foreign_key_check")
            checks.append(DoctorCheck(name: "no orphan rows (foreign keys)", ok: fk.isEmpty,
                                      problems: fk.prefix(20).map { "\($0["table"] as String) row \($0["rowid"] as Int64? ?? 0) points to a missing \($0["parent"] as String)" },
                                      problemCount: fk.count))
            checks.append(try check("rows belong to their customer's merchant", """
                SELECT 'points_transactions' AS t, x.id FROM points_transactions x JOIN customers c ON c.id = x.customer_id WHERE c.merchant_id != x.merchant_id
                UNION ALL SELECT 'orders', x.id FROM orders x JOIN customers c ON c.id = x.customer_id WHERE c.merchant_id != x.merchant_id
                UNION ALL SELECT 'reward_redemptions', x.id FROM reward_redemptions x JOIN customers c ON c.id = x.customer_id WHERE c.merchant_id != x.merchant_id
                """) { "\($0["t"] as String) row \($0["id"] as Int64) has another merchant than its customer" })
            checks.append(try check("idempotency keys are unique", """
                SELECT idempotency_key, COUNT(*) AS n FROM points_transactions GROUP BY idempotency_key HAVING COUNT(*) > 1
                UNION ALL SELECT 'missing unique index', 0 WHERE NOT EXISTS (
                    SELECT 1 FROM pragma_index_list('points_transactions') WHERE "unique" = 1 AND origin = 'u')
                """) { "key \($0["idempotency_key"] as String) used \($0["n"] as Int64) times" })
            checks.append(try check("each redemption matches its ledger entries", """
                SELECT r.id, r.code, r.status FROM reward_redemptions r
                LEFT JOIN points_transactions t ON t.id = r.transaction_id
                WHERE t.id IS NULL OR t.kind != 'redeem' OR t.points != -r.points
                   OR (r.status = 'cancelled') != EXISTS (SELECT 1 FROM points_transactions c WHERE c.customer_id = r.customer_id
                                                                         AND c.redemption_id = r.id AND c.kind = 'redemption_cancel')
                """) { "redemption \($0["code"] as String) (\($0["status"] as String)) does not match its ledger entries" })
            checks.append(try check("an entry is undone at most once", """
                SELECT reverses_id, COUNT(*) AS n FROM points_transactions WHERE kind IN ('undo','redemption_cancel') AND reverses_id IS NOT NULL
                GROUP BY reverses_id HAVING COUNT(*) > 1
                """) { "entry \($0["reverses_id"] as Int64) was undone \($0["n"] as Int64) times" })
            return checks
        }
    }
}
