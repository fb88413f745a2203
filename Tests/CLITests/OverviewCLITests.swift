import Foundation
import Testing

/// `loyalnest overview` and `loyalnest customer search`, run as a user would (the runner is CLITests').
@Suite struct OverviewCLITests {
    let cli: CLITests

    init() throws {
        cli = try CLITests()
        try cli.makeShop()
        let orders = try cli.write("orders.csv", """
            customer_id,order_id,processed_at,total_price,email,first_name,last_name
            c1,1001,2026-02-02T10:00:00Z,120.40,ann@example.com,Ann,Lee
            c1,1002,2026-02-20T10:00:00Z,30.00,ann@example.com,Ann,Lee
            c2,1003,2026-01-03,15.00,bob@example.com,Bob,Stone
            """)
        let imported = try cli.run(["--db", cli.db, "import", "orders", orders])
        #expect(imported.status == 0, "\(imported.stderr)")
    }

    func json(_ arguments: [String]) throws -> Any {
        let run = try cli.run(arguments)
        #expect(run.status == 0, "\(run.stderr)")
        return try JSONSerialization.jsonObject(with: Data(run.stdout.utf8))
    }

    @Test func overviewJSONHasEveryKeyAndTheFigures() throws {
        let m = try #require(try json(["--db", cli.db, "overview", "--json", "--as-of", "2026-02-25"]) as? [String: Any])
        #expect(Set(m.keys) == ["merchant", "currency", "timeZone", "asOf", "members", "activeMembers", "last30Days", "allTime",
                                "outstandingPoints", "owedPoints", "cashRate", "outstandingValue", "redemptionRate",
                                "customersWithOrders", "repeatCustomers", "repeatCustomerRate", "memberPurchases",
                                "nonMemberPurchases", "expiring", "daily", "topCustomers", "tierDistribution"])
        #expect(m["merchant"] as? String == "cli-shop.myshopify.com" && m["members"] as? Int == 2 && m["activeMembers"] as? Int == 1)
        // 2026-02-25 means the end of that day: the window starts 2026-01-26T23:59:59Z, after Bob's order.
        #expect((m["last30Days"] as? [String: Any])?["issued"] as? Int == 150)
        #expect((m["allTime"] as? [String: Any])?["issued"] as? Int == 165)
        #expect(m["outstandingValue"] is NSNull && m["cashRate"] is NSNull)  // no fixed-amount reward yet
        #expect(m["tierDistribution"] is NSNull)  // no tiers yet
        #expect(m["repeatCustomerRate"] as? Double == 0.5)
        let members = try #require(m["memberPurchases"] as? [String: Any])
        let aov = try #require(members["averageOrderValue"] as? [String: Any])
        #expect(aov["minor"] as? Int == 5513 && aov["currency"] as? String == "USD" && aov["formatted"] as? String == "55.13 USD")
        let daily = try #require(m["daily"] as? [String: Any])
        #expect((daily["issued"] as? [Int])?.count == 30 && (daily["days"] as? [String])?.last == "2026-02-25")
        let top = try #require(m["topCustomers"] as? [[String: Any]])
        #expect(top.map { $0["name"] as? String } == ["Ann Lee", "Bob Stone"])
    }

    /// The answer of the sqlite3 shell for `sql` on the test's database, one line per row.
    func sqlite(_ sql: String) throws -> [String] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        process.arguments = [cli.db, sql]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
    }

    @Test func tierDistributionEqualsADirectCountOfTheCustomersTiers() throws {
        let people = try cli.write("customers.csv", "email,first_name,last_name\ncy@example.com,Cy,Park\n")
        let imported = try cli.run(["--db", cli.db, "import", "customers", people])
        #expect(imported.status == 0, "\(imported.stderr)")
        for (key, name, threshold) in [("silver", "Silver", "10.00"), ("gold", "Gold", "150.00")] {
            let created = try cli.run(["--db", cli.db, "tiers", "create", key, "--name", name, "--threshold", threshold])
            #expect(created.status == 0, "\(created.stderr)")
        }
        let m = try #require(try json(["--db", cli.db, "overview", "--json", "--as-of", "2026-02-25"]) as? [String: Any])
        let d = try #require(m["tierDistribution"] as? [String: Any])
        let tiers = try #require(d["tiers"] as? [[String: Any]])
        let noTier = try #require(d["noTier"] as? [String: Any])
        // Straight from the customers table: "key=count" per stored tier, "-" for none.
        var direct: [String: Int] = [:]
        for line in try sqlite("SELECT COALESCE(tier_key, '-') || '=' || COUNT(*) FROM customers GROUP BY tier_key") {
            let parts = line.split(separator: "=")
            direct[String(parts[0])] = Int(parts[1])
        }
        let total = try #require(Int(try sqlite("SELECT COUNT(*) FROM customers").first ?? ""))
        #expect(d["customers"] as? Int == total)
        #expect(noTier["customers"] as? Int == direct["-"] ?? 0)
        #expect(tiers.map { $0["key"] as? String } == ["silver", "gold"])
        for tier in tiers {
            let key = try #require(tier["key"] as? String)
            #expect(tier["customers"] as? Int == direct[key] ?? 0, "tier \(key)")
            #expect(tier["share"] as? Double == Double(direct[key] ?? 0) / Double(total), "tier \(key)")
        }
        // Ann (150.40 spent) in gold, Bob (15.00) in silver, Cy (no order) in none.
        #expect(direct == ["gold": 1, "silver": 1, "-": 1])
        #expect(((tiers.first?["name"] as? [String: Any])?["en"] as? String) == "Silver")
        let text = try cli.run(["--db", cli.db, "overview", "--as-of", "2026-02-25"])
        #expect(text.stdout.contains("customers per VIP tier: no tier 1 (33.3%) · Silver 1 (33.3%) · Gold 1 (33.3%)"), "\(text.stdout)")
    }

    @Test func overviewTextAndBadDates() throws {
        let text = try cli.run(["--db", cli.db, "overview", "--as-of", "2026-02-25"])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("members: 2") && text.stdout.contains("1. Ann Lee"))
        let bad = try cli.run(["--db", cli.db, "overview", "--as-of", "yesterday"])
        #expect(bad.status == 2 && bad.stderr.contains("--as-of yesterday is not a date"))
    }

    @Test func customerSearchFindsByAnyFieldAndRefusesABadLimit() throws {
        let byName = try #require(try json(["--db", cli.db, "customer", "search", "an", "--json"]) as? [[String: Any]])
        let first = try #require(byName.first?["row"] as? [String: Any])
        #expect(byName.count == 1 && (first["customer"] as? [String: Any])?["email"] as? String == "ann@example.com")
        let byOrder = try cli.run(["--db", cli.db, "customer", "search", "1003"])
        #expect(byOrder.status == 0 && byOrder.stdout.contains("Bob Stone") && byOrder.stdout.contains("= orderID 1003"))
        let nothing = try cli.run(["--db", cli.db, "customer", "search", "'; DROP TABLE customers; --"])
        #expect(nothing.status == 0 && nothing.stdout.contains("no customer matches"))
        let limit = try cli.run(["--db", cli.db, "customer", "search", "ann", "--limit", "0"])
        #expect(limit.status == 2 && limit.stderr.contains("--limit 0 is out of range"))
    }
}
