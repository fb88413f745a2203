import Foundation
import Testing

/// `loyalnest rfm`, `rfm recompute|migration|rename|what-if|settings`, `churn`, `export rfm` and `bench rfm`, run as a
/// user would (the runner is CLITests'), with the bad inputs of issue 6. LOYALNEST_NOW is 2026-03-01T12:00:00Z.
@Suite struct RFMCLITests {
    let cli: CLITests

    init() throws {
        cli = try CLITests()
        try cli.makeShop()
    }

    func importCSV(_ name: String, _ rows: [String], now: String? = nil) throws {
        let path = try cli.write(name, (["customer_id,order_id,processed_at,total_price,email"] + rows).joined(separator: "\n") + "\n")
        let run = try cli.run(["--db", cli.db, "import", "orders", path], environment: now.map { ["LOYALNEST_NOW": $0] } ?? [:])
        #expect(run.status == 0, "\(run.stderr)")
    }

    func json(_ arguments: [String]) throws -> [String: Any] {
        let run = try cli.run(["--db", cli.db] + arguments)
        #expect(run.status == 0, "\(arguments): \(run.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any], "\(run.stdout.prefix(300))")
    }

    func customers(_ arguments: [String]) throws -> [[String: Any]] {
        try #require(try json(arguments)["customers"] as? [[String: Any]])
    }

    @Test func aShopWithNoOrdersHasNoRowsAndNoFit() throws {
        let text = try cli.run(["--db", cli.db, "rfm"])
        #expect(text.status == 0 && text.stdout.contains("no customer has an order"))
        #expect(try customers(["rfm", "--json"]).isEmpty)
        let churn = try cli.run(["--db", cli.db, "churn", "--json"])
        #expect(churn.status == 0, "\(churn.stderr)")
        #expect(churn.stderr.contains("did not converge") && churn.stderr.contains("no customer"))
        let m = try #require(try JSONSerialization.jsonObject(with: Data(churn.stdout.utf8)) as? [String: Any])
        #expect(m["fit"] is NSNull && (m["failedFit"] as? [String: Any])?["converged"] as? Bool == false)
        #expect(!churn.stdout.lowercased().contains("nan"))
        let recompute = try cli.run(["--db", cli.db, "rfm", "recompute"])
        #expect(recompute.status == 0 && recompute.stdout.contains("0 customers"), "\(recompute.stderr)")
    }

    @Test func oneOrderIdenticalCustomersAndZeroMonetaryAreDefined() throws {
        try importCSV("one.csv", ["c1,1001,2026-02-01T10:00:00Z,25.00,a@example.com"])
        let one = try customers(["rfm", "--json"])
        #expect(one.count == 1 && one[0]["r"] as? Int == 5 && one[0]["f"] as? Int == 1 && one[0]["m"] as? Int == 1)
        #expect(one[0]["segment"] as? String == "new_customers" && one[0]["customerID"] as? String == "c1")
        #expect(one[0]["recencyDays"] as? Int == 28 && one[0]["monetary"] as? String == "25.00")

        try importCSV("same.csv", ["c2,1002,2026-02-01T10:00:00Z,25.00,b@example.com", "c3,1003,2026-02-01T10:00:00Z,25.00,c@example.com"])
        let same = try customers(["rfm", "--json"])
        #expect(same.count == 3 && same.allSatisfy { $0["segment"] as? String == "new_customers" })

        try importCSV("zero.csv", ["z1,2001,2026-02-10T10:00:00Z,0.00,z1@example.com", "z2,2002,2026-02-11T10:00:00Z,0.00,z2@example.com"])
        let zero = try customers(["rfm", "--json"]).filter { ($0["customerID"] as? String)?.hasPrefix("z") == true }
        #expect(zero.count == 2 && zero.allSatisfy { $0["monetaryMinor"] as? Int == 0 && $0["m"] as? Int == 1 })
    }

    @Test func futureOrdersAndAnAsOfBeforeTheFirstOrder() throws {
        // Imports accept an order up to a day ahead of the clock; as of now it does not count yet.
        try importCSV("orders.csv", ["c1,1001,2026-02-01T10:00:00Z,25.00,a@example.com", "c2,1002,2026-03-02T06:00:00Z,40.00,b@example.com"])
        #expect(try customers(["rfm", "--json"]).map { $0["customerID"] as? String } == ["c1"])
        #expect(try customers(["rfm", "--json", "--as-of", "2026-03-02"]).count == 2)
        #expect(try customers(["rfm", "--json", "--as-of", "2025-12-31"]).isEmpty)
        let ahead = try cli.run(["--db", cli.db, "rfm", "recompute", "--as-of", "2026-03-05"])
        #expect(ahead.status == 2 && ahead.stderr.contains("after today"))
        let bad = try cli.run(["--db", cli.db, "rfm", "--as-of", "soon"])
        #expect(bad.status == 2 && bad.stderr.contains("--as-of soon is not a date"))
        #expect(try cli.run(["--db", cli.db, "rfm", "--json", "--csv"]).status == 2)
    }

    @Test func recomputeStoresWhatRfmAndTheExportShow() throws {
        try importCSV("orders.csv", [
            "c1,1001,2026-01-05T10:00:00Z,120.40,a@example.com", "c1,1002,2026-02-20T10:00:00Z,30.00,a@example.com",
            "=cmd(),1003,2026-01-03,15.00,x@example.com", "c3,1004,2026-02-25T10:00:00Z,80.00,c@example.com",
        ])
        let denied = try cli.run(["--db", cli.db, "--operator", "vic", "rfm", "recompute"])
        #expect(denied.status == 2 && denied.stderr.contains("vic (viewer) may not recompute RFM scores"))
        let recompute = try cli.run(["--db", cli.db, "rfm", "recompute"])
        #expect(recompute.status == 0, "\(recompute.stderr)")
        #expect(recompute.stdout.contains("RFM recomputed as of 2026-03-01T12:00:00Z") && recompute.stdout.contains("3 customers"))

        let listing = try cli.run(["--db", cli.db, "rfm"])
        #expect(listing.stdout.hasPrefix("RFM as of 2026-03-01T12:00:00Z (stored by the recompute of"))
        #expect(listing.stdout.split(separator: "\n")[2].hasPrefix("customer_id"))
        let stored = try json(["rfm", "--json"])
        #expect(stored["source"] as? String == "stored" && (stored["customers"] as? [Any])?.count == 3)
        let csv = try cli.run(["--db", cli.db, "rfm", "--csv"])
        #expect(csv.stdout.hasPrefix("customer_id,recency_days,frequency,monetary,r,f,m,segment,segment_name,as_of\r\n"))
        #expect(csv.stdout.contains("\r\nc1,9,2,150.40,"))
        let out = cli.dir + "/rfm.csv"
        let export = try cli.run(["--db", cli.db, "export", "rfm", "--out", out])
        #expect(export.status == 0 && export.stderr.contains("3 rfm rows written"))
        let exported = try String(contentsOfFile: out, encoding: .utf8)
        #expect(exported == csv.stdout)
        #expect(exported.contains("\r\n'=cmd(),") && !exported.contains("\r\n=cmd()"))

        let renamed = try cli.run(["--db", cli.db, "rfm", "rename", "new_customers", "Fresh faces"])
        #expect(renamed.status == 0 && renamed.stdout.contains("Fresh faces"))
        #expect(try cli.run(["--db", cli.db, "--operator", "vic", "rfm", "rename", "at_risk", "Slipping"]).status == 2)
        #expect(try cli.run(["--db", cli.db, "rfm", "rename", "nonsense", "X"]).status == 2)
        let whatIf = try cli.run(["--db", cli.db, "--operator", "vic", "rfm", "what-if", "c3", "500.00"])
        #expect(whatIf.status == 0 && whatIf.stdout.contains("after an order of 500.00 USD today: R5"), "\(whatIf.stderr)")

        let migration = try json(["rfm", "migration", "2026-02-01", "2026-03-01", "--json"])
        #expect(migration["toRecompute"] as? String == "2026-03-01" && migration["fromRecompute"] is NSNull)
        #expect((migration["cells"] as? [[String: Any]])?.allSatisfy { $0["from"] is NSNull } == true)
        let backwards = try cli.run(["--db", cli.db, "rfm", "migration", "2026-03-01", "2026-02-01"])
        #expect(backwards.status == 2 && backwards.stderr.contains("from an earlier date"))
        #expect(try cli.run(["--db", cli.db, "rfm", "migration", "2026-02-30", "2026-03-01"]).status == 2)
    }

    @Test func ifDueRecomputesOncePerDay() throws {
        let nothing = try json(["rfm", "recompute", "--if-due", "--json"])
        #expect(nothing["due"] as? Bool == false && nothing.count == 1)
        try importCSV("due.csv", ["c1,1001,2026-02-01T10:00:00Z,25.00,a@example.com"])
        let ran = try json(["rfm", "recompute", "--if-due", "--json"])
        #expect(ran["due"] as? Bool == true && (ran["rfm"] as? [String: Any])?["customers"] as? Int == 1)
        let again = try cli.run(["--db", cli.db, "rfm", "recompute", "--if-due"])
        #expect(again.status == 0 && again.stdout.contains("nothing to do"), "\(again.stderr)")
        let both = try cli.run(["--db", cli.db, "rfm", "recompute", "--if-due", "--as-of", "2026-02-01"])
        #expect(both.status != 0 && both.stderr.contains("leave out --as-of"))
    }

    @Test func churnReportsTheFitAndEveryCustomer() throws {
        // 200 customers buying at their own pace (a week to three months between orders) who may stop after any
        // repeat purchase (3 in 10): what BG/NBD models. Deterministic.
        var rows: [String] = []
        var state: UInt64 = 42
        func next(_ n: UInt64) -> UInt64 { state = state &* 6364136223846793005 &+ 1442695040888963407; return (state >> 33) % n }
        let start = Date(timeIntervalSince1970: 1_735_689_600)  // 2025-01-01
        for c in 0..<200 {
            var day = Int(next(300))
            let gap = [7, 20, 45, 90][Int(next(4))]
            var k = 0
            while day < 420 {
                let date = start.addingTimeInterval(Double(day) * 86_400 + 36_000)
                rows.append("c\(c),\(c * 100 + k),\(ISO8601DateFormatter().string(from: date)),\(10 + next(90)).00,c\(c)@example.com")
                k += 1
                if k > 1, next(10) < 3 { break }
                day += 1 + Int(next(UInt64(2 * gap)))
            }
        }
        try importCSV("history.csv", rows)
        let m = try json(["churn", "--json", "--horizon-days", "30"])
        let fit = try #require(m["fit"] as? [String: Any], "\(m["failedFit"] ?? "")")
        #expect(fit["converged"] as? Bool == true && fit["timeUnit"] as? String == "weeks" && fit["logLikelihood"] is Double)
        #expect(((fit["parameters"] as? [String: Any])?.keys).map(Set.init) == ["r", "alpha", "a", "b"])
        let list = try #require(m["customers"] as? [[String: Any]])
        #expect(list.count == 200 && list.allSatisfy { ($0["pAlive"] as? Double).map { $0 >= 0 && $0 <= 1 } == true })
        #expect(Set(list[0].keys) == ["customerID", "id", "x", "tx", "T", "pAlive", "expectedPurchases"])
        let csv = try cli.run(["--db", cli.db, "churn", "--csv"])
        #expect(csv.stdout.hasPrefix("customer_id,x,t_x,T,p_alive,expected_purchases\r\n"))
        #expect(!csv.stdout.lowercased().contains("nan") && csv.stdout.components(separatedBy: "\r\n").count == 202)
        let text = try cli.run(["--db", cli.db, "churn"])
        #expect(text.stdout.hasPrefix("BG/NBD (time unit: weeks): r ") && text.stdout.contains("fitted for this answer"))
        #expect(text.stdout.split(separator: "\n")[1].hasPrefix("customer_id"))
        #expect(try cli.run(["--db", cli.db, "churn", "--horizon-days", "-5"]).status == 2)

        #expect(try cli.run(["--db", cli.db, "rfm", "recompute"]).status == 0)
        let stored = try cli.run(["--db", cli.db, "churn"])
        #expect(stored.stdout.contains("fit of 2026-03-01T12:00:00Z"))
        let atRisk = try cli.run(["--db", cli.db, "churn", "--at-risk", "--json"])
        #expect(atRisk.status == 0, "\(atRisk.stderr)")
    }

    @Test func noRepeatPurchasesIsReportedWithoutNaN() throws {
        try importCSV("orders.csv", (1...20).map { "c\($0),\(1000 + $0),2026-01-\(String(format: "%02d", $0))T10:00:00Z,\($0).00,c\($0)@example.com" })
        let run = try cli.run(["--db", cli.db, "churn", "--csv"])
        #expect(run.status == 0 && run.stderr.contains("no customer bought on a second day"))
        #expect(run.stderr.contains("no earlier good fit"))
        #expect(!run.stdout.lowercased().contains("nan") && run.stdout.contains("\r\nc1,0,0.00,"))
        let recompute = try cli.run(["--db", cli.db, "rfm", "recompute"])
        #expect(recompute.status == 0 && recompute.stdout.contains("did not converge"))
    }

    @Test func benchRunsSmallAndSaysWhenPythonIsMissing() throws {
        let run = try cli.run(["bench", "rfm", "--customers", "300", "--runs", "1", "--db", cli.dir + "/bench.sqlite"],
                              environment: ["LOYALNEST_BENCH_PYTHON": ""])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("bench rfm: 300 customers") && run.stdout.contains("recompute first"))
        #expect(run.stdout.contains("lifetimes comparison skipped: no Python given"))
        let broken = try cli.run(["bench", "rfm", "--customers", "300", "--runs", "1", "--db", cli.dir + "/bench.sqlite",
                                  "--python", cli.dir + "/no-python", "--json"])
        #expect(broken.status == 0 && broken.stdout.contains("lifetimes did not run"))
    }
}
