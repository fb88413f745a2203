import Foundation
import LoyaltyCore

/// A deterministic generator (SplitMix64) for the program rules' property tests: a failing seed replays exactly.
struct ProgramRandom: RandomNumberGenerator {
    private var base: SeededGenerator

    init(seed: UInt64) { base = SeededGenerator(seed: seed &+ 0x9E37_79B9_7F4A_7C15) }

    mutating func next() -> UInt64 { base.next() }

    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &self) }
    mutating func int64(_ range: ClosedRange<Int64>) -> Int64 { Int64.random(in: range, using: &self) }
    mutating func chance(_ probability: Double) -> Bool { Double.random(in: 0..<1, using: &self) < probability }
    mutating func pick<T>(_ values: [T]) -> T { values[int(0...(values.count - 1))] }
}

enum ProgramFixtures {
    static let paris = TimeZone(identifier: "Europe/Paris")!
    static let newYork = TimeZone(identifier: "America/New_York")!
    static let sydney = TimeZone(identifier: "Australia/Sydney")!
    static let utc = TimeZone(identifier: "UTC")!

    /// The instant of a local wall-clock time.
    static func local(_ text: String, _ zone: TimeZone) -> UnixTime {
        guard let time = LocalTime.resolve(text, in: zone) else { fatalError("bad local time \(text)") }
        return time
    }

    static func tier(_ key: String, _ threshold: Int64, multiplier: String = "1", reward: Int64 = 0) -> TierDefinition {
        TierDefinition(key: key, name: LocalizedText(en: key.capitalized), threshold: threshold, multiplier: multiplier,
                       entryRewardPoints: reward)
    }

    /// Bronze 0 (no reward), Silver 100.00, Gold 500.00, with entry rewards 50 and 200.
    static let spendTiers = [tier("bronze", 0), tier("silver", 100_00, multiplier: "1.25", reward: 50),
                             tier("gold", 500_00, multiplier: "1.5", reward: 200)]

    static func campaign(_ kind: CampaignKind, name: String = "Promo", multiplier: String? = nil, bonus: Int64? = nil,
                         trigger: LifecycleTrigger? = nil, from: String = "2026-01-01", to: String = "2027-01-01",
                         zone: String = "UTC", conditions: CampaignConditions = CampaignConditions(),
                         cap: Int? = nil) -> CampaignDefinition {
        CampaignDefinition(name: LocalizedText(en: name), kind: kind, multiplier: multiplier, bonusPoints: bonus,
                           trigger: trigger, startsAt: from, endsAt: to, timeZone: zone, conditions: conditions,
                           maxAwardsPerCustomer: cap)
    }
}
