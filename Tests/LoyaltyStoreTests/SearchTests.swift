import Foundation
import GRDB
import LoyaltyCore
@testable import LoyaltyStore
import Testing

@Suite struct SearchTests {
    struct Person {
        var id: String
        var first: String?
        var last: String?
        var email: String
        var phone: String? = nil
    }

    static let people = [
        Person(id: "c1", first: "Alice", last: "Smith", email: "alice@example.com", phone: "+1 555-0123"),
        Person(id: "c2", first: "Joanna", last: "Alison", email: "jo.alison@example.org"),
        Person(id: "c3", first: "Ann", last: "Lee", email: "ann@shop.test", phone: "(020) 7946 0958"),
        Person(id: "c4", first: "Élodie", last: "Ñúñez", email: "elodie@example.fr"),
        Person(id: "c5", first: "太郎", last: "山田", email: "taro@example.jp"),
        Person(id: "c6", first: "דנה", last: "כהן", email: "dana@example.co.il"),
        Person(id: "c7", first: nil, last: nil, email: "nobody@example.net"),
    ]

    /// One order per person, named "#1001", "#1002", ... with external ids 9001, 9002, ...
    func seeded() throws -> StoreHarness {
        let h = try StoreHarness()
        let orders = Self.people.enumerated().map { n, p in
            IncomingOrder(externalID: String(9001 + n), name: "#\(1001 + n)",
                          customer: IncomingCustomer(externalID: "shop-\(p.id)", email: p.email, firstName: p.first,
                                                     lastName: p.last, phone: p.phone),
                          processedAt: StoreHarness.t0 + Int64(n + 1) * 3600, currency: "USD",
                          totalPrice: DecimalAmount(digits: 2000, scale: 2), subtotalPrice: DecimalAmount(digits: 2000, scale: 2))
        }
        try h.importOrders(orders)
        try setReferralCode(h, customer: "shop-c1", "REF-AB12CD")
        return h
    }

    func setReferralCode(_ h: StoreHarness, customer: String, _ code: String) throws {
        let id = try h.customerID(customer)
        try h.store.write { db in try db.execute(sql: "UPDATE customers SET referral_code = ? WHERE id = ?", arguments: [code, id]) }
    }

    func search(_ h: StoreHarness, _ query: String, limit: Int = 50) throws -> [CustomerSearchHit] {
        try h.store.searchCustomers(merchant: h.owner.merchant, query: query, limit: limit)
    }

    func emails(_ hits: [CustomerSearchHit]) -> [String] { hits.compactMap(\.row.customer.email) }

    @Test func eachWordMatchesByPrefixFromTheFirstCharacter() throws {
        let h = try seeded()
        #expect(emails(try search(h, "ali")).first == "alice@example.com")
        #expect(emails(try search(h, "smi")) == ["alice@example.com"])
        #expect(emails(try search(h, "al sm")) == ["alice@example.com"])
        #expect(Set(emails(try search(h, "Al"))) == ["alice@example.com", "jo.alison@example.org"])
        #expect(Set(emails(try search(h, "a"))) == ["alice@example.com", "jo.alison@example.org", "ann@shop.test"])
        // Below three characters a term matches word starts only: "li" is inside "Alice" but starts no word.
        #expect(try search(h, "li").isEmpty)
        #expect(emails(try search(h, "lice")) == ["alice@example.com"])
    }

    @Test func emailsAreFoundWholeOrByAnyPart() throws {
        let h = try seeded()
        #expect(emails(try search(h, "alice@")) == ["alice@example.com"])
        #expect(emails(try search(h, "ice@ex")) == ["alice@example.com"])
        #expect(emails(try search(h, "jo.al")) == ["jo.alison@example.org"])
        #expect(Set(emails(try search(h, "@example"))) == Set(Self.people.map(\.email).filter { $0.contains("@example") }))
        let exact = try search(h, "ALICE@Example.com")
        #expect(exact.first?.match == CustomerSearchMatch(field: .email, value: "alice@example.com", exact: true))
    }

    @Test func longTermsAreCheckedInFull() throws {
        let h = try seeded()
        try h.importOrders([IncomingOrder(externalID: "long", customer: IncomingCustomer(
            externalID: "shop-long", email: "maximilian.schneider-weber@example.com", firstName: "Maximilian", lastName: "Schneider-Weber"),
            processedAt: StoreHarness.t0 + 3600, currency: "USD", totalPrice: DecimalAmount(digits: 100, scale: 2))])
        let max = "maximilian.schneider-weber@example.com"
        // Longer than the 16 characters looked up: the rest is checked on the candidates.
        #expect(emails(try search(h, "schneider-weber@exa")) == [max])
        #expect(try search(h, "schneider-weber@exz").isEmpty)
        #expect(emails(try search(h, "maximilian.schneider")) == [max])
        #expect(try search(h, "maximilian.schneiderz").isEmpty)
        #expect(emails(try search(h, "schneider-weber")) == [max])  // a word of the name, 15 characters
        #expect(try search(h, "x schneider-weber@exz").isEmpty)
    }

    @Test func phonesAreFoundByTheirDigitsHoweverWritten() throws {
        let h = try seeded()
        for query in ["555 01", "5550123", "(555) 0123", "+1 555-0123", "555-01"] {
            let hits = try search(h, query)
            #expect(emails(hits) == ["alice@example.com"], "query \(query)")
            #expect(hits.first?.match.field == .phone, "query \(query)")
        }
        #expect(emails(try search(h, "7946 0958")) == ["ann@shop.test"])
    }

    @Test func orderNumbersAndOrderIDsFindTheirCustomer() throws {
        let h = try seeded()
        for query in ["1001", "#1001"] {
            let hits = try search(h, query)
            #expect(hits.first?.row.customer.email == "alice@example.com", "query \(query)")
            #expect(hits.first?.match == CustomerSearchMatch(field: .orderNumber, value: "#1001", exact: true), "query \(query)")
        }
        let byID = try search(h, "9003")
        #expect(byID.first?.row.customer.email == "ann@shop.test")
        #expect(byID.first?.match == CustomerSearchMatch(field: .orderID, value: "9003", exact: true))
        #expect(Set(emails(try search(h, "#100"))) == Set(Self.people.map(\.email)))
        #expect(emails(try search(h, "shop-c2")) == ["jo.alison@example.org"])
    }

    @Test func referralCodesMatchCaseInsensitively() throws {
        let h = try seeded()
        let hits = try search(h, "ref-ab12cd")
        #expect(hits.count == 1)
        #expect(hits.first?.match == CustomerSearchMatch(field: .referralCode, value: "REF-AB12CD", exact: true))
        #expect(emails(try search(h, "ab12")) == ["alice@example.com"])
    }

    @Test func exactAndWordStartHitsRankAboveSubstrings() throws {
        let h = try seeded()
        // "ann" starts Ann's first name and email; it is only inside "Joanna".
        let hits = try search(h, "ann")
        #expect(emails(hits) == ["ann@shop.test", "jo.alison@example.org"])
        #expect(hits.map(\.match.field) == [.name, .name])
        // "alison" is a whole last name of Joanna, a substring of nobody else's name.
        #expect(emails(try search(h, "alison")).first == "jo.alison@example.org")
        let limited = try search(h, "example", limit: 2)
        #expect(limited.count == 2)
    }

    @Test func unicodeNamesAreFoundByTheirOwnCharacters() throws {
        let h = try seeded()
        for query in ["élo", "ÉLODIE", "ñúñ", "Ñ"] {
            #expect(emails(try search(h, query)) == ["elodie@example.fr"], "query \(query)")
        }
        for query in ["山田", "太郎", "山", "山田 太郎"] {
            #expect(emails(try search(h, query)) == ["taro@example.jp"], "query \(query)")
        }
        for query in ["דנה", "כה"] {
            #expect(emails(try search(h, query)) == ["dana@example.co.il"], "query \(query)")
        }
    }

    @Test func queryLanguageIsSearchedAsPlainText() throws {
        let h = try seeded()
        for query in ["a OR b", "\"", "\"\"", "*", "ali*", "NEAR(", "NEAR(ali smi)", "'; DROP TABLE customers; --", "-ali",
                      "^ali", "email:ali", "{name}: ali", "(", ")", "\u{1}\u{1}a", "AND", "NOT ali", "   "] {
            let hits = try search(h, query)
            #expect(hits.count < Self.people.count, "query \(query) matched everybody")
        }
        #expect(try search(h, "\"").isEmpty)
        #expect(try search(h, "*").isEmpty)
        #expect(try search(h, "").isEmpty)
        #expect(try h.count("customers") == Self.people.count)
    }

    @Test func redactedCustomersCannotBeFoundByTheirFormerData() throws {
        let h = try seeded()
        let alice = try h.customerID("shop-c1")
        let ann = try h.customerID("shop-c3")
        try h.store.write { db in
            // A redaction that tombstones the personal data, and one that (wrongly) leaves it: neither is searchable.
            try db.execute(sql: """
                UPDATE customers SET first_name = 'redacted', last_name = NULL, email = NULL, email_normalized = NULL,
                    phone = NULL, referral_code = NULL, redacted_at = ? WHERE id = ?
                """, arguments: [StoreHarness.t0 + 86_400, alice])
            try db.execute(sql: "UPDATE customers SET redacted_at = ? WHERE id = ?", arguments: [StoreHarness.t0 + 86_400, ann])
        }
        for query in ["alice", "smith", "alice@example.com", "555 0123", "ref-ab12cd", "#1001", "9001", "shop-c1",
                      "ann", "ann@shop.test", "7946", "#1003", "redacted"] {
            #expect(try search(h, query).allSatisfy { ![alice, ann].contains($0.row.customer.id) }, "query \(query)")
        }
        #expect(emails(try search(h, "jo.alison")) == ["jo.alison@example.org"])
    }

    @Test func theIndexFollowsChangesToCustomers() throws {
        let h = try seeded()
        let csv = "email,first_name,last_name,phone\nalice@example.com,Alicia,Smythe,+44 20 1234 5678\nnew@example.com,Zed,Quinn,\n"
        _ = try h.store.importCustomers(h.owner, data: Data(csv.utf8), source: "customers.csv", now: StoreHarness.t0 + 86_400)
        #expect(emails(try search(h, "smythe")) == ["alice@example.com"])
        #expect(try search(h, "smith ali").isEmpty)
        #expect(emails(try search(h, "1234 56")) == ["alice@example.com"])
        #expect(emails(try search(h, "zed")) == ["new@example.com"])
        let counts = try h.store.read { db in
            (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM customer_search") ?? 0,
             try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM customers WHERE redacted_at IS NULL") ?? 0)
        }
        #expect(counts.0 == counts.1)
    }

    @Test func customersAddedOutsideTheImportsAreIndexedByTheNextSearch() throws {
        let h = try seeded()
        try h.store.write { db in
            try db.execute(sql: """
                INSERT INTO customers (merchant_id, email, email_normalized, first_name, created_at, enrolled_at)
                VALUES (?, 'late@example.com', 'late@example.com', 'Latecomer', 0, 0)
                """, arguments: [h.owner.merchant.id])
        }
        #expect(emails(try search(h, "latecomer")) == ["late@example.com"])
        #expect(emails(try search(h, "late@")) == ["late@example.com"])
    }

    @Test func otherMerchantsCustomersStayOut() throws {
        let h = try seeded()
        let other = try h.store.addMerchant(shopDomain: "other.myshopify.com", ownerName: "otto", now: StoreHarness.t0)
        _ = try h.store.importOrders(other, orders: [IncomingOrder(
            externalID: "9001", name: "#1001", customer: IncomingCustomer(externalID: "x1", email: "alice.other@example.com", firstName: "Alice"),
            processedAt: StoreHarness.t0 + 3600, currency: "USD", totalPrice: DecimalAmount(digits: 100, scale: 2))],
            source: "t", now: StoreHarness.t0 + 86_400)
        #expect(emails(try search(h, "alice")) == ["alice@example.com"])
        #expect(emails(try search(h, "#1001")) == ["alice@example.com"])
        #expect(emails(try h.store.searchCustomers(merchant: other.merchant, query: "alice")) == ["alice.other@example.com"])
    }

    @Test func customersPageSortsAndPages() throws {
        let h = try seeded()
        let merchant = h.owner.merchant
        try h.importOrders([h.order("big", customer: "shop-c6", amount: 90_000, at: StoreHarness.t0 + 20 * 3600)])
        #expect(try h.store.customerCount(merchant: merchant) == Self.people.count)
        let byName = try h.store.customersPage(merchant: merchant, sort: CustomerSort(.name), limit: 3)
        #expect(byName.map(\.customer.displayName) == ["Alice Smith", "Ann Lee", "Joanna Alison"])
        let next = try h.store.customersPage(merchant: merchant, sort: CustomerSort(.name), offset: 3, limit: 100)
        #expect(next.count == Self.people.count - 3)
        #expect(Set(byName.map(\.customer.id)).isDisjoint(with: next.map(\.customer.id)))
        let bySpend = try h.store.customersPage(merchant: merchant, sort: CustomerSort(.spend), limit: 2)
        #expect(bySpend.first?.customer.email == "dana@example.co.il" && bySpend.first?.customer.totalSpentMinor == 92_000)
        let byBalance = try h.store.customersPage(merchant: merchant, sort: CustomerSort(.balance), limit: 1)
        #expect(byBalance.first?.pointsBalance == 920)
        let byLastOrder = try h.store.customersPage(merchant: merchant, sort: CustomerSort(.lastOrder), limit: 2)
        #expect(byLastOrder.map(\.customer.email) == ["dana@example.co.il", "nobody@example.net"])
        let oldestFirst = try h.store.customersPage(merchant: merchant, sort: CustomerSort(.lastOrder, descending: false), limit: 1)
        #expect(oldestFirst.first?.customer.email == "alice@example.com")
    }

    @Test func everyPageOrderAndLookupIsServedByAnIndex() throws {
        let h = try seeded()
        func plan(_ sql: String, _ arguments: StatementArguments) throws -> String {
            try h.store.read { db in
                try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: arguments).map { $0["detail"] as String }.joined(separator: "; ")
            }
        }
        for key in CustomerSort.Key.allCases {
            for descending in [false, true] {
                let detail = try plan(LoyaltyStore.customersPageSQL(CustomerSort(key, descending: descending)), [1, 10, 0])
                #expect(detail.contains("customers_sort_") && !detail.contains("TEMP B-TREE"), "\(key) \(descending): \(detail)")
            }
        }
        for lookup in CustomerSearchQuery("#1001").exactLookups() {
            let detail = try plan(lookup.sql, [1] + lookup.arguments)
            #expect(detail.contains("USING INDEX") && !detail.contains("SCAN"), "\(lookup.field): \(detail)")
            if lookup.sql.contains("FROM orders") {
                #expect(detail.hasPrefix("SEARCH o USING") && detail.hasSuffix("SEARCH c USING INTEGER PRIMARY KEY (rowid=?)"),
                        "\(lookup.field): \(detail)")
            }
        }
        // The match drives the search; each hit is then one primary-key lookup (never one match per customer).
        let fullText = try plan(LoyaltyStore.fullTextSQL, ["\"ali\"", 1, 50])
        #expect(fullText == "SCAN customer_search VIRTUAL TABLE INDEX 0:M4; SEARCH c USING INTEGER PRIMARY KEY (rowid=?)", "\(fullText)")
    }
}
