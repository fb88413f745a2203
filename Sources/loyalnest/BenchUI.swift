import ArgumentParser
import Dashboard
import DemoData
import Foundation

extension BenchCommand {
    struct UI: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "ui",
            abstract: "First frame, per-keystroke render time per screen, search-as-you-type latency, idle CPU and memory of the dashboard.",
            discussion: """
                Generates a store of N customers (~7.4 orders each) with the demo generator, or reuses a complete one \
                (default: a cache file under $TMPDIR named by N and seed). The idle CPU and memory of the real \
                dashboard are measured in a private tmux server when tmux is installed.
                """)
        @Option(help: "Customers of the merchant the dashboard opens.") var customers = 100_000
        @Option(help: ArgumentHelp("Store file (default: a cache file under $TMPDIR named by N and seed).", valueName: "PATH"))
        var db: String?
        @Option(help: "Random seed of the generated store.") var seed: UInt64 = 1
        @Option(help: "Keystrokes per screen.") var keystrokes = 240
        @Option(help: "Search-as-you-type queries.") var queries = 400
        @Option(help: "Seconds of idling for the CPU measurement.") var idle = 10.0
        @Flag(help: "Generate the store again even when a complete one exists.") var regenerate = false
        @Flag(help: "Skip the real dashboard under tmux.") var noTmux = false
        @Flag(help: "JSON output.") var json = false

        func run() throws {
            guard (1...2_000_000).contains(customers) else { throw CLIError("--customers must be between 1 and 2000000") }
            guard keystrokes >= 1, queries >= 1, idle > 0 else { throw CLIError("--keystrokes, --queries and --idle must be above 0") }
            guard let definition = DemoData.definitionURL else {
                throw CLIError("the demo definition (Data/demo-store.json) is missing from this build")
            }
            var options = UIBenchmarkOptions(customers: customers, definitionURL: definition)
            options.databasePath = db
            options.seed = seed
            options.keystrokes = keystrokes
            options.queries = queries
            options.idleSeconds = idle
            options.regenerate = regenerate
            if !noTmux { options.executablePath = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0] }
            let result = try UIBenchmark.run(options) { printError($0) }
            if json { return try printJSON(result) }
            printReport(result)
        }

        func printReport(_ r: UIBenchmarkResult) {
            func f(_ v: Double) -> String { String(format: "%.2f", v) }
            let s = r.store
            print("bench ui: \(formatPoints(Int64(s.customers))) customers, \(formatPoints(Int64(s.orders))) orders, "
                  + String(format: "%.0f MB", s.databaseMB) + " — \(s.path)")
            print("  store: \(s.generator); " + (s.cached
                ? String(format: "cached (generated earlier in %.0f s)", s.recordedGenerationSeconds)
                : String(format: "generated in %.1f s", s.generationSeconds ?? 0))
                + (s.recordedGenerationPeakMB.map { String(format: ", generator peak %.0f MB", $0) } ?? ""))
            print("  machine: \(r.machine.cpus) CPUs, \(r.machine.model), " + String(format: "%.0f GB", r.machine.memoryGB)
                  + "; screen \(r.size); load average \(r.machine.loadBefore) before, \(r.machine.loadAfter) after")
            let ff = r.firstFrame
            print("")
            print("first frame: \(f(ff.firstMs)) ms (open store \(f(ff.openStoreMs)), make program \(f(ff.makeProgramMs)), "
                  + "render \(f(ff.renderMs))); median of \(ff.runsMs.count) runs \(f(ff.medianMs)) ms; "
                  + (ff.drawnBeforeOverview ? "drawn before the overview figures" : "the overview figures were already there"))
            print("  overview figures arrived after " + ff.overviewArrivalMs.map { String(format: "%.0f", $0) }.joined(separator: ", ")
                  + " ms (per run); their frame rendered in \(f(ff.overviewFrameRenderMs)) ms")
            print("")
            print("keystrokes (reduce + render + present, \(r.size), ms)  n     p50     p99     max  cpu p99  unloaded  answers p50/max")
            for screen in r.screens {
                let k = screen.keystroke
                print(pad(screen.name, 48) + lpad("\(k.count)", 4) + lpad(f(k.p50), 8) + lpad(f(k.p99), 8) + lpad(f(k.max), 8)
                      + lpad(f(screen.keystrokeCPU.p99), 9) + lpad("\(screen.unloadedPageHits)", 10)
                      + (screen.backgroundAnswers.count > 0
                         ? "   \(f(screen.backgroundAnswers.p50))/\(f(screen.backgroundAnswers.max)) (\(screen.backgroundAnswers.count))" : ""))
            }
            for screen in r.screens { print("  slowest \(screen.name): " + screen.slowest.joined(separator: ", ")) }
            print("")
            let q = r.search.latency
            print("search as you type: \(r.search.queries) queries from \(r.search.typedTexts) typed texts: "
                  + "p50 \(f(q.p50)), p95 \(f(q.p95)), p99 \(f(q.p99)), max \(f(q.max)) ms")
            for (kind, k) in r.search.byKind.sorted(by: { $0.key < $1.key }) {
                print("  " + pad(kind, 16) + lpad("\(k.count)", 4) + "  p50 \(f(k.p50))  p95 \(f(k.p95))  max \(f(k.max))")
            }
            print("  slowest: " + r.search.slowest.prefix(6).map { "“\($0.query)” \(f($0.ms)) ms (\($0.hits) hits)" }.joined(separator: ", "))
            print("")
            let d = r.realDashboard
            if d.ran {
                print("real dashboard (tmux, \(r.size)): first frame \(d.firstFrameMs.map(f) ?? "?") ms, overview "
                      + "\(d.overviewMs.map(f) ?? "?") ms after start; idle CPU "
                      + (d.idleCPUPercent.map { String(format: "%.2f %%", $0) } ?? "?")
                      + (d.idleCPUPercentPrecise.map { String(format: " (scheduler: %.3f %%)", $0) } ?? "")
                      + " over \(d.idleSeconds.map { String(format: "%.0f", $0) } ?? "?") s")
                for m in d.memory {
                    print("  " + pad(m.step, 54) + String(format: "VmRSS %4.0f MB  VmHWM %4.0f MB", m.rssMB, m.hwmMB))
                }
            }
            if let note = d.note { print("real dashboard: \(note)") }
            if let b = r.benchProcess { print(String(format: "bench process: VmRSS %.0f MB, VmHWM %.0f MB", b.rssMB, b.hwmMB)) }
            print("")
            print("targets")
            for t in r.targets {
                print("  " + pad(t.measure, 74) + lpad(t.value, 11) + "  " + pad(t.target, 9) + (t.pass ? "PASS" : "MISS"))
            }
        }

        func pad(_ text: String, _ width: Int) -> String {
            text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
        }

        func lpad(_ text: String, _ width: Int) -> String {
            text.count >= width ? " " + text : String(repeating: " ", count: width - text.count) + text
        }
    }
}
