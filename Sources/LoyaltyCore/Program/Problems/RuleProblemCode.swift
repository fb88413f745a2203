/// Every kind of problem a program rule can have. The raw value is stable: the dashboard's locale files key their
/// sentences by it (`rule.<rawValue>`), so rename a case only together with every `Locales/*.toml`.
public enum RuleProblemCode: String, CaseIterable, Hashable, Sendable {
    // Multipliers (tiers and campaigns)
    case multiplierNegative, multiplierAboveMaximum, multiplierTooManyDecimals, multiplierNotANumber,
         multiplierNotPositive
    // Merchant-written text (names, perks)
    case textRequired, textUnknownLanguage, textTooLong, textControlCharacters
    // Program settings as the what-if replay reads them
    case settingsRateNotPositive, settingsTimeZoneUnknown
    // Campaign definitions
    case campaignMultiplierRequired, campaignBonusPointsNotAllowed, campaignBonusPointsOutOfRange,
         campaignBonusPointsRequired, campaignMultiplierNotAllowed, campaignTriggerRequired,
         campaignTriggerSegmentUnknown, campaignTriggerNotAllowed, campaignTimeZoneUnknown, campaignStartNotADate,
         campaignEndNotADate, campaignEndsBeforeStart, campaignMinimumOrderNegative, campaignPerCustomerLimitBelowOne,
         campaignMultiplierOverflow, segmentUnknown, tierUnknown
    // Campaign lifecycle
    case campaignWindowOver, campaignEnded, campaignTransitionRefused, campaignActiveNotEditable,
         campaignEndedNotEditable, campaignHasAwards
    // Tiers
    case tierKeyInvalid, tierThresholdNegative, tierEntryRewardOutOfRange, tierThresholdShared, tierNameShared,
         tierEntryRewardNeverPaid, tierKeyDuplicated, tierMultiplierOverflow, tierKeyExists, tierKeyImmutable,
         tierInUse
    // Program settings (earning, referrals, expiry)
    case settingsCurrencyInvalid, settingsTimeZoneNotIANA, settingsPointsPerUnitNotPositive,
         settingsPointsPerUnitAboveMaximum, settingsPointsPerUnitNotADecimal, settingsMinimumOrderNegative,
         settingsPointsOutOfRange, settingsDailyCapNotPositive, settingsPendingDaysOutOfRange,
         settingsSupportAdjustLimitNegative, settingsReferralMinimumOrderNegative, settingsReferralWeeklyLimitOutOfRange,
         settingsExpiryDaysOutOfRange, settingsExpiryYearsOutOfRange
    // Catalogue rewards
    case rewardNameRequired, rewardPointsCostNotPositive, rewardAmountNotPositive, rewardPercentOutOfRange,
         rewardProductRequired, rewardMinimumOrderNegative, rewardCodeValidityBelowOne

    /// The English sentence with `{name}` placeholders for the problem's values (what the CLI shows).
    public var english: String {
        switch self {
        case .multiplierNegative: return "{field} cannot be negative"
        case .multiplierAboveMaximum: return "{field} {text} is above the maximum of {maximum}"
        case .multiplierTooManyDecimals: return "{field} may have at most {decimals} decimals"
        case .multiplierNotANumber: return "{field} \"{text}\" is not a number like 1.5"
        case .multiplierNotPositive: return "{field} must be above 0"
        case .textRequired: return "{field} cannot be empty"
        case .textUnknownLanguage: return "{field}: \"{language}\" is not one of the product's languages ({languages})"
        case .textTooLong: return "{field} ({language}) is longer than {maximum} characters"
        case .textControlCharacters: return "{field} ({language}) contains control characters"
        case .settingsRateNotPositive: return "the points rate \"{rate}\" is not a positive number"
        case .settingsTimeZoneUnknown: return "\"{zone}\" is not a known time zone"
        case .campaignMultiplierRequired: return "a multiplier campaign needs a multiplier such as 2"
        case .campaignBonusPointsNotAllowed: return "a multiplier campaign has no bonus points"
        case .campaignBonusPointsOutOfRange: return "bonus points must be between {minimum} and {maximum}"
        case .campaignBonusPointsRequired: return "a {kind} campaign needs bonus points"
        case .campaignMultiplierNotAllowed: return "only multiplier campaigns have a multiplier"
        case .campaignTriggerRequired: return "a lifecycle campaign needs a trigger (a segment or a tier)"
        case .campaignTriggerSegmentUnknown: return "\"{key}\" is not an RFM segment ({segments})"
        case .campaignTriggerNotAllowed: return "only lifecycle campaigns have a trigger"
        case .campaignTimeZoneUnknown: return "\"{zone}\" is not a known time zone (use an IANA name such as Europe/Paris)"
        case .campaignStartNotADate: return "start \"{text}\" is not a date like 2026-12-24 or 2026-12-24T18:00"
        case .campaignEndNotADate: return "end \"{text}\" is not a date like 2026-12-26 or 2026-12-26T00:00"
        case .campaignEndsBeforeStart: return "the campaign ends ({end}) before or when it starts ({start})"
        case .campaignMinimumOrderNegative: return "minimum order cannot be negative"
        case .campaignPerCustomerLimitBelowOne: return "the per-customer limit must be at least 1 (or unset)"
        case .campaignMultiplierOverflow:
            return "multiplier {multiplier} stacked with the highest tier and {rate} pt per {currency} could overflow "
                + "the points count on a large order; lower the multiplier"
        case .segmentUnknown: return "\"{key}\" is not an RFM segment"
        case .tierUnknown: return "\"{key}\" is not a tier"
        case .campaignWindowOver: return "this campaign's window is already over; change its dates before launching"
        case .campaignEnded: return "the campaign has ended; create a new one instead"
        case .campaignTransitionRefused: return "a {status} campaign cannot be {action}"
        case .campaignActiveNotEditable:
            return "an active campaign cannot be edited; pause it first (orders it already rewarded keep their points)"
        case .campaignEndedNotEditable: return "an ended campaign cannot be edited; create a new one"
        case .campaignHasAwards:
            return "this campaign has awarded points {count} times and cannot be deleted; end it instead "
                + "(`loyalnest campaigns end {id}`)"
        case .tierKeyInvalid: return "tier key \"{key}\" must be 1–32 characters of a-z, 0-9, - or _"
        case .tierThresholdNegative: return "threshold cannot be negative"
        case .tierEntryRewardOutOfRange: return "entry reward must be between {minimum} and {maximum} points"
        case .tierThresholdShared: return "tiers {other} and {key} have the same threshold {threshold}; each tier needs its own"
        case .tierNameShared: return "tiers {other} and {key} have the same name"
        case .tierEntryRewardNeverPaid:
            return "every customer starts in a tier with threshold 0, so its entry reward would never be paid; "
                + "use signup points instead"
        case .tierKeyDuplicated: return "tier key {key} is used {count} times"
        case .tierMultiplierOverflow:
            return "multiplier {multiplier} with {rate} pt per {currency} and a campaign multiplier could overflow the "
                + "points count on a large order; lower the multiplier or the earning rate"
        case .tierKeyExists: return "a tier with key {key} already exists"
        case .tierKeyImmutable:
            return "a tier's key cannot change (campaigns and history refer to it); create a new tier instead"
        case .tierInUse: return "campaign {campaigns} refers to this tier; change or delete it first"
        case .settingsCurrencyInvalid: return "currency \"{code}\" is not a 3-letter ISO 4217 code"
        case .settingsTimeZoneNotIANA:
            return "time zone \"{zone}\" is not a known IANA time zone (such as Europe/Paris or America/New_York)"
        case .settingsPointsPerUnitNotPositive: return "points per unit must be above 0"
        case .settingsPointsPerUnitAboveMaximum: return "points per unit {rate} is above the maximum of {maximum}"
        case .settingsPointsPerUnitNotADecimal: return "points per unit \"{rate}\" is not a positive decimal number"
        case .settingsMinimumOrderNegative: return "minimum order cannot be negative"
        case .settingsPointsOutOfRange: return "{field} must be between {minimum} and {maximum}"
        case .settingsDailyCapNotPositive: return "daily cap must be above 0 (or unset)"
        case .settingsPendingDaysOutOfRange: return "pending days must be between {minimum} and {maximum}"
        case .settingsSupportAdjustLimitNegative: return "support adjust limit cannot be negative"
        case .settingsReferralMinimumOrderNegative: return "referral minimum order cannot be negative"
        case .settingsReferralWeeklyLimitOutOfRange: return "referral weekly limit must be between 0 (no limit) and {maximum}"
        case .settingsExpiryDaysOutOfRange: return "expiry days must be between {minimum} and {maximum}"
        case .settingsExpiryYearsOutOfRange: return "expiry years after must be between {minimum} and {maximum}"
        case .rewardNameRequired: return "a reward needs a name"
        case .rewardPointsCostNotPositive: return "points cost must be above 0"
        case .rewardAmountNotPositive: return "a fixed-amount reward needs an amount above 0"
        case .rewardPercentOutOfRange: return "percent off must be between {minimum} and {maximum}"
        case .rewardProductRequired: return "a free-product reward needs a product id"
        case .rewardMinimumOrderNegative: return "minimum order cannot be negative"
        case .rewardCodeValidityBelowOne: return "code validity must be at least 1 day"
        }
    }
}
