import Foundation
import LoyaltyCore
import LoyaltyStore
import TerminalUI
import Testing
@testable import Dashboard

/// The RFM & churn screen at 80×24 and 140×45 in English, Arabic (mirrored) and Japanese (double width), on the
/// RFM fixture; then each narrow panel, a drilled cell and the empty state.
@Suite struct RFMGoldenTests {
    static let sizes = [(80, 24), (140, 45)]

    static func open(_ w: Int, _ h: Int, lang: String = "en", store: LoyaltyStore = RFMFixture.shared) throws -> DashboardHarness {
        var harness = try DashboardHarness(width: w, height: h, lang: lang, store: store)
        harness.press(.char("7"))
        #expect(harness.state.screen == .rfm)
        return harness
    }

    @Test(arguments: ["en", "ar", "ja"])
    func theScreen(lang: String) throws {
        for (w, h) in Self.sizes {
            var harness = try Self.open(w, h, lang: lang)
            // The cursor on a busier cell than R5 F1, so the cell's figures say something.
            harness.press(.down, .right)
            try expectGolden("rfm-\(lang)-\(w)x\(h)", harness.text)
        }
    }

    @Test func eachNarrowPanel() throws {
        var harness = try Self.open(80, 24)
        harness.press(.char("v"))
        #expect(harness.state.rfm.panel == .migration)
        try expectGolden("rfm-migration-en-80x24", harness.text)
        harness.press(.char("v"))
        #expect(harness.state.rfm.panel == .churn)
        try expectGolden("rfm-churn-en-80x24", harness.text)
    }

    @Test(arguments: ["en", "ar"])
    func aDrilledCell(lang: String) throws {
        for (w, h) in Self.sizes {
            var harness = try Self.open(w, h, lang: lang)
            harness.press(.down, .right, .enter)
            #expect(harness.state.rfm.drill?.loading == false)
            try expectGolden("rfm-drill-\(lang)-\(w)x\(h)", harness.text)
        }
    }

    @Test func theEmptyState() throws {
        let store = try RFMFixture.unscored()
        for (w, h) in Self.sizes {
            let harness = try Self.open(w, h, store: store)
            try expectGolden("rfm-empty-en-\(w)x\(h)", harness.text)
        }
    }

    @Test(arguments: ["en", "ar", "ja"])
    func theSmallestTerminalStillDraws(lang: String) throws {
        var harness = try DashboardHarness(width: ShellLayout.minimum.width, height: ShellLayout.minimum.height, lang: lang,
                                           store: RFMFixture.shared)
        harness.press(.char("7"), .char("v"), .char("v"), .enter, .char("v"), .enter)
        #expect(harness.text.split(separator: "\n").count == ShellLayout.minimum.height)
    }
}

extension RFMGoldenTests {
    /// Cells are shaded through the theme's `heatmap.0`…`heatmap.4` keys by their share of the customers (the
    /// largest cell darkest), never a colour of the pane's own; the cursor cell takes `selection`.
    @Test func theHeatmapIsShadedByTheThemesRamp() throws {
        let harness = try Self.open(80, 24)
        let data = try #require(harness.state.rfm.load.data)
        let counts = RFMHeatmapPanel.counts(data.grid)
        let largest = counts.joined().max() ?? 0
        let theme = harness.state.theme
        let content = ShellLayout(size: Size(width: 80, height: 24)).content
        for (row, line) in counts.enumerated() {
            for (column, count) in line.enumerated() {
                let cell = harness.backend.frame[physicalX: content.x + 3 + column * 6 + 4, content.y + 3 + row]
                let expected: Style
                if RFMCell(HeatmapGrid.Position(row: row, column: column)) == harness.state.rfm.cursor {
                    expected = theme.style(.selection)
                } else {
                    let level = count == 0 ? 0 : max(1, min(4, Int((Double(count) / Double(largest) * 4).rounded(.up))))
                    expected = theme.style(ThemeKey.heatmapLevel(level))
                }
                #expect(cell.style == expected, "R\(5 - row) F\(column + 1) holds \(count)")
            }
        }
        try expectGolden("rfm-en-80x24-styled", harness.backend.styledText())
    }
}
