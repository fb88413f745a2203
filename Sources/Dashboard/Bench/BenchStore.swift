import Foundation
import LoyaltyCore
import LoyaltyStore
#if canImport(Glibc)
import Glibc
#endif

/// The store `bench ui` measures, and how it came to be.
public struct BenchStoreInfo: Codable, Hashable, Sendable {
    public var path: String
    /// Customers of the one merchant the dashboard shows.
    public var customers: Int
    public var orders: Int
    public var seed: UInt64
    public var asOf: UnixTime
    public var generator: String
    /// True when an existing complete store was reused.
    public var cached: Bool
    /// Generation time in this run; nil when the store was cached.
    public var generationSeconds: Double?
    /// Generation time recorded when the store was built (also for a cached store).
    public var recordedGenerationSeconds: Double
    /// Peak resident memory of the generating process, recorded when the store was built.
    public var recordedGenerationPeakMB: Double?
    public var databaseMB: Double
}

/// The record written next to a generated store once it is complete (`<db>.bench.json`).
struct BenchStoreMarker: Codable {
    var customers: Int
    var seed: UInt64
    var asOf: UnixTime
    var schema: String
    var orders: Int
    var generationSeconds: Double
    var generationPeakMB: Double?
}

/// Generates the benchmark store with `DemoStore.populate` (the demo definition with only its first merchant, so
/// the merchant the dashboard opens holds all N customers) or reuses a complete one.
enum BenchStore {
    static let asOf = Timestamp.make(year: 2026, month: 11, day: 20) + 12 * 3600
    /// The dashboard's "now": three hours after the store's last activity.
    static let now = asOf + 3 * 3600

    static func defaultPath(customers: Int, seed: UInt64) -> String {
        var directory = NSTemporaryDirectory()
        if !directory.hasSuffix("/") { directory += "/" }
        return directory + "loyalnest-bench-ui-\(customers)-seed\(seed).sqlite"
    }

    static func prepare(customers: Int, seed: UInt64, path requested: String?, definitionURL: URL, regenerate: Bool,
                        progress: (String) -> Void) throws -> BenchStoreInfo {
        let path = requested ?? defaultPath(customers: customers, seed: seed)
        let markerPath = path + ".bench.json"
        let fm = FileManager.default
        let schema = try freshSchemaFingerprint()
        let generator = "DemoStore.populate (Data/demo-store.json, first merchant only, ~7.4 orders per customer)"

        if !regenerate, fm.fileExists(atPath: path), let data = fm.contents(atPath: markerPath),
           let marker = try? JSONDecoder().decode(BenchStoreMarker.self, from: data),
           marker.customers == customers, marker.seed == seed, marker.asOf == asOf, marker.schema == schema {
            progress("reusing the complete store \(path) (generated in \(String(format: "%.0f", marker.generationSeconds)) s)")
            return BenchStoreInfo(path: path, customers: customers, orders: marker.orders, seed: seed, asOf: asOf,
                                  generator: generator, cached: true, generationSeconds: nil,
                                  recordedGenerationSeconds: marker.generationSeconds,
                                  recordedGenerationPeakMB: marker.generationPeakMB, databaseMB: databaseMB(path))
        }
        if fm.fileExists(atPath: path) {
            let why = fm.fileExists(atPath: markerPath) ? "was generated for other settings or an older schema"
                : "is not a complete benchmark store"
            guard requested == nil || fm.fileExists(atPath: markerPath) || regenerate else {
                throw StoreError.invalid("\(path) exists and \(why); choose another --db, or remove it")
            }
            progress("\(path) \(why): generating it again")
        }
        for suffix in ["", "-wal", "-shm", ".bench.json"] { try? fm.removeItem(atPath: path + suffix) }
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty { try fm.createDirectory(atPath: directory, withIntermediateDirectories: true) }

        progress("generating \(customers) customers (~\(customers * 74 / 10) orders) with DemoStore.populate into \(path); "
                 + "at 1,000,000 this takes a while")
        let definitionFile = try singleMerchantDefinition(definitionURL)
        defer { try? fm.removeItem(at: definitionFile) }
        let definition = try DemoDefinition.load(from: definitionFile)
        let before = ProcFS.memory()?.hwmMB
        ProcFS.resetPeakResident()
        let watch = Stopwatch()
        let store = try LoyaltyStore(path: path, create: true)
        let summary = try DemoStore.populate(store, definition: definition, customers: customers, seed: seed, asOf: asOf)
        try store.refreshOverviewCaches()  // as `demo init` does, so the first overview does not build them
        try store.checkpointTruncatingLog()
        try store.close()
        let seconds = watch.milliseconds / 1000
        let peak = ProcFS.memory()?.hwmMB ?? before
        let orders = summary.merchants.reduce(0) { $0 + $1.orders }
        let marker = BenchStoreMarker(customers: customers, seed: seed, asOf: asOf, schema: schema, orders: orders,
                                      generationSeconds: seconds, generationPeakMB: peak)
        try JSONEncoder().encode(marker).write(to: URL(fileURLWithPath: markerPath))
        progress(String(format: "generated in %.1f s (%d orders, peak resident %.0f MB)", seconds, orders, peak ?? 0))
        trimHeap()  // give the generator's memory back before the resident figures are read
        return BenchStoreInfo(path: path, customers: customers, orders: orders, seed: seed, asOf: asOf, generator: generator,
                              cached: false, generationSeconds: seconds, recordedGenerationSeconds: seconds,
                              recordedGenerationPeakMB: peak, databaseMB: databaseMB(path))
    }

    /// FNV-1a of the schema a fresh database gets from the current migrations.
    static func freshSchemaFingerprint() throws -> String {
        let directory = (NSTemporaryDirectory() as NSString).appendingPathComponent("loyalnest-bench-schema-\(ProcessInfo.processInfo.processIdentifier)")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try LoyaltyStore(path: directory + "/schema.sqlite", create: true)
        let text = try store.schemaText()
        try store.close()
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        return String(hash, radix: 16)
    }

    /// The demo definition with only its first merchant, written to a temporary file.
    static func singleMerchantDefinition(_ url: URL) throws -> URL {
        guard var json = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any],
              let merchants = json["merchants"] as? [Any], let first = merchants.first else {
            throw StoreError.invalid("\(url.path): no merchants in the demo definition")
        }
        json["merchants"] = [first]
        let out = URL(fileURLWithPath: NSTemporaryDirectory())
            .appendingPathComponent("loyalnest-bench-ui-definition-\(ProcessInfo.processInfo.processIdentifier).json")
        try JSONSerialization.data(withJSONObject: json).write(to: out)
        return out
    }

    /// glibc's malloc_trim(0) (not in Swift's Glibc module), looked up at run time.
    static func trimHeap() {
        #if canImport(Glibc)
        typealias Trim = @convention(c) (Int) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else { return }
        _ = unsafeBitCast(symbol, to: Trim.self)(0)
        #endif
    }

    static func databaseMB(_ path: String) -> Double {
        let fm = FileManager.default
        let bytes = ["", "-wal"].reduce(0) { $0 + ((try? fm.attributesOfItem(atPath: path + $1)[.size] as? Int) ?? 0) }
        return Double(bytes) / 1e6
    }
}
