/// What a bonus campaign gives.
public enum CampaignKind: String, Codable, Sendable, CaseIterable {
    /// Qualifying orders earn `multiplier` × their normal points (stacked with the tier per the settings).
    case multiplier
    /// Qualifying orders earn `bonus_points` on top of their normal points.
    case fixedBonus = "fixed_bonus"
    /// Fires once when a customer enters an RFM segment or a tier, awarding `bonus_points`.
    case lifecycle
}

/// The event a lifecycle campaign reacts to. Written in files and JSON as "segment:champions", "tier:gold" or
/// "tier:*" (moving up into any tier).
public enum LifecycleTrigger: Codable, Hashable, Sendable, CustomStringConvertible {
    /// The customer's RFM segment becomes this segment key ("champions").
    case enteredSegment(String)
    /// The customer moves up into this tier (nil: into any higher tier).
    case enteredTier(String?)

    public init?(_ text: String) {
        let parts = text.split(separator: ":", maxSplits: 1).map { String($0).trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2, !parts[1].isEmpty else { return nil }
        switch parts[0] {
        case "segment": self = .enteredSegment(parts[1])
        case "tier": self = .enteredTier(parts[1] == "*" ? nil : parts[1])
        default: return nil
        }
    }

    public var description: String {
        switch self {
        case .enteredSegment(let key): return "segment:\(key)"
        case .enteredTier(let key): return "tier:\(key ?? "*")"
        }
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let trigger = LifecycleTrigger(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                debugDescription: "\"\(text)\" is not a trigger; use \"segment:KEY\", \"tier:KEY\" or \"tier:*\""))
        }
        self = trigger
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// Which orders or customers a campaign applies to. Empty lists mean "any".
public struct CampaignConditions: Codable, Hashable, Sendable {
    public var segments: [String]
    public var tiers: [String]
    public var minimumOrderMinor: Int64
    public var firstOrderOnly: Bool

    public init(segments: [String] = [], tiers: [String] = [], minimumOrderMinor: Int64 = 0, firstOrderOnly: Bool = false) {
        self.segments = segments
        self.tiers = tiers
        self.minimumOrderMinor = minimumOrderMinor
        self.firstOrderOnly = firstOrderOnly
    }
}

/// A bonus campaign as the merchant defines it. Its window is written in local time of `timeZone`
/// ("2026-12-24T00:00"), so "Christmas Eve" means the merchant's Christmas Eve across DST changes.
public struct CampaignDefinition: Codable, Hashable, Sendable {
    public var name: LocalizedText
    public var kind: CampaignKind
    /// Multiplier campaigns: the factor ("2", "1.5").
    public var multiplier: String?
    /// Fixed-bonus and lifecycle campaigns: points awarded.
    public var bonusPoints: Int64?
    /// Lifecycle campaigns: what fires them.
    public var trigger: LifecycleTrigger?
    /// Local date-time "YYYY-MM-DDTHH:MM" (or a date "YYYY-MM-DD", meaning its midnight) in `timeZone`; inclusive.
    public var startsAt: String
    /// Local date-time in `timeZone`; exclusive.
    public var endsAt: String
    /// IANA time zone; by default the merchant's.
    public var timeZone: String
    public var conditions: CampaignConditions
    /// At most this many awards per customer over the campaign (nil = no limit).
    public var maxAwardsPerCustomer: Int?

    public init(name: LocalizedText, kind: CampaignKind, multiplier: String? = nil, bonusPoints: Int64? = nil,
                trigger: LifecycleTrigger? = nil, startsAt: String, endsAt: String, timeZone: String,
                conditions: CampaignConditions = CampaignConditions(), maxAwardsPerCustomer: Int? = nil) {
        self.name = name
        self.kind = kind
        self.multiplier = multiplier
        self.bonusPoints = bonusPoints
        self.trigger = trigger
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.timeZone = timeZone
        self.conditions = conditions
        self.maxAwardsPerCustomer = maxAwardsPerCustomer
    }

    public var parsedMultiplier: DecimalAmount? {
        multiplier.flatMap { try? PointFactor.parseMultiplier($0, field: "multiplier").get() }
    }

    /// The window as instants, or nil when the dates or the time zone are invalid (see `problems`).
    public var window: CampaignWindow? {
        guard let zone = LocalTime.zone(timeZone), let start = LocalTime.resolve(startsAt, in: zone),
              let end = LocalTime.resolve(endsAt, in: zone) else { return nil }
        return CampaignWindow(start: start, end: end)
    }

    /// Every reason this campaign cannot be saved under `settings` with `tiers`; empty when valid.
    public func problems(settings: ProgramSettings, tiers: [TierDefinition], segmentKeys: Set<String>) -> [RuleProblem] {
        var problems = name.problems(field: "name", named: "campaign_name", required: true)
        switch kind {
        case .multiplier:
            if let text = multiplier {
                if case .failure(let problem) = PointFactor.parseMultiplier(text, field: "multiplier") { problems.append(problem) }
            } else {
                problems.append(RuleProblem(field: "multiplier", .campaignMultiplierRequired))
            }
            if bonusPoints != nil { problems.append(RuleProblem(field: "bonus_points", .campaignBonusPointsNotAllowed)) }
        case .fixedBonus, .lifecycle:
            if let points = bonusPoints {
                if points <= 0 || points > PointFactor.maximumFixedPoints {
                    problems.append(RuleProblem(field: "bonus_points", .campaignBonusPointsOutOfRange,
                                                ["minimum": .integer(1), "maximum": .integer(PointFactor.maximumFixedPoints)]))
                }
            } else {
                problems.append(RuleProblem(field: "bonus_points", .campaignBonusPointsRequired, ["kind": .campaignKind(kind)]))
            }
            if multiplier != nil { problems.append(RuleProblem(field: "multiplier", .campaignMultiplierNotAllowed)) }
        }
        if kind == .lifecycle {
            switch trigger {
            case nil: problems.append(RuleProblem(field: "trigger", .campaignTriggerRequired))
            case .enteredSegment(let key)? where !segmentKeys.contains(key):
                problems.append(RuleProblem(field: "trigger", .campaignTriggerSegmentUnknown,
                                            ["key": .text(key), "segments": .list(segmentKeys.sorted())]))
            case .enteredTier(let key?)? where !tiers.contains(where: { $0.key == key }):
                problems.append(RuleProblem(field: "trigger", .tierUnknown, ["key": .text(key)]))
            default: break
            }
        } else if trigger != nil {
            problems.append(RuleProblem(field: "trigger", .campaignTriggerNotAllowed))
        }
        let zone = LocalTime.zone(timeZone)
        if zone == nil {
            problems.append(RuleProblem(field: "time_zone", .campaignTimeZoneUnknown, ["zone": .text(timeZone)]))
        }
        let start = zone.flatMap { LocalTime.resolve(startsAt, in: $0) }
        let end = zone.flatMap { LocalTime.resolve(endsAt, in: $0) }
        if LocalTime.parse(startsAt) == nil {
            problems.append(RuleProblem(field: "starts_at", .campaignStartNotADate, ["text": .text(startsAt)]))
        }
        if LocalTime.parse(endsAt) == nil {
            problems.append(RuleProblem(field: "ends_at", .campaignEndNotADate, ["text": .text(endsAt)]))
        }
        if let start, let end, end <= start {
            problems.append(RuleProblem(field: "ends_at", .campaignEndsBeforeStart,
                                            ["end": .text(endsAt), "start": .text(startsAt)]))
        }
        for key in conditions.segments where !segmentKeys.contains(key) {
            problems.append(RuleProblem(field: "segments", .segmentUnknown, ["key": .text(key)]))
        }
        for key in conditions.tiers where !tiers.contains(where: { $0.key == key }) {
            problems.append(RuleProblem(field: "tiers", .tierUnknown, ["key": .text(key)]))
        }
        if conditions.minimumOrderMinor < 0 { problems.append(RuleProblem(field: "minimum_order", .campaignMinimumOrderNegative)) }
        if let cap = maxAwardsPerCustomer, cap <= 0 {
            problems.append(RuleProblem(field: "max_awards_per_customer", .campaignPerCustomerLimitBelowOne))
        }
        if kind == .multiplier, let factor = parsedMultiplier,
           let rate = try? DecimalAmount.parse(settings.pointsPerUnit).get(), let currency = Currency(code: settings.currency) {
            let highestTier = tiers.compactMap(\.parsedMultiplier).max { Earning.isLess($0, $1) }
            let factors = [factor] + (highestTier.map { [$0] } ?? [])
            if !PointFactor.stackingFits(rate: rate, factors: factors, currency: currency) {
                problems.append(RuleProblem(field: "multiplier", .campaignMultiplierOverflow,
                    ["multiplier": .text(multiplier ?? ""), "rate": .text(settings.pointsPerUnit),
                     "currency": .text(settings.currency)]))
            }
        }
        return problems
    }
}

/// A campaign's window as instants: [start, end).
public struct CampaignWindow: Codable, Hashable, Sendable {
    public var start: UnixTime
    public var end: UnixTime

    public init(start: UnixTime, end: UnixTime) {
        self.start = start
        self.end = end
    }

    public func contains(_ time: UnixTime) -> Bool { time >= start && time < end }
}
