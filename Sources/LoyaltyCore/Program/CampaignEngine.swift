/// A campaign as the engine sees it: its id, the status the merchant set, and its definition.
public struct StoredCampaign: Hashable, Sendable {
    public var id: Int64
    /// The stored status; the engine applies `CampaignLifecycle.effective` at each order's time. A replay of past
    /// orders therefore sees today's pause or early end.
    public var status: CampaignStatus
    public var definition: CampaignDefinition

    public init(id: Int64, status: CampaignStatus, definition: CampaignDefinition) {
        self.id = id
        self.status = status
        self.definition = definition
    }
}

/// What the campaign rules need to know about an order and its customer at the order's time.
public struct CampaignOrderContext: Hashable, Sendable {
    public var at: UnixTime
    /// The points-eligible amount, in minor units (compared with the campaign's minimum order).
    public var eligibleMinor: Int64
    public var isFirstOrder: Bool
    public var tierKey: String?
    public var segmentKey: String?
    /// Awards the customer already had, by campaign id (for `maxAwardsPerCustomer`).
    public var awardsSoFar: [Int64: Int]

    public init(at: UnixTime, eligibleMinor: Int64, isFirstOrder: Bool = false, tierKey: String? = nil,
                segmentKey: String? = nil, awardsSoFar: [Int64: Int] = [:]) {
        self.at = at
        self.eligibleMinor = eligibleMinor
        self.isFirstOrder = isFirstOrder
        self.tierKey = tierKey
        self.segmentKey = segmentKey
        self.awardsSoFar = awardsSoFar
    }
}

/// Points a campaign adds on top of an order's earn, or for a lifecycle event.
public struct CampaignBonus: Hashable, Sendable {
    public var campaignID: Int64
    public var points: Int64
    /// The campaign's name, for the ledger explanation.
    public var label: String

    public init(campaignID: Int64, points: Int64, label: String) {
        self.campaignID = campaignID
        self.points = points
        self.label = label
    }
}

/// What the campaigns do to one order.
public struct CampaignOutcome: Hashable, Sendable {
    /// The campaign multiplier to pass to `Earning.pointsForOrder` (nil: no multiplier campaign applies).
    public var multiplier: Multiplier?
    public var multiplierCampaignID: Int64?
    /// Fixed bonuses, each posted as its own campaign_bonus entry.
    public var bonuses: [CampaignBonus]

    public init(multiplier: Multiplier? = nil, multiplierCampaignID: Int64? = nil, bonuses: [CampaignBonus] = []) {
        self.multiplier = multiplier
        self.multiplierCampaignID = multiplierCampaignID
        self.bonuses = bonuses
    }

    /// Every campaign that applied (the multiplier's, then the bonuses'), each counting one award toward its
    /// `maxAwardsPerCustomer`.
    public var awardedCampaignIDs: [Int64] {
        guard multiplierCampaignID != nil || !bonuses.isEmpty else { return [] }
        return (multiplierCampaignID.map { [$0] } ?? []) + bonuses.map(\.campaignID)
    }

    public var bonusPoints: Int64 { bonuses.reduce(0) { saturatingAdd($0, $1.points) } }
}

/// A change that can fire lifecycle campaigns.
public enum LifecycleEvent: Hashable, Sendable {
    case segmentChanged(from: String?, to: String?)
    /// `tierOrder`: the tier keys by ascending threshold, to tell a move up from a move down.
    case tierChanged(from: String?, to: String?, tierOrder: [String])
}

/// The customer a lifecycle event happened to, at the event's time.
public struct CampaignCustomerContext: Hashable, Sendable {
    public var at: UnixTime
    /// The customer's tier and segment after the event.
    public var tierKey: String?
    public var segmentKey: String?
    public var awardsSoFar: [Int64: Int]

    public init(at: UnixTime, tierKey: String? = nil, segmentKey: String? = nil, awardsSoFar: [Int64: Int] = [:]) {
        self.at = at
        self.tierKey = tierKey
        self.segmentKey = segmentKey
        self.awardsSoFar = awardsSoFar
    }
}

/// The bonus campaign rules of one merchant, compiled once for many orders.
///
/// - Only a campaign whose effective status (`CampaignLifecycle.effective`) is active at the order's time applies;
///   its window is [start, end) in its own time zone.
/// - When several multiplier campaigns qualify, the highest multiplier applies (ties: the lowest id); the others do
///   not count an award. Multipliers of campaigns never multiply each other.
/// - Every qualifying fixed-bonus campaign adds its points.
/// - How the campaign multiplier stacks with the tier's is `ProgramSettings.multiplierStacking`, applied by
///   `Earning.pointsForOrder`. An applied multiplier counts an award even when best-of lets the tier win.
/// - Lifecycle campaigns fire on `lifecycleAwards`; without a `maxAwardsPerCustomer` they fire once per customer.
public struct CampaignEngine: Sendable {
    /// What an order needs to know about a campaign, in plain values: looking at it copies no references.
    struct Rule: Sendable {
        var id: Int64
        var status: CampaignStatus
        var kind: CampaignKind
        var start: UnixTime
        var end: UnixTime
        var factor: DecimalAmount
        var bonusPoints: Int64
        var minimumOrderMinor: Int64
        var firstOrderOnly: Bool
        var hasSegments: Bool
        var hasTiers: Bool
        /// nil: no per-customer limit.
        var cap: Int?

        var window: CampaignWindow { CampaignWindow(start: start, end: end) }
    }

    /// The rest of a campaign, read only when a rule applies or has conditions.
    struct Details: Sendable {
        var trigger: LifecycleTrigger?
        var segments: Set<String>
        var tiers: Set<String>
        var label: String
    }

    /// By window start, then id; `details` in step.
    let rules: [Rule]
    let details: [Details]
    let timeline: CampaignTimeline
    /// Campaigns left out because their definition cannot be applied (bad window, zone or multiplier).
    public let unusableCampaignIDs: [Int64]
    /// Whether a usable order campaign has an RFM segment condition: only then does an order need its customer's
    /// segment (`CampaignOrderContext.segmentKey`).
    public let usesSegmentConditions: Bool
    /// The segment keys usable lifecycle campaigns fire on entering: a recompute looks only at the customers who
    /// entered one of them (none: it looks at nobody).
    public let triggerSegments: Set<String>

    public init(campaigns: [StoredCampaign], language: String = "en", defaultLanguage: String = "en") {
        var usable: [(Rule, Details)] = []
        var unusable: [Int64] = []
        for campaign in campaigns {
            let definition = campaign.definition
            let factor = definition.parsedMultiplier
            guard let window = definition.window, window.start < window.end,
                  definition.kind != .multiplier || factor != nil,
                  definition.kind == .multiplier || (definition.bonusPoints ?? 0) > 0 else {
                unusable.append(campaign.id)
                continue
            }
            let conditions = definition.conditions
            let rule = Rule(id: campaign.id, status: campaign.status, kind: definition.kind, start: window.start, end: window.end,
                            factor: factor ?? DecimalAmount(digits: 1, scale: 0), bonusPoints: definition.bonusPoints ?? 0,
                            minimumOrderMinor: conditions.minimumOrderMinor, firstOrderOnly: conditions.firstOrderOnly,
                            hasSegments: !conditions.segments.isEmpty, hasTiers: !conditions.tiers.isEmpty,
                            cap: definition.maxAwardsPerCustomer ?? (definition.kind == .lifecycle ? 1 : nil))
            usable.append((rule, Details(trigger: definition.trigger, segments: Set(conditions.segments), tiers: Set(conditions.tiers),
                                         label: definition.name.text(for: language, defaultLanguage: defaultLanguage))))
        }
        usable.sort { ($0.0.start, $0.0.id) < ($1.0.start, $1.0.id) }
        rules = usable.map(\.0)
        details = usable.map(\.1)
        timeline = CampaignTimeline(windows: rules.map(\.window))
        unusableCampaignIDs = unusable
        usesSegmentConditions = usable.contains { $0.0.kind != .lifecycle && $0.0.hasSegments }
        triggerSegments = Set(usable.compactMap { rule, detail in
            guard rule.kind == .lifecycle, case .enteredSegment(let key)? = detail.trigger else { return nil }
            return key
        })
    }

    /// What the campaigns give one order.
    public func evaluate(_ order: CampaignOrderContext) -> CampaignOutcome {
        let running = timeline.windows(containing: order.at)
        if running.isEmpty { return CampaignOutcome() }
        var outcome = CampaignOutcome()
        var best = -1
        for member in running {
            let index = Int(timeline.members[member])
            let rule = rules[index]
            guard rule.kind != .lifecycle, isActive(rule, at: order.at),
                  qualifies(rule, index, order), hasRoom(rule, order.awardsSoFar) else { continue }
            if rule.kind == .multiplier {
                if best >= 0 {
                    let current = rules[best]
                    let higher = Earning.isLess(current.factor, rule.factor)
                    let tieWithLowerID = !Earning.isLess(rule.factor, current.factor) && rule.id < current.id
                    if !higher && !tieWithLowerID { continue }
                }
                best = index
            } else {
                outcome.bonuses.append(CampaignBonus(campaignID: rule.id, points: rule.bonusPoints, label: details[index].label))
            }
        }
        if best >= 0 {
            outcome.multiplier = Multiplier(label: details[best].label, factor: rules[best].factor)
            outcome.multiplierCampaignID = rules[best].id
        }
        return outcome
    }

    /// The lifecycle campaigns `event` fires for this customer: those active at the event's time whose trigger
    /// matches (entering the segment; moving UP into the tier, or into any higher tier for "tier:*"), whose segment
    /// and tier conditions hold after the event (minimum order and first order do not apply), and with room under
    /// their per-customer limit.
    public func lifecycleAwards(for event: LifecycleEvent, customer: CampaignCustomerContext) -> [CampaignBonus] {
        var segment = customer.segmentKey
        var tier = customer.tierKey
        switch event {
        case .segmentChanged(_, let to): segment = to
        case .tierChanged(_, let to, _): tier = to
        }
        var awards: [CampaignBonus] = []
        for member in timeline.windows(containing: customer.at) {
            let index = Int(timeline.members[member])
            let rule = rules[index]
            guard rule.kind == .lifecycle, let trigger = details[index].trigger, fires(trigger, on: event),
                  isActive(rule, at: customer.at), hasRoom(rule, customer.awardsSoFar),
                  matches(rule, index, segment: segment, tier: tier) else { continue }
            awards.append(CampaignBonus(campaignID: rule.id, points: rule.bonusPoints, label: details[index].label))
        }
        return awards
    }

    // MARK: - Conditions

    private func isActive(_ rule: Rule, at time: UnixTime) -> Bool {
        CampaignLifecycle.effective(rule.status, window: rule.window, now: time) == .active
    }

    private func qualifies(_ rule: Rule, _ index: Int, _ order: CampaignOrderContext) -> Bool {
        if order.eligibleMinor < rule.minimumOrderMinor { return false }
        if rule.firstOrderOnly && !order.isFirstOrder { return false }
        return matches(rule, index, segment: order.segmentKey, tier: order.tierKey)
    }

    private func matches(_ rule: Rule, _ index: Int, segment: String?, tier: String?) -> Bool {
        if rule.hasSegments && !(segment.map(details[index].segments.contains) ?? false) { return false }
        if rule.hasTiers && !(tier.map(details[index].tiers.contains) ?? false) { return false }
        return true
    }

    private func hasRoom(_ rule: Rule, _ awards: [Int64: Int]) -> Bool {
        guard let cap = rule.cap else { return true }
        return awards[rule.id, default: 0] < cap
    }

    private func fires(_ trigger: LifecycleTrigger, on event: LifecycleEvent) -> Bool {
        switch (trigger, event) {
        case (.enteredSegment(let key), .segmentChanged(let from, let to)):
            return to == key && from != key
        case (.enteredTier(let key), .tierChanged(let from, let to, let order)):
            func rank(_ tier: String?) -> Int { tier.flatMap(order.firstIndex(of:)) ?? -1 }
            guard let to, rank(to) > rank(from) else { return false }
            return key == nil || key == to
        default:
            return false
        }
    }
}
