import ArgumentParser
import DemoData
import Foundation
import LoyaltyCore
import LoyaltyStore

struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "demo", abstract: "The built-in demo store.", subcommands: [Init.self])

    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Write a deterministic demo store (two merchants, ~5,000 customers, ~37,000 orders over two years).")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Customers across both merchants.") var customers = 5000
        @Option(help: "Random seed: the same seed and --as-of give the same database.") var seed: UInt64 = 1
        @Option(help: "The demo's \"today\" (default: today, UTC).") var asOf: String?
        @Flag(help: "Replace an existing database file.") var force = false
        @Flag(help: "JSON summary.") var json = false

        func run() throws {
            guard (1...2_000_000).contains(customers) else { throw CLIError("--customers must be between 1 and 2000000") }
            let path = global.databasePath
            if FileManager.default.fileExists(atPath: path) {
                guard force else { throw CLIError("\(path) already exists; add --force to replace it, or choose another --db") }
                for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
            }
            guard let url = DemoData.definitionURL else { throw CLIError("the demo definition (Data/demo-store.json) is missing from this build") }
            let definition = try DemoDefinition.load(from: url)
            let day = try asOf.map { text -> UnixTime in
                guard let t = Timestamp.parse(text) else { throw CLIError("--as-of \(text) is not a date; use YYYY-MM-DD") }
                return t
            } ?? Timestamp.startOfDay(try Clock.now())
            let store = try global.openStore(create: true)
            let summary = try DemoStore.populate(store, definition: definition, customers: customers, seed: seed,
                                                 asOf: Timestamp.startOfDay(day) + 12 * 3600)
            try store.refreshOverviewCaches()  // so the first dashboard overview does not build them
            if json { return try printJSON(summary) }
            print("demo store written to \(summary.database) (seed \(summary.seed), as of \(Timestamp.date(summary.asOf)))")
            for m in summary.merchants {
                print("  \(m.shopDomain): \(formatPoints(Int64(m.customers))) customers, \(formatPoints(Int64(m.orders))) orders (\(m.refunds) refunded, \(m.cancelled) cancelled), \(m.redemptions) redemptions, \(formatPoints(m.pointsPosted)) points posted, \(formatPoints(m.pointsExpired)) expired")
            }
            print("try: loyalnest --db \(summary.database) customer show 1")
        }
    }
}

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "bench", abstract: "Benchmarks that print figures.", subcommands: [Ingest.self, UI.self, Sync.self, WhatIf.self, RFMBench.self])

    struct Ingest: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Import N generated orders through the real path; compare with sqlite3 .import.")
        @Option(help: "Orders to generate.") var orders = 1_000_000
        @Option(help: "Distinct customers (default: orders / 8).") var customers: Int?
        @Option(help: "Working folder (default: a new temporary folder).") var dir: String?
        @Option(help: "Import-then-floor pairs to run; the figures are their medians (the host's speed drifts).") var runs = 1
        @Flag(help: "JSON output.") var json = false

        func run() throws {
            guard orders > 0 else { throw CLIError("--orders must be above 0") }
            guard (1...20).contains(runs) else { throw CLIError("--runs must be between 1 and 20") }
            let directory = dir ?? NSTemporaryDirectory() + "loyalnest-bench-\(ProcessInfo.processInfo.processIdentifier)"
            let result = try IngestBenchmark.run(orders: orders, customers: customers ?? max(1, orders / 8), directory: directory, runs: runs) { printError($0) }
            if dir == nil { try? FileManager.default.removeItem(atPath: directory) }
            if json { return try printJSON(result) }
            print(String(format: "ingest: %d orders, %d customers, %.1f MB CSV", result.orders, result.customers, Double(result.csvBytes) / 1e6))
            if result.runs.count > 1 {
                for (number, run) in result.runs.enumerated() {
                    let floor = run.sqliteImportSeconds.map { String(format: ", floor %.2f s, ratio %.2f×", $0, run.ratio ?? 0) } ?? ""
                    let start = run.startResidentMB.map { String(format: " (from %.0f MB)", $0) } ?? ""
                    print(String(format: "  run %d: import %.2f s = %.0f orders/s, peak %.0f MB", number + 1, run.importSeconds,
                                 Double(result.orders) / run.importSeconds, run.peakResidentMB) + start + floor)
                }
                print("  medians of \(result.runs.count) runs:")
            }
            print(String(format: "  loyalnest import: %.2f s = %.0f orders/s (%d ledger rows, %.1f MB database)", result.importSeconds, result.ordersPerSecond, result.ledgerRows, Double(result.databaseBytes) / 1e6))
            let phases = result.medianPhases
            if !phases.isEmpty {
                print("  where the import's time goes" + (result.runs.count > 1 ? " (medians):" : ":"))
                for phase in phases {
                    print("    " + phase.name.padding(toLength: 28, withPad: " ", startingAt: 0) + String(format: "%6.2f s", phase.seconds))
                }
            }
            if let floor = result.sqliteImportSeconds, let rate = result.sqliteRowsPerSecond, let ratio = result.ratioToSqliteImport {
                print(String(format: "  sqlite3 .import:  %.2f s = %.0f rows/s (floor)", floor, rate))
                print(String(format: "  ratio: %.2f× the bare .import", ratio))
            }
            print(String(format: "  peak resident memory of the import: %.0f MB (VmHWM of the first run, 10^6 bytes)", result.peakResidentMB))
            print("targets (issue 2; set for N = 1,000,000)")
            let ratio = result.ratioToSqliteImport
            for (measure, value, target, pass) in [
                ("orders/s", String(format: "%.0f", result.ordersPerSecond), "≥ 100,000", result.ordersPerSecond >= 100_000),
                ("ratio to the bare .import", ratio.map { String(format: "%.2f×", $0) } ?? "—", "≤ 12×", ratio.map { $0 <= 12 } ?? false),
                ("peak resident memory", String(format: "%.0f MB", result.peakResidentMB), "< 200 MB", result.peakResidentMB < 200),
            ] {
                print("  " + measure.padding(toLength: 28, withPad: " ", startingAt: 0) + value.padding(toLength: 12, withPad: " ", startingAt: 0)
                      + target.padding(toLength: 12, withPad: " ", startingAt: 0) + (pass ? "PASS" : "MISS"))
            }
        }
    }
}
