import Foundation
import GRDB
import LoyaltyCore
@testable import LoyaltyStore
import Testing

@Suite struct ProgramRulesStoreTests {
    let now = StoreHarness.t0 + 10 * 86_400

    func tier(_ key: String, _ threshold: Int64, _ multiplier: String = "1") -> TierDefinition {
        TierDefinition(key: key, name: LocalizedText(["en": key.capitalized, "ja": "\(key)会員"]), threshold: threshold,
                       multiplier: multiplier, perks: LocalizedText(en: "Free shipping"))
    }

    func campaign(_ multiplier: String? = "2", starts: String = "2026-01-20", ends: String = "2026-01-27",
                  zone: String = "America/New_York") -> CampaignDefinition {
        CampaignDefinition(name: LocalizedText(en: "Double points week"), kind: .multiplier, multiplier: multiplier,
                           startsAt: starts, endsAt: ends, timeZone: zone)
    }

    func tableSnapshot(_ h: StoreHarness) throws -> [Int] {
        try ["vip_tiers", "bonus_campaigns", "audit_logs", "program_settings"].map { try h.count($0) }
    }

    @Test func tiersAreCreatedListedInThresholdOrderUpdatedAndDeletedWithAudit() throws {
        let h = try StoreHarness()
        try h.store.createTier(h.owner, tier("gold", 50_000, "1.5"), now: now)
        try h.store.createTier(h.owner, tier("silver", 20_000, "1.25"), now: now)
        #expect(try h.store.tiers(h.owner).map(\.key) == ["silver", "gold"])
        var gold = try h.store.tier(h.owner, key: "gold").definition
        gold.threshold = 60_000
        try h.store.updateTier(h.owner, key: "gold", gold, now: now + 1)
        #expect(try h.store.tier(h.owner, key: "gold").definition.threshold == 60_000)
        try h.store.deleteTier(h.owner, key: "silver", now: now + 2)
        #expect(try h.store.tiers(h.owner).map(\.key) == ["gold"])
        let actions = try h.store.auditLog(h.owner, entity: "vip_tier").map(\.action)
        #expect(actions.sorted() == ["tier.create", "tier.create", "tier.delete", "tier.update"])
        // A deleted tier's key may be used again.
        try h.store.createTier(h.owner, tier("silver", 25_000), now: now + 3)
        #expect(try h.store.tiers(h.owner).map(\.key) == ["silver", "gold"])
    }

    @Test func badTiersAreRefusedAndNothingIsSaved() throws {
        let h = try StoreHarness()
        try h.store.createTier(h.owner, tier("silver", 20_000), now: now)
        let before = try tableSnapshot(h)
        let bad: [(TierDefinition, String)] = [
            (tier("gold", 20_000), "same threshold"),
            (tier("silver", 30_000), "already exists"),
            (tier("Gold!", 30_000), "must be 1–32 characters"),
            (tier("gold", 30_000, "0"), "must be above 0"),
            (tier("gold", 30_000, "-2"), "cannot be negative"),
            (tier("gold", 30_000, "1000000000"), "above the maximum"),
            (tier("gold", -1), "cannot be negative"),
            (TierDefinition(key: "gold", name: LocalizedText(), threshold: 30_000), "tier name cannot be empty"),
            (TierDefinition(key: "gold", name: LocalizedText(["xx": "Gold"]), threshold: 30_000), "not one of the product's languages"),
        ]
        for (definition, expected) in bad {
            do {
                try h.store.createTier(h.owner, definition, now: now)
                Issue.record("accepted \(definition)")
            } catch let error as StoreError {
                #expect(error.description.contains(expected), "\(error)")
                #expect(error.description.contains("Nothing was changed"))
            }
        }
        var silver = try h.store.tier(h.owner, key: "silver").definition
        silver.key = "bronze"
        #expect(throws: StoreError.self) { try h.store.updateTier(h.owner, key: "silver", silver, now: now) }
        #expect(throws: StoreError.tierNotFound("platinum")) { try h.store.deleteTier(h.owner, key: "platinum", now: now) }
        #expect(try tableSnapshot(h) == before)
    }

    @Test func onlyStaffAndAboveEditTiersAndCampaigns() throws {
        let h = try StoreHarness()
        for role in [Role.viewer, .support] {
            let session = try h.session(role)
            #expect(throws: StoreError.permissionDenied(operator: "op-\(role.rawValue)", role: role, action: "edit tiers")) {
                try h.store.createTier(session, tier("gold", 1), now: now)
            }
            #expect(throws: StoreError.permissionDenied(operator: "op-\(role.rawValue)", role: role, action: "edit campaigns")) {
                try h.store.createCampaign(session, campaign(), now: now)
            }
        }
        #expect(try h.count("vip_tiers") == 0 && h.count("bonus_campaigns") == 0)
        let staff = try h.session(.staff)
        try h.store.createTier(staff, tier("gold", 1), now: now)
        let created = try h.store.createCampaign(staff, campaign(), now: now)
        #expect(created.status == .draft)
    }

    @Test func campaignsFollowOnlyLegalTransitions() throws {
        let h = try StoreHarness()
        let c = try h.store.createCampaign(h.owner, campaign(), now: now)
        #expect(c.window.start == LocalTime.resolve("2026-01-20", in: TimeZone(identifier: "America/New_York")!))
        #expect(throws: StoreError.self) { try h.store.changeCampaign(h.owner, id: c.id, .pause, now: now) }
        #expect(try h.store.changeCampaign(h.owner, id: c.id, .launch, now: now).status == .scheduled)
        let during = c.window.start + 3600
        #expect(try h.store.campaign(h.owner, id: c.id, now: during).status == .active)
        #expect(throws: StoreError.self) { try h.store.updateCampaign(h.owner, id: c.id, campaign("3"), now: during) }
        #expect(try h.store.changeCampaign(h.owner, id: c.id, .pause, now: during).status == .paused)
        #expect(try h.store.updateCampaign(h.owner, id: c.id, campaign("3"), now: during).definition.multiplier == "3")
        #expect(try h.store.changeCampaign(h.owner, id: c.id, .resume, now: during).status == .active)
        #expect(try h.store.campaign(h.owner, id: c.id, now: c.window.end).status == .ended)
        #expect(throws: StoreError.self) { try h.store.changeCampaign(h.owner, id: c.id, .resume, now: c.window.end) }
        let actions = try h.store.auditLog(h.owner, entity: "bonus_campaign").map(\.action)
        #expect(Set(actions) == ["campaign.create", "campaign.launch", "campaign.pause", "campaign.update", "campaign.resume"])
        try h.store.deleteCampaign(h.owner, id: c.id, now: now)
        #expect(throws: StoreError.campaignNotFound(c.id)) { try h.store.campaign(h.owner, id: c.id, now: now) }
    }

    @Test func badCampaignsAreRefusedAndNothingIsSaved() throws {
        let h = try StoreHarness()
        try h.store.createTier(h.owner, tier("gold", 50_000, "100"), now: now)
        let before = try tableSnapshot(h)
        var lifecycle = campaign(nil)
        lifecycle.kind = .lifecycle
        lifecycle.bonusPoints = 100
        var unknownSegment = lifecycle
        unknownSegment.trigger = .enteredSegment("vampires")
        var zeroBonus = campaign(nil)
        zeroBonus.kind = .fixedBonus
        zeroBonus.bonusPoints = 0
        var unknownTier = campaign()
        unknownTier.conditions.tiers = ["platinum"]
        let bad: [(CampaignDefinition, String)] = [
            (campaign(starts: "2026-02-01", ends: "2026-01-01"), "before or when it starts"),
            (campaign(starts: "2026-02-01", ends: "2026-02-01"), "before or when it starts"),
            (campaign(zone: "Mars/Olympus_Mons"), "not a known time zone"),
            (campaign(zone: ""), "not a known time zone"),
            (campaign(starts: "2026-02-30"), "is not a date"),
            (campaign(starts: "tomorrow"), "is not a date"),
            (campaign("0"), "must be above 0"),
            (campaign("-2"), "cannot be negative"),
            (campaign("1e9"), "is not a number"),
            (campaign("1000000000"), "above the maximum"),
            (campaign(nil), "needs a multiplier"),
            (zeroBonus, "between 1 and"),
            (lifecycle, "needs a trigger"),
            (unknownSegment, "is not an RFM segment"),
            (unknownTier, "is not a tier"),
        ]
        for (definition, expected) in bad {
            do {
                try h.store.createCampaign(h.owner, definition, now: now)
                Issue.record("accepted \(definition)")
            } catch let error as StoreError {
                #expect(error.description.contains(expected), "\(expected) ← \(error)")
            }
        }
        #expect(try tableSnapshot(h) == before)
    }

    @Test func stackingThatCouldOverflowIsRefused() throws {
        // Yen have no minor unit, so the largest order (10^12 yen) at 1,000 pts per yen is 10^15 points before
        // multipliers; with a ×100 campaign on top, a tier may multiply by at most ~92.
        var settings = ProgramSettings()
        settings.pointsPerUnit = "1000"
        let h = try StoreHarness(settings: settings, currency: "JPY")
        try h.store.createTier(h.owner, tier("gold", 50_000, "50"), now: now)
        #expect(throws: StoreError.self) { try h.store.createTier(h.owner, tier("platinum", 90_000, "95"), now: now) }
        do { try h.store.createTier(h.owner, tier("platinum", 90_000, "95"), now: now) } catch {
            #expect("\(error)".contains("could overflow"))
        }
        try h.store.createCampaign(h.owner, campaign("100", zone: "Asia/Tokyo"), now: now)
        // Raising the rate tenfold would make gold × any campaign overflow: the settings are refused too.
        var faster = try h.store.settings(h.owner).settings
        faster.pointsPerUnit = "10000"
        #expect(throws: StoreError.self) { try h.store.updateSettings(h.owner, faster, reason: "more points", now: now) }
        #expect(try h.store.tiers(h.owner).count == 1 && h.store.settings(h.owner).settings.pointsPerUnit == "1000")
    }

    @Test func settingsRejectUnknownTimeZonesAndAbsurdRates() throws {
        let h = try StoreHarness()
        let versions = try h.count("program_settings")
        for (mutate, expected) in [({ (s: inout ProgramSettings) in s.timeZone = "Europe/Atlantis" }, "time zone"),
                                   ({ (s: inout ProgramSettings) in s.pointsPerUnit = "20000" }, "above the maximum"),
                                   ({ (s: inout ProgramSettings) in s.referralWeeklyLimit = -1 }, "weekly limit")] {
            var settings = try h.store.settings(h.owner).settings
            mutate(&settings)
            #expect(throws: StoreError.self) { try h.store.updateSettings(h.owner, settings, reason: "test", now: now) }
            do { try h.store.updateSettings(h.owner, settings, reason: "test", now: now) } catch {
                #expect("\(error)".contains(expected))
            }
        }
        #expect(try h.count("program_settings") == versions)
    }

    @Test func settingsSavedBeforeTiersExistedStillDecode() throws {
        let old = #"{"currency":"USD","timeZone":"UTC","pointsPerUnit":"1","earnBase":"subtotal","minimumOrderMinor":0,"signupPoints":0,"birthdayPoints":0,"referralAdvocatePoints":0,"referralFriendPoints":0,"pendingDays":0,"expiry":{"never":{}},"negativeBalance":"allow_negative","multiplierStacking":"multiply","supportAdjustLimit":500}"#
        let settings = try JSONDecoder().decode(ProgramSettings.self, from: Data(old.utf8))
        #expect(settings.tiers == TierPolicy() && settings.referralWeeklyLimit == 0)
    }
}
