/// A merchant's program rules. Stored as one versioned JSON document per change (program_settings).
public struct ProgramSettings: Codable, Hashable, Sendable {
    public enum EarnBase: String, Codable, Sendable, CaseIterable {
        /// Line items after discounts, excluding shipping and tax (Shopify's `subtotal_price`). The default.
        case subtotal
        /// Everything the customer paid.
        case total
    }

    public enum NegativeBalancePolicy: String, Codable, Sendable, CaseIterable {
        /// A clawback larger than the balance leaves owed points, repaid by later earnings.
        case allowNegative = "allow_negative"
        /// A clawback takes at most what is there; the rest is forgiven and said so in the explanation.
        case capAtZero = "cap_at_zero"
    }

    public enum MultiplierStacking: String, Codable, Sendable, CaseIterable {
        case multiply
        case bestOf = "best_of"
    }

    public var currency: String
    /// IANA time zone name; used for day boundaries (birthdays, daily caps, calendar-year expiry).
    public var timeZone: String
    /// Points per one unit of the shop's currency, as a decimal string ("1", "0.5", "10").
    public var pointsPerUnit: String
    public var earnBase: EarnBase
    /// Orders below this amount (minor units) earn nothing.
    public var minimumOrderMinor: Int64
    public var signupPoints: Int64
    public var birthdayPoints: Int64
    public var referralAdvocatePoints: Int64
    public var referralFriendPoints: Int64
    /// Optional cap on points earned from orders per customer per day.
    public var dailyCap: Int64?
    /// Return window: an earn becomes spendable this many days after the order (0 = at once).
    public var pendingDays: Int
    public var expiry: ExpiryPolicy
    public var negativeBalance: NegativeBalancePolicy
    public var multiplierStacking: MultiplierStacking
    /// Largest |points| a support operator may adjust in one entry.
    public var supportAdjustLimit: Int64
    /// How VIP tiers are measured, over which window, and when customers move down.
    public var tiers: TierPolicy
    /// A referral completes on the friend's first order of at least this amount (minor units).
    public var referralMinimumOrderMinor: Int64
    /// Completed referrals rewarded per advocate per week (Monday–Sunday in the merchant's time zone); 0 = no limit.
    public var referralWeeklyLimit: Int

    public init(currency: String = "USD", timeZone: String = "UTC", pointsPerUnit: String = "1",
                earnBase: EarnBase = .subtotal, minimumOrderMinor: Int64 = 0, signupPoints: Int64 = 0,
                birthdayPoints: Int64 = 0, referralAdvocatePoints: Int64 = 0, referralFriendPoints: Int64 = 0,
                dailyCap: Int64? = nil, pendingDays: Int = 0, expiry: ExpiryPolicy = .never,
                negativeBalance: NegativeBalancePolicy = .allowNegative, multiplierStacking: MultiplierStacking = .multiply,
                supportAdjustLimit: Int64 = 500, tiers: TierPolicy = TierPolicy(), referralMinimumOrderMinor: Int64 = 0,
                referralWeeklyLimit: Int = 0) {
        self.currency = currency
        self.timeZone = timeZone
        self.pointsPerUnit = pointsPerUnit
        self.earnBase = earnBase
        self.minimumOrderMinor = minimumOrderMinor
        self.signupPoints = signupPoints
        self.birthdayPoints = birthdayPoints
        self.referralAdvocatePoints = referralAdvocatePoints
        self.referralFriendPoints = referralFriendPoints
        self.dailyCap = dailyCap
        self.pendingDays = pendingDays
        self.expiry = expiry
        self.negativeBalance = negativeBalance
        self.multiplierStacking = multiplierStacking
        self.supportAdjustLimit = supportAdjustLimit
        self.tiers = tiers
        self.referralMinimumOrderMinor = referralMinimumOrderMinor
        self.referralWeeklyLimit = referralWeeklyLimit
    }

    private enum CodingKeys: String, CodingKey {
        case currency, timeZone, pointsPerUnit, earnBase, minimumOrderMinor, signupPoints, birthdayPoints,
             referralAdvocatePoints, referralFriendPoints, dailyCap, pendingDays, expiry, negativeBalance,
             multiplierStacking, supportAdjustLimit, tiers, referralMinimumOrderMinor, referralWeeklyLimit
    }

    /// Settings saved by an older version lack the newer fields; those take their defaults.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = ProgramSettings()
        currency = try c.decodeIfPresent(String.self, forKey: .currency) ?? d.currency
        timeZone = try c.decodeIfPresent(String.self, forKey: .timeZone) ?? d.timeZone
        pointsPerUnit = try c.decodeIfPresent(String.self, forKey: .pointsPerUnit) ?? d.pointsPerUnit
        earnBase = try c.decodeIfPresent(EarnBase.self, forKey: .earnBase) ?? d.earnBase
        minimumOrderMinor = try c.decodeIfPresent(Int64.self, forKey: .minimumOrderMinor) ?? d.minimumOrderMinor
        signupPoints = try c.decodeIfPresent(Int64.self, forKey: .signupPoints) ?? d.signupPoints
        birthdayPoints = try c.decodeIfPresent(Int64.self, forKey: .birthdayPoints) ?? d.birthdayPoints
        referralAdvocatePoints = try c.decodeIfPresent(Int64.self, forKey: .referralAdvocatePoints) ?? d.referralAdvocatePoints
        referralFriendPoints = try c.decodeIfPresent(Int64.self, forKey: .referralFriendPoints) ?? d.referralFriendPoints
        dailyCap = try c.decodeIfPresent(Int64.self, forKey: .dailyCap)
        pendingDays = try c.decodeIfPresent(Int.self, forKey: .pendingDays) ?? d.pendingDays
        expiry = try c.decodeIfPresent(ExpiryPolicy.self, forKey: .expiry) ?? d.expiry
        negativeBalance = try c.decodeIfPresent(NegativeBalancePolicy.self, forKey: .negativeBalance) ?? d.negativeBalance
        multiplierStacking = try c.decodeIfPresent(MultiplierStacking.self, forKey: .multiplierStacking) ?? d.multiplierStacking
        supportAdjustLimit = try c.decodeIfPresent(Int64.self, forKey: .supportAdjustLimit) ?? d.supportAdjustLimit
        tiers = try c.decodeIfPresent(TierPolicy.self, forKey: .tiers) ?? d.tiers
        referralMinimumOrderMinor = try c.decodeIfPresent(Int64.self, forKey: .referralMinimumOrderMinor) ?? d.referralMinimumOrderMinor
        referralWeeklyLimit = try c.decodeIfPresent(Int.self, forKey: .referralWeeklyLimit) ?? d.referralWeeklyLimit
    }

    /// Points per currency unit at most this (10,000 per dollar is already far beyond any real program).
    public static let maximumPointsPerUnit = DecimalAmount(digits: 10_000, scale: 0)

    /// Every reason these settings cannot be used, in words a merchant understands; empty when valid.
    public func problems() -> [String] { ruleProblems().map(\.message) }

    /// Every reason these settings cannot be used, with its code and values (the dashboard translates them).
    public func ruleProblems() -> [RuleProblem] {
        var problems: [RuleProblem] = []
        if Currency(code: currency) == nil {
            problems.append(RuleProblem(field: "currency", .settingsCurrencyInvalid, ["code": .text(currency)]))
        }
        if LocalTime.zone(timeZone) == nil {
            problems.append(RuleProblem(field: "time_zone", .settingsTimeZoneNotIANA, ["zone": .text(timeZone)]))
        }
        switch DecimalAmount.parse(pointsPerUnit) {
        case .success(let rate) where rate.digits == 0:
            problems.append(RuleProblem(field: "points_per_unit", .settingsPointsPerUnitNotPositive))
        case .success(let rate) where Earning.isLess(ProgramSettings.maximumPointsPerUnit, rate):
            problems.append(RuleProblem(field: "points_per_unit", .settingsPointsPerUnitAboveMaximum,
                                        ["rate": .text(pointsPerUnit), "maximum": .amount(ProgramSettings.maximumPointsPerUnit)]))
        case .success: break
        case .failure:
            problems.append(RuleProblem(field: "points_per_unit", .settingsPointsPerUnitNotADecimal, ["rate": .text(pointsPerUnit)]))
        }
        if minimumOrderMinor < 0 { problems.append(RuleProblem(field: "minimum_order", .settingsMinimumOrderNegative)) }
        for (field, value) in [("signup_points", signupPoints), ("birthday_points", birthdayPoints),
                               ("referral_advocate_points", referralAdvocatePoints),
                               ("referral_friend_points", referralFriendPoints)] where value < 0 || value > 1_000_000_000 {
            problems.append(RuleProblem(field: field, .settingsPointsOutOfRange,
                                        ["field": .field(field), "minimum": .integer(0), "maximum": .integer(1_000_000_000)]))
        }
        if let cap = dailyCap, cap <= 0 { problems.append(RuleProblem(field: "daily_cap", .settingsDailyCapNotPositive)) }
        if pendingDays < 0 || pendingDays > 365 {
            problems.append(RuleProblem(field: "pending_days", .settingsPendingDaysOutOfRange,
                                        ["minimum": .integer(0), "maximum": .integer(365)]))
        }
        if supportAdjustLimit < 0 {
            problems.append(RuleProblem(field: "support_adjust_limit", .settingsSupportAdjustLimitNegative))
        }
        if referralMinimumOrderMinor < 0 {
            problems.append(RuleProblem(field: "referral_minimum_order", .settingsReferralMinimumOrderNegative))
        }
        if referralWeeklyLimit < 0 || referralWeeklyLimit > 10_000 {
            problems.append(RuleProblem(field: "referral_weekly_limit", .settingsReferralWeeklyLimitOutOfRange,
                                        ["maximum": .integer(10_000)]))
        }
        problems += expiry.ruleProblems()
        return problems
    }
}

public enum ExpiryPolicy: Codable, Hashable, Sendable {
    case never
    /// Each grant expires this many days after it was earned.
    case daysAfterEarned(Int)
    /// All remaining points expire when the customer has had no order or redemption for this many days.
    case daysAfterLastActivity(Int)
    /// Points expire at the end of the calendar year (UTC) they were earned in, plus this many years.
    case endOfCalendarYear(yearsAfter: Int)

    public func problems() -> [String] { ruleProblems().map(\.message) }

    public func ruleProblems() -> [RuleProblem] {
        switch self {
        case .never: return []
        case .daysAfterEarned(let d), .daysAfterLastActivity(let d):
            return (1...36_500).contains(d) ? [] : [RuleProblem(field: "expiry_value", .settingsExpiryDaysOutOfRange,
                                                                ["minimum": .integer(1), "maximum": .integer(36_500)])]
        case .endOfCalendarYear(let y):
            return (0...10).contains(y) ? [] : [RuleProblem(field: "expiry_value", .settingsExpiryYearsOutOfRange,
                                                            ["minimum": .integer(0), "maximum": .integer(10)])]
        }
    }

    /// The fixed expiry of a grant earned at `earnedAt`, or nil when it has none (never, or activity-based).
    public func expiresAt(earnedAt: UnixTime) -> UnixTime? {
        switch self {
        case .never, .daysAfterLastActivity: return nil
        case .daysAfterEarned(let days): return earnedAt + Int64(days) * Timestamp.secondsPerDay
        case .endOfCalendarYear(let years):
            let year = Timestamp.components(earnedAt).year + years
            return Timestamp.make(year: year + 1, month: 1, day: 1) - 1
        }
    }

    public var summary: String {
        switch self {
        case .never: return "never"
        case .daysAfterEarned(let d): return "\(d) days after earned"
        case .daysAfterLastActivity(let d): return "\(d) days after last activity"
        case .endOfCalendarYear(let y): return y == 0 ? "end of the calendar year" : "end of the calendar year + \(y)y"
        }
    }
}
