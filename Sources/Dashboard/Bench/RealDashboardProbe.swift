import Foundation
import LoyaltyStore
#if canImport(Glibc)
import Glibc
#endif
import LoyaltyCore
import TerminalUI

/// Runs the real `loyalnest dashboard` in a private tmux server at the benchmark size: time to the first visible
/// frame, idle CPU with the overview open, and resident memory after the overview, the customer list (top and
/// bottom), a journey and a search.
enum RealDashboardProbe {
    static func run(executable: String, database: String, size: Size, idleSeconds: Double, now: UnixTime,
                    searchText: String, progress: (String) -> Void) -> UIBenchmarkResult.RealDashboard {
        var result = UIBenchmarkResult.RealDashboard(ran: false, memory: [])
        guard let tmuxPath = findExecutable("tmux") else {
            result.note = "tmux is not installed: the real-terminal measurements (idle CPU, memory) were skipped"
            return result
        }
        let directory = (NSTemporaryDirectory() as NSString).appendingPathComponent("loyalnest-bench-tmux-\(ProcessInfo.processInfo.processIdentifier)")
        try? FileManager.default.createDirectory(atPath: directory + "/config", withIntermediateDirectories: true)
        try? FileManager.default.createDirectory(atPath: directory + "/state", withIntermediateDirectories: true)
        var tmux = Tmux(path: tmuxPath, directory: directory)
        defer {
            tmux.run(["kill-server"])
            try? FileManager.default.removeItem(atPath: directory)
        }
        do {
            try tmux.check(["new-session", "-d", "-s", "idle", "-x", "\(size.width)", "-y", "\(size.height)", "sleep 3600"])
            let term = ["/lib/terminfo/t/tmux-256color", "/usr/share/terminfo/t/tmux-256color"]
                .contains { FileManager.default.fileExists(atPath: $0) } ? "tmux-256color" : "screen-256color"
            try tmux.check(["set-option", "-g", "default-terminal", term])
            let command = "exec env LANG=C.UTF-8 LC_ALL=C.UTF-8 COLORTERM=truecolor"
                + " LOYALNEST_NOW=\(Timestamp.iso8601(now)) XDG_CONFIG_HOME=\(shellQuoted(directory + "/config"))"
                + " XDG_STATE_HOME=\(shellQuoted(directory + "/state"))"
                + " \(shellQuoted(executable)) --db \(shellQuoted(database)) dashboard --lang en --theme dark"
            let watch = Stopwatch()
            try tmux.check(["new-session", "-d", "-s", "dash", "-x", "\(size.width)", "-y", "\(size.height)", command])
            guard let pid = tmux.output(["display-message", "-p", "-t", "dash", "#{pane_pid}"])?
                .trimmingCharacters(in: .whitespacesAndNewlines), !pid.isEmpty else {
                throw ProbeError("could not find the dashboard's process id")
            }
            guard tmux.waitFor(timeout: 30, { $0.contains("LoyalNest") }) != nil else {
                throw ProbeError("no frame within 30 s; the pane shows:\n" + (tmux.capture() ?? ""))
            }
            result.firstFrameMs = watch.milliseconds
            guard tmux.waitFor(timeout: 300, { $0.contains("Overview ·") && !$0.contains("Loading…") }) != nil else {
                throw ProbeError("the overview figures did not arrive within 300 s")
            }
            result.overviewMs = watch.milliseconds
            result.ran = true
            func remember(_ step: String) {
                if let m = ProcFS.memory(pid: pid) { result.memory.append(.init(step: step, rssMB: m.rssMB, hwmMB: m.hwmMB)) }
            }
            remember("overview loaded")
            Thread.sleep(forTimeInterval: 1)

            progress("  idle for \(Int(idleSeconds)) s with the overview open")
            let ticks0 = ProcFS.cpuSeconds(pid: pid), threads0 = ProcFS.schedulerSeconds(pid: pid)
            let idleWatch = Stopwatch()
            Thread.sleep(forTimeInterval: idleSeconds)
            let ticks1 = ProcFS.cpuSeconds(pid: pid), threads1 = ProcFS.schedulerSeconds(pid: pid)
            let elapsed = idleWatch.milliseconds / 1000
            result.idleSeconds = elapsed
            if let a = ticks0, let b = ticks1 { result.idleCPUPercent = (b - a) / elapsed * 100 }
            let common = Set(threads0.keys).intersection(threads1.keys)
            result.idleCPUPercentPrecise = common.reduce(0) { $0 + threads1[$1]! - threads0[$1]! } / elapsed * 100
            remember("after idling")

            progress("  customers, bottom of the list, a journey, a search")
            tmux.keys(["2"])
            _ = tmux.waitFor(timeout: 60, { $0.contains("customers in total") })
            tmux.waitForStillness()
            remember("customers list")
            tmux.keys(["G"])
            tmux.waitForStillness()
            remember("customers list, last row (G)")
            tmux.keys(["Enter"])
            _ = tmux.waitFor(timeout: 60, { $0.contains("Esc: back to the list") && !$0.contains("Loading…") })
            tmux.waitForStillness()
            remember("journey of the last customer")
            tmux.keys(["Escape", "g", "/"])
            tmux.keys(["-l", searchText])
            _ = tmux.waitFor(timeout: 60, { text in
                !text.contains("Searching…") && !text.contains("in total")
                    && (text.contains(" customer") || text.contains("No customer matches"))
            })
            tmux.waitForStillness()
            remember("search “\(searchText)”")
            tmux.keys(["Enter"])
            tmux.waitForStillness()
            remember("journey from the search")
            tmux.keys(["Escape", "Escape", "q"])
            _ = tmux.waitFor(timeout: 10, { _ in !FileManager.default.fileExists(atPath: "/proc/\(pid)") })

            // An impatient start: the customer list, its last row and a search while the overview is still loading,
            // so several reader connections work (and fill their page caches) at the same time.
            progress("  a second start: customers, G and a search while the overview loads")
            tmux.run(["kill-session", "-t", tmux.session])
            tmux.session = "dash2"
            let second = Stopwatch()
            try tmux.check(["new-session", "-d", "-s", tmux.session, "-x", "\(size.width)", "-y", "\(size.height)", command])
            guard let pid2 = tmux.output(["display-message", "-p", "-t", tmux.session, "#{pane_pid}"])?
                .trimmingCharacters(in: .whitespacesAndNewlines), !pid2.isEmpty,
                  tmux.waitFor(timeout: 30, { $0.contains("LoyalNest") }) != nil else {
                throw ProbeError("the second start showed no frame within 30 s")
            }
            tmux.keys(["2"])
            usleep(200_000)
            tmux.keys(["G"])
            usleep(200_000)
            tmux.keys(["/"])
            tmux.keys(["-l", searchText])
            tmux.waitForStillness()
            // Past the first start's overview time (and a margin), so the overview query has finished too.
            let overviewDone = (result.overviewMs ?? 0) * 1.5 + 1000
            if second.milliseconds < overviewDone { usleep(UInt32((overviewDone - second.milliseconds) * 1000)) }
            if let m = ProcFS.memory(pid: pid2) {
                result.memory.append(.init(step: "second start: 2, G, search while the overview loads", rssMB: m.rssMB, hwmMB: m.hwmMB))
            }
            tmux.keys(["Escape", "Escape", "q"])
            _ = tmux.waitFor(timeout: 10, { _ in !FileManager.default.fileExists(atPath: "/proc/\(pid2)") })
        } catch {
            result.note = String(describing: error)
        }
        result.peakMB = result.memory.map(\.hwmMB).max()
        return result
    }

    struct ProbeError: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    /// A tmux server of our own: its socket lives in a private TMUX_TMPDIR.
    struct Tmux {
        let path: String
        let directory: String
        /// The session that `capture` and `keys` address.
        var session = "dash"

        /// Runs a tmux client and waits for it. Not Foundation's `Process`: its `waitUntilExit` never returns when
        /// the child leaves a daemon behind (the tmux server) holding the descriptor it watches.
        @discardableResult
        func run(_ arguments: [String]) -> (status: Int32, output: String) {
            var environment = ProcessInfo.processInfo.environment
            environment["TMUX"] = nil
            environment["TMUX_TMPDIR"] = directory
            environment["LANG"] = "C.UTF-8"
            environment["LC_ALL"] = "C.UTF-8"
            let outputPath = directory + "/output"
            let argv = ([path, "-f", "/dev/null", "-L", "loyalnest-bench"] + arguments).map { strdup($0) } + [nil]
            let envp = environment.map { strdup("\($0)=\($1)") } + [nil]
            defer { for p in argv + envp { free(p) } }
            var actions = posix_spawn_file_actions_t()
            posix_spawn_file_actions_init(&actions)
            defer { posix_spawn_file_actions_destroy(&actions) }
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
            posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
            var pid = pid_t()
            guard posix_spawn(&pid, path, &actions, nil, argv, envp) == 0 else { return (-1, "") }
            var status: Int32 = 0
            while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
            let exited = status & 0x7f == 0
            let data = FileManager.default.contents(atPath: outputPath) ?? Data()
            return (exited ? (status >> 8) & 0xff : -1, String(decoding: data, as: UTF8.self))
        }

        func check(_ arguments: [String]) throws {
            let (status, _) = run(arguments)
            if status != 0 { throw ProbeError("tmux \(arguments.joined(separator: " ")) failed (status \(status))") }
        }

        func output(_ arguments: [String]) -> String? {
            let (status, text) = run(arguments)
            return status == 0 ? text : nil
        }

        func capture() -> String? { output(["capture-pane", "-p", "-t", session]) }

        func keys(_ keys: [String]) { run(["send-keys", "-t", session] + keys) }

        /// Polls the pane until `predicate` holds; the seconds it took, nil on timeout.
        func waitFor(timeout: Double, _ predicate: (String) -> Bool) -> Double? {
            let watch = Stopwatch()
            while watch.milliseconds < timeout * 1000 {
                if let text = capture(), predicate(text) { return watch.milliseconds / 1000 }
                usleep(2000)
            }
            return nil
        }

        /// Waits until the pane has not changed for half a second (at most 30 s).
        func waitForStillness() {
            var last = capture()
            var stableSince = Stopwatch()
            let watch = Stopwatch()
            while watch.milliseconds < 30_000 {
                usleep(50_000)
                let now = capture()
                if now != last { last = now; stableSince = Stopwatch() } else if stableSince.milliseconds >= 500 { return }
            }
        }
    }

    static func shellQuoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    static func findExecutable(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}
