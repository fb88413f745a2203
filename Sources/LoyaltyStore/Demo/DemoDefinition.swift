import Foundation
import LoyaltyCore

/// The shape of Data/demo-store.json.
public struct DemoDefinition: Decodable, Sendable {
    public struct Range: Decodable, Sendable { public var median: Int64; public var min: Int64; public var max: Int64 }
    public struct RewardSpec: Decodable, Sendable {
        var name: String
        var kind: RewardKind
        var pointsCost: Int64
        var valueMinor: Int64?
        var percent: Int?
        var productID: String?
        var codeValidDays: Int?
    }
    public struct OperatorSpec: Decodable, Sendable { var name: String; var role: Role }
    public struct MerchantSpec: Decodable, Sendable {
        var shopDomain: String
        var name: String
        var currency: String
        var timeZone: String
        var customerShare: Double
        var orderValueMinor: Range
        var settings: ProgramSettings
        var rewards: [RewardSpec]
        var operators: [OperatorSpec]
    }
    public struct Archetype: Decodable, Sendable {
        var name: String
        var share: Double
        var firstOrderDaysAgo: [Int]
        var lastOrderDaysAgo: [Int]
        var orders: [Int]
    }
    public struct Names: Decodable, Sendable { var first: [String]; var last: [String]; var emailDomains: [String] }

    var historyDays: Int
    var merchants: [MerchantSpec]
    var archetypes: [Archetype]
    var refundRate: Double
    var partialRefundShare: Double
    var cancelRate: Double
    var redeemerShare: Double
    var birthdayShare: Double
    var names: Names

    public static func load(from url: URL) throws -> DemoDefinition {
        do {
            return try JSONDecoder().decode(DemoDefinition.self, from: Data(contentsOf: url))
        } catch let error as DecodingError {
            throw StoreError.invalid("\(url.path): the demo definition is not valid: \(error)")
        }
    }
}

/// SplitMix64: tiny, fast and fully determined by its seed, so the demo store is reproducible.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
