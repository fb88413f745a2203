/// The faults the simulator can inject, by the names the CLI and tests use.
public enum Fault: String, CaseIterable, Sendable, Codable {
    case throttle
    case throttle429
    case retryAfter = "retry-after"
    case serverError = "5xx"
    case slow
    case truncate
    case invalidJSON = "invalid-json"
    case auth
    case version
    case updateDuringSync = "update-during-sync"
    case delete
    case lateRefund = "late-refund"
    case duplicatePages = "duplicate-pages"

    /// The rate used when a fault is named without one: frequent enough to show up in a short sync,
    /// rare enough that a client with retries still finishes.
    public var defaultRate: Double {
        switch self {
        case .throttle, .throttle429: 0.2
        case .retryAfter, .serverError, .truncate, .invalidJSON, .lateRefund, .delete: 0.1
        case .slow, .auth: 0.05
        case .version: 1.0
        case .updateDuringSync, .duplicatePages: 0.2
        }
    }
}

public struct FaultPlanError: Error, CustomStringConvertible, Equatable {
    public let description: String
}

/// Which faults are on and how often (0...1 per eligible call). Parsed from `throttle,5xx=0.2,truncate`.
public struct FaultPlan: Sendable, Equatable, Codable {
    public var rates: [Fault: Double]

    public init(_ rates: [Fault: Double] = [:]) { self.rates = rates }

    public static let none = FaultPlan()

    public static func only(_ fault: Fault, rate: Double? = nil) -> FaultPlan {
        FaultPlan([fault: rate ?? fault.defaultRate])
    }

    public init(parsing text: String) throws {
        var rates: [Fault: Double] = [:]
        for item in text.split(separator: ",") {
            let part = item.trimmingCharacters(in: " ")
            if part.isEmpty || part == "none" { continue }
            let pieces = part.split(separator: "=", maxSplits: 1).map(String.init)
            guard let fault = Fault(rawValue: pieces[0]) else {
                throw FaultPlanError(description: "unknown fault \"\(pieces[0])\"; known: "
                                     + Fault.allCases.map(\.rawValue).joined(separator: ", "))
            }
            var rate = fault.defaultRate
            if pieces.count == 2 {
                guard let r = Double(pieces[1]), r >= 0, r <= 1 else {
                    throw FaultPlanError(description: "fault \(fault.rawValue): rate \"\(pieces[1])\" is not a number from 0 to 1")
                }
                rate = r
            }
            rates[fault] = rate
        }
        self.rates = rates
    }

    public func rate(_ fault: Fault) -> Double { rates[fault] ?? 0 }
    public func isOn(_ fault: Fault) -> Bool { rate(fault) > 0 }
    public var isEmpty: Bool { rates.values.allSatisfy { $0 <= 0 } }

    public var description: String {
        Fault.allCases.compactMap { f in rates[f].map { "\(f.rawValue)=\($0)" } }.joined(separator: ",")
    }
}

private extension Substring {
    func trimmingCharacters(in set: Character) -> String {
        var s = self
        while s.first == set { s.removeFirst() }
        while s.last == set { s.removeLast() }
        return String(s)
    }
}

/// Runtime fault decisions: one PRNG stream seeded from the store seed, so a single-threaded client sees the
/// same faults on every run. Bursts (5xx) and windows (auth) are state carried between calls.
struct FaultInjector: Sendable {
    var plan: FaultPlan
    private var rng: SplitMix64
    var serverErrorBurstLeft = 0
    var authRevokedCallsLeft = 0
    /// Tokens issued before the current revocation stop working until it ends.
    var authRevokedAtGeneration = 0

    init(plan: FaultPlan, seed: UInt64) {
        self.plan = plan
        rng = SplitMix64(seed: seed, index: 0, salt: 0xFA17)
    }

    /// True with the fault's rate; never draws from the stream when the fault is off.
    mutating func roll(_ fault: Fault) -> Bool {
        let rate = plan.rate(fault)
        guard rate > 0 else { return false }
        if rate >= 1 { return true }
        return rng.unit() < rate
    }

    mutating func pick(_ bound: Int) -> Int { rng.below(bound) }
}
