/// A one-row trend: each value a level glyph, scaled to the largest value; the most recent values are kept
/// when there are more values than cells. Zeros, negatives and an all-zero series draw the lowest level.
public struct Sparkline: Widget, Hashable, Sendable {
    public var values: [Double]
    /// The chart series colour (`chart.series.n`).
    public var series: Int

    public init(values: [Double], series: Int = 1) {
        self.values = values
        self.series = series
    }

    public func render(into buffer: inout CellBuffer, in rect: Rect, theme: Theme) {
        guard !rect.isEmpty, !values.isEmpty else { return }
        let levels = buffer.glyphs.sparkLevels
        let shown = values.suffix(rect.width)
        let top = shown.filter(\.isFinite).max() ?? 0
        let style = theme.style(.chartSeries(series))
        for (i, value) in shown.enumerated() {
            var level = 0
            if top > 0, value.isFinite, value > 0 {
                level = Int((value / top * Double(levels.count - 1)).rounded())
            }
            buffer.put(levels[min(levels.count - 1, level)], x: rect.x + i, y: rect.y, style: style)
        }
    }
}
