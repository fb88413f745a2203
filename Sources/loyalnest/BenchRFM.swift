import ArgumentParser
import Dashboard
import Foundation
import LoyaltyCore
import LoyaltyStore

extension BenchCommand {
    struct RFMBench: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rfm",
            abstract: "Time a full RFM recompute and a BG/NBD fit on N customers (~8N orders), side by side with Python's lifetimes.",
            discussion: """
                Builds (or reuses, under $TMPDIR) a store of N customers whose orders follow the BG/NBD model, then per \
                run: a first recompute (every customer enters the segment log), a daily recompute one day later, and a \
                churn fit on the stored summaries; peak resident memory of each phase from /proc. The lifetimes \
                library (BetaGeoFitter) then fits the same summaries once, from the Python of a virtual environment \
                given by --python or $LOYALNEST_BENCH_PYTHON (`python3 -m venv DIR && DIR/bin/pip install lifetimes`); \
                without one the comparison is skipped and says so.
                """)
        @Option(help: "Customers in the generated store.") var customers = 1_000_000
        @Option(help: "Runs of the recompute and fit phases.") var runs = 2
        @Option(help: "Random seed of the generated store.") var seed: UInt64 = 1
        @Option(help: "Store file (default: $TMPDIR/loyalnest-bench-rfm-N-seedS.sqlite, kept for the next run).") var db: String?
        @Option(help: "Python of a virtual environment with lifetimes installed (default: $LOYALNEST_BENCH_PYTHON).") var python: String?
        @Flag(help: "Skip the lifetimes comparison.") var noLifetimes = false
        @Flag(help: "JSON output.") var json = false

        func run() throws {
            guard customers > 0, customers < 16_000_000 else { throw CLIError("--customers must be between 1 and 15999999") }
            guard runs > 0 else { throw CLIError("--runs must be at least 1") }
            let python = self.python ?? ProcessInfo.processInfo.environment["LOYALNEST_BENCH_PYTHON"].flatMap { $0.isEmpty ? nil : $0 }
            let result = try RFMBenchmark.run(customers: customers, runs: runs, seed: seed,
                                              path: db ?? RFMBenchStore.defaultPath(customers: customers, seed: seed),
                                              python: noLifetimes ? nil : python, skipLifetimes: noLifetimes) { printError($0) }
            if json { return try printJSON(result) }
            RFMBenchmark.printReport(result)
        }
    }
}

struct RFMBenchResult: Codable {
    var machine: SyncBenchMachine
    var loadAfter: String
    var store: RFMBenchStore.Info
    var customersScored: Int
    var runs: [RFMBenchRun]
    var fit: ChurnFitRecord?
    var lifetimes: LifetimesResult?
    var lifetimesSkipped: String?
    var targets: [SyncBenchTarget]
}

struct RFMBenchRun: Codable {
    var firstRecomputeSeconds: Double
    var firstRecomputePeakMB: Double
    var dailyRecomputeSeconds: Double
    var dailyRecomputePeakMB: Double
    var segmentChangesDaily: Int
    /// fitChurn as a whole: stored summaries read, grouped, fitted, record written.
    var fitSeconds: Double
    var fitPeakMB: Double
    /// The parts: reading the stored summaries, and BGNBDFit.fit on them.
    var summariesReadSeconds: Double
    var fitOnlySeconds: Double
    var fitIterations: Int
}

enum RFMBenchmark {
    static func run(customers: Int, runs: Int, seed: UInt64, path: String, python: String?, skipLifetimes: Bool,
                    log: (String) -> Void) throws -> RFMBenchResult {
        let machine = SyncBenchMachine.current()
        log("load average before: \(machine.loadBefore)")
        let info = try RFMBenchStore.prepare(customers: customers, seed: seed, path: path, progress: log)
        let store = try LoyaltyStore(path: path, create: false)
        let session = try store.session(merchant: RFMBenchStore.shopDomain, operator: nil)
        let asOf = RFMBenchStore.asOf
        var results: [RFMBenchRun] = []
        var scored = 0
        var fit: ChurnFitRecord?
        for index in 1...runs {
            try RFMBenchStore.clearAnalytics(store)
            log("run \(index): first recompute")
            let (first, firstSeconds, firstPeak) = try measure { try store.recomputeRFM(session, asOf: asOf, now: asOf) }
            scored = first.customers
            log("run \(index): daily recompute (one day later)")
            let day = Timestamp.secondsPerDay
            let (daily, dailySeconds, dailyPeak) = try measure { try store.recomputeRFM(session, asOf: asOf + day, now: asOf + day) }
            log("run \(index): churn fit")
            let (status, fitSeconds, fitPeak) = try measure { try store.fitChurn(session, now: asOf + day) }
            let (summaries, readSeconds, _) = try measure { try store.storedChurnSummaries(session) }
            let (fitOnly, fitOnlySeconds, _) = measure { BGNBDFit.fit(summaries.map(\.summary)) }
            fit = status.latest
            results.append(RFMBenchRun(firstRecomputeSeconds: firstSeconds, firstRecomputePeakMB: firstPeak,
                                       dailyRecomputeSeconds: dailySeconds, dailyRecomputePeakMB: dailyPeak,
                                       segmentChangesDaily: daily.segmentChanges, fitSeconds: fitSeconds, fitPeakMB: fitPeak,
                                       summariesReadSeconds: readSeconds, fitOnlySeconds: fitOnlySeconds,
                                       fitIterations: fitOnly.iterations))
            log(String(format: "run %d: recompute %.2f s (first) / %.2f s (daily), fit %.2f s", index, firstSeconds,
                       dailySeconds, fitSeconds))
        }

        var lifetimes: LifetimesResult?
        var skipped: String?
        if skipLifetimes {
            skipped = "--no-lifetimes"
        } else if let python {
            let summaries = try store.storedChurnSummaries(session)
            log("lifetimes: fitting the same \(summaries.count) summaries with \(python)")
            do {
                lifetimes = try LifetimesRunner.fit(summaries.map(\.summary), python: python)
            } catch {
                skipped = "lifetimes did not run: \(error)"
            }
        } else {
            skipped = "no Python given: set up `python3 -m venv /tmp/lifetimes-venv && /tmp/lifetimes-venv/bin/pip install lifetimes`, then pass --python /tmp/lifetimes-venv/bin/python (or LOYALNEST_BENCH_PYTHON)"
        }
        try store.close()
        let load = ((try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? "?").split(separator: " ").prefix(3).joined(separator: " ")
        return RFMBenchResult(machine: machine, loadAfter: load, store: info, customersScored: scored, runs: results, fit: fit,
                              lifetimes: lifetimes, lifetimesSkipped: skipped,
                              targets: targets(results, fit: fit, lifetimes: lifetimes))
    }

    /// Wall time and the phase's peak resident memory: freed heap is handed back and VmHWM reset before it, so
    /// what an earlier phase left in malloc's arenas is not counted again.
    static func measure<T>(_ body: () throws -> T) rethrows -> (T, Double, Double) {
        Heap.trim()
        ProcFS.resetPeakResident()
        let start = ContinuousClock.now
        let value = try body()
        let (seconds, attoseconds) = (ContinuousClock.now - start).components
        return (value, Double(seconds) + Double(attoseconds) / 1e18, ProcFS.memory()?.hwmMB ?? 0)
    }

    static func targets(_ runs: [RFMBenchRun], fit: ChurnFitRecord?, lifetimes: LifetimesResult?) -> [SyncBenchTarget] {
        guard !runs.isEmpty else { return [] }
        let first = runs.map(\.firstRecomputeSeconds).min()!
        let daily = runs.map(\.dailyRecomputeSeconds).min()!
        let fitTime = runs.map(\.fitSeconds).min()!
        let peak = runs.flatMap { [$0.firstRecomputePeakMB, $0.dailyRecomputePeakMB, $0.fitPeakMB] }.max()!
        var targets = [
            SyncBenchTarget(measure: "RFM recompute, daily (best run)", value: String(format: "%.2f s", daily), target: "< 3 s", pass: daily < 3),
            SyncBenchTarget(measure: "RFM recompute, first: the history's baseline (best run)", value: String(format: "%.2f s", first),
                            target: "< 3 s", pass: first < 3),
            SyncBenchTarget(measure: "BG/NBD fit (best run)", value: String(format: "%.2f s", fitTime), target: "< 5 s", pass: fitTime < 5),
            SyncBenchTarget(measure: "peak resident memory", value: String(format: "%.0f MB", peak), target: "< 500 MB", pass: peak < 500),
        ]
        if let lifetimes, let ours = fit?.parameters {
            let ratio = lifetimes.fitSeconds / fitTime
            targets.append(SyncBenchTarget(measure: "fit speed against lifetimes", value: String(format: "%.1f×", ratio),
                                           target: "≥ 10×", pass: ratio >= 10))
            let same = [ours.r, ours.alpha, ours.a, ours.b].map(thousandths) == [lifetimes.r, lifetimes.alpha, lifetimes.a, lifetimes.b].map(thousandths)
            targets.append(SyncBenchTarget(measure: "same parameters to 3 decimals", value: same ? "yes" : "no", target: "yes", pass: same))
        }
        return targets
    }

    static func thousandths(_ v: Double) -> Int64 { Int64((v * 1000).rounded()) }

    static func printReport(_ r: RFMBenchResult) {
        print("bench rfm: \(r.store.customers) customers, \(r.store.orders) orders (\(r.store.cancelled) cancelled, \(r.store.refunds) refunds); \(r.customersScored) scored")
        print("  machine: \(r.machine.cpus) CPUs, \(r.machine.model), load average before \(r.machine.loadBefore), after \(r.loadAfter)")
        print("  store: \(r.store.path) (\(String(format: "%.0f", r.store.databaseMB)) MB, \(r.store.cached ? "reused" : String(format: "generated in %.0f s", r.store.generationSeconds)))")
        for (i, run) in r.runs.enumerated() {
            print(String(format: "  run %d: recompute first %.2f s (peak %.0f MB), daily %.2f s (peak %.0f MB, %d segment changes); fit %.2f s (peak %.0f MB) = summaries read %.2f s + fit %.2f s (%d iterations)",
                         i + 1, run.firstRecomputeSeconds, run.firstRecomputePeakMB, run.dailyRecomputeSeconds, run.dailyRecomputePeakMB,
                         run.segmentChangesDaily, run.fitSeconds, run.fitPeakMB, run.summariesReadSeconds, run.fitOnlySeconds, run.fitIterations))
        }
        if let fit = r.fit {
            let p = fit.parameters
            print(String(format: "  LoyalNest BG/NBD (weeks): r %.3f, alpha %.3f, a %.3f, b %.3f, log-likelihood %.1f, %@",
                         p?.r ?? .nan, p?.alpha ?? .nan, p?.a ?? .nan, p?.b ?? .nan, fit.logLikelihood ?? .nan,
                         fit.converged ? "converged" : "NOT converged: \(fit.failure ?? "")"))
        }
        if let l = r.lifetimes {
            print(String(format: "  lifetimes %@ BetaGeoFitter: r %.3f, alpha %.3f, a %.3f, b %.3f, log-likelihood %.1f; fit %.2f s (CSV load %.2f s), peak %.0f MB",
                         l.version, l.r, l.alpha, l.a, l.b, l.logLikelihood ?? .nan, l.fitSeconds, l.loadSeconds, l.peakMB))
            if let best = r.runs.map(\.fitSeconds).min() {
                print(String(format: "  ratio: lifetimes fit / LoyalNest fit = %.1f×", l.fitSeconds / best))
            }
        } else if let skipped = r.lifetimesSkipped {
            print("  lifetimes comparison skipped: \(skipped)")
        }
        for t in r.targets {
            print("  \(t.pass ? "PASS" : "MISS")  \(t.measure): \(t.value) (target \(t.target))")
        }
    }
}
