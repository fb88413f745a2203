import Testing
@testable import TerminalUI

@Suite struct BarChartTests {
    let tiers = BarChart(bars: [.init(label: "Gold", value: 10), .init(label: "Silver", value: 3.3),
                                .init(label: "Bronze", value: 0)])

    @Test func scalesBarsToTheLargestValueWithEighthBlocks() {
        #expect(styled(draw(tiers, width: 24, height: 3)) == lines(
            "Gold   █████████████  10",
            ".......aaaaaaaaaaaaa....",
            "Silver ████▎         3.3",
            ".......bbbbb............",
            "Bronze                 0",
            "........................",
            "-- styles --",
            "a: fg=ansi1 bg=default",
            "b: fg=ansi2 bg=default"))
    }

    @Test func fallsBackToWholeAsciiCells() {
        #expect(text(draw(tiers, width: 24, height: 3, glyphs: .ascii)) == lines(
            "Gold   #############  10",
            "Silver ####          3.3",
            "Bronze                 0"))
    }

    @Test func growsFromTheTrailingSideInRightToLeftLayouts() {
        // Eighth blocks hug the left of their cell, so a bar growing leftwards uses whole cells only.
        #expect(text(draw(tiers, width: 24, height: 3, direction: .rightToLeft)) == lines(
            "10  █████████████   Gold",
            "3.3          ████ Silver",
            "0                 Bronze"))
    }

    @Test func eachEighthOfACellHasItsGlyph() {
        let chart = BarChart(bars: (1...8).map { .init(label: "", value: Double($0), valueText: "") }, scaleMax: 8)
        #expect(text(draw(chart, width: 1, height: 8)) == Glyphs.unicode.barEighths.map(String.init).joined(separator: "\n"))
    }

    @Test func formatsValuesUnlessTheCallerGivesText() {
        #expect(BarChart.format(1200) == "1200")
        #expect(BarChart.format(2.25) == "2.3")
        #expect(BarChart.format(-4) == "-4")
        #expect(BarChart.format(.nan) == "")
        let chart = BarChart(bars: [.init(label: "Gold", value: 1200, valueText: "1.2k")])
        #expect(text(draw(chart, width: 12, height: 1)) == "Gold ██ 1.2k")
    }

    @Test func drawsNoBarsWhenEveryValueIsZero() {
        let zeros = BarChart(bars: [.init(label: "A", value: 0), .init(label: "B", value: 0)])
        #expect(text(draw(zeros, width: 8, height: 2)) == lines("A      0", "B      0"))
    }
}

@Suite struct SparklineTests {
    @Test func scalesToTheLargestValue() {
        #expect(text(draw(Sparkline(values: [0, 1, 2, 3, 4, 5, 6, 7, 8, 4]), width: 10, height: 1)) == "▁▂▃▄▅▅▆▇█▅")
    }

    @Test func keepsTheMostRecentValuesThatFit() {
        #expect(text(draw(Sparkline(values: [8, 8, 0, 8]), width: 2, height: 1)) == "▁█")
    }

    @Test func handlesEmptyAllZeroAndNegativeSeries() {
        #expect(text(draw(Sparkline(values: []), width: 3, height: 1)) == "   ")
        #expect(text(draw(Sparkline(values: [0, 0, 0]), width: 3, height: 1)) == "▁▁▁")
        #expect(text(draw(Sparkline(values: [-5, 10]), width: 3, height: 1)) == "▁█ ")
    }

    @Test func runsFromTheTrailingSideInRightToLeftLayouts() {
        #expect(text(draw(Sparkline(values: [1, 2, 3]), width: 4, height: 1, direction: .rightToLeft)) == " █▆▃")
    }

    @Test func usesTheAsciiLevelsAndTheSeriesColour() {
        let frame = draw(Sparkline(values: [0, 5, 10], series: 2), width: 3, height: 1, glyphs: .ascii)
        #expect(styled(frame) == lines("_=#", "aaa", "-- styles --", "a: fg=ansi2 bg=default"))
    }
}

@Suite struct GaugeTests {
    @Test func fillsItsShareWithATrackForTheRest() {
        #expect(styled(draw(Gauge(ratio: 0.42, label: "Used"), width: 20, height: 1)) == lines(
            "Used ████▋────── 42%",
            ".....aaaaabbbbbb....",
            "-- styles --",
            "a: fg=ansi2 bg=default",
            "b: fg=ansi8 bg=default"))
        #expect(text(draw(Gauge(ratio: 0.42, label: "Used"), width: 20, height: 1, glyphs: .ascii))
            == "Used #####------ 42%")
    }

    @Test func clampsTheRatio() {
        #expect(text(draw(Gauge(ratio: 1.5, label: ""), width: 10, height: 1)) == "█████ 100%")
        #expect(text(draw(Gauge(ratio: .nan, label: ""), width: 10, height: 1)) == "─────── 0%")
        #expect(Gauge(ratio: -1, label: "").clampedRatio == 0)
    }

    @Test func mirrorsAndTakesTheCallersText() {
        #expect(text(draw(Gauge(ratio: 0.5, label: "Tier", valueText: "5/10"), width: 20, height: 1,
                          direction: .rightToLeft)) == "5/10 ─────█████ Tier")
    }
}

@Suite struct HeatmapGridTests {
    let grid = HeatmapGrid(counts: [[0, 1, 5], [10, 3, 8]], rowLabels: ["Mon", "Tue"],
                           columnLabels: ["0h", "1h", "2h"], cursor: .init(row: 1, column: 2))

    @Test func coloursCellsByShareWithTheCursorHighlighted() {
        #expect(styled(draw(grid, width: 16, height: 3)) == lines(
            "    0h 1h 2h    ",
            "....aa.aa.aa....",
            "Mon  0  1  5    ",
            "aaa.bb.bb.bb....",
            "Tue 10  3  8    ",
            "aaa.cc.bb.dd....",
            "-- styles --",
            "a: fg=default bg=default dim",
            "b: fg=default bg=ansi4",
            "c: fg=default bg=ansi1",
            "d: fg=default bg=default reverse"))
    }

    @Test func levelsAreQuartersOfTheLargestCount() {
        #expect([0, 1, 2, 3, 5, 6, 8, 10].map(grid.level(of:)) == [0, 1, 1, 2, 2, 3, 4, 4])
    }

    @Test func usesTheFiveStepRampWhenTheThemeHasIt() {
        var styles = TestTheme.theme.styles
        for level in 0..<ThemeKey.heatmapLevels {
            styles[.heatmapLevel(level)] = Style(background: .indexed(UInt8(232 + level * 5)))
        }
        let ramp = Theme(name: "ramp", styles: styles)
        let frame = draw(HeatmapGrid(counts: [[0, 1, 4, 7, 10]], showsCounts: false), width: 14, height: 1, theme: ramp)
        #expect(styled(frame) == lines(
            "              ",
            "aa.bb.cc.dd.ee",
            "-- styles --",
            "a: fg=default bg=idx232",
            "b: fg=default bg=idx237",
            "c: fg=default bg=idx242",
            "d: fg=default bg=idx247",
            "e: fg=default bg=idx252"))
    }

    @Test func mirrorsInRightToLeftLayouts() {
        // Counts keep trailing alignment, which is the left of each cell in a mirrored layout.
        #expect(text(draw(grid, width: 16, height: 3, direction: .rightToLeft)) == lines(
            "    2h 1h 0h    ",
            "    5  1  0  Mon",
            "    8  3  10 Tue"))
    }

    @Test func arrowsMoveTheCursorWithinTheGrid() {
        var g = grid
        #expect(g.handle(.right) == .handled)
        #expect(g.cursor == .init(row: 1, column: 2))
        _ = g.handle(.up)
        _ = g.handle(.left)
        #expect(g.cursor == .init(row: 0, column: 1))
        _ = g.handle(.left, direction: .rightToLeft)
        #expect(g.cursor == .init(row: 0, column: 2))
        _ = g.handle(.home)
        #expect(g.handle(.enter) == .activated(.init(row: 0, column: 0)))
        #expect(g.handle(.char("x")) == .ignored)
    }

    @Test func findsTheCellUnderAClick() {
        let rect = Rect(x: 0, y: 0, width: 16, height: 3)
        #expect(grid.cell(atLogical: Point(x: 8, y: 2), in: rect) == .init(row: 1, column: 1))
        #expect(grid.cell(atLogical: Point(x: 6, y: 2), in: rect) == nil) // the gap between cells
        #expect(grid.cell(atLogical: Point(x: 1, y: 1), in: rect) == nil) // a row label
        #expect(grid.cell(atLogical: Point(x: 13, y: 1), in: rect) == nil) // past the last column
    }
}
