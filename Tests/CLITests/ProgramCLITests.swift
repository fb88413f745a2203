import Foundation
import Testing

/// `loyalnest tiers|campaigns|rewards|whatif`, run as a user would (the runner is CLITests').
@Suite struct ProgramCLITests {
    let cli: CLITests

    init() throws {
        cli = try CLITests()
        try cli.makeShop()
        let orders = try cli.write("orders.csv", """
            customer_id,order_id,processed_at,total_price,email,first_name,last_name
            c1,1001,2026-01-05T10:00:00Z,400.00,ann@example.com,Ann,Lee
            c1,1002,2026-02-01T10:00:00Z,300.00,ann@example.com,Ann,Lee
            c2,1003,2026-01-03,150.00,bob@example.com,Bob,Stone
            """)
        #expect(try cli.run(["--db", cli.db, "import", "orders", orders]).status == 0)
    }

    func json(_ arguments: [String]) throws -> Any {
        let run = try cli.run(["--db", cli.db] + arguments)
        #expect(run.status == 0, "\(run.stderr)")
        return try JSONSerialization.jsonObject(with: Data(run.stdout.utf8))
    }

    @Test func tiersAreScriptableAndCustomersMoveIntoThem() throws {
        let created = try #require(try json(["tiers", "create", "gold", "--name", "Gold", "--name-in", "ja=ゴールド",
                                             "--threshold", "500.00", "--multiplier", "1.5", "--json"]) as? [String: Any])
        #expect(created["members"] as? Int == 1)
        let listed = try #require(try json(["tiers", "list", "--json"]) as? [[String: Any]])
        #expect(listed.count == 1)
        #expect(try cli.run(["--db", cli.db, "tiers", "update", "gold", "--threshold", "100.00"]).status == 0)
        let shown = try #require(try json(["tiers", "show", "gold", "--json"]) as? [String: Any])
        #expect(shown["members"] as? Int == 2)
        let denied = try cli.run(["--db", cli.db, "--operator", "sam", "tiers", "delete", "gold"])
        #expect(denied.status == 2 && denied.stderr.contains("may not edit tiers"))
        let duplicate = try cli.run(["--db", cli.db, "tiers", "create", "silver", "--name", "Silver", "--threshold", "100.00"])
        #expect(duplicate.status == 2 && duplicate.stderr.contains("same threshold") && duplicate.stderr.contains("Nothing was changed"))
        #expect(try cli.run(["--db", cli.db, "tiers", "delete", "gold"]).status == 0)
        #expect((try json(["tiers", "list", "--json"]) as? [Any])?.isEmpty == true)
    }

    @Test func campaignsGoThroughTheirLifecycleAndRefuseBadInput() throws {
        let created = try #require(try json(["campaigns", "create", "--name", "Double", "--multiplier", "2", "--starts", "2026-03-10",
                                             "--ends", "2026-03-17", "--time-zone", "Europe/Paris", "--json"]) as? [String: Any])
        let id = try #require(created["id"] as? Int)
        #expect(created["status"] as? String == "draft")
        #expect(try cli.run(["--db", cli.db, "campaigns", "launch", "\(id)"]).stdout.contains("scheduled"))
        #expect(try cli.run(["--db", cli.db, "campaigns", "pause", "\(id)"]).stdout.contains("paused"))
        #expect(try cli.run(["--db", cli.db, "campaigns", "resume", "\(id)"]).status == 0)
        #expect(try cli.run(["--db", cli.db, "campaigns", "end", "\(id)"]).stdout.contains("ended"))
        let again = try cli.run(["--db", cli.db, "campaigns", "resume", "\(id)"])
        #expect(again.status == 2 && again.stderr.contains("has ended"))
        for (arguments, expected) in [
            (["--multiplier", "2", "--starts", "2026-03-08", "--ends", "2026-03-01"], "before or when it starts"),
            (["--multiplier", "2", "--starts", "2026-03-01", "--ends", "2026-03-08", "--time-zone", "Mars/Base"], "not a known time zone"),
            (["--multiplier", "0", "--starts", "2026-03-01", "--ends", "2026-03-08"], "must be above 0"),
            (["--multiplier=-1", "--starts", "2026-03-01", "--ends", "2026-03-08"], "cannot be negative"),
            (["--multiplier", "1e9", "--starts", "2026-03-01", "--ends", "2026-03-08"], "not a number"),
        ] {
            let bad = try cli.run(["--db", cli.db, "campaigns", "create", "--name", "Bad"] + arguments)
            #expect(bad.status == 2 && bad.stderr.contains(expected), "\(arguments): \(bad.stderr)")
        }
        #expect((try json(["campaigns", "list", "--json"]) as? [Any])?.count == 1)
    }

    @Test func whatIfPrintsTheDifferenceWritesNothingAndRefusesUnknownKeys() throws {
        let file = try cli.write("gold.toml", """
            as_of = "2026-03-01"
            [[tiers]]
            key = "gold"
            name = "Gold"
            threshold = "400.00"
            multiplier = "2"
            """)
        let report = try #require(try json(["whatif", file, "--json"]) as? [String: Any])
        let points = try #require(report["pointsIssued"] as? [String: Int])
        // Ann reaches 400.00 with her first order; her second (300.00) then earns twice: 300 more points.
        #expect(points["current"] == 850 && points["proposed"] == 1_150)
        #expect((try json(["tiers", "list", "--json"]) as? [Any])?.isEmpty == true)
        let text = try cli.run(["--db", cli.db, "whatif", file])
        #expect(text.stdout.contains("points issued: 850 → 1,150 (+300)"))
        let typo = try cli.write("typo.toml", "[settings]\npoints_per_unt = \"2\"\n")
        let refused = try cli.run(["--db", cli.db, "whatif", typo])
        #expect(refused.status == 2 && refused.stderr.contains("unknown key \"settings.points_per_unt\""))
        let wrong = try cli.write("wrong.toml", "[campaign]\nstarts = \"2026-01-01\"\nends = \"2026-02-01\"\nmultiplier = \"0\"\n")
        let invalid = try cli.run(["--db", cli.db, "whatif", wrong])
        #expect(invalid.status == 2 && invalid.stderr.contains("must be above 0"))
        let missing = try cli.run(["--db", cli.db, "whatif", cli.dir + "/nope.toml"])
        #expect(missing.status == 2 && missing.stderr.contains("cannot read"))
    }
}
