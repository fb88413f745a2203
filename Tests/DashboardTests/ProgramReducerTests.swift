import Foundation
import LoyaltyCore
import LoyaltyStore
import TerminalUI
import Testing
@testable import Dashboard

extension DashboardHarness {
    var editor: EditorState? {
        if case .editor(let editor)? = state.overlay { return editor }
        return nil
    }

    /// Moves the editor's focus to field `id` and replaces its text with `text`.
    mutating func fill(_ id: String, _ text: String) {
        for _ in 0..<20 where editor?.form.focusedID != id { _ = program.handle(.key(.tab)) }
        #expect(editor?.form.focusedID == id, "no focusable field \(id)")
        _ = program.handle(.key(.ctrl("u")))
        type(text)
    }

    /// Moves the editor's focus to choice `id` and steps it `steps` options forward.
    mutating func choose(_ id: String, steps: Int) {
        for _ in 0..<20 where editor?.form.focusedID != id { _ = program.handle(.key(.tab)) }
        for _ in 0..<steps { _ = program.handle(.key(.right)) }
        draw()
    }

    var isConfirming: Bool { if case .confirm? = state.overlay { return true } else { return false } }
    var whatIf: WhatIfState? { if case .whatIf(let preview)? = state.overlay { return preview } else { return nil } }
}

/// The program screens driven through the real store: every write after its confirmation (or what-if), the
/// store's refusals shown next to their fields, and nothing written on Esc or Ctrl-C.
@Suite struct ProgramReducerTests {
    static let now = ProgramFixture.now

    func owner(_ store: LoyaltyStore) throws -> Session { try store.session(merchant: nil, operator: nil) }

    func open(_ screen: Character, store: LoyaltyStore, operatorName: String? = nil) throws -> DashboardHarness {
        var h = try DashboardHarness(width: 100, height: 30, store: store, operatorName: operatorName)
        h.press(.char(screen))
        return h
    }

    // MARK: rewards

    @Test func aRewardIsCreatedEditedAndDeletedThroughTheStore() throws {
        let store = try ProgramFixture.make()
        var h = try open("3", store: store)
        let before = try store.rewards(try owner(store)).count
        h.press(.char("n"))
        h.fill("name", "Tote bag")
        h.fill("points_cost", "700")
        h.fill("value", "7.00")
        h.press(.enter)
        #expect(h.isConfirming)
        #expect(h.text.contains("Tote bag") && h.text.contains("700"))
        h.press(.enter)
        var rewards = try store.rewards(try owner(store))
        #expect(rewards.count == before + 1)
        let tote = try #require(rewards.first { $0.name == "Tote bag" })
        #expect(tote.pointsCost == 700 && tote.valueMinor == 700 && tote.kind == "fixed_amount")
        #expect(h.state.points.load.data?.rewards.contains { $0.name == "Tote bag" } == true, "the screen reloads")
        #expect(h.state.toast?.level == .ok)

        let row = try #require(h.state.points.load.data?.rewards.firstIndex { $0.id == tote.id })
        h.program.selectProgramRowForTesting(row)
        h.press(.char("e"))
        #expect(h.editor?.form.text("name") == "Tote bag")
        h.fill("points_cost", "650")
        h.press(.enter, .enter)
        rewards = try store.rewards(try owner(store))
        #expect(rewards.first { $0.id == tote.id }?.pointsCost == 650)

        h.press(.char("d"))
        #expect(h.isConfirming && h.text.contains("Tote bag"))
        h.press(.enter)
        #expect(try store.rewards(try owner(store)).contains { $0.id == tote.id } == false)
        let actions = try store.auditLog(try owner(store), limit: 10).map(\.action)
        #expect(actions.contains("reward.create") && actions.contains("reward.update") && actions.contains("reward.delete"))
    }

    @Test func escapeOrCtrlCInsideAConfirmationWritesNothing() throws {
        let store = try ProgramFixture.make()
        var h = try open("3", store: store)
        let before = try store.rewards(try owner(store))
        h.press(.char("n"))
        h.fill("name", "Mug")
        h.fill("points_cost", "400")
        h.fill("value", "4.00")
        h.press(.enter)
        #expect(h.isConfirming)
        h.press(.escape)
        #expect(h.editor?.form.text("name") == "Mug", "Esc goes back to the editor with what was typed")
        #expect(try store.rewards(try owner(store)) == before)
        h.press(.enter)
        #expect(h.isConfirming)
        #expect(h.program.handle(.key(.ctrl("c"))) == .quit)
        h.program.settle()
        #expect(try store.rewards(try owner(store)) == before)
    }

    // MARK: earning rules

    @Test func theExampleFollowsEveryKeystrokeAndShowsTheValidationMessageInstead() throws {
        var h = try open("3", store: ProgramFixture.shared)
        h.press(.char("p"))
        #expect(h.editor?.form.focusedID == "points_per_unit")
        #expect(h.text.contains("An order of 124.00 USD earns 124 pts = 124.00 × 1 pt/USD"))
        h.press(.ctrl("u"))
        #expect(h.text.contains("Points per USD: Required"))
        h.type("3")
        #expect(h.text.contains("earns 372 pts = 124.00 × 3 pt/USD"))
        h.type(".")
        #expect(h.text.contains("earns 372 pts"))
        h.type("5")
        #expect(h.text.contains("earns 434 pts = 124.00 × 3.5 pt/USD"))
        h.type("x")
        #expect(h.text.contains("Points per USD: Enter a number like 1 or 0.5"))
        h.press(.backspace)
        h.fill("example_order", "3.00")
        #expect(h.text.contains("An order of 3.00 USD earns nothing: below the 5.00 USD minimum order"))
        h.press(.escape)
        #expect(h.state.overlay == nil)
    }

    @Test func savingTheEarningRulesAsksForAReasonAndSavesAVersion() throws {
        let store = try ProgramFixture.make()
        var h = try open("3", store: store)
        let before = try store.settings(try owner(store))
        h.press(.char("p"))
        h.fill("points_per_unit", "2")
        h.choose("stacking", steps: 1)
        h.press(.enter)
        guard case .reason? = h.state.overlay else { Issue.record("expected the reason"); return }
        h.press(.enter)
        guard case .reason? = h.state.overlay else { Issue.record("a reason is required"); return }
        h.type("double points for the relaunch")
        h.press(.enter)
        #expect(h.isConfirming && h.text.contains("version \(before.version + 1)"))
        h.press(.enter)
        let after = try store.settings(try owner(store))
        #expect(after.version == before.version + 1)
        #expect(after.settings.pointsPerUnit == "2" && after.settings.multiplierStacking == .bestOf)
        let saved = try #require(try store.settingsVersions(try owner(store), limit: 1).first)
        #expect(saved.reason == "double points for the relaunch" && saved.operatorName == "ada")
        #expect(h.text.contains("Rules v\(after.version), saved"))
    }

    @Test func theReferralSettingsAreSavedAsASettingsVersion() throws {
        let store = try ProgramFixture.make()
        var h = try open("6", store: store)
        h.press(.char("e"))
        h.fill("advocate_points", "400")
        h.fill("weekly_limit", "3")
        h.press(.enter)
        h.type("summer referral push")
        h.press(.enter, .enter)
        let settings = try store.settings(try owner(store)).settings
        #expect(settings.referralAdvocatePoints == 400 && settings.referralWeeklyLimit == 3)
        #expect(h.text.contains("400 pts"))
    }

    // MARK: tiers

    @Test func aTierIsPreviewedThenEscWritesNothingAndEnterSaves() throws {
        let store = try ProgramFixture.make()
        var h = try open("4", store: store)
        h.press(.char("n"))
        h.fill("key", "platinum")
        h.fill("name", "Platinum")
        h.fill("threshold", "2500.00")
        h.fill("multiplier", "2")
        h.press(.enter)
        let preview = try #require(h.whatIf, "the what-if runs before anything is saved")
        #expect(!preview.isLoading, "settle waits for the replay")
        #expect(h.text.contains("What-if: Create tier platinum"))
        h.press(.escape)
        #expect(h.editor?.form.text("key") == "platinum", "Esc goes back to the editor")
        #expect(try store.tiers(try owner(store)).contains { $0.key == "platinum" } == false)
        h.press(.enter)
        #expect(h.whatIf != nil)
        h.press(.enter)
        let tiers = try store.tiers(try owner(store))
        #expect(tiers.first { $0.key == "platinum" }?.definition.threshold == 250_000)
        #expect(h.state.tiers.load.data?.tiers.count == 3)
        #expect(try store.auditLog(try owner(store), limit: 5).contains { $0.action == "tier.create" })
    }

    @Test func aTierIsEditedAndDeletedAfterItsPreview() throws {
        let store = try ProgramFixture.make()
        var h = try open("4", store: store)
        h.press(.char("j"), .char("e"))  // gold
        #expect(h.editor?.form.text("key") == "gold")
        h.fill("multiplier", "1.75")
        h.press(.enter)
        #expect(h.whatIf != nil)
        h.press(.enter)
        #expect(try store.tier(try owner(store), key: "gold").definition.multiplier == "1.75")
        // Gold is named by a campaign: the store refuses to delete it and says why.
        h.press(.char("d"))
        #expect(h.text.contains("What-if: Delete tier gold"))
        h.press(.enter)
        #expect(h.state.toast?.level == .error && h.state.toast?.message.contains("refers to this tier") == true)
        #expect(try store.tiers(try owner(store)).contains { $0.key == "gold" })
        h.press(.char("k"), .char("d"))  // silver
        h.press(.enter)
        #expect(try store.tiers(try owner(store)).map(\.key) == ["gold"])
    }

    @Test func theMonthsMovementAndTheDistributionFollowATierChange() throws {
        let store = try ProgramFixture.make()
        var h = try open("4", store: store)
        let before = try #require(h.state.tiers.load.data)
        #expect(before.movement == TierMovement(up: 0, down: 0), "the fixture's tiers were created last month")
        h.press(.char("n"))
        h.fill("key", "bronze")
        h.fill("name", "Bronze")
        h.fill("threshold", "10.00")
        h.press(.enter)
        h.press(.enter)
        let after = try #require(h.state.tiers.load.data)
        #expect(after.tiers.map(\.key) == ["bronze", "silver", "gold"])
        #expect(after.movement.up > 0 && after.movement.down == 0)
        #expect(after.distribution.noTier < before.distribution.noTier)
        #expect(after.movement.up == before.distribution.noTier - after.distribution.noTier)
        #expect(h.text.contains("▲ \(after.movement.up) moved up"))
        h.program.selectProgramRowForTesting(0)
        h.press(.char("d"))
        h.press(.enter)
        let deleted = try #require(h.state.tiers.load.data)
        #expect(deleted.movement.down == after.distribution.members["bronze"], "bronze's members moved down when it went")
        #expect(deleted.movement.up == after.movement.up)
    }

    @Test func twoTiersWithOneThresholdAreRefusedNextToTheThreshold() throws {
        let store = try ProgramFixture.make()
        var h = try open("4", store: store)
        h.press(.char("n"))
        h.fill("key", "bronze")
        h.fill("name", "Bronze")
        h.fill("threshold", "1000.00")
        h.press(.enter)
        let error = try #require(h.editor?.form["threshold"]?.error)
        #expect(error.contains("same threshold"))
        #expect(h.editor?.form.focusedID == "threshold")
        #expect(h.whatIf == nil, "no preview of a table that cannot be saved")
        h.fill("threshold", "abc")
        h.press(.enter)
        #expect(h.editor?.form["threshold"]?.error == "Enter an amount in USD, like 12.50")
        #expect(try store.tiers(try owner(store)).count == 2)
    }

    // MARK: campaigns

    @Test func aCampaignIsDraftedLaunchedAfterItsPreviewPausedResumedAndEnded() throws {
        let store = try ProgramFixture.make()
        var h = try open("5", store: store)
        h.press(.char("n"))
        h.fill("name", "Cyber Monday")
        h.fill("starts_at", "2026-11-30")
        h.fill("ends_at", "2026-12-01")
        h.press(.enter)
        #expect(h.isConfirming)
        h.press(.enter)
        let created = try #require(try store.campaigns(try owner(store), now: Self.now).first { $0.definition.name.text(for: "en") == "Cyber Monday" })
        #expect(created.status == .draft && created.definition.multiplier == "2")
        #expect(created.definition.timeZone == "America/New_York")

        let row = try #require(h.state.campaigns.rows.firstIndex { $0.id == created.id })
        h.program.selectProgramRowForTesting(row)
        h.press(.char("L"))
        #expect(h.whatIf != nil && h.text.contains("Launch Cyber Monday"))
        h.press(.escape)
        #expect(try store.campaign(try owner(store), id: created.id, now: Self.now).status == .draft, "Esc launches nothing")
        h.press(.char("L"))
        h.press(.enter)
        #expect(try store.campaign(try owner(store), id: created.id, now: Self.now).status == .scheduled)
        #expect(h.state.campaigns.selectedCampaign?.id == created.id, "the selection follows the campaign")

        h.press(.char("p"))
        #expect(h.isConfirming)
        h.press(.enter)
        #expect(try store.campaign(try owner(store), id: created.id, now: Self.now).status == .paused)
        h.press(.char("p"), .enter)
        #expect(try store.campaign(try owner(store), id: created.id, now: Self.now).status == .scheduled)
        h.press(.char("x"), .enter)
        #expect(try store.campaign(try owner(store), id: created.id, now: Self.now).status == .ended)
        h.press(.char("x"))
        #expect(!h.isConfirming && h.state.toast?.level == .warn, "an ended campaign cannot end again")
        let actions = try store.auditLog(try owner(store), limit: 10).map(\.action)
        for action in ["campaign.create", "campaign.launch", "campaign.pause", "campaign.resume", "campaign.end"] {
            #expect(actions.contains(action), "audit lacks \(action)")
        }
    }

    @Test(arguments: [("0", "must be above 0"), ("-1", "cannot be negative"), ("1e9", "is not a number like 1.5"),
                      ("1000000000", "above the maximum")])
    func aCampaignMultiplierOutsideTheRulesIsRefused(multiplier: String, message: String) throws {
        let store = try ProgramFixture.make()
        var h = try open("5", store: store)
        h.press(.char("n"))
        h.fill("name", "Bad multiplier")
        h.fill("multiplier", multiplier)
        h.press(.enter)
        let error = try #require(h.editor?.form["multiplier"]?.error)
        #expect(error.contains(message))
        #expect(try store.campaigns(try owner(store), now: Self.now).count == 5)
    }

    @Test func aCampaignEndingBeforeItStartsOrInAnUnknownZoneIsRefusedNextToTheField() throws {
        let store = try ProgramFixture.make()
        var h = try open("5", store: store)
        h.press(.char("n"))
        h.fill("name", "Backwards")
        h.fill("starts_at", "2026-12-10")
        h.fill("ends_at", "2026-12-01")
        h.press(.enter)
        #expect(h.editor?.form["ends_at"]?.error?.contains("before or when it starts") == true)
        h.fill("ends_at", "2026-12-20")
        h.fill("time_zone", "Mars/Olympus_Mons")
        h.press(.enter)
        #expect(h.editor?.form["time_zone"]?.error?.contains("not a known time zone") == true)
        #expect(h.text.contains("not a known time zone"))
        #expect(try store.campaigns(try owner(store), now: Self.now).count == 5)
    }

    @Test func aProblemOnlyTheStoreFindsComesBackUnderItsField() throws {
        let store = try ProgramFixture.make()
        var h = try open("5", store: store)
        h.press(.char("n"))
        h.fill("name", "Unknown segment")
        h.fill("segments", "vip_whales")
        h.press(.enter, .enter)
        #expect(h.editor?.form["segments"]?.error?.contains("is not an RFM segment") == true)
        #expect(try store.campaigns(try owner(store), now: Self.now).count == 5)
    }

    @Test func theFiltersShowOneStatusAtATime() throws {
        var h = try open("5", store: ProgramFixture.shared)
        #expect(h.state.campaigns.rows.map(\.status) == [.active, .scheduled, .paused, .draft, .ended], "grouped by status")
        h.press(.char("f"))
        #expect(h.state.campaigns.filter == .active && h.state.campaigns.rows.count == 1)
        #expect(h.text.contains("Campaigns · active (1)"))
        for _ in 0..<5 { h.press(.char("f")) }
        #expect(h.state.campaigns.filter == nil && h.state.campaigns.rows.count == 5)

        h.press(.char("6"))
        #expect(h.state.referrals.load.data?.referrals.count == 3)
        h.press(.char("f"))
        #expect(h.state.referrals.filter == .signedUp)
        #expect(h.state.referrals.load.data?.referrals.map(\.status) == [.signedUp])
        h.press(.char("f"), .char("f"))
        #expect(h.state.referrals.load.data?.referrals.map(\.status) == [.rejected])
        #expect(h.state.referrals.load.data?.referrals.first?.rejectionReason?.contains("already ordered") == true)
        #expect(h.text.contains("the friend had"), "the reason is in the table")
    }

    // MARK: roles

    @Test func aViewerReadsTheScreensButIsRefusedEveryEditAndNothingIsWritten() throws {
        let store = try ProgramFixture.make()
        for (screen, keys) in [("3", ["p", "n", "e", "d"]), ("4", ["n", "e", "d"]), ("5", ["n", "e", "L", "p", "x", "d"]),
                               ("6", ["e"])] as [(Character, [Character])] {
            var h = try open(screen, store: store, operatorName: "vera")
            #expect(!h.text.contains("n New") && !h.text.contains("e Edit") && !h.text.contains("e Settings"),
                    "the footer offers no edit keys to a viewer")
            for key in keys {
                h.press(.char(key))
                #expect(h.state.overlay == nil, "\(key) on screen \(screen) opened something")
                #expect(h.state.toast?.level == .error)
            }
            h.press(.enter)
            #expect(h.state.overlay == nil && (screen != "6" || h.state.journey != nil), "Enter edits nothing for a viewer")
        }
        let audit = try store.auditLog(try owner(store), limit: 50)
        #expect(!audit.contains { $0.operatorName == "vera" })
    }

    @Test func staffEditRewardsButNotTheEarningRules() throws {
        var h = try open("3", store: ProgramFixture.shared, operatorName: "grace")
        #expect(h.text.contains("n New") && !h.text.contains("Earning rules"))
        h.press(.char("p"))
        #expect(h.state.overlay == nil && h.state.toast?.message.contains("not allowed") == true)
        h.press(.char("n"))
        #expect(h.editor != nil)
    }

    @Test func aStoreRefusalOfTheRoleIsShownWhenTheUIDidNotKnow() throws {
        let store = try ProgramFixture.make()
        var h = try open("5", store: store, operatorName: "grace")
        // A stale state that believes staff may edit settings: the store still refuses and nothing is written.
        let before = try store.settings(try owner(store))
        var settings = before.settings
        settings.referralWeeklyLimit = 9
        h.program.runWriteForTesting(.program(.saveSettings(settings, part: .referrals, reason: "sneaky")))
        #expect(h.state.toast?.level == .error && h.state.toast?.message.contains("may not edit program settings") == true)
        #expect(try store.settings(try owner(store)).version == before.version)
    }
}
