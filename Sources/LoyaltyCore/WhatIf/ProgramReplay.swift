import Foundation

/// Everything that decides how many points an order earns: the settings, the tier table and the campaigns.
public struct ProgramRules: Hashable, Sendable {
    public var settings: ProgramSettings
    public var tiers: [TierDefinition]
    public var campaigns: [StoredCampaign]

    public init(settings: ProgramSettings, tiers: [TierDefinition], campaigns: [StoredCampaign]) {
        self.settings = settings
        self.tiers = tiers
        self.campaigns = campaigns
    }
}

/// One recorded order as a replay needs it.
public struct ReplayOrder: Hashable, Sendable {
    public var time: UnixTime
    public var totalMinor: Int64
    public var subtotalMinor: Int64?
    public var cancelledAt: UnixTime?

    public init(time: UnixTime, totalMinor: Int64, subtotalMinor: Int64?, cancelledAt: UnixTime?) {
        self.time = time
        self.totalMinor = totalMinor
        self.subtotalMinor = subtotalMinor
        self.cancelledAt = cancelledAt
    }
}

/// A refund of `orders[order]` of the same customer.
public struct ReplayRefund: Hashable, Sendable {
    public var order: Int
    public var time: UnixTime
    public var amountMinor: Int64

    public init(order: Int, time: UnixTime, amountMinor: Int64) {
        self.order = order
        self.time = time
        self.amountMinor = amountMinor
    }
}

/// What one customer's history comes to under a set of rules.
public struct CustomerOutcome: Hashable, Sendable {
    /// Points from orders (net of clawbacks and cancellation reversals), campaign bonuses and tier entry rewards.
    public var points: Int64
    /// Index in `ProgramReplay.tierKeys` of the tier at the as-of date; nil: no tier.
    public var tier: Int?
}

/// Replays recorded orders under a set of rules, one customer at a time (every rule is per customer: tiers, daily
/// caps, campaign limits), the way the live ingest path would have applied them: orders, refunds and
/// cancellations in time order; the tier at each order's time sets its multiplier; entering a tier pays its entry
/// reward and fires tier lifecycle campaigns. What a replay cannot know is left out and said so in
/// docs/decisions/0043-what-if-replay.md: RFM segments at past dates (segment conditions and segment lifecycle
/// campaigns do not match), manual tier floors, and non-order points (signup, birthday, referrals, adjustments).
public struct ProgramReplay: Sendable {
    public let rules: ProgramRules
    public let tiers: TierEngine
    public let campaigns: CampaignEngine
    public let tierKeys: [String]
    let tierMultipliers: [Multiplier?]
    let hasCampaigns: Bool
    let earning: CompiledEarning
    let offsets: ZoneOffsets

    public init(rules: ProgramRules, currency: Currency) throws(RuleProblem) {
        guard case .success(let rate) = DecimalAmount.parse(rules.settings.pointsPerUnit), rate.digits > 0, Currency(code: currency.code) != nil else {
            throw RuleProblem(field: "points_per_unit", .settingsRateNotPositive, ["rate": .text(rules.settings.pointsPerUnit)])
        }
        guard let zone = LocalTime.zone(rules.settings.timeZone) else {
            throw RuleProblem(field: "time_zone", .settingsTimeZoneUnknown, ["zone": .text(rules.settings.timeZone)])
        }
        self.rules = rules
        var settings = rules.settings
        settings.currency = currency.code
        earning = CompiledEarning(settings: settings)
        offsets = ZoneOffsets(zone: zone)
        tiers = TierEngine(tiers: rules.tiers, policy: rules.settings.tiers, zone: zone)
        campaigns = CampaignEngine(campaigns: rules.campaigns)
        hasCampaigns = !rules.campaigns.isEmpty
        tierKeys = tiers.tiers.map(\.key)
        tierMultipliers = tiers.multipliers()
    }

    private enum Step: Comparable {
        case order(Int), refund(Int), cancel(Int)

        var rank: Int {
            switch self {
            case .order: return 0
            case .refund: return 1
            case .cancel: return 2
            }
        }

        static func < (a: Step, b: Step) -> Bool { a.rank < b.rank }
    }

    /// One customer's orders (any order) and refunds, everything after `asOf` ignored.
    public func replay(orders: [ReplayOrder], refunds: [ReplayRefund], asOf: UnixTime) -> CustomerOutcome {
        let settings = rules.settings
        var steps: [(time: UnixTime, step: Step)] = []
        steps.reserveCapacity(orders.count + refunds.count)
        for (i, order) in orders.enumerated() where order.time <= asOf {
            steps.append((order.time, .order(i)))
            if let cancelled = order.cancelledAt, cancelled <= asOf { steps.append((max(cancelled, order.time), .cancel(i))) }
        }
        for (i, refund) in refunds.enumerated() where refund.time <= asOf && orders[refund.order].time <= asOf {
            steps.append((max(refund.time, orders[refund.order].time), .refund(i)))
        }
        steps.sort { ($0.time, $0.step) < ($1.time, $1.step) }

        var account = tiers.newAccount()
        var changes: [TierChange] = []
        var points: Int64 = 0
        var earned = [Int64](repeating: 0, count: orders.count)
        var refunded = [Int64](repeating: 0, count: orders.count)
        var bonus = [Int64](repeating: 0, count: orders.count)
        var awards: [Int64: Int] = [:]
        var ordersPlaced = 0
        var capDay: Int64 = .min
        var earnedThatDay: Int64 = 0

        func settle(_ changes: inout [TierChange], at time: UnixTime) {
            for change in changes {
                points = points.addingClamped(change.entryRewards.reduce(0) { $0.addingClamped($1.points) })
                guard hasCampaigns else { continue }
                let event = LifecycleEvent.tierChanged(from: change.from, to: change.to, tierOrder: tierKeys)
                for bonus in campaigns.lifecycleAwards(for: event, customer: CampaignCustomerContext(
                    at: change.at, tierKey: change.to, awardsSoFar: awards)) {
                    points = points.addingClamped(bonus.points)
                    awards[bonus.campaignID, default: 0] += 1
                }
            }
            changes.removeAll(keepingCapacity: true)
        }

        for (time, step) in steps {
            switch step {
            case .order(let i):
                let order = orders[i]
                tiers.advance(&account, to: time, into: &changes)
                settle(&changes, at: time)
                let eligible = Earning.eligibleAmount(settings: settings, total: order.totalMinor, subtotal: order.subtotalMinor)
                let tier = account.tierIndex.flatMap { tierMultipliers[$0] }
                var outcome = CampaignOutcome()
                if hasCampaigns {
                    outcome = campaigns.evaluate(CampaignOrderContext(
                        at: time, eligibleMinor: eligible, isFirstOrder: ordersPlaced == 0,
                        tierKey: account.tierIndex.map { tierKeys[$0] }, segmentKey: nil, awardsSoFar: awards))
                    for id in outcome.awardedCampaignIDs { awards[id, default: 0] += 1 }
                }
                var earnedToday: Int64 = 0
                if settings.dailyCap != nil {
                    let day = offsets.localDay(of: time)
                    if day != capDay { capDay = day; earnedThatDay = 0 }
                    earnedToday = earnedThatDay
                }
                let value = earning.points(eligibleMinor: eligible, tier: tier?.factor, campaign: outcome.multiplier?.factor,
                                           earnedToday: earnedToday)
                earnedThatDay += value
                earned[i] = value
                bonus[i] = outcome.bonusPoints
                ordersPlaced += 1
                points = points.addingClamped(value).addingClamped(outcome.bonusPoints)
                // Tiers count an order's earned points; fixed bonuses are on top (as the ledger's earned_points).
                tiers.apply(.activity(.order(at: time, spendMinor: eligible, points: value)), to: &account, into: &changes)
                settle(&changes, at: time)
            case .refund(let r):
                let refund = refunds[r]
                let order = orders[refund.order]
                let eligible = Earning.eligibleAmount(settings: settings, total: order.totalMinor, subtotal: order.subtotalMinor)
                let amount = min(max(0, refund.amountMinor), max(0, eligible - refunded[refund.order]))
                let clawed = Earning.clawback(earnedPoints: earned[refund.order], eligibleMinor: eligible,
                                              refundedBeforeMinor: refunded[refund.order], refundMinor: amount)
                refunded[refund.order] += amount
                points -= clawed
                tiers.apply(.activity(.refund(at: time, ofOrderAt: order.time, spendMinor: amount, points: clawed)),
                            to: &account, into: &changes)
                settle(&changes, at: time)
            case .cancel(let i):
                let order = orders[i]
                let eligible = Earning.eligibleAmount(settings: settings, total: order.totalMinor, subtotal: order.subtotalMinor)
                let remainingSpend = max(0, eligible - refunded[i])
                let remainingPoints = earned[i] - Earning.clawback(earnedPoints: earned[i], eligibleMinor: eligible,
                                                                   refundedBeforeMinor: 0, refundMinor: refunded[i])
                points -= remainingPoints + bonus[i]
                tiers.apply(.activity(.cancellation(at: time, ofOrderAt: order.time, spendMinor: remainingSpend,
                                                    points: remainingPoints)), to: &account, into: &changes)
                settle(&changes, at: time)
            }
        }
        tiers.advance(&account, to: asOf, into: &changes)
        settle(&changes, at: asOf)
        return CustomerOutcome(points: points, tier: account.tierIndex)
    }
}

extension Int64 {
    func addingClamped(_ other: Int64) -> Int64 {
        let (sum, overflow) = addingReportingOverflow(other)
        return overflow ? (other > 0 ? .max : .min) : sum
    }
}
