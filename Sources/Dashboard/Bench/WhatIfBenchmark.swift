import Foundation
import LoyaltyCore
import LoyaltyStore

/// `loyalnest bench whatif`: a what-if of a tier-threshold change replayed over a whole store's history.
public struct WhatIfBenchmarkResult: Codable, Sendable {
    public var store: String
    public var customers: Int
    public var orders: Int
    public var storeNote: String
    public var baselineTiers: [String]
    public var proposedTiers: [String]
    public var seconds: [Double]
    public var peakResidentMB: Double?
    public var loadBefore: String
    public var loadAfter: String
    public var report: WhatIfReport
}

public enum WhatIfBenchmark {
    /// Silver 300 / Gold 1,000 (spend, lifetime) against the same table with Gold at 750: every customer's whole
    /// history is replayed twice (both tier tables), in one read transaction.
    public static func run(customers: Int, seed: UInt64, databasePath: String?, definitionURL: URL, regenerate: Bool,
                           runs: Int, progress: (String) -> Void) throws -> WhatIfBenchmarkResult {
        var path = databasePath ?? BenchStore.defaultPath(customers: customers, seed: seed)
        var note: String
        if let databasePath, FileManager.default.fileExists(atPath: databasePath),
           !FileManager.default.fileExists(atPath: databasePath + ".bench.json") {
            note = "an existing store used as it is"
            path = databasePath
        } else {
            let info = try BenchStore.prepare(customers: customers, seed: seed, path: databasePath, definitionURL: definitionURL,
                                              regenerate: regenerate, progress: progress)
            note = info.generator + (info.cached ? " (cached)" : "")
            path = info.path
        }
        BenchStore.trimHeap()
        _ = ProcFS.resetPeakResident()
        let loadBefore = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "?"
        let store = try LoyaltyStore(path: path)
        let session = try store.session(merchant: nil, operator: nil)
        let currency = session.currency
        func tiers(gold: Int64) -> [TierDefinition] {
            [TierDefinition(key: "silver", name: LocalizedText(en: "Silver"), threshold: 300 * Int64(pow10(currency.exponent)), multiplier: "1.25"),
             TierDefinition(key: "gold", name: LocalizedText(en: "Gold"), threshold: gold * Int64(pow10(currency.exponent)), multiplier: "1.5",
                            entryRewardPoints: 200)]
        }
        let baseline = WhatIfProposal(tiers: tiers(gold: 1_000))
        let proposal = WhatIfProposal(tiers: tiers(gold: 750))
        var seconds: [Double] = []
        var report: WhatIfReport?
        for run in 1...max(1, runs) {
            let start = ContinuousClock.now
            report = try store.whatIf(session, proposal, against: baseline, asOf: BenchStore.now, largest: 20)
            let elapsed = ContinuousClock.now - start
            seconds.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
            progress(String(format: "run %d: %.2f s", run, seconds.last!))
        }
        let loadAfter = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "?"
        return WhatIfBenchmarkResult(store: path, customers: report?.customers ?? 0, orders: report?.ordersReplayed ?? 0,
                                     storeNote: note, baselineTiers: ["silver 300", "gold 1000"],
                                     proposedTiers: ["silver 300", "gold 750"], seconds: seconds,
                                     peakResidentMB: ProcFS.memory()?.hwmMB, loadBefore: loadBefore, loadAfter: loadAfter,
                                     report: report!)
    }

    private static func pow10(_ n: Int) -> Int { (0..<n).reduce(1) { acc, _ in acc * 10 } }
}
