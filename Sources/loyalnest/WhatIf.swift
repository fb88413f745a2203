import ArgumentParser
import Dashboard
import DemoData
import Foundation
import LoyaltyCore
import LoyaltyStore

struct WhatIfCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "whatif",
        abstract: "Replay the recorded orders under a proposed change (TOML file) and print the difference; writes nothing.",
        discussion: "See docs/whatif.md for the file's keys: [settings], [[tiers]] (the whole table) and [campaign].")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The proposal, a TOML file.") var file: String
    @Option(help: "Replay up to this date (default: as_of in the file, else now).") var asOf: String?
    @Option(help: "How many of the largest per-customer changes to list.") var largest = 10
    @Flag(help: "JSON output.") var json = false

    func run() throws {
        let text: String
        do { text = try String(contentsOfFile: file, encoding: .utf8) } catch {
            throw CLIError("cannot read \(file) as UTF-8 text (\(error.localizedDescription)); check the path")
        }
        let store = try global.openStore()
        let session = try global.session(store)
        let parsed: WhatIfFile.Parsed
        do {
            parsed = try WhatIfFile.parse(text, source: file, current: try store.settings(session).settings, currency: session.currency)
        } catch let error as WhatIfFileError {
            throw CLIError(error.description)
        }
        let when = try asOf.map { try Clock.asOf($0) } ?? parsed.asOf ?? Clock.now()
        let report = try store.whatIf(session, parsed.proposal, asOf: when, largest: largest)
        if json { return try printJSON(report) }
        WhatIfText.print(report, currency: session.currency)
    }
}

enum WhatIfText {
    static func print(_ r: WhatIfReport, currency: Currency) {
        func signed(_ n: Int64) -> String { formatPoints(n, signed: true) }
        Swift.print("replayed \(formatPoints(Int64(r.ordersReplayed))) orders of \(formatPoints(Int64(r.customers))) customers up to \(Timestamp.iso8601(r.asOf))")
        Swift.print("points issued: \(formatPoints(r.pointsIssued.current)) → \(formatPoints(r.pointsIssued.proposed)) (\(signed(r.pointsIssued.change)))")
        Swift.print("outstanding liability: \(formatPoints(r.liability.current)) → \(formatPoints(r.liability.proposed)) pts", terminator: "")
        if let value = r.liabilityValueMinor {
            Swift.print(" (\(Money(minorUnits: value.current, currency: currency)) → \(Money(minorUnits: value.proposed, currency: currency)))")
        } else {
            Swift.print(" (no fixed-amount reward to value it)")
        }
        Swift.print("customers per tier:")
        for count in r.tierCounts {
            Swift.print("  \(count.key.map { "\($0) \(count.name)" } ?? "no tier"): \(formatPoints(Int64(count.customers.current))) → \(formatPoints(Int64(count.customers.proposed)))")
        }
        if !r.tierMoves.isEmpty {
            Swift.print("moves:")
            for move in r.tierMoves { Swift.print("  \(move.from ?? "no tier") → \(move.to ?? "no tier"): \(formatPoints(Int64(move.customers)))") }
        }
        if !r.largestChanges.isEmpty {
            Swift.print("largest changes:")
            for c in r.largestChanges {
                Swift.print("  #\(c.customerID) \(c.name): \(formatPoints(c.points.current)) → \(formatPoints(c.points.proposed)) pts (\(signed(c.points.proposed - c.points.current)))"
                            + (c.tier.current != c.tier.proposed ? ", \(c.tier.current ?? "no tier") → \(c.tier.proposed ?? "no tier")" : ""))
            }
        }
    }
}

extension BenchCommand {
    struct WhatIf: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "whatif",
            abstract: "A what-if of a tier-threshold change (Gold 1,000 → 750) replayed over the whole history of a large store.",
            discussion: """
                Uses the `bench ui` store of N customers (~7.4 orders each, generated once and cached under $TMPDIR), or \
                --db PATH: an existing LoyalNest store used as it is.
                """)
        @Option(help: "Customers (the generated store's size).") var customers = 100_000
        @Option(help: ArgumentHelp("Store file (default: the cached bench store).", valueName: "PATH")) var db: String?
        @Option(help: "Random seed of the generated store.") var seed: UInt64 = 1
        @Option(help: "Timed runs.") var runs = 3
        @Flag(help: "Generate the store again even when a complete one exists.") var regenerate = false
        @Flag(help: "JSON output.") var json = false

        func run() throws {
            guard let definition = DemoData.definitionURL else {
                throw CLIError("the demo definition (Data/demo-store.json) is missing from this build")
            }
            let result = try WhatIfBenchmark.run(customers: customers, seed: seed, databasePath: db, definitionURL: definition,
                                                 regenerate: regenerate, runs: runs) { printError($0) }
            if json { return try printJSON(result) }
            print("what-if: \(result.baselineTiers.joined(separator: ", ")) → \(result.proposedTiers.joined(separator: ", ")) on \(result.store) (\(result.storeNote))")
            print("  \(formatPoints(Int64(result.orders))) orders of \(formatPoints(Int64(result.customers))) customers replayed twice per run")
            print("  seconds per run: " + result.seconds.map { String(format: "%.2f", $0) }.joined(separator: ", ")
                  + String(format: " (best %.2f)", result.seconds.min() ?? 0))
            print(String(format: "  peak resident memory: %.0f MB", result.peakResidentMB ?? -1))
            print("  load average before / after: \(result.loadBefore) / \(result.loadAfter)")
            print("  points issued: \(formatPoints(result.report.pointsIssued.current)) → \(formatPoints(result.report.pointsIssued.proposed)); moves: "
                  + result.report.tierMoves.map { "\($0.from ?? "none")→\($0.to ?? "none") \(formatPoints(Int64($0.customers)))" }.joined(separator: ", "))
        }
    }
}
