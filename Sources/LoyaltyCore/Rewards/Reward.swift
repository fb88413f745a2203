import Foundation

/// What a reward gives when redeemed.
public enum RewardKind: String, Codable, Sendable, CaseIterable {
    case fixedAmount = "fixed_amount"
    case percentOff = "percent_off"
    case freeShipping = "free_shipping"
    case freeProduct = "free_product"
}

public struct RewardDefinition: Hashable, Sendable {
    public var name: String
    public var kind: RewardKind
    public var pointsCost: Int64
    /// Fixed amount off, in minor units (fixedAmount only).
    public var valueMinor: Int64?
    /// 1...100 (percentOff only).
    public var percent: Int?
    /// Shopify product id (freeProduct only).
    public var productID: String?
    public var minimumOrderMinor: Int64
    public var active: Bool
    /// Issued codes expire this many days after issue; nil = never.
    public var codeValidDays: Int?

    public init(name: String, kind: RewardKind, pointsCost: Int64, valueMinor: Int64? = nil, percent: Int? = nil,
                productID: String? = nil, minimumOrderMinor: Int64 = 0, active: Bool = true, codeValidDays: Int? = nil) {
        self.name = name
        self.kind = kind
        self.pointsCost = pointsCost
        self.valueMinor = valueMinor
        self.percent = percent
        self.productID = productID
        self.minimumOrderMinor = minimumOrderMinor
        self.active = active
        self.codeValidDays = codeValidDays
    }

    /// Every reason this reward cannot be saved, in English (the CLI's words); empty when valid.
    public func problems() -> [String] { ruleProblems().map(\.message) }

    /// Every reason this reward cannot be saved, with its code and values (the dashboard translates them).
    public func ruleProblems() -> [RuleProblem] {
        var problems: [RuleProblem] = []
        if name.trimmingCharacters(in: .whitespaces).isEmpty { problems.append(RuleProblem(field: "name", .rewardNameRequired)) }
        if pointsCost <= 0 { problems.append(RuleProblem(field: "points_cost", .rewardPointsCostNotPositive)) }
        switch kind {
        case .fixedAmount:
            if (valueMinor ?? 0) <= 0 { problems.append(RuleProblem(field: "value", .rewardAmountNotPositive)) }
        case .percentOff:
            if !(1...100).contains(percent ?? 0) {
                problems.append(RuleProblem(field: "percent", .rewardPercentOutOfRange,
                                            ["minimum": .integer(1), "maximum": .integer(100)]))
            }
        case .freeProduct:
            if (productID ?? "").isEmpty { problems.append(RuleProblem(field: "product_id", .rewardProductRequired)) }
        case .freeShipping: break
        }
        if minimumOrderMinor < 0 { problems.append(RuleProblem(field: "minimum_order", .rewardMinimumOrderNegative)) }
        if let days = codeValidDays, days <= 0 {
            problems.append(RuleProblem(field: "code_valid_days", .rewardCodeValidityBelowOne))
        }
        return problems
    }

    /// The cash value of one point under this reward, as (minor units, points), when it has a fixed cash value.
    public var cashRate: (minor: Int64, points: Int64)? {
        kind == .fixedAmount ? valueMinor.map { ($0, pointsCost) } : nil
    }
}

public enum RedemptionStatus: String, Codable, Sendable, CaseIterable {
    case issued, used, expired, cancelled
}

/// Discount codes like `LN-7K3Q-M9XP`: 8 symbols from an alphabet without look-alikes (no 0/O, 1/I/L),
/// about 40 bits of randomness from a cryptographically secure generator.
public enum DiscountCode {
    public static let alphabet = Array("23456789ABCDEFGHJKMNPQRSTUVWXYZ")

    public static func make<G: RandomNumberGenerator>(using generator: inout G) -> String {
        let symbols = (0..<8).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] }
        return "LN-" + String(symbols[0..<4]) + "-" + String(symbols[4..<8])
    }

    public static func isWellFormed(_ code: String) -> Bool {
        let parts = code.split(separator: "-", omittingEmptySubsequences: false)
        return parts.count == 3 && parts[0] == "LN" && parts[1].count == 4 && parts[2].count == 4
            && (parts[1] + parts[2]).allSatisfy { alphabet.contains($0) }
    }
}
