/// Horizontal bars, one per row: label, bar scaled to the largest value (or `scaleMax`), value.
/// Bar n is drawn in `chart.series.(firstSeries + n - 1)`, so a list split over several charts keeps its colours.
public struct BarChart: Widget, Hashable, Sendable {
    public struct Bar: Hashable, Sendable {
        public var label: String
        public var value: Double
        /// Shown after the bar; defaults to the value itself (the caller passes localized numbers).
        public var valueText: String?

        public init(label: String, value: Double, valueText: String? = nil) {
            self.label = label
            self.value = value
            self.valueText = valueText
        }
    }

    public var bars: [Bar]
    /// The value of a full-width bar; nil scales to the largest value.
    public var scaleMax: Double?
    /// The colour series of the first bar.
    public var firstSeries: Int

    public init(bars: [Bar], scaleMax: Double? = nil, firstSeries: Int = 1) {
        self.bars = bars
        self.scaleMax = scaleMax
        self.firstSeries = firstSeries
    }

    public func render(into buffer: inout CellBuffer, in rect: Rect, theme: Theme) {
        guard !rect.isEmpty, !bars.isEmpty else { return }
        let texts = bars.map { $0.valueText ?? Self.format($0.value) }
        let labelWidth = min(rect.width / 3, bars.map { TextWidth.width(of: TextWidth.sanitize($0.label)) }.max() ?? 0)
        let valueWidth = min(rect.width / 2, texts.map { TextWidth.width(of: TextWidth.sanitize($0)) }.max() ?? 0)
        let barX = rect.x + (labelWidth > 0 ? labelWidth + 1 : 0)
        let barWidth = rect.maxX - (valueWidth > 0 ? valueWidth + 1 : 0) - barX
        let top = scaleMax ?? bars.map(\.value).max() ?? 0
        for (i, bar) in bars.enumerated().prefix(rect.height) {
            let y = rect.y + i
            buffer.text(bar.label, x: rect.x, y: y, width: labelWidth, style: theme.style(.base))
            if top > 0 {
                HorizontalBar.draw(fraction: bar.value / top, x: barX, y: y, width: barWidth,
                                   style: theme.style(.chartSeries(firstSeries + i)), into: &buffer)
            }
            buffer.text(texts[i], x: rect.maxX - valueWidth, y: y, width: valueWidth, style: theme.style(.base),
                        align: .trailing)
        }
    }

    /// Whole numbers without a decimal point, others to one decimal.
    static func format(_ value: Double) -> String {
        guard value.isFinite else { return "" }
        let rounded = (value * 10).rounded() / 10
        if rounded == rounded.rounded(), abs(rounded) < 1e15 { return String(Int(rounded)) }
        return String(rounded)
    }
}
