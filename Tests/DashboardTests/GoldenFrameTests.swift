import LoyaltyCore
import TerminalUI
import Testing
@testable import Dashboard

/// Each screen at 80×24 and 140×45 in English, Arabic (right to left) and Japanese (double width), on the demo store.
@Suite struct GoldenFrameTests {
    static let sizes = [(80, 24), (140, 45)]
    static let languages = ["en", "ar", "ja"]

    @Test(arguments: languages)
    func overview(lang: String) throws {
        for (w, h) in Self.sizes {
            let harness = try DashboardHarness(width: w, height: h, lang: lang)
            try expectGolden("overview-\(lang)-\(w)x\(h)", harness.text)
        }
    }

    /// With tiers (the program fixture's silver and gold): the customers per tier beside the trend on wide
    /// terminals, below it in two columns on narrow ones.
    @Test(arguments: languages)
    func overviewWithTiers(lang: String) throws {
        for (w, h) in Self.sizes {
            let harness = try DashboardHarness(width: w, height: h, lang: lang, store: ProgramFixture.shared)
            let tiers = try #require(harness.state.overview.metrics?.tierDistribution)
            #expect(tiers.tiers.map(\.key) == ["silver", "gold"])
            try expectGolden("overview-tiers-\(lang)-\(w)x\(h)", harness.text)
        }
    }

    @Test(arguments: languages)
    func customerSearch(lang: String) throws {
        for (w, h) in Self.sizes {
            var harness = try DashboardHarness(width: w, height: h, lang: lang)
            harness.press(.char("2"), .char("/"))
            harness.type("an")
            try expectGolden("customers-\(lang)-\(w)x\(h)", harness.text)
        }
    }

    @Test(arguments: languages)
    func journey(lang: String) throws {
        for (w, h) in Self.sizes {
            var harness = try DashboardHarness(width: w, height: h, lang: lang)
            harness.press(.char("2"), .char("/"))
            harness.type("an")
            harness.press(.enter, .enter)
            #expect(harness.state.journey?.journey != nil)
            try expectGolden("journey-\(lang)-\(w)x\(h)", harness.text)
        }
    }

    @Test func helpOverlayAndPalette() throws {
        var harness = try DashboardHarness(width: 80, height: 24)
        harness.press(.char("?"))
        try expectGolden("help-en-80x24", harness.text)
        harness.press(.escape, .char(":"))
        harness.type("th")
        try expectGolden("palette-en-80x24", harness.text)
    }

    @Test func styledOverviewShowsTheThemeRoles() throws {
        let harness = try DashboardHarness(width: 80, height: 24)
        try expectGolden("overview-en-80x24-styled", harness.backend.styledText())
    }

    @Test func asciiThemeDrawsOnlyASCII() throws {
        var harness = try DashboardHarness(width: 80, height: 24, theme: "ascii")
        harness.press(.char("2"))
        let text = harness.text
        let drawing = text.unicodeScalars.filter { (0x2500...0x25FF).contains($0.value) || $0 == "…" }
        #expect(drawing.isEmpty, "box or symbol glyphs in the ascii theme: \(String(String.UnicodeScalarView(drawing)))")
        try expectGolden("customers-ascii-80x24", text)
    }
}
