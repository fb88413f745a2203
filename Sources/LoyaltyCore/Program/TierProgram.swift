/// What a VIP tier is measured by.
public enum TierBasis: String, Codable, Sendable, CaseIterable {
    /// Net amount spent (minor units of the shop's currency; refunds subtract, cancelled orders do not count).
    case spend
    /// Points earned from orders and bonuses (not adjustments, not redemptions).
    case pointsEarned = "points_earned"
    /// Orders placed (cancelled orders do not count).
    case orderCount = "order_count"
}

/// Which activity counts toward a tier.
public enum TierWindow: String, Codable, Sendable, CaseIterable {
    case lifetime
    /// The current calendar month so far and the 12 full calendar months before it, in the merchant's time zone:
    /// an order counts for at least 12 full months (until the start of the 13th month after its own).
    case rolling12Months = "rolling_12_months"
    /// The calendar year of the moment of evaluation, in the merchant's time zone.
    case calendarYear = "calendar_year"
}

/// When a customer whose activity no longer reaches their tier is moved down.
public enum DowngradePolicy: String, Codable, Sendable, CaseIterable {
    /// Never: a tier once reached is kept.
    case never
    /// At the end of the window period after the one in which the tier was last reached
    /// (docs/decisions/0041-tier-evaluation.md).
    case atWindowEnd = "at_window_end"
    /// As soon as the activity in the window drops below the threshold.
    case immediately
}

/// The program-wide tier rules; part of the versioned program settings.
public struct TierPolicy: Codable, Hashable, Sendable {
    public var basis: TierBasis
    public var window: TierWindow
    public var downgrade: DowngradePolicy

    public init(basis: TierBasis = .spend, window: TierWindow = .lifetime, downgrade: DowngradePolicy = .never) {
        self.basis = basis
        self.window = window
        self.downgrade = downgrade
    }
}

/// One VIP tier. Tiers are ordered by threshold; a customer is in the highest tier whose threshold they reach.
public struct TierDefinition: Codable, Hashable, Sendable {
    /// Stable identifier used in files, the CLI and campaign conditions ("gold"): 1–32 of a-z, 0-9, '-', '_'.
    public var key: String
    public var name: LocalizedText
    /// Minimum activity in the window, in the basis' unit: minor currency units, points, or orders.
    public var threshold: Int64
    /// Earn multiplier while in the tier, a decimal string ("1", "1.25").
    public var multiplier: String
    public var perks: LocalizedText
    /// Points granted once each time a customer enters the tier from below (0 = none).
    public var entryRewardPoints: Int64

    public init(key: String, name: LocalizedText, threshold: Int64, multiplier: String = "1",
                perks: LocalizedText = LocalizedText(), entryRewardPoints: Int64 = 0) {
        self.key = key
        self.name = name
        self.threshold = threshold
        self.multiplier = multiplier
        self.perks = perks
        self.entryRewardPoints = entryRewardPoints
    }

    public var parsedMultiplier: DecimalAmount? { try? PointFactor.parseMultiplier(multiplier, field: "multiplier").get() }

    /// Problems with this tier on its own (the table's consistency is `TierTable.problems`).
    public func problems() -> [RuleProblem] {
        var problems: [RuleProblem] = []
        if !TierDefinition.isValidKey(key) {
            problems.append(RuleProblem(field: "key", .tierKeyInvalid, ["key": .text(key)]))
        }
        problems += name.problems(field: "name", named: "tier_name", required: true)
        problems += perks.problems(field: "perks", named: "perks", required: false)
        if threshold < 0 { problems.append(RuleProblem(field: "threshold", .tierThresholdNegative)) }
        if case .failure(let problem) = PointFactor.parseMultiplier(multiplier, field: "multiplier") { problems.append(problem) }
        if entryRewardPoints < 0 || entryRewardPoints > PointFactor.maximumFixedPoints {
            problems.append(RuleProblem(field: "entry_reward_points", .tierEntryRewardOutOfRange,
                                        ["minimum": .integer(0), "maximum": .integer(PointFactor.maximumFixedPoints)]))
        }
        return problems
    }

    public static func isValidKey(_ key: String) -> Bool {
        (1...32).contains(key.utf8.count) && key.utf8.allSatisfy {
            ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 45 || $0 == 95
        }
    }
}

/// A merchant's tiers together: checks what only the whole table can show.
public enum TierTable {
    /// Problems with `tiers` as one table under `settings`: each tier's own, plus duplicate keys or names, two tiers
    /// with one threshold, and multipliers that could overflow with the earning rate.
    public static func problems(_ tiers: [TierDefinition], settings: ProgramSettings) -> [RuleProblem] {
        var problems: [RuleProblem] = []
        for tier in tiers {
            problems += tier.problems().map { $0.inTier(tier.key) }
        }
        var seenKeys: [String: Int] = [:]
        var seenThresholds: [Int64: String] = [:]
        var seenNames: [String: String] = [:]
        for tier in tiers {
            seenKeys[tier.key, default: 0] += 1
            if let other = seenThresholds[tier.threshold], other != tier.key {
                problems.append(RuleProblem(field: "threshold", .tierThresholdShared,
                    ["other": .text(other), "key": .text(tier.key), "threshold": threshold(tier.threshold, settings: settings)]))
            } else {
                seenThresholds[tier.threshold] = tier.key
            }
            let name = tier.name.text(for: "en").lowercased()
            if !name.isEmpty, let other = seenNames[name], other != tier.key {
                problems.append(RuleProblem(field: "name", .tierNameShared, ["other": .text(other), "key": .text(tier.key)]))
            } else {
                seenNames[name] = tier.key
            }
        }
        for tier in tiers where tier.threshold == 0 && tier.entryRewardPoints > 0 {
            problems.append(RuleProblem(field: "entry_reward_points", .tierEntryRewardNeverPaid, tier: tier.key))
        }
        for (key, count) in seenKeys.sorted(by: { $0.key < $1.key }) where count > 1 {
            problems.append(RuleProblem(field: "key", .tierKeyDuplicated, ["key": .text(key), "count": .integer(Int64(count))]))
        }
        if let rate = try? DecimalAmount.parse(settings.pointsPerUnit).get(), let currency = Currency(code: settings.currency) {
            for tier in tiers {
                guard let factor = tier.parsedMultiplier else { continue }
                if !PointFactor.stackingFits(rate: rate, factors: [factor, PointFactor.maximumMultiplier], currency: currency) {
                    problems.append(RuleProblem(field: "multiplier", .tierMultiplierOverflow,
                        ["multiplier": .text(tier.multiplier), "rate": .text(settings.pointsPerUnit),
                         "currency": .text(settings.currency)], tier: tier.key))
                }
            }
        }
        return problems
    }

    /// A threshold as a typed value in the basis' unit, for a problem to name.
    static func threshold(_ value: Int64, settings: ProgramSettings) -> RuleValue {
        switch settings.tiers.basis {
        case .spend: return .money(minorUnits: value, currency: (Currency(code: settings.currency) ?? .usd).code)
        case .pointsEarned: return .points(value)
        case .orderCount: return .orders(value)
        }
    }

    /// A threshold in the basis' unit: an amount of the shop's currency, points, or orders.
    public static func formatThreshold(_ value: Int64, settings: ProgramSettings) -> String {
        switch settings.tiers.basis {
        case .spend:
            let currency = Currency(code: settings.currency) ?? .usd
            return Money(minorUnits: value, currency: currency).description
        case .pointsEarned: return "\(value) points"
        case .orderCount: return "\(value) orders"
        }
    }

    /// The tiers ordered by threshold (ascending), the order every rule uses.
    public static func ordered(_ tiers: [TierDefinition]) -> [TierDefinition] {
        tiers.sorted { ($0.threshold, $0.key) < ($1.threshold, $1.key) }
    }
}
