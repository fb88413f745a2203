import Foundation
import GRDB
import LoyaltyCore
@testable import LoyaltyStore
@testable import ShopifyKit
import ShopifySimulator
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The real `loyalnest sync --once` binary, killed with SIGKILL at random moments of a sync and restarted, against an
/// in-process simulator: after every kill the database opens and `loyalnest doctor` passes (no half-written page,
/// ledger == caches), and once the syncs are let finish the store equals the simulator's truth — every order
/// credited exactly once, every refund clawed back once.
///
/// The kill delays are seeded and stratified over the expected length of the run being killed (measured first on a
/// scratch copy), so kills land while the process starts, inside the bulk export of the first backfill, between and
/// inside order pages, in customers and in deletions. `--full` runs (bulk, and paged with `--no-bulk`) and the
/// restarts after them (which resume a half-done re-read) keep runs long after the first backfill is done, and the
/// shop changes between trials (edits, refunds, cancellations, deletions, new orders).
@Suite(.serialized) struct CrashTrialTests {
    static let trials = 40
    static let minimumKills = 30

    /// The executable beside the test bundle (the package's CLITests depend on it, so `swift test` builds it), or
    /// $LOYALNEST_BIN.
    static let binary: URL? = {
        if let path = ProcessInfo.processInfo.environment["LOYALNEST_BIN"] { return URL(fileURLWithPath: path) }
        var dir = Bundle.main.bundleURL
        for _ in 0..<3 {
            let candidate = dir.appendingPathComponent("loyalnest")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return nil
    }()

    @Test func syncKilledAtRandomMomentsAndRestartedEndsEqualToTheTruth() async throws {
        let binary = try #require(Self.binary, "no loyalnest executable beside the test bundle; build it or set LOYALNEST_BIN")
        let h = try await SyncHarness(orders: 3_000, seed: 23, faults: try FaultPlan(parsing: "5xx=0.02,update-during-sync=0.1"))
        defer { Task { await h.stop() } }
        // Only the child processes touch the file from here on (each trial's checks open it on their own).
        try h.store.close()
        let trials = CrashTrials(binary: binary, harness: h, seed: 0x5EED_C0DE)
        let outcome = await SyncHarness.offPool { trials.run(count: Self.trials, minimumKills: Self.minimumKills) }
        print(outcome.summary)
        #expect(outcome.problems.isEmpty, "\(outcome.problems.count) problems: \(outcome.problems.prefix(10).joined(separator: " | "))")
        #expect(outcome.trials.count >= 20)
        #expect(outcome.trials.filter(\.killed).count >= Self.minimumKills, "too few runs were still going when killed")
        #expect(outcome.trials.filter(\.midRun).count >= 15, "too few kills landed after the run had begun writing")

        // The harness compares a fresh handle on the file with the simulator's truth (doctor included).
        let store = try LoyaltyStore(path: h.databasePath, create: false)
        defer { try? store.close() }
        let differences = try h.differences(in: store)
        #expect(differences.isEmpty, "\(differences.count) differences: \(differences.prefix(8).joined(separator: " | "))")
        if !differences.isEmpty {
            for line in differences.prefix(20) {
                let id = line.split(separator: " ").dropFirst().first.map(String.init) ?? ""
                let order = h.simulator.truth().orders.first { $0.id == id }
                print("difference: \(line)\n  truth: \(order.map { "\($0)" } ?? "none")\n  trials: \(outcome.history[id] ?? [])")
            }
            let keep = NSTemporaryDirectory() + "loyalnest-crash-trials-failed-" + UUID().uuidString
            try? FileManager.default.copyItem(atPath: h.directory, toPath: keep)
            print("crash trials: the store and the trials' outputs are kept in \(keep)")
        }
        #expect(outcome.quiet, "the syncs after the trials never came to rest: \(outcome.finalRuns)")
    }
}

extension CrashTrialTests {
    /// Found by the trials' shop changes: an order refunded and then cancelled before the store first sees it keeps
    /// its refunds (they were dropped before, though its points were right: a cancelled order nets 0).
    @Test(arguments: [false, true]) func cancelledOrdersFirstSeenCancelledKeepTheirRefunds(_ bulk: Bool) async throws {
        let h = try await SyncHarness(orders: 300)
        defer { Task { await h.stop() } }
        let order = try #require(h.simulator.truth().orders.first {
            $0.customerId != nil && $0.cancelledAt == nil && $0.refunds.isEmpty && !$0.deleted
        })
        let id = try #require(Int64(order.id))
        #expect(h.simulator.refundOrder(id: id, cents: 5_00))
        #expect(h.simulator.cancelOrder(id: id))
        try await Task.sleep(for: .seconds(1.1))
        _ = try await h.sync(SyncOptions(bulkBackfill: bulk))
        try h.expectTruth()
    }
}

/// A seeded SplitMix64: the trials' delays, modes and shop changes repeat from run to run (the process timing does not).
private struct TrialRNG {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(max(n, 1))) }
}

/// What the store looks like between two processes, read on a read-only connection (it neither recovers nor
/// checkpoints anything the next process should meet as the crash left it).
private struct Snapshot: Equatable {
    var orders = 0, ledger = 0, refunds = 0, customers = 0, apiLogs = 0
    var bookmarks: [String: Int64] = [:]
    var started: [String: Int64] = [:]
    var finished: [String: Int64] = [:]
    /// Orders with more than one first credit (the sync must credit each order once, whatever the crash).
    var doubleCredits: [Int64] = []

    var rows: [Int] { [orders, ledger, refunds, customers] }

    func changedFrom(_ other: Snapshot) -> Bool {
        rows != other.rows || apiLogs != other.apiLogs || bookmarks != other.bookmarks || started != other.started
            || finished != other.finished
    }
}

private struct Trial {
    var index: Int
    var mode: String
    var delayMs: Int
    var expectedMs: Int
    var elapsedMs: Int
    var killed: Bool
    var exit: String
    var phase: String
    /// Killed after the run had written something and before it finished its last resource.
    var midRun: Bool
    var bookmarkMoved: Bool
    var rowsChanged: Bool
    var shopChanges: Int
}

private struct Outcome: Sendable {
    var trials: [TrialSummary] = []
    var problems: [String] = []
    var quiet = false
    var finalRuns: [String] = []
    var summary = ""
    var history: [String: [String]] = [:]

    struct TrialSummary: Sendable {
        var killed: Bool
        var midRun: Bool
    }
}

/// Runs on one plain thread (it blocks on child processes; the simulator needs the cooperative pool free).
private final class CrashTrials: @unchecked Sendable {
    // @unchecked: used from the one thread SyncHarness.offPool starts; the simulator it drives is thread-safe.
    let binary: URL
    let h: SyncHarness
    var rng: TrialRNG
    let dir: String
    let db: String
    var problems: [String] = []

    init(binary: URL, harness: SyncHarness, seed: UInt64) {
        self.binary = binary
        h = harness
        rng = TrialRNG(state: seed)
        dir = harness.directory
        db = harness.databasePath
    }

    // MARK: child processes

    struct Child {
        var killed: Bool
        var status: Int32
        var elapsed: Double
        var stdout: String
        var stderr: String
    }

    /// Starts `loyalnest ARGS`; with `killAfter`, SIGKILLs it that many seconds after launch if it still runs.
    func spawn(_ arguments: [String], killAfter: Double? = nil, tag: String) throws -> Child {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        for key in env.keys where key.hasPrefix("LOYALNEST_") { env[key] = nil }
        env["LOYALNEST_SHOPIFY_TOKEN"] = h.simulator.accessToken
        env["XDG_CONFIG_HOME"] = dir + "/xdg-config"
        env["XDG_DATA_HOME"] = dir + "/xdg-data"
        process.environment = env
        let outPath = dir + "/\(tag).out", errPath = dir + "/\(tag).err"
        _ = FileManager.default.createFile(atPath: outPath, contents: nil)
        _ = FileManager.default.createFile(atPath: errPath, contents: nil)
        let out = try FileHandle(forWritingTo: URL(fileURLWithPath: outPath))
        let err = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
        defer { try? out.close(); try? err.close() }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = out
        process.standardError = err
        let start = Date()
        try process.run()
        var killed = false
        if let killAfter {
            let deadline = start.addingTimeInterval(killAfter)
            let wait = deadline.timeIntervalSinceNow
            if wait > 0 { usleep(UInt32(wait * 1_000_000)) }
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                killed = true
            }
        }
        process.waitUntilExit()
        let elapsed = Date().timeIntervalSince(start)
        // A run that exited on its own just before the signal counts as finished, not killed.
        if killed && !(process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGKILL) { killed = false }
        return Child(killed: killed, status: process.terminationStatus, elapsed: elapsed,
                     stdout: (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "",
                     stderr: (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "")
    }

    /// How a trial's run reads the orders. Without a bookmark (the first backfill, or after `--full` forgot it) the
    /// CLI reads them with a bulk export by default: no bookmark moves until it is written whole, so a kill restarts
    /// it. `--no-bulk` pages by updatedAt instead, moving the bookmark page by page.
    enum Mode: String {
        case resume = "sync --once", full = "sync --once --full", fullPaged = "sync --once --full --no-bulk"
    }

    func syncArguments(_ mode: Mode, db path: String? = nil) -> [String] {
        let base = ["sync", "--once", "--json", "--db", path ?? db, "--shop-url", h.simulator.baseURL]
        switch mode {
        case .resume: return base
        case .full: return base + ["--full"]
        case .fullPaged: return base + ["--full", "--no-bulk"]
        }
    }

    /// `loyalnest doctor` in its own process: the first to open the file after a kill (SQLite's WAL recovery runs here).
    func doctor(_ label: String) {
        do {
            let run = try spawn(["doctor", "--db", db, "--json"], tag: "doctor")
            if run.status != 0 {
                let failed = (try? JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
                    .flatMap { $0["checks"] as? [[String: Any]] }?
                    .filter { ($0["ok"] as? Bool) == false }
                    .map { "\($0["name"] ?? "?"): \($0["problems"] ?? "")" } ?? []
                problems.append("\(label): doctor exited \(run.status): \(failed.isEmpty ? run.stderr + run.stdout : failed.joined(separator: "; "))")
            }
        } catch {
            problems.append("\(label): doctor did not run: \(error)")
        }
    }

    func snapshot(_ label: String) -> Snapshot {
        do {
            var config = Configuration()
            config.readonly = true
            let queue = try DatabaseQueue(path: db, configuration: config)
            defer { try? queue.close() }
            return try queue.read { db in
                var s = Snapshot()
                s.orders = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM orders") ?? 0
                s.ledger = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM points_transactions") ?? 0
                s.refunds = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM refunds") ?? 0
                s.customers = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM customers") ?? 0
                s.apiLogs = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM api_logs") ?? 0
                for row in try Row.fetchAll(db, sql: "SELECT resource, bookmark, run_started_at, run_finished_at FROM sync_state") {
                    let resource: String = row["resource"]
                    if let value = row["bookmark"] as Int64? { s.bookmarks[resource] = value }
                    if let value = row["run_started_at"] as Int64? { s.started[resource] = value }
                    if let value = row["run_finished_at"] as Int64? { s.finished[resource] = value }
                }
                s.doubleCredits = try Int64.fetchAll(db, sql: """
                    SELECT order_id FROM points_transactions WHERE kind = 'earn' AND order_id IS NOT NULL
                        AND idempotency_key NOT LIKE '%:edit:%'
                    GROUP BY order_id HAVING COUNT(*) > 1
                    """)
                return s
            }
        } catch {
            problems.append("\(label): the database does not open read-only: \(error)")
            return Snapshot()
        }
    }

    /// No half-written page: every order Shopify last changed before the orders bookmark is in the store as
    /// Shopify has it (pages are read in updatedAt order and written with their bookmark in one transaction, and a
    /// bulk export sets it only once written whole). Strictly before: a page may end inside a second.
    func bookmarkCheck(_ label: String) {
        do {
            var config = Configuration()
            config.readonly = true
            let queue = try DatabaseQueue(path: db, configuration: config)
            defer { try? queue.close() }
            let (bookmark, rows) = try queue.read { db in
                (try Int64.fetchOne(db, sql: "SELECT bookmark FROM sync_state WHERE resource = 'orders'"),
                 try Row.fetchAll(db, sql: """
                    SELECT o.external_id, o.total_minor, o.cancelled_at IS NOT NULL AS cancelled,
                        (SELECT group_concat(r.external_id, ',') FROM (SELECT external_id FROM refunds r WHERE r.order_id = o.id
                            ORDER BY external_id) r) AS refunds
                    FROM orders o WHERE o.deleted_at IS NULL
                    """))
            }
            guard let bookmark else { return }
            var local: [String: Row] = [:]
            for row in rows { local[row["external_id"]] = row }
            var behind: [String] = []
            for order in h.simulator.truth().orders where order.customerId != nil && !order.deleted {
                guard let updated = Self.unixTime(order.updatedAt), updated < bookmark else { continue }
                ordersCheckedBehindBookmark += 1
                guard let row = local[order.id] else { behind.append("\(order.id) missing"); continue }
                let refunds = order.refunds.map(\.id).sorted().joined(separator: ",")
                if (row["total_minor"] as Int64) != Self.cents(order.total) || (row["cancelled"] as Bool) != (order.cancelledAt != nil)
                    || (row["refunds"] as String? ?? "") != refunds {
                    behind.append("\(order.id) stale")
                }
            }
            if !behind.isEmpty {
                problems.append("\(label): \(behind.count) orders updated before the orders bookmark \(bookmark) are not in the store "
                                + "as Shopify has them: \(behind.prefix(5).joined(separator: ", "))")
            }
        } catch {
            problems.append("\(label): the bookmark check could not read the store: \(error)")
        }
    }

    /// "2024-12-06T21:03:09Z" → Unix seconds (the truth's format; cheaper than a date formatter for thousands).
    static func unixTime(_ text: String) -> Int64? {
        let b = Array(text.utf8)
        guard b.count == 20, b[19] == UInt8(ascii: "Z") else { return nil }
        func n(_ from: Int, _ count: Int) -> Int64 { b[from..<(from + count)].reduce(0) { $0 * 10 + Int64($1 - 48) } }
        let (y0, m, d) = (n(0, 4), n(5, 2), n(8, 2))
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let days = era * 146_097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719_468
        return days * 86_400 + n(11, 2) * 3600 + n(14, 2) * 60 + n(17, 2)
    }

    /// "178.64" → 17864 (the truth's money always has two places).
    static func cents(_ text: String) -> Int64 { Int64(text.replacingOccurrences(of: ".", with: "")) ?? -1 }

    // MARK: the shop changing between trials

    /// Orders compared with the truth by `bookmarkCheck`, over all trials (the check is not vacuous).
    var ordersCheckedBehindBookmark = 0

    /// What the trials did to each order, for the report when the store ends up differing from the truth.
    var history: [String: [String]] = [:]

    func changeTheShop(trial: Int) -> Int {
        let ids = h.simulator.orderIDs()
        var truth: [String: SimulatorTruth.Order] = [:]
        for order in h.simulator.truth().orders { truth[order.id] = order }
        var changed = 0
        for _ in 0..<(3 + rng.below(4)) {
            var id = ids[rng.below(ids.count)]
            let done: Bool
            let what: String
            let order = truth[String(id)]
            switch rng.below(6) {
            case 0 where order?.cancelledAt != nil:
                // Shopify refuses to edit a cancelled order (the simulator would not; the store keeps its amounts).
                done = false; what = "edit of a cancelled order (skipped)"
            case 0:
                let cents = Int64(500 + rng.below(30_000))
                done = h.simulator.editOrder(id: id, subtotalCents: cents); what = "edit to \(cents)c"
            case 1:
                let cents = Int64(100 + rng.below(8_000))
                done = h.simulator.refundOrder(id: id, cents: cents, lines: 1 + rng.below(3)); what = "refund \(cents)c"
            case 2: done = h.simulator.cancelOrder(id: id); what = "cancel"
            case 3: done = h.simulator.deleteOrder(id: id); what = "delete"
            case 4: id = h.simulator.addLiveOrder(); done = true; what = "placed"
            default: done = h.simulator.touchOrder(id: id); what = "touch"
            }
            history[String(id), default: []].append("before trial \(trial): \(what)\(done ? "" : " (refused)")")
            if done { changed += 1 }
        }
        return changed
    }

    // MARK: the trials

    struct Calibration {
        var backfill: Double
        var full: Double
        var fullPaged: Double
        var incremental: Double
        var firstUpdate: Int64
        var lastUpdate: Int64
        var orders: Int
    }

    /// Times a first (bulk) backfill, a `--full` bulk re-read, a `--full --no-bulk` paged re-read and an incremental
    /// run on a scratch copy of the (empty) store, faults off.
    func calibrate() throws -> Calibration {
        let scratch = dir + "/calibration.sqlite"
        do {  // SQLite's backup: the copy holds what the WAL holds too
            let source = try DatabaseQueue(path: db), copy = try DatabaseQueue(path: scratch)
            try source.backup(to: copy)
            try source.close()
            try copy.close()
        }
        let plan = h.simulator.faults
        h.simulator.setFaults(.none)
        defer { h.simulator.setFaults(plan) }
        func run(_ mode: Mode) throws -> Double {
            let child = try spawn(syncArguments(mode, db: scratch), tag: "calibration")
            if child.status != 0 { problems.append("calibration run \(mode) exited \(child.status): \(child.stderr)") }
            return child.elapsed
        }
        let backfill = try run(.resume), full = try run(.full), fullPaged = try run(.fullPaged), incremental = try run(.resume)
        let formatter = ISO8601DateFormatter()
        let times = h.simulator.truth().orders.compactMap { formatter.date(from: $0.updatedAt).map { Int64($0.timeIntervalSince1970) } }
        let queue = try DatabaseQueue(path: scratch)
        let orders = try queue.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM orders") ?? 0 }
        try queue.close()
        return Calibration(backfill: backfill, full: full, fullPaged: fullPaged, incremental: incremental,
                           firstUpdate: times.min() ?? 0, lastUpdate: times.max() ?? 0, orders: orders)
    }

    /// How long a run started now should take: a bulk read when there is no orders bookmark, else the paged read of
    /// what is left behind the bookmark plus the fixed part (start, lookback, customers, deletions).
    func expectedDuration(_ mode: Mode, before: Snapshot, _ c: Calibration) -> Double {
        switch mode {
        case .full: return c.full
        case .fullPaged: return c.fullPaged
        case .resume:
            guard let bookmark = before.bookmarks["orders"] else { return before.orders < c.orders * 2 / 3 ? c.backfill : c.full }
            let left = min(1, max(0, Double(c.lastUpdate - bookmark) / Double(max(1, c.lastUpdate - c.firstUpdate))))
            return c.incremental + left * max(0, c.fullPaged - c.incremental)
        }
    }

    func phase(killed: Bool, before: Snapshot, after: Snapshot) -> String {
        guard killed else { return "finished" }
        guard after.changedFrom(before) else { return "starting (nothing written yet)" }
        for resource in SyncResource.allCases.map(\.rawValue) where after.finished[resource] == nil {
            let moved = after.bookmarks[resource] != before.bookmarks[resource]
            return "in \(resource)" + (resource == "orders" ? (moved ? " after ≥1 page" : " before its first page") : "")
        }
        return "after the last resource (caches, exit)"
    }

    func run(count: Int, minimumKills: Int) -> Outcome {
        var outcome = Outcome()
        let calibration: Calibration
        do { calibration = try calibrate() } catch {
            outcome.problems = problems + ["calibration failed: \(error)"]
            return outcome
        }
        // Stratified delays: trial i draws from its own slice of [0, 1) of the expected run length, slices shuffled.
        var slices = Array(0..<count)
        for i in stride(from: count - 1, to: 0, by: -1) { slices.swapAt(i, rng.below(i + 1)) }
        var trials: [Trial] = []
        // Past the stratified trials, more (with plain random delays) until enough runs were killed while running.
        var i = -1
        while true {
            i += 1
            guard i < count || (trials.filter(\.killed).count < minimumKills && i < count + 15) else { break }
            let shopChanges = i > 0 && i % 3 == 0 ? changeTheShop(trial: i) : 0
            let pick = rng.below(100)
            // The first trials restart the first (bulk) backfill; then re-reads, paged and bulk, and plain restarts.
            let mode: Mode = i < 3 ? .resume : pick < 15 ? .full : pick < 40 ? .fullPaged : .resume
            let before = snapshot("before trial \(i)")
            let expected = expectedDuration(mode, before: before, calibration)
            var u = i < count ? (Double(slices[i]) + rng.unit()) / Double(count) : rng.unit()
            // Every fifth trial aims at the end of the run (customers, deletions, the overview caches, exit).
            if i % 5 == 4 { u = 0.8 + 0.3 * rng.unit() }
            let delay = 0.005 + u * expected * 1.05
            let child: Child
            do { child = try spawn(syncArguments(mode), killAfter: delay, tag: "trial") } catch {
                problems.append("trial \(i): could not start: \(error)")
                continue
            }
            if !child.killed && child.status != 0 && child.status != 75 {
                problems.append("trial \(i): sync exited \(child.status): \(child.stderr.suffix(400))")
            }
            let after = snapshot("after trial \(i)")
            if !after.doubleCredits.isEmpty {
                problems.append("trial \(i): orders credited twice (order ids \(after.doubleCredits.prefix(5)))")
            }
            if let was = before.bookmarks["orders"], let now = after.bookmarks["orders"], now < was, mode == .resume {
                problems.append("trial \(i): the orders bookmark went back from \(was) to \(now)")
            }
            doctor("after trial \(i)")
            bookmarkCheck("after trial \(i)")
            let phase = phase(killed: child.killed, before: before, after: after)
            trials.append(Trial(index: i, mode: mode.rawValue, delayMs: Int(delay * 1000), expectedMs: Int(expected * 1000),
                                elapsedMs: Int(child.elapsed * 1000), killed: child.killed,
                                exit: child.killed ? "SIGKILL" : "exit \(child.status)", phase: phase,
                                midRun: child.killed && phase.hasPrefix("in ") && after.changedFrom(before),
                                bookmarkMoved: after.bookmarks != before.bookmarks, rowsChanged: after.rows != before.rows,
                                shopChanges: shopChanges))
        }

        // Let the syncs finish: faults off, past the second of the last change, then until a run changes nothing.
        h.simulator.setFaults(.none)
        usleep(1_100_000)
        for k in 0..<6 {
            guard let child = try? spawn(syncArguments(.resume), tag: "final") else { break }
            let report = try? JSONDecoder().decode(SyncRunReport.self, from: Data(child.stdout.utf8))
            let changed = report?.resources.reduce(0) { $0 + $1.written.rowsChanged } ?? -1
            outcome.finalRuns.append("run \(k + 1): exit \(child.status), \(changed) rows changed, \(Int(child.elapsed * 1000)) ms")
            if child.status == 0, report?.failed.isEmpty == true, changed == 0 { outcome.quiet = true; break }
        }
        doctor("after the final runs")

        outcome.trials = trials.map { .init(killed: $0.killed, midRun: $0.midRun) }
        outcome.problems = problems
        outcome.history = history
        outcome.summary = summary(trials, calibration, outcome)
        return outcome
    }

    func summary(_ trials: [Trial], _ c: Calibration, _ outcome: Outcome) -> String {
        func ms(_ s: Double) -> String { "\(Int(s * 1000)) ms" }
        var lines = ["crash trials: calibration (\(c.orders) orders): bulk backfill \(ms(c.backfill)), --full (bulk) \(ms(c.full)), "
                     + "--full --no-bulk \(ms(c.fullPaged)), incremental \(ms(c.incremental))"]
        for t in trials {
            func pad(_ n: Int, _ width: Int) -> String { String(repeating: " ", count: max(0, width - String(n).count)) + String(n) }
            lines.append("  #\(pad(t.index, 2)) \(t.mode.padding(toLength: 28, withPad: " ", startingAt: 0)) delay \(pad(t.delayMs, 5)) ms of ~\(pad(t.expectedMs, 5)), "
                         + "ran \(pad(t.elapsedMs, 5)) ms, \(t.exit)\(t.shopChanges > 0 ? " (after \(t.shopChanges) shop changes)" : "") — "
                         + t.phase + (t.bookmarkMoved ? ", bookmark moved" : "") + (t.rowsChanged ? ", rows changed" : ""))
        }
        let killed = trials.filter(\.killed)
        var phases: [String: Int] = [:]
        for t in killed { phases[t.phase, default: 0] += 1 }
        lines.append("crash trials: \(trials.count) trials, \(killed.count) killed, \(trials.filter(\.midRun).count) mid-run (the run had begun writing) "
                     + "(\(killed.filter(\.bookmarkMoved).count) after the bookmark moved, \(killed.filter(\.rowsChanged).count) after rows changed); "
                     + phases.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", "))
        lines.append("crash trials: after the kills, \(ordersCheckedBehindBookmark) order rows behind the orders bookmark were compared with the truth")
        lines.append("crash trials: final runs: " + outcome.finalRuns.joined(separator: "; "))
        return lines.joined(separator: "\n")
    }
}
