import Foundation
import LoyaltyCore
import LoyaltyStore
import TerminalUI

/// What `loyalnest bench ui` measures and with what.
public struct UIBenchmarkOptions: Sendable {
    public var customers: Int
    public var seed: UInt64 = 1
    /// The store file; nil: a cache file under $TMPDIR named by N and seed.
    public var databasePath: String?
    /// Data/demo-store.json.
    public var definitionURL: URL
    /// The loyalnest executable, for the real-terminal part under tmux; nil skips it.
    public var executablePath: String?
    public var width = 200
    public var height = 60
    /// Keystrokes per screen.
    public var keystrokes = 240
    /// Search-as-you-type queries (every prefix of the typed texts counts as one).
    public var queries = 400
    /// First-frame measurements (each opens the store anew); the first is the one after start.
    public var firstFrameRuns = 5
    public var idleSeconds = 10.0
    public var regenerate = false

    public init(customers: Int, definitionURL: URL) {
        self.customers = customers
        self.definitionURL = definitionURL
    }
}

public struct UIBenchmarkResult: Codable, Sendable {
    public struct Machine: Codable, Sendable {
        public var cpus: Int
        public var model: String
        public var memoryGB: Double
        /// /proc/loadavg when the measurements started and ended (the machine may be shared).
        public var loadBefore: String
        public var loadAfter: String
    }

    public struct FirstFrame: Codable, Sendable {
        /// Each run: open the store, build the program, render and present the first 200×60 frame.
        public var runsMs: [Double]
        public var openStoreMs: Double
        public var makeProgramMs: Double
        public var renderMs: Double
        /// The first run (right after the process started).
        public var firstMs: Double
        public var medianMs: Double
        /// True when the overview figures were not yet in the first frame (it did not wait for them).
        public var drawnBeforeOverview: Bool
        /// From opening the store until the overview figures arrived, per run.
        public var overviewArrivalMs: [Double]
        public var overviewFrameRenderMs: Double
    }

    public struct Screen: Codable, Sendable {
        public var name: String
        public var keys: String
        /// Reduce + render + present, per keystroke (wall clock: the target).
        public var keystroke: LatencySummary
        /// The main thread's CPU time for the same work: what is left when other processes' load is taken out.
        public var keystrokeCPU: LatencySummary
        /// The slowest keystrokes: key, wall ms, whether it asked for background data.
        public var slowest: [String]
        /// Keystrokes after which some visible row of the customer list was not loaded yet.
        public var unloadedPageHits: Int
        /// Time from the end of a keystroke until its background answers (pages, search hits, journey) had
        /// all arrived, for keystrokes that asked for one; not counted in `keystroke`.
        public var backgroundAnswers: LatencySummary
        /// Rendering the frame that shows an answer (not counted in `keystroke`).
        public var answerFrames: LatencySummary
    }

    public struct SearchQuery: Codable, Sendable {
        public var kind: String
        public var query: String
        public var ms: Double
        public var hits: Int
    }

    public struct Search: Codable, Sendable {
        public var queries: Int
        public var typedTexts: Int
        public var latency: LatencySummary
        public var byKind: [String: LatencySummary]
        public var slowest: [SearchQuery]
    }

    public struct MemoryStep: Codable, Sendable {
        public var step: String
        public var rssMB: Double
        public var hwmMB: Double
    }

    public struct RealDashboard: Codable, Sendable {
        public var ran: Bool
        public var note: String?
        /// Process start to the first frame visible in the tmux pane (±a few ms of polling).
        public var firstFrameMs: Double?
        public var overviewMs: Double?
        public var idleSeconds: Double?
        /// utime + stime over the idle period (clock ticks).
        public var idleCPUPercent: Double?
        /// The same from the scheduler's nanosecond counters of the threads alive throughout.
        public var idleCPUPercentPrecise: Double?
        public var memory: [MemoryStep]
        public var peakMB: Double?
    }

    public struct Target: Codable, Sendable {
        public var measure: String
        public var target: String
        public var value: String
        public var pass: Bool
    }

    public var machine: Machine
    public var store: BenchStoreInfo
    public var size: String
    public var firstFrame: FirstFrame
    public var screens: [Screen]
    public var search: Search
    public var realDashboard: RealDashboard
    /// The benchmark process after the measurements (store generation excluded: the peak is reset after it). For
    /// information: it opens the store five times and runs the search benchmark, so it is not the dashboard.
    public var benchProcess: MemoryStep?
    public var targets: [Target]
}

/// `loyalnest bench ui`: first frame, per-keystroke render time per screen, search-as-you-type latency, and the
/// real dashboard's idle CPU and memory under tmux, on a generated store of N customers.
public enum UIBenchmark {
    public static func run(_ options: UIBenchmarkOptions, progress: (String) -> Void) throws -> UIBenchmarkResult {
        let info = try BenchStore.prepare(customers: options.customers, seed: options.seed, path: options.databasePath,
                                          definitionURL: options.definitionURL, regenerate: options.regenerate,
                                          progress: progress)
        ProcFS.resetPeakResident()
        let size = Size(width: options.width, height: options.height)
        let loadBefore = loadAverage()

        progress("first frame (\(options.firstFrameRuns) runs)")
        let (firstFrame, initialDriver) = try measureFirstFrame(path: info.path, size: size, runs: max(1, options.firstFrameRuns))

        var driver = initialDriver
        progress("keystrokes: overview")
        var screens: [UIBenchmarkResult.Screen] = []
        screens.append(driver.measure("overview", "j k PgDn PgUp g G Home End", overviewKeys(options.keystrokes)))

        progress("keystrokes: customers list")
        _ = driver.settledKey(.char("2"))
        screens.append(driver.measure("customers list", "j k PgDn PgUp g G, s and ←/→ (sort: reloads the list)",
                                      customerListKeys(options.keystrokes)))

        progress("sampling the store for realistic search texts")
        let samples = try SearchSamples.collect(store: driver.store, merchant: driver.program.state.session.merchant,
                                                customers: info.customers, now: BenchStore.now)

        progress("keystrokes: customers search")
        _ = driver.settledKey(.char("g"))
        screens.append(driver.measure("customers search", "/, typing a query char by char, ↓ j k PgDn G g, Esc",
                                      searchKeys(options.keystrokes, texts: samples.texts.map(\.text))))

        progress("keystrokes: journey")
        _ = driver.settledKey(.escape)
        _ = driver.settledKey(.char("1"))
        _ = driver.settledKey(.char("g"))
        _ = driver.settledKey(.enter)
        screens.append(driver.measure("journey", "j k PgDn PgUp g G Home End", journeyKeys(options.keystrokes)))

        progress("search as you type (\(options.queries) queries)")
        let search = try SearchSamples.measure(store: driver.store, merchant: driver.program.state.session.merchant,
                                               texts: samples.texts, minimumQueries: options.queries)
        let bench = ProcFS.memory().map { UIBenchmarkResult.MemoryStep(step: "bench process", rssMB: $0.rssMB, hwmMB: $0.hwmMB) }

        var real = UIBenchmarkResult.RealDashboard(ran: false, note: "no executable given", memory: [])
        if let executable = options.executablePath {
            progress("the real dashboard under tmux (\(Int(options.idleSeconds)) s idle)")
            real = RealDashboardProbe.run(executable: executable, database: info.path, size: size,
                                          idleSeconds: options.idleSeconds, now: BenchStore.now,
                                          searchText: samples.firstName, progress: progress)
        }
        try driver.store.close()

        var machine = machineDescription()
        machine.loadBefore = loadBefore
        machine.loadAfter = loadAverage()
        return UIBenchmarkResult(machine: machine, store: info, size: "\(size.width)×\(size.height)", firstFrame: firstFrame,
                                 screens: screens, search: search, realDashboard: real, benchProcess: bench,
                                 targets: targets(firstFrame, screens, search, real))
    }

    // MARK: first frame

    static func measureFirstFrame(path: String, size: Size, runs: Int) throws -> (UIBenchmarkResult.FirstFrame, Driver) {
        var totals: [Double] = [], arrivals: [Double] = []
        var first: (open: Double, make: Double, render: Double, pending: Bool)?
        var overviewRender = 0.0
        var kept: Driver?
        for run in 0..<runs {
            let watch = Stopwatch()
            let (store, open) = try Stopwatch.time { try LoyaltyStore(path: path, create: false) }
            let (program, make) = try Stopwatch.time { () throws -> DashboardProgram in
                let session = try store.session(merchant: nil, operator: nil)
                let options = DashboardOptions(
                    store: store, session: session, config: AppConfig(),
                    configDirectory: URL(fileURLWithPath: "/nonexistent-loyalnest-bench-config"),
                    lang: "en", theme: "dark", environment: [:], wallClock: { BenchStore.now })
                return try DashboardLauncher.makeProgram(options, capabilities: Driver.capabilities, size: size)
            }
            var driver = Driver(program: program, store: store, size: size)
            let pending = driver.program.state.overview.metrics == nil
            let render = driver.draw()
            totals.append(watch.milliseconds)
            if first == nil { first = (open, make, render, pending) }
            // The overview figures load in the background; the loop's tick takes them from the mailbox.
            while driver.program.state.overview.loading {
                _ = driver.program.tick(now: .now)
                if driver.program.state.overview.loading { usleep(500) }
            }
            arrivals.append(watch.milliseconds)
            let frame = driver.draw()
            if run == 0 { overviewRender = frame }
            driver.settle()
            if run == runs - 1 { kept = driver } else { try store.close() }
        }
        let sorted = totals.sorted()
        let f = first!
        return (UIBenchmarkResult.FirstFrame(runsMs: totals, openStoreMs: f.open, makeProgramMs: f.make, renderMs: f.render,
                                            firstMs: totals[0], medianMs: sorted[sorted.count / 2], drawnBeforeOverview: f.pending,
                                            overviewArrivalMs: arrivals, overviewFrameRenderMs: overviewRender), kept!)
    }

    // MARK: key sequences

    static func repeated(_ pattern: [Key], count: Int) -> [Key] {
        (0..<count).map { pattern[$0 % pattern.count] }
    }

    static func times(_ n: Int, _ key: Key) -> [Key] { Array(repeating: key, count: n) }

    static func overviewKeys(_ count: Int) -> [Key] {
        repeated(times(6, .down) + times(3, .up) + [.pageDown, .pageUp, .char("G"), .char("g")] + times(3, .char("j"))
                 + times(2, .char("k")) + [.end, .home], count: count)
    }

    static func customerListKeys(_ count: Int) -> [Key] {
        repeated(times(15, .down) + times(8, .pageDown) + times(5, .up) + times(3, .pageUp) + [.char("G")]
                 + times(10, .up) + times(6, .pageUp) + [.char("g")] + times(30, .pageDown) + [.char("s")]
                 + times(5, .down) + [.right] + times(3, .pageDown) + [.left, .char("s"), .char("g")], count: count)
    }

    static func searchKeys(_ count: Int, texts: [String]) -> [Key] {
        var keys: [Key] = []
        var n = 0
        while keys.count < count {
            let text = texts[n % texts.count]
            n += 1
            keys += [.char("/")] + text.map { Key.char($0) } + [.down] + times(6, .down)
                + [.pageDown, .char("G"), .char("g"), .up, .up, .pageDown, .pageUp, .escape]
        }
        return keys
    }

    static func journeyKeys(_ count: Int) -> [Key] {
        repeated(times(10, .down) + times(2, .pageDown) + times(4, .up) + [.pageUp, .char("G"), .char("g")]
                 + times(5, .char("j")) + [.end, .home] + times(3, .pageDown) + times(2, .char("k")), count: count)
    }

    // MARK: targets

    static func targets(_ first: UIBenchmarkResult.FirstFrame, _ screens: [UIBenchmarkResult.Screen],
                        _ search: UIBenchmarkResult.Search, _ real: UIBenchmarkResult.RealDashboard) -> [UIBenchmarkResult.Target] {
        func ms(_ v: Double) -> String { String(format: "%.2f ms", v) }
        var list: [UIBenchmarkResult.Target] = [
            .init(measure: "first frame (store open → first 200×60 frame, in-process, first run)", target: "< 300 ms",
                  value: ms(first.firstMs), pass: first.firstMs < 300),
        ]
        if let real = real.firstFrameMs {
            list.append(.init(measure: "first frame (real binary: process start → frame visible in tmux)", target: "< 300 ms",
                              value: ms(real), pass: real < 300))
        }
        for screen in screens {
            list.append(.init(measure: "render p99 per keystroke: \(screen.name)", target: "< 8 ms",
                              value: ms(screen.keystroke.p99), pass: screen.keystroke.p99 < 8))
        }
        list.append(.init(measure: "search p95 (store.searchCustomers, limit 50)", target: "< 20 ms",
                          value: ms(search.latency.p95), pass: search.latency.p95 < 20))
        if let cpu = real.idleCPUPercent {
            list.append(.init(measure: "idle CPU, dashboard open (real binary)", target: "< 1 %",
                              value: String(format: "%.2f %%", cpu), pass: cpu < 1))
        }
        if let peak = real.peakMB {
            list.append(.init(measure: "resident memory, dashboard (real binary, VmHWM)", target: "< 150 MB",
                              value: String(format: "%.0f MB", peak), pass: peak < 150))
        }
        return list
    }

    static func machineDescription() -> UIBenchmarkResult.Machine {
        var model = "unknown"
        if let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
           let line = text.split(separator: "\n").first(where: { $0.hasPrefix("model name") }),
           let colon = line.firstIndex(of: ":") {
            model = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return .init(cpus: ProcessInfo.processInfo.activeProcessorCount, model: model,
                     memoryGB: Double(ProcessInfo.processInfo.physicalMemory) / 1_073_741_824, loadBefore: "", loadAfter: "")
    }

    /// The 1, 5 and 15 minute load averages.
    static func loadAverage() -> String {
        let text = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? ""
        return text.split(separator: " ").prefix(3).joined(separator: " ")
    }
}

/// The dashboard program on a TestBackend, timed: each keystroke is reduce + render + present; background
/// answers are waited for between keystrokes and drawn, outside the keystroke's time.
struct Driver {
    static let capabilities = TerminalCapabilities(colorDepth: .trueColor, unicode: true, mouse: false)

    var program: DashboardProgram
    let store: LoyaltyStore
    let backend: TestBackend

    init(program: DashboardProgram, store: LoyaltyStore, size: Size) {
        self.program = program
        self.store = store
        backend = TestBackend(width: size.width, height: size.height, capabilities: Self.capabilities)
    }

    /// Renders and presents a frame; returns the milliseconds it took.
    @discardableResult
    func draw() -> Double {
        let watch = Stopwatch()
        var frame = CellBuffer(size: backend.size, direction: backend.frame.direction, glyphs: backend.frame.glyphs)
        program.render(into: &frame)
        backend.present(frame)
        return watch.milliseconds
    }

    /// Takes every background answer until nothing is running; returns how many arrived.
    @discardableResult
    mutating func settle() -> Int {
        var count = 0
        while true {
            program.runner.waitForIdle()
            let messages = program.runner.mailboxes.drain()
            if messages.isEmpty { return count }
            count += messages.count
            for message in messages { _ = program.send(message) }
        }
    }

    /// A key outside the measurements (navigation between screens).
    mutating func settledKey(_ key: Key) -> Int {
        _ = program.handle(.key(key))
        draw()
        let answers = settle()
        draw()
        return answers
    }

    /// True when some row the customer list shows is not loaded (the table draws placeholders).
    var showsUnloadedRows: Bool {
        let state = program.state
        guard state.screen == .customers, state.journey == nil, state.customers.hits == nil else { return false }
        let body = CustomersLayout(content: ShellLayout(size: state.size).content).body
        let rows = max(1, body.height - 1)
        let top = state.customers.selection.offset(forRows: rows)
        let end = min(top + rows, state.customers.page.total)
        return (top..<max(top, end)).contains { state.customers.page.row($0) == nil }
            || (state.customers.page.total == 0 && state.customers.page.requested != nil)
    }

    mutating func measure(_ name: String, _ keysText: String, _ keys: [Key]) -> UIBenchmarkResult.Screen {
        var keystrokes: [Double] = [], cpu: [Double] = [], answers: [Double] = [], frames: [Double] = []
        var slow: [(Double, String)] = []
        var unloaded = 0
        for key in keys {
            let cpuStart = Self.threadCPUms()
            let watch = Stopwatch()
            _ = program.handle(.key(key))
            var frame = CellBuffer(size: backend.size, direction: backend.frame.direction, glyphs: backend.frame.glyphs)
            program.render(into: &frame)
            backend.present(frame)
            let ms = watch.milliseconds
            keystrokes.append(ms)
            cpu.append(Self.threadCPUms() - cpuStart)
            if showsUnloadedRows { unloaded += 1 }
            let wait = Stopwatch()
            let answered = settle()
            if answered > 0 {
                answers.append(wait.milliseconds)
                frames.append(draw())
            }
            slow.append((ms, key.notation + (answered > 0 ? " (asked for data)" : "")))
        }
        let slowest = slow.sorted { $0.0 > $1.0 }.prefix(5).map { String(format: "%@ %.2f ms", $0.1, $0.0) }
        return UIBenchmarkResult.Screen(name: name, keys: keysText, keystroke: LatencySummary(keystrokes),
                                        keystrokeCPU: LatencySummary(cpu), slowest: Array(slowest),
                                        unloadedPageHits: unloaded, backgroundAnswers: LatencySummary(answers),
                                        answerFrames: LatencySummary(frames))
    }

    /// CPU time of the calling thread in milliseconds.
    static func threadCPUms() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) * 1e3 + Double(time.tv_nsec) / 1e6
    }
}
