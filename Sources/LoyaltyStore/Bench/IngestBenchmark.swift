import Foundation
import LoyaltyCore

public struct IngestBenchmarkResult: Codable, Sendable {
    public var orders: Int
    public var customers: Int
    public var csvBytes: Int
    public var importSeconds: Double
    public var ordersPerSecond: Double
    public var ledgerRows: Int
    public var databaseBytes: Int
    public var peakResidentMB: Double
    public var sqliteImportSeconds: Double?
    public var sqliteRowsPerSecond: Double?
    /// importSeconds / sqliteImportSeconds: how many times slower than the bare `.import` floor.
    public var ratioToSqliteImport: Double?
}

/// `loyalnest bench ingest`: a generated orders CSV through the real import path into a fresh database, then the
/// same file into a bare table with the sqlite3 shell's `.import` as the floor.
public enum IngestBenchmark {
    public static func run(orders: Int, customers: Int, directory: String, seed: UInt64 = 42,
                           progress: (String) -> Void) throws -> IngestBenchmarkResult {
        let fm = FileManager.default
        try fm.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let csvPath = directory + "/orders.csv"
        let dbPath = directory + "/bench.sqlite"
        let barePath = directory + "/bare.sqlite"
        for path in [dbPath, dbPath + "-wal", dbPath + "-shm", barePath] { try? fm.removeItem(atPath: path) }
        let asOf = Timestamp.make(year: 2026, month: 11, day: 1)
        progress("generating \(orders) orders for \(customers) customers in \(csvPath)")
        try writeCSV(path: csvPath, orders: orders, customers: customers, seed: seed, asOf: asOf)
        let csvBytes = (try fm.attributesOfItem(atPath: csvPath)[.size] as? Int) ?? 0

        let store = try LoyaltyStore(path: dbPath)
        let session = try store.addMerchant(shopDomain: "bench.myshopify.com", ownerName: "bench", now: asOf)
        progress("importing through the real path (parse, earning rules, ledger, indexes)")
        let data = try Data(contentsOf: URL(fileURLWithPath: csvPath), options: .alwaysMapped)
        let started = DispatchTime.now()
        let report = try store.importOrders(session, data: data, source: csvPath, now: asOf)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
        guard report.new == orders else {
            throw StoreError.invalid("benchmark import posted \(report.new) of \(orders) orders: \(report.errors.prefix(3))")
        }
        let ledgerRows = try store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM points_transactions") ?? 0 }
        try store.close()
        let peak = peakResidentMB()
        let dbBytes = ((try? fm.attributesOfItem(atPath: dbPath)[.size] as? Int) ?? 0)
            + ((try? fm.attributesOfItem(atPath: dbPath + "-wal")[.size] as? Int) ?? 0)

        var floor: Double?
        if let sqlite3 = findExecutable("sqlite3") {
            progress("loading the same file with sqlite3 .import (the floor)")
            let process = Process()
            process.executableURL = URL(fileURLWithPath: sqlite3)
            process.arguments = [barePath, ".mode csv", ".import \(csvPath) orders"]
            let t0 = DispatchTime.now()
            try process.run()
            process.waitUntilExit()
            if process.terminationStatus == 0 {
                floor = Double(DispatchTime.now().uptimeNanoseconds - t0.uptimeNanoseconds) / 1e9
            }
        } else {
            progress("sqlite3 not found: install the sqlite3 package for the floor measurement")
        }
        return IngestBenchmarkResult(orders: orders, customers: customers, csvBytes: csvBytes, importSeconds: seconds,
                                     ordersPerSecond: Double(orders) / seconds, ledgerRows: ledgerRows, databaseBytes: dbBytes,
                                     peakResidentMB: peak, sqliteImportSeconds: floor,
                                     sqliteRowsPerSecond: floor.map { Double(orders) / $0 }, ratioToSqliteImport: floor.map { seconds / $0 })
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

    static func peakResidentMB() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_maxrss) / 1024  // ru_maxrss is in KiB on Linux
    }

    static func findExecutable(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}
