import Foundation
import GRDB
import LoyaltyCore

extension DemoStore {
    /// Gives every customer of the merchant who has none a referral code ("REF-" and 8 symbols of the unambiguous
    /// discount-code alphabet), so the demo's customers can be searched by code. The codes come from their own
    /// generator, so adding them leaves the rest of the demo (drawn from the main one) unchanged.
    static func assignReferralCodes(_ store: LoyaltyStore, merchantID: Int64, seed: UInt64) throws -> Int {
        var rng = SeededGenerator(seed: seed ^ 0x5EED_C0DE_0000_0000 ^ UInt64(merchantID))
        return try store.write { db in
            var used = Set(try String.fetchAll(db, sql: "SELECT upper(referral_code) FROM customers WHERE merchant_id = ? AND referral_code IS NOT NULL",
                                               arguments: [merchantID]))
            let ids = try Int64.fetchAll(db, sql: "SELECT id FROM customers WHERE merchant_id = ? AND referral_code IS NULL ORDER BY id",
                                         arguments: [merchantID])
            // Staged, then written by one UPDATE: the search index is rewritten once, not once per customer.
            try db.execute(sql: "CREATE TEMP TABLE demo_referral_codes (id INTEGER PRIMARY KEY, code TEXT NOT NULL)")
            defer { try? db.execute(sql: "DROP TABLE temp.demo_referral_codes") }
            let stage = try db.makeStatement(sql: "INSERT INTO temp.demo_referral_codes (id, code) VALUES (?, ?)")
            for id in ids {
                var code: String
                repeat {
                    code = "REF-" + String((0..<8).map { _ in DiscountCode.alphabet[Int(rng.next() % UInt64(DiscountCode.alphabet.count))] })
                } while !used.insert(code).inserted
                try stage.execute(arguments: [id, code])
            }
            try db.execute(sql: """
                UPDATE customers SET referral_code = (SELECT code FROM temp.demo_referral_codes d WHERE d.id = customers.id)
                WHERE id IN (SELECT id FROM temp.demo_referral_codes)
                """)
            return ids.count
        }
    }
}
