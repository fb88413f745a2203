import Foundation
import LoyaltyCore
import LoyaltyStore
import TerminalUI
import Testing
@testable import Dashboard

/// The four program screens at 80×24 and 140×45 in English, Arabic (mirrored) and Japanese (double width), on
/// the program fixture; then the what-if modal and an editor showing a validation message.
@Suite struct ProgramGoldenTests {
    static let sizes = [(80, 24), (140, 45)]
    static let screens: [(key: Character, name: String, screen: ScreenID)] = [
        ("3", "program", .program), ("4", "tiers", .tiers), ("5", "campaigns", .campaigns), ("6", "referrals", .referrals),
    ]

    @Test(arguments: ["en", "ar", "ja"])
    func programScreens(lang: String) throws {
        for (key, name, screen) in Self.screens {
            for (w, h) in Self.sizes {
                var harness = try DashboardHarness(width: w, height: h, lang: lang, store: ProgramFixture.shared)
                harness.press(.char(key))
                #expect(harness.state.screen == screen)
                try expectGolden("\(name)-\(lang)-\(w)x\(h)", harness.text)
            }
        }
    }

    /// A what-if report as the store would answer, so the modal's layout is pinned whatever the replay computes.
    static let report: WhatIfReport = {
        let json = """
        {"asOf": \(ProgramFixture.now), "ordersReplayed": 1234, "customers": 187,
         "pointsIssued": {"current": 152340, "proposed": 158910},
         "liability": {"current": 48210, "proposed": 54780},
         "liabilityValueMinor": {"current": 48210, "proposed": 54780},
         "tierCounts": [{"key": null, "name": "No tier", "customers": {"current": 140, "proposed": 128}},
                        {"key": "silver", "name": "Silver", "customers": {"current": 35, "proposed": 44}},
                        {"key": "gold", "name": "Gold", "customers": {"current": 12, "proposed": 15}}],
         "tierMoves": [{"from": null, "to": "silver", "customers": 12}, {"from": "silver", "to": "gold", "customers": 3}],
         "largestChanges": [
           {"customerID": 11, "name": "Ava Thompson", "points": {"current": 2100, "proposed": 2625},
            "tier": {"current": "silver", "proposed": "gold"}},
           {"customerID": 12, "name": "Kenji Sato", "points": {"current": 1800, "proposed": 2250},
            "tier": {"current": "silver", "proposed": "silver"}},
           {"customerID": 13, "name": "Lucía Romero", "points": {"current": 950, "proposed": 1188},
            "tier": {"current": null, "proposed": "silver"}}]}
        """
        return try! JSONDecoder().decode(WhatIfReport.self, from: Data(json.utf8))
    }()

    @Test(arguments: ["en", "ar"])
    func theWhatIfModal(lang: String) throws {
        for (w, h) in Self.sizes {
            var harness = try DashboardHarness(width: w, height: h, lang: lang, store: ProgramFixture.shared)
            harness.press(.char("4"))
            harness.press(.char("j"), .char("e"))
            harness.press(.tab)  // from the name to the threshold
            harness.press(.ctrl("u"))
            harness.type("900.00")
            harness.press(.enter)
            guard case .whatIf(let preview)? = harness.state.overlay else { Issue.record("expected the what-if"); return }
            _ = harness.program.send(.program(.whatIfLoaded(token: preview.token, .success(Self.report))))
            harness.draw()
            try expectGolden("whatif-\(lang)-\(w)x\(h)", harness.text)
        }
    }

    /// The rule's message is in the operator's language: Arabic mirrored, Japanese double width.
    @Test(arguments: ["en", "ar", "ja"])
    func anEditorShowsTheRuleNextToItsField(lang: String) throws {
        for (w, h) in Self.sizes {
            var harness = try DashboardHarness(width: w, height: h, lang: lang, store: ProgramFixture.shared)
            harness.press(.char("4"))
            harness.press(.char("n"))
            harness.type("silver-plus")
            harness.press(.tab)
            harness.type("Silver Plus")
            harness.press(.tab)
            harness.type("250.00")
            harness.press(.enter)
            guard case .editor(let editor)? = harness.state.overlay else { Issue.record("the editor stays open"); return }
            let sameThreshold = ["en": "same threshold", "ar": "العتبة نفسها", "ja": "しきい値が同じ"][lang] ?? "?"
            #expect(editor.form["threshold"]?.error?.contains(sameThreshold) == true)
            try expectGolden("tier-editor-invalid-\(lang)-\(w)x\(h)", harness.text)
        }
    }
}

extension ProgramGoldenTests {
    /// The longest editor, mirrored: labels on the right, fields to their left, the choice arrows outward.
    @Test func theCampaignEditorInArabic() throws {
        var harness = try DashboardHarness(width: 80, height: 24, lang: "ar", store: ProgramFixture.shared)
        harness.press(.char("5"))
        harness.press(.char("n"))
        harness.type("عرض الشتاء")
        harness.press(.tab, .right, .right)
        try expectGolden("campaign-editor-ar-80x24", harness.text)
    }
}

@Suite struct ProgramSmallTerminalTests {
    /// At the smallest size the dashboard draws, every program screen and editor draws without a crash, inside
    /// the frame.
    @Test(arguments: ["en", "ar", "ja"])
    func theSmallestTerminalStillDraws(lang: String) throws {
        var h = try DashboardHarness(width: ShellLayout.minimum.width, height: ShellLayout.minimum.height, lang: lang,
                                     store: ProgramFixture.shared)
        for (screen, keys) in [("3", ["p", "n"]), ("4", ["n"]), ("5", ["n"]), ("6", ["e"])] as [(Character, [Character])] {
            h.press(.char(screen))
            #expect(h.text.split(separator: "\n").count == ShellLayout.minimum.height)
            for key in keys {
                h.press(.char(key))
                #expect(h.state.overlay != nil)
                h.press(.tab, .tab, .enter)
                h.press(.escape, .escape, .escape)
                #expect(h.state.overlay == nil)
            }
        }
    }
}
