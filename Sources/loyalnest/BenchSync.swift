import ArgumentParser
import Dashboard
import Foundation
import LoyaltyCore
import LoyaltyStore
import ShopifyClient
import ShopifyKit

extension BenchCommand {
    struct Sync: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sync",
            abstract: "Backfill N orders from the simulator (a child process) over loopback: unthrottled, then throttled.",
            discussion: """
                Phase 1 starts `loyalnest simulator serve --no-throttle` with N orders as a child process (its memory \
                is not counted), syncs orders into a fresh store in one SyncEngine run and reports orders/s, API calls, \
                bytes, CPU time and resident memory (sampled during the run). Phase 2 starts a second simulator with a \
                1000-point bucket restoring 50 points/s, syncs for --throttled-seconds, cancels, and compares the rate \
                with the ceiling the restore rate allows (requested cost read from api_logs), counting THROTTLED answers \
                after the first bucket drain.
                """)
        @Option(help: "Orders in the simulator's history (phase 1).") var orders = 100_000
        @Option(help: "Orders in the throttled simulator (default: min(N, 20000); far more than S seconds can read).")
        var throttledOrders: Int?
        @Option(help: "Seconds of throttled sync (phase 2); 0 skips it.") var throttledSeconds = 120.0
        @Option(help: "Throttled bucket size (points).") var bucket = 1_000.0
        @Option(help: "Throttled restore rate (points per second).") var restoreRate = 50.0
        @Option(help: "Seed of the synthetic shop.") var seed: UInt64 = 1
        @Option(help: "Working folder (default: a new temporary folder, deleted afterwards).") var dir: String?
        @Option(help: "Phase 1 read modes, comma-separated: paged (GraphQL pages of 250) and/or bulk (a bulk export, the first-backfill default of `loyalnest sync`).")
        var modes = "paged,bulk"
        @Flag(help: "Keep the store files in the working folder.") var keep = false
        @Flag(help: "JSON output.") var json = false

        func run() throws {
            guard orders > 0, orders <= 50_000_000 else { throw CLIError("--orders must be from 1 to 50000000") }
            guard throttledSeconds >= 0 else { throw CLIError("--throttled-seconds must be 0 or more") }
            let directory = dir ?? NSTemporaryDirectory() + "loyalnest-bench-sync-\(ProcessInfo.processInfo.processIdentifier)"
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            defer {
                if !keep {
                    for name in ["unthrottled-paged", "unthrottled-bulk", "throttled"] {
                        for suffix in [".sqlite", ".sqlite-wal", ".sqlite-shm"] {
                            try? FileManager.default.removeItem(atPath: "\(directory)/\(name)\(suffix)")
                        }
                    }
                    if dir == nil { try? FileManager.default.removeItem(atPath: directory) }
                }
            }
            let log: (String) -> Void = { json ? printError($0) : printError("  … " + $0) }
            var result = SyncBenchResult(orders: orders, machine: .current())
            let modeList = try modes.split(separator: ",").map { name -> SyncBenchMode in
                guard let mode = SyncBenchMode(rawValue: name.trimmingCharacters(in: .whitespaces)) else {
                    throw CLIError("--modes \(name) is not a mode; use paged or bulk")
                }
                return mode
            }
            if !modeList.isEmpty {
                result.unthrottled = try SyncBenchmark.unthrottled(orders: orders, seed: seed, modes: modeList, directory: directory, log: log)
                for u in result.unthrottled ?? [] {
                    log(String(format: "%@: %d orders in %.2f s = %.0f orders/s, VmHWM %.0f MB", u.mode.rawValue, u.ordersRead,
                               u.wallSeconds, u.ordersPerSecond, u.phaseHWMMB))
                }
            }
            if throttledSeconds > 0 {
                let n = throttledOrders ?? min(orders, 20_000)
                result.throttled = try SyncBenchmark.throttled(orders: n, seed: seed, seconds: throttledSeconds, bucket: bucket,
                                                               restoreRate: restoreRate, directory: directory, log: log)
            }
            result.targets = SyncBenchmark.targets(result)
            if json { return try printJSON(result) }
            printReport(result)
        }

        private func printReport(_ r: SyncBenchResult) {
            let m = r.machine
            print("bench sync: \(formatPoints(Int64(r.orders))) orders; \(m.cpus) CPUs, \(m.model), "
                  + String(format: "%.0f GB", m.memoryGB) + "; load \(m.loadBefore)")
            for u in r.unthrottled ?? [] {
                print("")
                print("phase 1, unthrottled backfill, \(u.mode.rawValue) (simulator child pid \(u.simulatorPID), ready in \(f1(u.simulatorStartSeconds)) s)")
                row("orders synced", "\(formatPoints(Int64(u.ordersRead))) (new \(formatPoints(Int64(u.ordersNew))), guests \(formatPoints(Int64(u.guests))), rejected \(u.rejected))")
                row("wall time", "\(f2(u.wallSeconds)) s")
                row("orders/s", formatPoints(Int64(u.ordersPerSecond.rounded())))
                row("API calls", "\(u.apiCalls) (\(u.apiErrors) errors), \(formatPoints(u.bytesReceived)) bytes = " + String(format: "%.1f MB (%.0f B/order)", Double(u.bytesReceived) / 1e6, Double(u.bytesReceived) / Double(max(1, u.ordersRead))))
                row("CPU (sync process)", "\(f2(u.cpuUserSeconds)) user + \(f2(u.cpuSystemSeconds)) sys = " + String(format: "%.0f %% of one core", 100 * (u.cpuUserSeconds + u.cpuSystemSeconds) / u.wallSeconds))
                row("CPU (simulator child)", "\(f2(u.simulatorCPUSeconds)) s")
                row("peak RSS (ru_maxrss)", String(format: "%.1f MB (VmHWM of the phase %.1f MB)", u.peakRSSMB, u.phaseHWMMB))
                row("VmRSS start / mid / end", String(format: "%.1f / %.1f / %.1f MB (max sampled %.1f MB at %.1f s)", u.rssStartMB, u.rssMidMB, u.rssEndMB, u.rssMaxSampledMB, u.rssMaxAtSeconds))
                row("store file", String(format: "%.1f MB", u.databaseMB))
                let p = u.profile
                print("  where the time goes (fetch thread; the writer thread overlaps it):")
                row("  in reader calls", "\(f2(p.readerSeconds)) s over \(p.pages) pages (\(f2(p.readerMsPerPage)) ms/page)")
                if u.mode == .paged {
                    row("    HTTP (curl total, incl. server)", "\(f2(p.httpSeconds)) s (\(f2(p.httpMsPerPage)) ms/page)")
                    row("    decode (reader − HTTP)", "\(f2(p.decodeSeconds)) s (\(f2(p.decodeMsPerPage)) ms/page)")
                } else {
                    row("    export start + polls", "\(f2(p.httpSeconds)) s (the streamed download overlaps decoding)")
                }
                row("  between calls (map + hand-over)", "\(f2(p.betweenCallsSeconds)) s (\(f2(p.betweenMsPerPage)) ms/page; ≈ waiting for the writer)")
                if p.writePages > 0 {
                    row("  write (applySyncPage, \(p.writePages) pages, fresh store)", "\(f2(p.writeMsPerPage)) ms/page; 4 pages a transaction: "
                        + f2(p.writeBatched4Seconds * 1000 / Double(p.writePages)) + " ms/page")
                }
                if !u.threads.isEmpty {
                    row("  CPU by thread (tid; the busiest is the writer)", u.threads.prefix(6).map { "\($0.name) \(f2($0.cpuSeconds)) s" }.joined(separator: ", "))
                }
            }
            if let t = r.throttled {
                print("")
                print("phase 2, throttled: bucket \(f0(t.bucketMax)), restore \(f0(t.restoreRate)) points/s, "
                      + "\(f0(t.seconds)) s, simulator with \(formatPoints(Int64(t.simulatorOrders))) orders")
                row("orders synced", "\(formatPoints(Int64(t.ordersRead))) in \(t.successfulCalls) pages")
                row("requested cost per page", "\(f0(t.requestedCostPerPage)) points for \(t.pageSize) orders = \(f2(t.costPerOrder)) points/order")
                row("ceiling (restore / cost per order)", "\(f2(t.ceilingOrdersPerSecond)) orders/s")
                row("steady state (after the first drain)", "\(f2(t.steadyOrdersPerSecond)) orders/s = " + String(format: "%.1f %% of the ceiling", 100 * t.steadyFractionOfCeiling) + " over \(f1(t.steadySeconds)) s")
                row("whole phase incl. the initial bucket", "\(f2(t.overallOrdersPerSecond)) orders/s (bucket-inclusive ceiling \(f2(t.overallCeilingOrdersPerSecond)))")
                row("THROTTLED answers (api_logs)", "\(t.throttledTotal) in all, \(t.throttledSteadyState) after the first drain")
                row("first drain", "after call \(t.firstDrainCall) at \(f1(t.firstDrainSeconds)) s")
                row("pacing waits", "median \(f2(t.medianGapSeconds)) s between page starts")
            }
            print("")
            print("targets")
            for target in r.targets {
                print("  " + pad(target.measure, 60) + lpad(target.value, 14) + "  " + pad(target.target, 14) + (target.pass ? "PASS" : "MISS"))
            }
        }

        private func row(_ label: String, _ value: String) { print("  " + pad(label, 44) + value) }
        private func pad(_ text: String, _ width: Int) -> String {
            text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
        }
        private func lpad(_ text: String, _ width: Int) -> String {
            text.count >= width ? " " + text : String(repeating: " ", count: width - text.count) + text
        }
        private func f0(_ v: Double) -> String { String(format: "%.0f", v) }
        private func f1(_ v: Double) -> String { String(format: "%.1f", v) }
        private func f2(_ v: Double) -> String { String(format: "%.2f", v) }
    }
}

// MARK: - Results

struct SyncBenchResult: Codable {
    var orders: Int
    var machine: SyncBenchMachine
    var unthrottled: [UnthrottledResult]?
    var throttled: ThrottledResult?
    var targets: [SyncBenchTarget] = []
}

struct SyncBenchMachine: Codable {
    var cpus: Int
    var model: String
    var memoryGB: Double
    var loadBefore: String

    static func current() -> SyncBenchMachine {
        let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let model = cpuinfo.split(separator: "\n").first { $0.hasPrefix("model name") }
            .map { $0.split(separator: ":", maxSplits: 1).last.map { $0.trimmingCharacters(in: .whitespaces) } ?? "?" } ?? "?"
        let load = ((try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? "?").split(separator: " ").prefix(3).joined(separator: " ")
        return SyncBenchMachine(cpus: ProcessInfo.processInfo.activeProcessorCount, model: model,
                                memoryGB: Double(ProcessInfo.processInfo.physicalMemory) / 1_073_741_824, loadBefore: load)
    }
}

struct RSSSample: Codable {
    var seconds: Double
    var rssMB: Double
}

struct ThreadCPU: Codable {
    var name: String
    var cpuSeconds: Double
}

struct SyncProfile: Codable {
    var pages = 0
    var readerSeconds = 0.0
    var httpSeconds = 0.0
    var decodeSeconds = 0.0
    var betweenCallsSeconds = 0.0
    /// applySyncPage alone, on a second fresh store fed the same pages (not overlapped with anything).
    var writeSeconds = 0.0
    var writePages = 0
    /// The same pages written 4 to a transaction (one applySyncPage of 1,000 orders), on another fresh store.
    var writeBatched4Seconds = 0.0
    var readerMsPerPage: Double { pages == 0 ? 0 : readerSeconds * 1000 / Double(pages) }
    var httpMsPerPage: Double { pages == 0 ? 0 : httpSeconds * 1000 / Double(pages) }
    var decodeMsPerPage: Double { pages == 0 ? 0 : decodeSeconds * 1000 / Double(pages) }
    var betweenMsPerPage: Double { pages == 0 ? 0 : betweenCallsSeconds * 1000 / Double(pages) }
    var writeMsPerPage: Double { writePages == 0 ? 0 : writeSeconds * 1000 / Double(writePages) }
}

enum SyncBenchMode: String, Codable {
    case paged, bulk
}

struct UnthrottledResult: Codable {
    var mode: SyncBenchMode
    var simulatorPID: Int32
    var simulatorStartSeconds: Double
    var ordersRead: Int
    var ordersNew: Int
    var guests: Int
    var rejected: Int
    var wallSeconds: Double
    var ordersPerSecond: Double
    var apiCalls: Int
    var apiErrors: Int
    var bytesReceived: Int64
    var cpuUserSeconds: Double
    var cpuSystemSeconds: Double
    var simulatorCPUSeconds: Double
    var peakRSSMB: Double
    var phaseHWMMB: Double
    var rssStartMB: Double
    var rssMidMB: Double
    var rssEndMB: Double
    var rssMaxSampledMB: Double
    /// When (seconds into the run) the largest VmRSS sample was taken.
    var rssMaxAtSeconds: Double
    var rssSamples: [RSSSample]
    var databaseMB: Double
    var error: String?
    var profile: SyncProfile
    var threads: [ThreadCPU]
}

struct ThrottledResult: Codable {
    var simulatorOrders: Int
    var seconds: Double
    var bucketMax: Double
    var restoreRate: Double
    var ordersRead: Int
    var successfulCalls: Int
    var pageSize: Int
    var requestedCostPerPage: Double
    var costPerOrder: Double
    var ceilingOrdersPerSecond: Double
    var overallOrdersPerSecond: Double
    var overallCeilingOrdersPerSecond: Double
    var steadyOrdersPerSecond: Double
    var steadySeconds: Double
    var steadyFractionOfCeiling: Double
    var throttledTotal: Int
    var throttledSteadyState: Int
    var firstDrainCall: Int
    var firstDrainSeconds: Double
    var medianGapSeconds: Double
    var endedWith: String?
}

struct SyncBenchTarget: Codable {
    var measure: String
    var value: String
    var target: String
    var pass: Bool
}

// MARK: - The benchmark

enum SyncBenchmark {
    static let apiVersion = "2026-07"

    static func unthrottled(orders: Int, seed: UInt64, modes: [SyncBenchMode], directory: String,
                            log: (String) -> Void) throws -> [UnthrottledResult] {
        log("starting the simulator (\(orders) orders, no throttling) as a child process")
        let simStarted = Date()
        let sim = try SimulatorChild(arguments: ["--orders", "\(orders)", "--seed", "\(seed)", "--no-throttle"])
        defer { sim.stop() }
        let simStartSeconds = Date().timeIntervalSince(simStarted)
        log("simulator ready at \(sim.baseURL) in \(String(format: "%.1f", simStartSeconds)) s; pid \(sim.pid)")
        var results: [UnthrottledResult] = []
        for mode in modes {
            results.append(try unthrottled(mode: mode, sim: sim, simStartSeconds: simStartSeconds, orders: orders,
                                           directory: directory, writeProfile: results.isEmpty, log: log))
        }
        return results
    }

    static func unthrottled(mode: SyncBenchMode, sim: SimulatorChild, simStartSeconds: Double, orders: Int, directory: String,
                            writeProfile: Bool, log: (String) -> Void) throws -> UnthrottledResult {
        let path = directory + "/unthrottled-\(mode.rawValue).sqlite"
        let (store, session) = try freshStore(path)
        let adminReader = try AdminAPIReader(config: config(sim))
        let reader = TimedReader(adminReader)
        let engine = SyncEngine(store: store, session: session, reader: reader, clock: { UnixTime(Date().timeIntervalSince1970) })

        ProcFS.resetPeakResident()
        let simCPUBefore = sim.cpuSeconds()
        let sampler = RSSSampler(interval: 0.2)
        let usageBefore = cpuUsage()
        let threadsBefore = threadCPU()
        let started = Date()
        sampler.start()
        log("syncing \(orders) orders (\(mode.rawValue))")
        let report = engine.run(SyncOptions(resources: [.orders], full: true, honourPause: false, bulkBackfill: mode == .bulk))
        let wall = Date().timeIntervalSince(started)
        let samples = sampler.stop()
        let usageAfter = cpuUsage()
        let threads = merge(threadCPU(since: threadsBefore), sampler.threadsSeen, before: threadsBefore)
        let simCPU = sim.cpuSeconds() - simCPUBefore
        let hwm = procStatusMB("VmHWM")
        let peak = ProcFS.maxResidentMiB()

        let resource = report.resources.first { $0.resource == .orders }
        let logs = Array(try store.apiLogs(session, limit: 10_000_000).reversed())
        var profile = reader.profile
        if mode == .paged {
            profile.httpSeconds = logs.reduce(0.0) { $0 + Double($1.latencyMillis) / 1000 }
            profile.decodeSeconds = max(0, profile.readerSeconds - profile.httpSeconds)
        } else {
            profile.httpSeconds = logs.filter { $0.endpoint != "bulk download" }.reduce(0.0) { $0 + Double($1.latencyMillis) / 1000 }
        }
        let databaseMB = fileMB(path) + fileMB(path + "-wal")
        try? store.close()

        // The writer's share, alone: the same pages into another fresh store, timed around applySyncPage only.
        if writeProfile, let pages = try? refetchForWriteProfile(sim: sim, directory: directory, maxPages: 80, log: log) {
            profile.writeSeconds = pages.seconds
            profile.writePages = pages.pages
            profile.writeBatched4Seconds = pages.batched4
        }

        let read = resource?.rowsRead ?? 0
        let w = resource?.written ?? SyncPageReport()
        let mid = samples.min { abs($0.seconds - wall / 2) < abs($1.seconds - wall / 2) }
        return UnthrottledResult(
            mode: mode, simulatorPID: sim.pid, simulatorStartSeconds: simStartSeconds, ordersRead: read, ordersNew: w.ordersNew,
            guests: w.guests, rejected: w.rejected, wallSeconds: wall, ordersPerSecond: Double(read) / wall, apiCalls: report.apiCalls,
            apiErrors: logs.filter { $0.errorClass != nil }.count, bytesReceived: report.bytes,
            cpuUserSeconds: usageAfter.user - usageBefore.user, cpuSystemSeconds: usageAfter.system - usageBefore.system,
            simulatorCPUSeconds: simCPU, peakRSSMB: peak, phaseHWMMB: hwm,
            rssStartMB: samples.first?.rssMB ?? 0, rssMidMB: mid?.rssMB ?? 0, rssEndMB: samples.last?.rssMB ?? 0,
            rssMaxSampledMB: samples.map(\.rssMB).max() ?? 0,
            rssMaxAtSeconds: samples.max { $0.rssMB < $1.rssMB }?.seconds ?? 0, rssSamples: thin(samples, to: 60), databaseMB: databaseMB,
            error: resource?.error, profile: profile, threads: threads)
    }

    static func throttled(orders: Int, seed: UInt64, seconds: Double, bucket: Double, restoreRate: Double, directory: String,
                          log: (String) -> Void) throws -> ThrottledResult {
        log("starting a throttled simulator (\(orders) orders, bucket \(Int(bucket)), restore \(Int(restoreRate))/s)")
        let sim = try SimulatorChild(arguments: ["--orders", "\(orders)", "--seed", "\(seed)", "--bucket", "\(bucket)",
                                                 "--restore-rate", "\(restoreRate)"])
        defer { sim.stop() }
        let (store, session) = try freshStore(directory + "/throttled.sqlite")
        defer { try? store.close() }
        let reader = TimedReader(try AdminAPIReader(config: config(sim)))
        let engine = SyncEngine(store: store, session: session, reader: reader, clock: { UnixTime(Date().timeIntervalSince1970) })
        log("syncing for \(Int(seconds)) s, then cancelling")
        let canceller = CancelAfter(seconds: seconds) { [cancel = reader.cancelHandle] in cancel() }
        let started = Date()
        canceller.start()
        let report = engine.run(SyncOptions(resources: [.orders], full: true, honourPause: false, bulkBackfill: false))
        let wall = Date().timeIntervalSince(started)
        canceller.disarm()

        let logs = Array(try store.apiLogs(session, limit: 10_000_000).reversed()).filter { $0.endpoint == "graphql orders" }
        let ok = logs.filter { $0.errorClass == nil }
        let pageSize = 250
        // The requested cost of a full page, as the shop reported it (the most common value).
        let costs = Dictionary(grouping: ok.compactMap(\.requestedCost), by: { $0 }).mapValues(\.count)
        let perPage = costs.max { $0.value < $1.value }?.key ?? 0
        let rate = ok.compactMap(\.restoreRate).last ?? restoreRate
        let bucketMax = ok.compactMap(\.bucketMax).last ?? bucket
        let costPerOrder = perPage / Double(pageSize)
        let ceiling = costPerOrder > 0 ? rate / costPerOrder : 0
        // The first drain: the successful call by which the calls made have requested the whole initial bucket; every
        // later call is paid by the restore rate alone (steady state).
        var cumulative = 0.0
        let drainOK = ok.firstIndex { cumulative += $0.requestedCost ?? 0; return cumulative >= bucketMax } ?? max(0, ok.count - 1)
        let drainLog = ok.indices.contains(drainOK) ? ok[drainOK] : nil
        let drainIndex = drainLog.flatMap { d in logs.firstIndex { $0.atMillis == d.atMillis && $0.requestID == d.requestID } } ?? 0
        let throttled = logs.filter { $0.errorClass == "throttled" }.count
        let steadyThrottled = logs.suffix(from: min(logs.count, drainIndex + 1)).filter { $0.errorClass == "throttled" }.count

        // Steady state from the reader's own page completions: rows between the page that drained the bucket and the last.
        let marks = reader.pageMarks
        let drainMark = min(drainOK, max(0, marks.count - 1))
        let drainTime = marks.indices.contains(drainMark) ? marks[drainMark].at : 0
        var steady = 0.0
        var steadySeconds = 0.0
        if marks.count > drainMark + 1 {
            let a = marks[drainMark], b = marks[marks.count - 1]
            steadySeconds = b.at - a.at
            steady = steadySeconds > 0 ? Double(b.rows - a.rows) / steadySeconds : 0
        }
        let starts = ok.map { Double($0.atMillis) / 1000 }
        let gaps = zip(starts.dropFirst(), starts).map { $0 - $1 }.sorted()
        let read = report.resources.first { $0.resource == .orders }?.rowsRead ?? 0
        return ThrottledResult(
            simulatorOrders: orders, seconds: wall, bucketMax: bucketMax, restoreRate: rate, ordersRead: read,
            successfulCalls: ok.count, pageSize: pageSize, requestedCostPerPage: perPage, costPerOrder: costPerOrder,
            ceilingOrdersPerSecond: ceiling, overallOrdersPerSecond: Double(read) / wall,
            overallCeilingOrdersPerSecond: costPerOrder > 0 ? (bucketMax + rate * wall) / costPerOrder / wall : 0,
            steadyOrdersPerSecond: steady, steadySeconds: steadySeconds,
            steadyFractionOfCeiling: ceiling > 0 ? steady / ceiling : 0, throttledTotal: throttled,
            throttledSteadyState: steadyThrottled, firstDrainCall: drainIndex + 1,
            firstDrainSeconds: drainTime > 0 ? drainTime - started.timeIntervalSince1970 : 0,
            medianGapSeconds: gaps.isEmpty ? 0 : gaps[gaps.count / 2],
            endedWith: report.resources.first?.error)
    }

    static func targets(_ r: SyncBenchResult) -> [SyncBenchTarget] {
        var out: [SyncBenchTarget] = []
        for u in r.unthrottled ?? [] {
            let m = u.mode.rawValue
            out.append(SyncBenchTarget(measure: "\(m): unthrottled orders/s (N = \(formatPoints(Int64(r.orders))))",
                                       value: formatPoints(Int64(u.ordersPerSecond.rounded())), target: "≥ 20,000",
                                       pass: u.ordersPerSecond >= 20_000))
            out.append(SyncBenchTarget(measure: "\(m): peak resident memory of the phase (VmHWM)", value: String(format: "%.0f MB", u.phaseHWMMB),
                                       target: "< 200 MB", pass: u.phaseHWMMB < 200))
            let flat = u.rssEndMB - u.rssMidMB
            out.append(SyncBenchTarget(measure: "\(m): memory flat: VmRSS end − mid", value: String(format: "%+.1f MB", flat),
                                       target: "≤ +20 MB", pass: flat <= 20))
            out.append(SyncBenchTarget(measure: "\(m): all orders synced without error", value: "\(u.ordersRead)",
                                       target: "= \(r.orders)", pass: u.ordersRead == r.orders && u.error == nil))
        }
        if let t = r.throttled {
            out.append(SyncBenchTarget(measure: "throttled steady state / ceiling", value: String(format: "%.1f %%", 100 * t.steadyFractionOfCeiling),
                                       target: "≥ 90 %", pass: t.steadyFractionOfCeiling >= 0.9))
            out.append(SyncBenchTarget(measure: "THROTTLED answers after the first drain", value: "\(t.throttledSteadyState)",
                                       target: "0", pass: t.throttledSteadyState == 0))
        }
        return out
    }

    // MARK: helpers

    static func config(_ sim: SimulatorChild) -> AdminAPIConfig {
        AdminAPIConfig(shopDomain: "loyalnest-sim.myshopify.com", apiVersion: apiVersion, credentials: .accessToken(sim.token),
                       baseURL: sim.baseURL)
    }

    static func freshStore(_ path: String) throws -> (LoyaltyStore, Session) {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        let store = try LoyaltyStore(path: path, create: true)
        let now = UnixTime(Date().timeIntervalSince1970)
        let owner = try store.addMerchant(shopDomain: "loyalnest-sim.myshopify.com", currency: "USD", ownerName: "bench", now: now)
        return (store, try store.syncSession(merchant: owner.merchant.shopDomain, now: now))
    }

    /// Reads the first `maxPages` pages again and writes them into a second fresh store, timing only applySyncPage.
    static func refetchForWriteProfile(sim: SimulatorChild, directory: String, maxPages: Int,
                                       log: (String) -> Void) throws -> (pages: Int, seconds: Double, batched4: Double) {
        let path = directory + "/write-profile.sqlite"
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let (store, session) = try freshStore(path)
        defer { try? store.close() }
        let client = try AdminAPIClient(config: config(sim))
        var cursor: String?
        var pages: [SyncPage] = []
        let now = UnixTime(Date().timeIntervalSince1970)
        while pages.count < maxPages {
            let page = try client.ordersPage(updatedAtMin: nil, updatedAtMax: now, after: cursor)
            pages.append(SyncPage(orders: page.items.map { order in
                var o = order.incomingOrder
                o.updatedAt = order.updatedAt
                return o
            }, bookmark: page.items.map(\.updatedAt).max()))
            cursor = page.endCursor
            if !page.hasNextPage || cursor == nil { break }
        }
        log("write profile: \(pages.count) pages into a fresh store")
        var seconds = 0.0
        for page in pages {
            let t = Date()
            _ = try store.applySyncPage(session, resource: .orders, page, now: now)
            seconds += Date().timeIntervalSince(t)
        }
        let path4 = directory + "/write-profile-4.sqlite"
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path4 + suffix) } }
        let (store4, session4) = try freshStore(path4)
        defer { try? store4.close() }
        var batched = 0.0
        for start in stride(from: 0, to: pages.count, by: 4) {
            let group = pages[start..<min(pages.count, start + 4)]
            let page = SyncPage(orders: group.flatMap(\.orders), bookmark: group.compactMap(\.bookmark).max())
            let t = Date()
            _ = try store4.applySyncPage(session4, resource: .orders, page, now: now)
            batched += Date().timeIntervalSince(t)
        }
        return (pages.count, seconds, batched)
    }

    static func thin(_ samples: [RSSSample], to count: Int) -> [RSSSample] {
        guard samples.count > count else { return samples }
        let step = Double(samples.count - 1) / Double(count - 1)
        return (0..<count).map { samples[Int((Double($0) * step).rounded())] }
    }

    static func cpuUsage() -> (user: Double, system: Double) {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return (Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6,
                Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6)
    }

    /// A /proc/self/status memory field in MiB (0 when unreadable).
    static func procStatusMB(_ key: String) -> Double { (ProcFS.statusKiB(key) ?? 0) / 1024 }

    /// CPU seconds per thread of this process (from /proc/self/task/*/stat), busiest first.
    static func merge(_ now: [ThreadCPU], _ seen: [ThreadCPU], before: [ThreadCPU]) -> [ThreadCPU] {
        let old = Dictionary(before.map { ($0.name, $0.cpuSeconds) }, uniquingKeysWith: { a, _ in a })
        var all = Dictionary(seen.map { ($0.name, $0.cpuSeconds - (old[$0.name] ?? 0)) }, uniquingKeysWith: { a, _ in a })
        for t in now { all[t.name] = max(all[t.name] ?? 0, t.cpuSeconds) }
        return all.map { ThreadCPU(name: $0.key, cpuSeconds: $0.value) }.filter { $0.cpuSeconds > 0.01 }
            .sorted { $0.cpuSeconds > $1.cpuSeconds }
    }

    static func threadCPU(since before: [ThreadCPU]) -> [ThreadCPU] {
        let old = Dictionary(before.map { ($0.name, $0.cpuSeconds) }, uniquingKeysWith: { a, _ in a })
        return threadCPU(minimum: -1).map { ThreadCPU(name: $0.name, cpuSeconds: $0.cpuSeconds - (old[$0.name] ?? 0)) }
            .filter { $0.cpuSeconds > 0.01 }.sorted { $0.cpuSeconds > $1.cpuSeconds }
    }

    static func threadCPU(minimum: Double = 0.01) -> [ThreadCPU] {
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")) ?? []
        var out: [ThreadCPU] = []
        for task in tasks {
            guard let stat = try? String(contentsOfFile: "/proc/self/task/\(task)/stat", encoding: .utf8),
                  let open = stat.firstIndex(of: "("), let close = stat.lastIndex(of: ")") else { continue }
            let name = String(stat[stat.index(after: open)..<close])
            let fields = stat[stat.index(close, offsetBy: 2)...].split(separator: " ")
            guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { continue }
            out.append(ThreadCPU(name: "\(name)[\(task)]", cpuSeconds: (user + system) / ticks))
        }
        return out.sorted { $0.cpuSeconds > $1.cpuSeconds }.filter { $0.cpuSeconds > minimum }
    }

    static func fileMB(_ path: String) -> Double {
        Double((try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0) / 1e6
    }
}

/// The engine's reader with stopwatches: time spent inside page calls, and when each page came back with how many rows.
final class TimedReader: ShopifyReader {
    let inner: AdminAPIReader
    private(set) var profile = SyncProfile()
    private(set) var pageMarks: [(at: Double, rows: Int)] = []
    private var lastReturn: Date?
    private var rows = 0

    init(_ inner: AdminAPIReader) { self.inner = inner }

    var cancelHandle: @Sendable () -> Void {
        let flag = inner.client.cancellation
        return { flag.cancel() }
    }

    private func timed<T>(_ body: () throws -> T, rows count: (T) -> Int) throws -> T {
        let start = Date()
        if let lastReturn { profile.betweenCallsSeconds += start.timeIntervalSince(lastReturn) }
        defer { lastReturn = Date(); profile.readerSeconds += lastReturn!.timeIntervalSince(start) }
        let value = try body()
        profile.pages += 1
        rows += count(value)
        pageMarks.append((Date().timeIntervalSince1970, rows))
        return value
    }

    func ordersPage(updatedAtMin: UnixTime?, updatedAtMax: UnixTime?, after: String?) throws -> Page<ShopifyOrder> {
        try timed({ try inner.ordersPage(updatedAtMin: updatedAtMin, updatedAtMax: updatedAtMax, after: after) }, rows: { $0.items.count })
    }

    func customersPage(updatedAtMin: UnixTime?, updatedAtMax: UnixTime?, after: String?) throws -> Page<ShopifyCustomer> {
        try inner.customersPage(updatedAtMin: updatedAtMin, updatedAtMax: updatedAtMax, after: after)
    }

    func deletedOrderEvents(since: UnixTime?) throws -> [DeletedOrderEvent] { try inner.deletedOrderEvents(since: since) }

    func bulkOrders(onBatch: ([ShopifyOrder]) throws -> Void) throws {
        let start = Date()
        var handingOver = 0.0
        defer {
            profile.readerSeconds += Date().timeIntervalSince(start) - handingOver
            profile.betweenCallsSeconds += handingOver
        }
        try inner.bulkOrders { batch in
            profile.pages += 1
            rows += batch.count
            pageMarks.append((Date().timeIntervalSince1970, rows))
            let t = Date()
            defer { handingOver += Date().timeIntervalSince(t) }
            try onBatch(batch)
        }
    }
    func cancel() { inner.cancel() }
    func drainCallLog() -> [APICallLog] { inner.drainCallLog() }
    var connectionState: ReaderState { inner.connectionState }
}

/// `loyalnest simulator serve --port 0 …` as a child process: the first stdout line is "URL TOKEN".
final class SimulatorChild {
    let process = Process()
    let baseURL: String
    let token: String
    private var stopped = false

    var pid: Int32 { process.processIdentifier }

    init(arguments: [String]) throws {
        // /proc/self/exe itself, not the path it names: that still runs this binary after a rebuild replaced the file.
        let executable = FileManager.default.fileExists(atPath: "/proc/self/exe") ? "/proc/self/exe" : CommandLine.arguments[0]
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["simulator", "serve", "--port", "0"] + arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        var line = Data()
        let reader = out.fileHandleForReading
        while !line.contains(10) {
            let chunk = reader.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        let text = String(decoding: line, as: UTF8.self).split(separator: "\n").first.map(String.init) ?? ""
        let parts = text.split(separator: " ")
        guard parts.count == 2 else {
            process.terminate()
            process.waitUntilExit()
            throw CLIError("the simulator did not start (first line: \"\(text)\")")
        }
        baseURL = String(parts[0])
        token = String(parts[1])
    }

    /// utime + stime of the child so far, from /proc/PID/stat.
    func cpuSeconds() -> Double { ProcFS.cpuSeconds(pid: String(pid)) ?? 0 }

    func stop() {
        guard !stopped else { return }
        stopped = true
        if process.isRunning {
            kill(process.processIdentifier, SIGTERM)
            let deadline = Date().addingTimeInterval(5)
            while process.isRunning && Date() < deadline { usleep(20_000) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
        process.waitUntilExit()
    }

    deinit { stop() }
}

/// Samples VmRSS on its own thread.
final class RSSSampler: @unchecked Sendable {
    // @unchecked: `samples` and `running` are only touched under `lock`.
    private let lock = NSLock()
    private var samples: [RSSSample] = []
    private var threads: [String: Double] = [:]
    private var running = true
    private let interval: Double
    private let done = DispatchSemaphore(value: 0)

    init(interval: Double) { self.interval = interval }

    func start() {
        let origin = Date()
        let thread = Thread { [self] in
            while true {
                let sample = RSSSample(seconds: Date().timeIntervalSince(origin), rssMB: SyncBenchmark.procStatusMB("VmRSS"))
                let cpu = SyncBenchmark.threadCPU(minimum: -1)
                let keepGoing = lock.withLock { () -> Bool in
                    samples.append(sample)
                    for t in cpu { threads[t.name] = max(threads[t.name] ?? 0, t.cpuSeconds) }
                    return running
                }
                if !keepGoing { break }
                Thread.sleep(forTimeInterval: interval)
            }
            done.signal()
        }
        thread.start()
    }

    func stop() -> [RSSSample] {
        lock.withLock { running = false }
        done.wait()
        return lock.withLock { samples }
    }

    /// The last CPU seconds seen per thread (threads that ended keep their last sample).
    var threadsSeen: [ThreadCPU] { lock.withLock { threads.map { ThreadCPU(name: $0.key, cpuSeconds: $0.value) } } }
}

/// Calls `action` once after `seconds` unless disarmed first.
final class CancelAfter: @unchecked Sendable {
    // @unchecked: `armed` is only touched under `lock`.
    private let lock = NSLock()
    private var armed = true
    private let seconds: Double
    private let action: @Sendable () -> Void

    init(seconds: Double, action: @escaping @Sendable () -> Void) {
        self.seconds = seconds
        self.action = action
    }

    func start() {
        DispatchQueue.global().asyncAfter(deadline: .now() + seconds) { [self] in
            if lock.withLock({ armed }) { action() }
        }
    }

    func disarm() { lock.withLock { armed = false } }
}
