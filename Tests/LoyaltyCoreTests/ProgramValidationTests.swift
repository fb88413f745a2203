import Foundation
import LoyaltyCore
import Testing

/// The lead's rule validation: each bad input is refused with a sentence naming the field.
@Suite struct ProgramValidationTests {
    typealias F = ProgramFixtures
    let settings = ProgramSettings()

    func problems(_ tiers: [TierDefinition], settings: ProgramSettings = ProgramSettings()) -> [RuleProblem] {
        TierTable.problems(tiers, settings: settings)
    }

    @Test func aGoodTableHasNoProblems() {
        #expect(problems(F.spendTiers).isEmpty)
        #expect(problems([]).isEmpty)
    }

    @Test func twoTiersWithOneThresholdAreRefused() {
        let found = problems([F.tier("silver", 100_00), F.tier("gold", 100_00)])
        #expect(found.map(\.field) == ["threshold"])
        #expect(found[0].message.contains("silver and gold have the same threshold"))
    }

    @Test func duplicateKeysAndNamesAreRefused() {
        let keys = problems([F.tier("gold", 100), F.tier("gold", 200)])
        #expect(keys.contains { $0.field == "key" && $0.message.contains("used 2 times") })
        var other = F.tier("premium", 300)
        other.name = LocalizedText(en: "GOLD")
        let names = problems([F.tier("gold", 100), other])
        #expect(names.map(\.field) == ["name"])
    }

    @Test(arguments: ["", "Gold", "gold tier", "gold!", String(repeating: "a", count: 33), "é"])
    func badKeysAreRefused(key: String) {
        #expect(problems([F.tier(key, 100)]).contains { $0.field == "key" }, "\(key)")
    }

    @Test(arguments: [("0", "must be above 0"), ("-1", "cannot be negative"), ("1000000000", "above the maximum"),
                      ("123456789012345678901234567890", "above the maximum"),
                      ("1e9", "is not a number"), ("abc", "is not a number"), ("1.23456", "at most 4 decimals"),
                      ("1.0000000001", "at most 4 decimals"), ("", "is not a number")])
    func badMultipliersAreRefused(multiplier: String, message: String) {
        let found = problems([F.tier("gold", 100, multiplier: multiplier)])
        #expect(found.contains { $0.field == "multiplier" && $0.message.contains(message) }, "\(multiplier): \(found)")
    }

    @Test func goodMultipliersPass() {
        for multiplier in ["1", "1.5", "1.2500", "100", " 2 "] {
            #expect(problems([F.tier("gold", 100, multiplier: multiplier)]).isEmpty, "\(multiplier)")
        }
    }

    @Test func otherTierFieldsAreChecked() {
        #expect(problems([F.tier("gold", -1)]).map(\.field) == ["threshold"])
        #expect(problems([F.tier("gold", 100, reward: -5)]).map(\.field) == ["entry_reward_points"])
        #expect(problems([F.tier("gold", 100, reward: 2_000_000_000)]).map(\.field) == ["entry_reward_points"])
        #expect(problems([F.tier("base", 0, reward: 10)]).map(\.field) == ["entry_reward_points"])
        var nameless = F.tier("gold", 100)
        nameless.name = LocalizedText()
        #expect(problems([nameless]).map(\.field) == ["name"])
        var klingon = F.tier("gold", 100)
        klingon.perks = LocalizedText(["tlh": "Qapla'"])
        #expect(problems([klingon]).map(\.field) == ["perks"])
    }

    @Test func multipliersThatCouldOverflowWithAHugeRateAreRefused() {
        let huge = ProgramSettings(currency: "JPY", pointsPerUnit: "10000")
        #expect(problems([F.tier("gold", 100, multiplier: "10")], settings: huge).map(\.field) == ["multiplier"])
        #expect(problems([F.tier("gold", 100, multiplier: "9")], settings: huge).isEmpty)
    }

    // MARK: - Campaigns

    let segments: Set<String> = ["champions", "at_risk"]

    func campaignProblems(_ definition: CampaignDefinition, settings: ProgramSettings = ProgramSettings()) -> [RuleProblem] {
        definition.problems(settings: settings, tiers: F.spendTiers, segmentKeys: segments)
    }

    @Test func goodCampaignsHaveNoProblems() {
        #expect(campaignProblems(F.campaign(.multiplier, multiplier: "2")).isEmpty)
        #expect(campaignProblems(F.campaign(.fixedBonus, bonus: 100, from: "2026-12-24T18:00", to: "2026-12-26 08:30",
                                            zone: "Europe/Paris", conditions: CampaignConditions(segments: ["champions"], tiers: ["gold"],
                                            minimumOrderMinor: 20_00, firstOrderOnly: true), cap: 1))
                    .isEmpty)
        #expect(campaignProblems(F.campaign(.lifecycle, bonus: 100, trigger: .enteredTier(nil))).isEmpty)
        #expect(campaignProblems(F.campaign(.lifecycle, bonus: 100, trigger: .enteredSegment("at_risk"))).isEmpty)
    }

    @Test(arguments: [("2026-05-01", "2026-04-30"), ("2026-05-01", "2026-05-01"), ("2026-05-01T10:00", "2026-05-01T09:59"),
                      ("2026-05-01T10:00", "2026-05-01T10:00")])
    func endingBeforeOrWhenItStartsIsRefused(from: String, to: String) {
        let found = campaignProblems(F.campaign(.multiplier, multiplier: "2", from: from, to: to))
        #expect(found.map(\.field) == ["ends_at"], "\(found)")
    }

    @Test func aDSTGapMakesTwoLocalTimesOneInstant() {
        // 02:00 and 03:00 on the Paris spring-forward night are the same instant: an empty window.
        let found = campaignProblems(F.campaign(.multiplier, multiplier: "2", from: "2026-03-29T02:00", to: "2026-03-29T03:00",
                                                zone: "Europe/Paris"))
        #expect(found.map(\.field) == ["ends_at"])
    }

    @Test(arguments: ["Mars/Olympus", "", "  ", "Europe/Pariss"])
    func unknownTimeZonesAreRefused(zone: String) {
        #expect(campaignProblems(F.campaign(.multiplier, multiplier: "2", zone: zone)).map(\.field) == ["time_zone"])
    }

    @Test(arguments: ["2026-02-30", "2026-13-01", "2026-1-05", "05/01/2026", "2026-05-01T24:00", "2026-05-01T10:60",
                      "2026-05-01T10:00:00", "tomorrow", "", "1969-12-31"])
    func malformedDatesAreRefused(text: String) {
        #expect(campaignProblems(F.campaign(.multiplier, multiplier: "2", from: text)).map(\.field) == ["starts_at"])
        #expect(campaignProblems(F.campaign(.multiplier, multiplier: "2", from: "1970-01-01", to: text)).map(\.field) == ["ends_at"])
    }

    @Test(arguments: [("0", "must be above 0"), ("-2", "cannot be negative"), ("1000000000", "above the maximum"),
                      ("1e9", "is not a number"), ("2x", "is not a number")])
    func badCampaignMultipliersAreRefused(multiplier: String, message: String) {
        let found = campaignProblems(F.campaign(.multiplier, multiplier: multiplier))
        #expect(found.count == 1 && found[0].field == "multiplier" && found[0].message.contains(message), "\(found)")
    }

    @Test func kindsNeedTheirOwnFields() {
        #expect(campaignProblems(F.campaign(.multiplier)).map(\.field) == ["multiplier"])
        #expect(campaignProblems(F.campaign(.multiplier, multiplier: "2", bonus: 5)).map(\.field) == ["bonus_points"])
        #expect(campaignProblems(F.campaign(.fixedBonus)).map(\.field) == ["bonus_points"])
        #expect(campaignProblems(F.campaign(.fixedBonus, bonus: 0)).map(\.field) == ["bonus_points"])
        #expect(campaignProblems(F.campaign(.fixedBonus, bonus: -10)).map(\.field) == ["bonus_points"])
        #expect(campaignProblems(F.campaign(.fixedBonus, bonus: 1_000_000_001)).map(\.field) == ["bonus_points"])
        #expect(campaignProblems(F.campaign(.fixedBonus, multiplier: "2", bonus: 5)).map(\.field) == ["multiplier"])
        #expect(campaignProblems(F.campaign(.fixedBonus, bonus: 5, trigger: .enteredTier(nil))).map(\.field) == ["trigger"])
        #expect(campaignProblems(F.campaign(.lifecycle, bonus: 5)).map(\.field) == ["trigger"])
    }

    @Test func unknownSegmentsAndTiersAreRefused() {
        #expect(campaignProblems(F.campaign(.lifecycle, bonus: 5, trigger: .enteredSegment("vips"))).map(\.field) == ["trigger"])
        #expect(campaignProblems(F.campaign(.lifecycle, bonus: 5, trigger: .enteredTier("platinum"))).map(\.field) == ["trigger"])
        let conditions = CampaignConditions(segments: ["vips"], tiers: ["platinum"], minimumOrderMinor: -1)
        #expect(campaignProblems(F.campaign(.multiplier, multiplier: "2", conditions: conditions)).map(\.field)
                    == ["segments", "tiers", "minimum_order"])
        #expect(campaignProblems(F.campaign(.multiplier, multiplier: "2", cap: 0)).map(\.field) == ["max_awards_per_customer"])
        var unnamed = F.campaign(.multiplier, multiplier: "2")
        unnamed.name = LocalizedText()
        #expect(campaignProblems(unnamed).map(\.field) == ["name"])
    }

    @Test func triggersReadAndWriteTheirText() throws {
        #expect(LifecycleTrigger("segment:champions") == .enteredSegment("champions"))
        #expect(LifecycleTrigger("tier: gold ") == .enteredTier("gold"))
        #expect(LifecycleTrigger("tier:*") == .enteredTier(nil))
        for bad in ["tier", "tier:", "level:gold", ""] { #expect(LifecycleTrigger(bad) == nil, "\(bad)") }
        let encoded = try JSONEncoder().encode([LifecycleTrigger.enteredTier(nil)])
        #expect(String(decoding: encoded, as: UTF8.self) == #"["tier:*"]"#)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([LifecycleTrigger].self, from: Data(#"["tier"]"#.utf8)) }
    }
}
