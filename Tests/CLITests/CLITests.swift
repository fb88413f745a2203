import Foundation
import Testing

/// Runs the built `loyalnest` binary as a user would, and checks output and exit codes (0 ok, 1 failed check, 2 bad input).
@Suite struct CLITests {
    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static let binary: URL = {
        if let path = ProcessInfo.processInfo.environment["LOYALNEST_BIN"] { return URL(fileURLWithPath: path) }
        // swift test runs from .build/<config>; the executable sits beside the test bundle.
        var dir = Bundle.main.bundleURL
        for _ in 0..<3 {
            let candidate = dir.appendingPathComponent("loyalnest")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent(".build/debug/loyalnest")
    }()

    let dir: String

    init() throws {
        dir = NSTemporaryDirectory() + "loyalnest-cli-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    }

    var db: String { dir + "/store.sqlite" }

    @discardableResult
    func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Run {
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["LOYALNEST_NOW"] = "2026-03-01T12:00:00Z"
        env["XDG_DATA_HOME"] = dir + "/xdg"
        for (k, v) in environment { env[k] = v }
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardInput = FileHandle.nullDevice  // never a terminal: the dashboard must refuse clearly
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self))
    }

    func write(_ name: String, _ text: String) throws -> String {
        let path = dir + "/" + name
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    func makeShop() throws {
        let r = try run(["--db", db, "merchant", "add", "cli-shop.myshopify.com", "--owner", "olive"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try run(["--db", db, "operator", "add", "sam", "--role", "support"]).status == 0)
        #expect(try run(["--db", db, "operator", "add", "vic", "--role", "viewer"]).status == 0)
    }

    @Test func importShowAdjustRedeemExportDoctor() throws {
        try makeShop()
        let orders = try write("orders.csv", """
            customer_id,order_id,processed_at,total_price,email,first_name,last_name
            c1,1001,2026-01-02T10:00:00Z,120.40,ann@example.com,Ann,=cmd()
            c2,1002,2026-01-03,15.00,bob@example.com,Bob,Stone
            """)
        let imported = try run(["--db", db, "import", "orders", orders, "--json"])
        #expect(imported.status == 0, "\(imported.stderr)")
        let report = try JSONSerialization.jsonObject(with: Data(imported.stdout.utf8)) as! [String: Any]
        #expect(report["new"] as? Int == 2 && report["pointsPosted"] as? Int == 135)

        let show = try run(["--db", db, "customer", "show", "ann@example.com"])
        #expect(show.stdout.contains("120 available"))
        #expect(show.stdout.contains("order 1001: 120 pts = 120.40 USD × 1 pt/USD"))

        let adjust = try run(["--db", db, "--operator", "sam", "points", "adjust", "c1", "-20", "--reason", "duplicate order"])
        #expect(adjust.status == 0, "\(adjust.stderr)")
        #expect(adjust.stdout.contains("100 available"))

        #expect(try run(["--db", db, "reward", "add", "Five off", "--kind", "fixed_amount", "--cost", "80", "--amount", "5.00"]).status == 0)
        let redeemed = try run(["--db", db, "--operator", "sam", "redeem", "c1", "1"])
        #expect(redeemed.status == 0 && redeemed.stdout.contains("code LN-"))
        let broke = try run(["--db", db, "--operator", "sam", "redeem", "c1", "1"])
        #expect(broke.status == 2)
        #expect(broke.stderr.contains("the balance cannot cover this: 80 points needed, 20 available"))

        let out = dir + "/customers.csv"
        #expect(try run(["--db", db, "export", "customers", "--out", out]).status == 0)
        let exported = try String(contentsOfFile: out, encoding: .utf8)
        #expect(exported.contains(",'=cmd(),"))
        let ledger = try run(["--db", db, "export", "ledger"])
        #expect(ledger.stdout.components(separatedBy: "\r\n").filter { !$0.isEmpty }.count == 5)

        let doctor = try run(["--db", db, "doctor", "--json"])
        #expect(doctor.status == 0)
        #expect(doctor.stdout.contains("\"ok\" : true"))
    }

    @Test func badInputExitsTwoNamingFileLineAndField() throws {
        try makeShop()
        let bad = try write("bad.csv", "customer_id,order_id,processed_at,total_price\nc1,1,2026-13-01,5.00\nc1,2,2026-01-01,-3\n")
        let r = try run(["--db", db, "import", "orders", bad])
        #expect(r.status == 2)
        #expect(r.stderr.contains("\(bad): line 2, field processed_at"))
        #expect(r.stderr.contains("\(bad): line 3, field total_price"))
        #expect(r.stderr.contains("nothing was imported"))
        let doctor = try run(["--db", db, "doctor"])
        #expect(doctor.status == 0 && doctor.stdout.contains("all"))
        let count = try run(["--db", db, "import", "list", "--json"])
        #expect(count.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "[\n\n]" || count.stdout.contains("[]") || !count.stdout.contains("\"id\""))

        let missing = try run(["--db", db, "import", "orders", dir + "/nope.csv"])
        #expect(missing.status == 2 && missing.stderr.contains("no such file"))
        let folder = try run(["--db", db, "import", "orders", dir])
        #expect(folder.status == 2 && folder.stderr.contains("\(dir): cannot be read (not a regular file)"), "\(folder.stderr)")
        let usage = try run(["--db", db, "points", "adjust", "c1"])
        #expect(usage.status == 2)
        let unknownCustomer = try run(["--db", db, "customer", "show", "ghost@example.com"])
        #expect(unknownCustomer.status == 2 && unknownCustomer.stderr.contains("no customer matches"))
    }

    @Test func rolesUndoAndDatabaseProblemsExitTwo() throws {
        try makeShop()
        let orders = try write("o.csv", "customer_id,order_id,processed_at,total_price\nc1,1,2026-01-01,50.00\n")
        #expect(try run(["--db", db, "import", "orders", orders]).status == 0)
        let viewer = try run(["--db", db, "--operator", "vic", "points", "adjust", "c1", "5", "--reason", "x"])
        #expect(viewer.status == 2 && viewer.stderr.contains("vic (viewer) may not adjust points"))
        let undo = try run(["--db", db, "points", "undo", "1", "--reason", "test", "--json"])
        #expect(undo.status == 0)
        let undoID = (try JSONSerialization.jsonObject(with: Data(undo.stdout.utf8)) as! [String: Any])["id"] as! Int
        let twice = try run(["--db", db, "points", "undo", String(undoID), "--reason", "again"])
        #expect(twice.status == 2 && twice.stderr.contains("an undo cannot be undone"))

        let text = try write("notes.txt", "just some notes\n")
        let notDB = try run(["--db", text, "doctor"])
        #expect(notDB.status == 2 && notDB.stderr.contains("is not an SQLite database"))
        #expect(try String(contentsOfFile: text, encoding: .utf8) == "just some notes\n")
        let none = try run(["--db", dir + "/missing.sqlite", "customer", "show", "1"])
        #expect(none.status == 2 && none.stderr.contains("no LoyalNest database"))
    }

    @Test func doctorExitsOneWhenTheLedgerIsCorrupted() throws {
        try makeShop()
        let orders = try write("o.csv", "customer_id,order_id,processed_at,total_price\nc1,1,2026-01-01,50.00\n")
        #expect(try run(["--db", db, "import", "orders", orders]).status == 0)
        let sqlite = Process()
        sqlite.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        sqlite.arguments = [db, "UPDATE customers SET points_balance = 7"]
        try sqlite.run()
        sqlite.waitUntilExit()
        let doctor = try run(["--db", db, "doctor"])
        #expect(doctor.status == 1)
        #expect(doctor.stdout.contains("FAIL cached balances equal the ledger"))
        #expect(doctor.stdout.contains("cached balance 7"))
    }

    @Test func twoProcessesRedeemingAtOnceOnlyOneWins() throws {
        try makeShop()
        let orders = try write("o.csv", "customer_id,order_id,processed_at,total_price\nc1,1,2026-01-01,100.00\n")
        #expect(try run(["--db", db, "import", "orders", orders]).status == 0)
        #expect(try run(["--db", db, "reward", "add", "Big", "--kind", "free_shipping", "--cost", "70"]).status == 0)
        let processes: [Process] = try (0..<4).map { _ in
            let p = Process()
            p.executableURL = Self.binary
            p.arguments = ["--db", db, "redeem", "c1", "1"]
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            try p.run()
            return p
        }
        for p in processes { p.waitUntilExit() }
        #expect(processes.filter { $0.terminationStatus == 0 }.count == 1)
        #expect(processes.filter { $0.terminationStatus == 2 }.count == 3)
        #expect(try run(["--db", db, "doctor"]).status == 0)
    }

    @Test func demoInitIsReproducibleAndRefusesToOverwrite() throws {
        let a = dir + "/a.sqlite", b = dir + "/b.sqlite"
        #expect(try run(["--db", a, "demo", "init", "--customers", "120", "--seed", "5", "--as-of", "2026-11-01"]).status == 0)
        #expect(try run(["--db", b, "demo", "init", "--customers", "120", "--seed", "5", "--as-of", "2026-11-01"]).status == 0)
        let again = try run(["--db", a, "demo", "init", "--customers", "120"])
        #expect(again.status == 2 && again.stderr.contains("--force"))
        #expect(try run(["--db", a, "export", "ledger"]).stdout == (try run(["--db", b, "export", "ledger"])).stdout)
        #expect(try run(["--db", a, "doctor"]).status == 0)
        let merchants = try run(["--db", a, "merchant", "list"])
        #expect(merchants.stdout.contains("northwind-coffee.myshopify.com") && merchants.stdout.contains("kirschbluete-tee.myshopify.com"))
        let second = try run(["--db", a, "--merchant", "kirschbluete-tee.myshopify.com", "customer", "show", "120", "--json"])
        #expect(second.status == 0 && second.stdout.contains("\"currency\" : \"EUR\""))
    }

    @Test func benchIngestPairsImportsWithFloorRunsAndRefusesABadRunCount() throws {
        let run = try run(["bench", "ingest", "--orders", "2000", "--runs", "2", "--dir", dir + "/bench", "--json"])
        #expect(run.status == 0, "\(run.stderr)")
        let result = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as! [String: Any]
        let runs = result["runs"] as? [[String: Any]] ?? []
        #expect(runs.count == 2 && result["ledgerRows"] as? Int == 2000)
        let times = runs.compactMap { $0["importSeconds"] as? Double }.sorted()
        // JSON carries the figures as decimal text: compared to a nanosecond, not bit for bit.
        let median = result["importSeconds"] as? Double ?? -1
        #expect(times.count == 2 && abs(median - (times[0] + times[1]) / 2) < 1e-9, "\(median) against \(times)")
        // Each run's phases, in order, account for its whole time (to the few microseconds between the two clocks).
        for run in runs {
            let phases = run["phases"] as? [[String: Any]] ?? []
            #expect(phases.map { $0["name"] as? String ?? "" } == ["set-up", "orders", "customer totals", "deferred indexes built",
                                                                 "tiers and RFM", "search index", "referrals and batch record",
                                                                 "commit and checkpoint"])
            let total = phases.compactMap { $0["seconds"] as? Double }.reduce(0, +)
            let seconds = run["importSeconds"] as? Double ?? 0
            #expect(seconds > 0 && abs(total - seconds) < 0.01, "phases \(total) s against \(seconds) s")
        }
        let text = try self.run(["bench", "ingest", "--orders", "2000", "--runs", "3", "--dir", dir + "/bench"])
        #expect(text.status == 0 && text.stdout.contains("run 3: import") && text.stdout.contains("medians of 3 runs"))
        #expect(text.stdout.contains("peak resident memory") && text.stdout.contains("≤ 12×"))
        #expect(text.stdout.contains("where the import's time goes (medians):") && text.stdout.contains("    orders  "))
        for bad in ["0", "21", "x"] {
            let refused = try self.run(["bench", "ingest", "--orders", "2000", "--runs", bad, "--dir", dir + "/bench"])
            #expect(refused.status == 2 && refused.stderr.contains("--runs"), "\(bad): \(refused.stderr)")
        }
    }
}
