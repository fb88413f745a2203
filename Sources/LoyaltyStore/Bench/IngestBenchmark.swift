import Foundation
import LoyaltyCore

public struct IngestBenchmarkResult: Codable, Sendable {
    /// One import into a fresh database followed right away by one floor load of the same file.
    public struct Run: Codable, Sendable {
        public var importSeconds: Double
        public var sqliteImportSeconds: Double?
        /// The import's peak resident memory: freed heap handed back and VmHWM reset before it (ru_maxrss without /proc).
        public var peakResidentMB: Double
        /// Resident memory when the run started (what earlier runs left behind counts in its peak).
        public var startResidentMB: Double?
        /// The import's phases in order, which add up to its time (nil in results written before they were kept).
        public var phases: [Phase]?
        public var ratio: Double? { sqliteImportSeconds.map { importSeconds / $0 } }
    }

    public typealias Phase = ImportPhase

    public var orders: Int
    public var customers: Int
    public var csvBytes: Int
    public var runs: [Run]
    /// Medians over the runs.
    public var importSeconds: Double
    public var ordersPerSecond: Double
    public var ledgerRows: Int
    public var databaseBytes: Int
    /// The first run's peak: one import in a fresh process, as `loyalnest import` runs it.
    public var peakResidentMB: Double
    public var sqliteImportSeconds: Double?
    public var sqliteRowsPerSecond: Double?
    /// The median of the runs' importSeconds / sqliteImportSeconds: how many times slower than the bare `.import`
    /// floor measured right after it (pairs keep the host's speed changes out of the ratio).
    public var ratioToSqliteImport: Double?

    /// Each phase's median over the runs, in the order the import goes through them.
    public var medianPhases: [Phase] {
        let all = runs.compactMap(\.phases)
        guard let first = all.first else { return [] }
        return first.map { phase in
            Phase(name: phase.name, seconds: IngestBenchmark.median(all.compactMap { $0.first { $0.name == phase.name }?.seconds }))
        }
    }
}

/// `loyalnest bench ingest`: a generated orders CSV through the real import path into a fresh database, then the
/// same file into a bare table with the sqlite3 shell's `.import` as the floor; repeated `runs` times in pairs.
public enum IngestBenchmark {
    public static func run(orders: Int, customers: Int, directory: String, runs: Int = 1, seed: UInt64 = 42,
                           progress: (String) -> Void) throws -> IngestBenchmarkResult {
        let fm = FileManager.default
        try fm.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let csvPath = directory + "/orders.csv"
        let asOf = Timestamp.make(year: 2026, month: 11, day: 1)
        progress("generating \(orders) orders for \(customers) customers in \(csvPath)")
        try writeCSV(path: csvPath, orders: orders, customers: customers, seed: seed, asOf: asOf)
        let csvBytes = (try fm.attributesOfItem(atPath: csvPath)[.size] as? Int) ?? 0
        let sqlite3 = findExecutable("sqlite3")
        if sqlite3 == nil { progress("sqlite3 not found: install the sqlite3 package for the floor measurement") }

        var measured: [IngestBenchmarkResult.Run] = []
        var ledgerRows = 0
        var dbBytes = 0
        for number in 1...max(1, runs) {
            let label = runs > 1 ? "run \(number)/\(runs): " : ""
            progress(label + "importing through the real path (parse, earning rules, ledger, indexes)")
            Heap.trim()
            let hasPhasePeak = ProcFS.resetPeakResident()
            let start = ProcFS.memory()?.rssMB
            let imported = try importOnce(csvPath: csvPath, dbPath: directory + "/bench.sqlite", orders: orders, asOf: asOf)
            let peak = hasPhasePeak ? ProcFS.memory()?.hwmMB ?? ProcFS.maxResidentMiB() : ProcFS.maxResidentMiB()
            ledgerRows = imported.ledgerRows
            dbBytes = imported.databaseBytes
            var floor: Double?
            if let sqlite3 {
                progress(label + "loading the same file with sqlite3 .import (the floor)")
                floor = try sqliteImport(sqlite3, csvPath: csvPath, barePath: directory + "/bare.sqlite")
            }
            measured.append(IngestBenchmarkResult.Run(importSeconds: imported.seconds, sqliteImportSeconds: floor, peakResidentMB: peak,
                                                       startResidentMB: start, phases: imported.phases))
        }
        let seconds = median(measured.map(\.importSeconds))
        let floors = measured.compactMap(\.sqliteImportSeconds)
        let floor = floors.isEmpty ? nil : median(floors)
        let ratios = measured.compactMap(\.ratio)
        return IngestBenchmarkResult(orders: orders, customers: customers, csvBytes: csvBytes, runs: measured,
                                     importSeconds: seconds, ordersPerSecond: Double(orders) / seconds, ledgerRows: ledgerRows,
                                     databaseBytes: dbBytes, peakResidentMB: measured[0].peakResidentMB, sqliteImportSeconds: floor,
                                     sqliteRowsPerSecond: floor.map { Double(orders) / $0 },
                                     ratioToSqliteImport: ratios.isEmpty ? nil : median(ratios))
    }

    private static func importOnce(csvPath: String, dbPath: String, orders: Int, asOf: UnixTime) throws
        -> (seconds: Double, ledgerRows: Int, databaseBytes: Int, phases: [IngestBenchmarkResult.Phase]) {
        let fm = FileManager.default
        for path in [dbPath, dbPath + "-wal", dbPath + "-shm"] { try? fm.removeItem(atPath: path) }
        let store = try LoyaltyStore(path: dbPath)
        let session = try store.addMerchant(shopDomain: "bench.myshopify.com", ownerName: "bench", now: asOf)
        let data = try MappedFile.read(path: csvPath)
        var options = ImportOptions()
        let phases = ImportPhases()
        options.phases = phases
        let started = DispatchTime.now()
        let report = try store.importOrders(session, data: data, source: csvPath, options: options, now: asOf)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
        guard report.new == orders else {
            throw StoreError.invalid("benchmark import posted \(report.new) of \(orders) orders: \(report.errors.prefix(3))")
        }
        let ledgerRows = try store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM points_transactions") ?? 0 }
        try store.close()
        let dbBytes = ((try? fm.attributesOfItem(atPath: dbPath)[.size] as? Int) ?? 0)
            + ((try? fm.attributesOfItem(atPath: dbPath + "-wal")[.size] as? Int) ?? 0)
        return (seconds, ledgerRows, dbBytes, phases.phases)
    }

    /// Seconds the sqlite3 shell takes to `.import` the file into a new bare table (nil when it fails).
    private static func sqliteImport(_ sqlite3: String, csvPath: String, barePath: String) throws -> Double? {
        try? FileManager.default.removeItem(atPath: barePath)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: sqlite3)
        process.arguments = [barePath, ".mode csv", ".import \(csvPath) orders"]
        let started = DispatchTime.now()
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return 0 }
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    /// Streams the CSV to disk in 1 MiB chunks (the file is never built in memory).
    static func writeCSV(path: String, orders: Int, customers: Int, seed: UInt64, asOf: UnixTime) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
            throw StoreError.invalid("\(path): cannot be written")
        }
        defer { try? handle.close() }
        var rng = SeededGenerator(seed: seed)
        var buffer = "customer_id,order_id,processed_at,total_price,email\n"
        let span = UInt64(730 * Timestamp.secondsPerDay)
        for n in 0..<orders {
            let customer = Int(rng.next() % UInt64(max(1, customers)))
            let processedAt = asOf - Int64(rng.next() % span)
            let cents = 500 + rng.next() % 20_000
            buffer += "\(customer + 1000),\(4_000_000_000_000 + n),\(Timestamp.iso8601(processedAt)),\(cents / 100).\(cents % 100 < 10 ? "0" : "")\(cents % 100),c\(customer)@example.com\n"
            if buffer.utf8.count > 1 << 20 {
                handle.write(Data(buffer.utf8))
                buffer.removeAll(keepingCapacity: true)
            }
        }
        handle.write(Data(buffer.utf8))
    }

    static func findExecutable(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}
