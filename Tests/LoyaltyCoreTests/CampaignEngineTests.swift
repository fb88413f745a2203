import Foundation
import LoyaltyCore
import Testing

@Suite struct CampaignEngineTests {
    typealias F = ProgramFixtures
    let start = F.local("2026-12-24", F.utc)
    let end = F.local("2026-12-27", F.utc)

    func stored(_ id: Int64, _ definition: CampaignDefinition, status: CampaignStatus = .scheduled) -> StoredCampaign {
        StoredCampaign(id: id, status: status, definition: definition)
    }

    func christmas(_ kind: CampaignKind, name: String = "Christmas", multiplier: String? = nil, bonus: Int64? = nil,
                   conditions: CampaignConditions = CampaignConditions(), cap: Int? = nil) -> CampaignDefinition {
        F.campaign(kind, name: name, multiplier: multiplier, bonus: bonus, from: "2026-12-24", to: "2026-12-27",
                   conditions: conditions, cap: cap)
    }

    func order(_ at: UnixTime, _ eligible: Int64 = 50_00, first: Bool = false, tier: String? = nil, segment: String? = nil,
               awards: [Int64: Int] = [:]) -> CampaignOrderContext {
        CampaignOrderContext(at: at, eligibleMinor: eligible, isFirstOrder: first, tierKey: tier, segmentKey: segment,
                             awardsSoFar: awards)
    }

    @Test func appliesOnlyInsideItsWindowWhileEffectivelyActive() {
        let engine = CampaignEngine(campaigns: [stored(1, christmas(.multiplier, multiplier: "2"))])
        #expect(engine.evaluate(order(start - 1)).multiplier == nil)
        #expect(engine.evaluate(order(start)).multiplier == Multiplier(label: "Christmas", factor: DecimalAmount(digits: 2, scale: 0)))
        #expect(engine.evaluate(order(end - 1)).multiplierCampaignID == 1)
        #expect(engine.evaluate(order(end)) == CampaignOutcome())
        for status in [CampaignStatus.draft, .paused, .ended] {
            let other = CampaignEngine(campaigns: [stored(1, christmas(.multiplier, multiplier: "2"), status: status)])
            #expect(other.evaluate(order(start + 3600)) == CampaignOutcome(), "\(status)")
        }
        let stale = CampaignEngine(campaigns: [stored(1, christmas(.multiplier, multiplier: "2"), status: .active)])
        #expect(stale.evaluate(order(start - 1)).multiplier == nil)
    }

    @Test func theHighestMultiplierWinsTiesGoToTheLowestID() {
        let engine = CampaignEngine(campaigns: [
            stored(3, christmas(.multiplier, name: "One and a half", multiplier: "1.5")),
            stored(5, christmas(.multiplier, name: "Double B", multiplier: "2.0")),
            stored(4, christmas(.multiplier, name: "Double A", multiplier: "2")),
        ])
        let outcome = engine.evaluate(order(start))
        #expect(outcome.multiplier?.label == "Double A")
        #expect(outcome.multiplierCampaignID == 4)
        #expect(outcome.awardedCampaignIDs == [4])
    }

    @Test func everyQualifyingFixedBonusAdds() {
        let engine = CampaignEngine(campaigns: [
            stored(1, christmas(.fixedBonus, name: "Gift", bonus: 100)),
            stored(2, christmas(.fixedBonus, name: "Big gift", bonus: 250)),
            stored(3, christmas(.multiplier, multiplier: "3")),
        ])
        let outcome = engine.evaluate(order(start))
        #expect(outcome.bonuses == [CampaignBonus(campaignID: 1, points: 100, label: "Gift"),
                                    CampaignBonus(campaignID: 2, points: 250, label: "Big gift")])
        #expect(outcome.bonusPoints == 350)
        #expect(outcome.awardedCampaignIDs == [3, 1, 2])
    }

    @Test func conditionsAndCapsDecide() {
        let minimum = CampaignEngine(campaigns: [stored(1, christmas(.fixedBonus, bonus: 10, conditions: CampaignConditions(minimumOrderMinor: 50_00)))])
        #expect(minimum.evaluate(order(start, 49_99)).bonuses.isEmpty)
        #expect(minimum.evaluate(order(start, 50_00)).bonuses.count == 1)

        let first = CampaignEngine(campaigns: [stored(1, christmas(.fixedBonus, bonus: 10, conditions: CampaignConditions(firstOrderOnly: true)))])
        #expect(first.evaluate(order(start)).bonuses.isEmpty)
        #expect(first.evaluate(order(start, first: true)).bonuses.count == 1)

        let targeted = CampaignEngine(campaigns: [stored(1, christmas(.multiplier, multiplier: "2",
            conditions: CampaignConditions(segments: ["champions", "at_risk"], tiers: ["gold"])))])
        #expect(targeted.evaluate(order(start, tier: "gold", segment: "at_risk")).multiplier != nil)
        #expect(targeted.evaluate(order(start, tier: "silver", segment: "at_risk")).multiplier == nil)
        #expect(targeted.evaluate(order(start, tier: "gold", segment: nil)).multiplier == nil)
        #expect(targeted.evaluate(order(start, tier: nil, segment: "champions")).multiplier == nil)

        let capped = CampaignEngine(campaigns: [stored(7, christmas(.fixedBonus, bonus: 10, cap: 2))])
        #expect(capped.evaluate(order(start, awards: [7: 1])).awardedCampaignIDs == [7])
        #expect(capped.evaluate(order(start, awards: [7: 2])).awardedCampaignIDs == [])
        #expect(capped.evaluate(order(start, awards: [8: 5])).awardedCampaignIDs == [7])
    }

    @Test func unusableDefinitionsAreLeftOutAndNamed() {
        let engine = CampaignEngine(campaigns: [
            stored(1, F.campaign(.multiplier, multiplier: "2", zone: "Mars/Olympus")),
            stored(2, F.campaign(.multiplier, multiplier: "abc")),
            stored(3, F.campaign(.fixedBonus, bonus: nil)),
            stored(4, F.campaign(.fixedBonus, bonus: 5, from: "2026-02-30")),
            stored(5, F.campaign(.fixedBonus, bonus: 5)),
        ])
        #expect(engine.unusableCampaignIDs == [1, 2, 3, 4])
        #expect(engine.evaluate(order(F.local("2026-06-01", F.utc))).awardedCampaignIDs == [5])
    }

    @Test func labelsFollowTheLanguage() {
        var definition = christmas(.multiplier, multiplier: "2")
        definition.name = LocalizedText(["en": "Christmas", "es": "Navidad"])
        let spanish = CampaignEngine(campaigns: [stored(1, definition)], language: "es")
        #expect(spanish.evaluate(order(start)).multiplier?.label == "Navidad")
        let japanese = CampaignEngine(campaigns: [stored(1, definition)], language: "ja")
        #expect(japanese.evaluate(order(start)).multiplier?.label == "Christmas")
    }

    /// What the store asks before reading segments: only campaigns that can use one say so.
    @Test func saysWhetherItNeedsSegmentsAndWhichEntriesItFiresOn() {
        let plain = CampaignEngine(campaigns: [stored(1, christmas(.multiplier, multiplier: "2")),
                                               stored(2, F.campaign(.lifecycle, name: "Gold", bonus: 50, trigger: .enteredTier("gold")))])
        #expect(!plain.usesSegmentConditions && plain.triggerSegments.isEmpty)
        let conditioned = CampaignEngine(campaigns: [stored(1, christmas(.fixedBonus, bonus: 10,
                                                                         conditions: CampaignConditions(segments: ["at_risk"])))])
        #expect(conditioned.usesSegmentConditions && conditioned.triggerSegments.isEmpty)
        let triggered = CampaignEngine(campaigns: [
            stored(3, F.campaign(.lifecycle, name: "Welcome", bonus: 500, trigger: .enteredSegment("champions"))),
            stored(4, F.campaign(.lifecycle, name: "Win-back", bonus: 200, trigger: .enteredSegment("at_risk"))),
        ])
        #expect(!triggered.usesSegmentConditions && triggered.triggerSegments == ["champions", "at_risk"])
        // A campaign the engine cannot use (no bonus) neither needs segments nor fires.
        let unusable = CampaignEngine(campaigns: [stored(5, F.campaign(.lifecycle, name: "Broken", bonus: nil,
                                                                      trigger: .enteredSegment("champions")))])
        #expect(unusable.triggerSegments.isEmpty && unusable.unusableCampaignIDs == [5])
    }

    // MARK: - Lifecycle

    @Test func enteringASegmentFiresOncePerCustomerByDefault() {
        let welcome = F.campaign(.lifecycle, name: "Welcome, champion", bonus: 500, trigger: .enteredSegment("champions"))
        let engine = CampaignEngine(campaigns: [stored(9, welcome)])
        let now = F.local("2026-05-01", F.utc)
        let customer = CampaignCustomerContext(at: now, tierKey: "gold", segmentKey: "champions")
        let award = [CampaignBonus(campaignID: 9, points: 500, label: "Welcome, champion")]
        #expect(engine.lifecycleAwards(for: .segmentChanged(from: "loyal_customers", to: "champions"), customer: customer) == award)
        #expect(engine.lifecycleAwards(for: .segmentChanged(from: nil, to: "champions"), customer: customer) == award)
        #expect(engine.lifecycleAwards(for: .segmentChanged(from: "champions", to: "champions"), customer: customer) == [])
        #expect(engine.lifecycleAwards(for: .segmentChanged(from: "champions", to: "at_risk"), customer: customer) == [])
        var again = customer
        again.awardsSoFar = [9: 1]
        #expect(engine.lifecycleAwards(for: .segmentChanged(from: "at_risk", to: "champions"), customer: again) == [])

        var repeatable = welcome
        repeatable.maxAwardsPerCustomer = 3
        let engine3 = CampaignEngine(campaigns: [stored(9, repeatable)])
        #expect(engine3.lifecycleAwards(for: .segmentChanged(from: "at_risk", to: "champions"), customer: again) == award)
        // Lifecycle campaigns never touch orders.
        #expect(engine.evaluate(order(now)) == CampaignOutcome())
    }

    @Test func tierTriggersFireOnlyOnTheWayUp() {
        let order = ["silver", "gold", "platinum"]
        let gold = CampaignEngine(campaigns: [stored(1, F.campaign(.lifecycle, bonus: 100, trigger: .enteredTier("gold")))])
        let any = CampaignEngine(campaigns: [stored(2, F.campaign(.lifecycle, bonus: 100, trigger: .enteredTier(nil)))])
        let customer = CampaignCustomerContext(at: F.local("2026-05-01", F.utc))
        func fired(_ engine: CampaignEngine, _ from: String?, _ to: String?) -> Bool {
            !engine.lifecycleAwards(for: .tierChanged(from: from, to: to, tierOrder: order), customer: customer).isEmpty
        }
        #expect(fired(gold, "silver", "gold"))
        #expect(fired(gold, nil, "gold"))
        #expect(!fired(gold, "platinum", "gold"))
        #expect(!fired(gold, "silver", "platinum"))
        #expect(fired(any, nil, "silver"))
        #expect(fired(any, "gold", "platinum"))
        #expect(!fired(any, "platinum", "gold"))
        #expect(!fired(any, "gold", nil))
        // A segment change never fires a tier trigger.
        #expect(gold.lifecycleAwards(for: .segmentChanged(from: nil, to: "gold"), customer: customer).isEmpty)
    }

    @Test func lifecycleRespectsStatusWindowAndConditions() {
        let definition = F.campaign(.lifecycle, bonus: 100, trigger: .enteredTier(nil),
                                    conditions: CampaignConditions(segments: ["champions"], minimumOrderMinor: 1_000_00, firstOrderOnly: true))
        let engine = CampaignEngine(campaigns: [stored(1, definition)])
        let event = LifecycleEvent.tierChanged(from: nil, to: "gold", tierOrder: ["gold"])
        let inWindow = F.local("2026-05-01", F.utc)
        // Minimum order and first order do not apply to a lifecycle event; the segment condition does.
        #expect(engine.lifecycleAwards(for: event, customer: CampaignCustomerContext(at: inWindow, segmentKey: "champions")).count == 1)
        #expect(engine.lifecycleAwards(for: event, customer: CampaignCustomerContext(at: inWindow, segmentKey: "at_risk")).isEmpty)
        #expect(engine.lifecycleAwards(for: event, customer: CampaignCustomerContext(at: F.local("2027-01-01", F.utc), segmentKey: "champions")).isEmpty)
        let draft = CampaignEngine(campaigns: [stored(1, definition, status: .draft)])
        #expect(draft.lifecycleAwards(for: event, customer: CampaignCustomerContext(at: inWindow, segmentKey: "champions")).isEmpty)
        // The segment a segment event enters is the one the conditions see.
        let segmentWelcome = CampaignEngine(campaigns: [stored(2, F.campaign(.lifecycle, bonus: 5, trigger: .enteredSegment("champions"),
            conditions: CampaignConditions(segments: ["champions"], tiers: ["gold"])))])
        #expect(segmentWelcome.lifecycleAwards(for: .segmentChanged(from: "at_risk", to: "champions"),
                                               customer: CampaignCustomerContext(at: inWindow, tierKey: "gold", segmentKey: "at_risk")).count == 1)
    }

    // MARK: - With earning

    @Test func tierAndCampaignMultipliersStackPerTheSettings() {
        let tiers = TierEngine(tiers: [F.tier("gold", 0, multiplier: "1.5")], policy: TierPolicy(), zone: F.utc)
        let campaigns = CampaignEngine(campaigns: [stored(1, christmas(.multiplier, name: "Double Points", multiplier: "2"))])
        let tier = tiers.multipliers()[0]
        let campaign = campaigns.evaluate(order(start, 100_00)).multiplier
        let eligible = Money(minorUnits: 100_00, currency: .usd)
        let multiplied = Earning.pointsForOrder(settings: ProgramSettings(multiplierStacking: .multiply), eligible: eligible,
                                                tier: tier, campaign: campaign)
        #expect(multiplied.points == 300)
        #expect(multiplied.explanation == "300 pts = 100.00 USD × 1 pt/USD × 1.5 Gold × 2 Double Points")
        let best = Earning.pointsForOrder(settings: ProgramSettings(multiplierStacking: .bestOf), eligible: eligible,
                                          tier: tier, campaign: campaign)
        #expect(best.points == 200)
        #expect(best.explanation.contains("1.5 Gold (not used: best-of)"))
    }

    @Test func stackingThatCouldOverflowIsRefusedWhenSaved() {
        let yenHuge = ProgramSettings(currency: "JPY", pointsPerUnit: "10000")
        let gold = [F.tier("gold", 1_000, multiplier: "100")]
        let campaign = F.campaign(.multiplier, multiplier: "100")
        #expect(campaign.problems(settings: yenHuge, tiers: gold, segmentKeys: []).contains { $0.field == "multiplier" && $0.message.contains("overflow") })
        #expect(campaign.problems(settings: ProgramSettings(pointsPerUnit: "10000"), tiers: gold, segmentKeys: []).isEmpty)
        #expect(TierTable.problems([F.tier("gold", 1_000, multiplier: "10")], settings: yenHuge).contains { $0.message.contains("overflow") })
        #expect(TierTable.problems([F.tier("gold", 1_000, multiplier: "1")], settings: yenHuge).isEmpty)
    }

    @Test func earningNeverWraps() {
        let largest = PointFactor.largestOrderMinor
        let hundred = Multiplier(label: "x", factor: PointFactor.maximumMultiplier)
        // The worst case the validation allows in dollars fits exactly...
        let dollars = Earning.pointsForOrder(settings: ProgramSettings(pointsPerUnit: "10000"),
                                             eligible: Money(minorUnits: largest, currency: .usd), tier: hundred, campaign: hundred)
        #expect(dollars.points == 1_000_000_000_000_000_000)
        // ...and what it refuses saturates instead of wrapping to a negative or small number.
        let yen = Earning.pointsForOrder(settings: ProgramSettings(currency: "JPY", pointsPerUnit: "10000"),
                                         eligible: Money(minorUnits: largest, currency: Currency(code: "JPY")!), tier: hundred, campaign: hundred)
        #expect(yen.points == Int64.max)

        var random = ProgramRandom(seed: 42)
        for _ in 0..<2_000 {
            let currency = random.pick([Currency.usd, Currency(code: "JPY")!, Currency(code: "KWD")!])
            let rate = DecimalAmount(digits: random.int64(1...1_000_000), scale: random.int(0...2))
            let tier = DecimalAmount(digits: random.int64(1...1_000_000), scale: random.int(0...4))
            let boost = DecimalAmount(digits: random.int64(1...1_000_000), scale: random.int(0...4))
            let eligible = random.int64(0...largest)
            let settings = ProgramSettings(currency: currency.code, pointsPerUnit: Self.plain(rate))
            let points = Earning.pointsForOrder(settings: settings, eligible: Money(minorUnits: eligible, currency: currency),
                                                tier: Multiplier(label: "t", factor: tier),
                                                campaign: Multiplier(label: "c", factor: boost)).points
            let numerator = Int128(eligible) * Int128(rate.digits) * Int128(tier.digits) * Int128(boost.digits)
            var denominator: Int128 = 1
            for _ in 0..<(currency.exponent + rate.scale + tier.scale + boost.scale) { denominator *= 10 }
            let exact = numerator / denominator
            #expect(points == (exact > Int128(Int64.max) ? Int64.max : Int64(exact)))
            if PointFactor.stackingFits(rate: rate, factors: [tier, boost], currency: currency) {
                #expect(exact <= Int128(Int64.max))
            }
        }
    }

    /// Many campaigns with random windows, statuses and kinds: the engine's time index finds exactly the campaigns a
    /// plain scan of every campaign finds.
    @Test func manyCampaignsMatchAPlainScan() {
        var random = ProgramRandom(seed: 5)
        let zones = ["UTC", "Europe/Paris", "America/New_York", "Australia/Sydney"]
        for _ in 0..<40 {
            var stored: [StoredCampaign] = []
            for id in 1...Int64(random.int(1...60)) {
                let day = random.int(0...700)
                let start = Timestamp.make(year: 2025, month: 1, day: 1) + Int64(day) * 86_400 + random.int64(0...86_399) / 60 * 60
                let end = start + random.int64(60...(40 * 86_400)) / 60 * 60
                let zone = random.pick(zones)
                let text = { (time: UnixTime) in LocalTime.format(LocalTime.fields(of: time, in: LocalTime.zone(zone)!)) }
                let kind = random.pick([CampaignKind.multiplier, .fixedBonus, .lifecycle])
                let definition = F.campaign(kind, name: "c\(id)",
                                            multiplier: kind == .multiplier ? random.pick(["1.5", "2", "2.0", "3", "1.25"]) : nil,
                                            bonus: kind == .multiplier ? nil : Int64(random.int(1...100)),
                                            trigger: kind == .lifecycle ? .enteredTier(nil) : nil,
                                            from: text(start), to: text(end), zone: zone,
                                            conditions: CampaignConditions(minimumOrderMinor: random.chance(0.2) ? 30_00 : 0))
                stored.append(StoredCampaign(id: id, status: random.pick(CampaignStatus.allCases), definition: definition))
            }
            let engine = CampaignEngine(campaigns: stored)
            for _ in 0..<200 {
                let at = Timestamp.make(year: 2025, month: 1, day: 1) + random.int64(-(5 * 86_400)...(760 * 86_400))
                let eligible = random.int64(0...60_00)
                let applying = stored.filter { campaign in
                    guard let window = campaign.definition.window, campaign.definition.kind != .lifecycle else { return false }
                    return CampaignLifecycle.effective(campaign.status, window: window, now: at) == .active
                        && eligible >= campaign.definition.conditions.minimumOrderMinor
                }.sorted { ($0.definition.window!.start, $0.id) < ($1.definition.window!.start, $1.id) }
                let multipliers = applying.filter { $0.definition.kind == .multiplier }
                let best = multipliers.max { a, b in
                    let fa = a.definition.parsedMultiplier!, fb = b.definition.parsedMultiplier!
                    return fa.decimal < fb.decimal || (fa.decimal == fb.decimal && a.id > b.id)
                }
                let outcome = engine.evaluate(CampaignOrderContext(at: at, eligibleMinor: eligible))
                #expect(outcome.multiplierCampaignID == best?.id)
                #expect(outcome.bonuses.map(\.campaignID) == applying.filter { $0.definition.kind == .fixedBonus }.map(\.id))
                let fired = engine.lifecycleAwards(for: .tierChanged(from: nil, to: "gold", tierOrder: ["gold"]),
                                                   customer: CampaignCustomerContext(at: at))
                #expect(fired.map(\.campaignID) == stored.filter { campaign in
                    guard let window = campaign.definition.window, campaign.definition.kind == .lifecycle else { return false }
                    return CampaignLifecycle.effective(campaign.status, window: window, now: at) == .active
                }.sorted { ($0.definition.window!.start, $0.id) < ($1.definition.window!.start, $1.id) }.map(\.id))
            }
        }
    }

    /// The replay's points-only earning gives exactly Earning's points, extremes included.
    @Test func compiledEarningGivesEarningsPoints() {
        var random = ProgramRandom(seed: 77)
        for _ in 0..<3_000 {
            let currency = random.pick(["USD", "JPY", "KWD"])
            let rate = DecimalAmount(digits: random.chance(0.1) ? random.int64(1...Int64.max) : random.int64(1...100_000),
                                     scale: random.int(0...4))
            let settings = ProgramSettings(currency: currency, pointsPerUnit: Self.plain(rate), minimumOrderMinor: random.chance(0.3) ? 10_00 : 0,
                                           dailyCap: random.chance(0.3) ? random.int64(1...500) : nil,
                                           multiplierStacking: random.pick(ProgramSettings.MultiplierStacking.allCases))
            func factor() -> DecimalAmount? {
                random.chance(0.3) ? nil : DecimalAmount(digits: random.chance(0.1) ? random.int64(1...Int64.max) : random.int64(1...100_000),
                                                         scale: random.int(0...4))
            }
            let tier = factor(), campaign = factor()
            let eligible = random.chance(0.1) ? random.int64(-100...Int64.max) : random.int64(0...1_000_000)
            let earnedToday = random.int64(0...600)
            let expected = Earning.pointsForOrder(settings: settings, eligible: Money(minorUnits: eligible, currency: Currency(code: currency)!),
                                                  tier: tier.map { Multiplier(label: "t", factor: $0) },
                                                  campaign: campaign.map { Multiplier(label: "c", factor: $0) }, earnedToday: earnedToday)
            let points = CompiledEarning(settings: settings).points(eligibleMinor: eligible, tier: tier, campaign: campaign, earnedToday: earnedToday)
            #expect(points == expected.points, "\(settings.pointsPerUnit) \(String(describing: tier)) \(String(describing: campaign)) \(eligible)")
        }
        #expect(CompiledEarning(settings: ProgramSettings(pointsPerUnit: "lots")).points(eligibleMinor: 100_00) == 0)
    }

    static func plain(_ amount: DecimalAmount) -> String {
        Money.format(minorUnits: amount.digits, exponent: amount.scale)
    }
}
