/// A ratio 0…1 as a labelled bar: label, filled part (`gauge.fill`), the rest as a track (`gauge.empty`),
/// then the percentage (or the caller's text).
public struct Gauge: Widget, Hashable, Sendable {
    public var ratio: Double
    public var label: String
    /// Replaces the default "42%", e.g. with a localized number.
    public var valueText: String?

    public init(ratio: Double, label: String, valueText: String? = nil) {
        self.ratio = ratio
        self.label = label
        self.valueText = valueText
    }

    /// The ratio clamped to 0…1 (NaN counts as 0).
    public var clampedRatio: Double { ratio.isNaN ? 0 : min(1, max(0, ratio)) }

    public func render(into buffer: inout CellBuffer, in rect: Rect, theme: Theme) {
        guard !rect.isEmpty else { return }
        let value = valueText ?? "\(Int((clampedRatio * 100).rounded()))%"
        let labelWidth = label.isEmpty ? 0 : min(rect.width / 3, TextWidth.width(of: TextWidth.sanitize(label)))
        let valueWidth = min(rect.width / 2, TextWidth.width(of: TextWidth.sanitize(value)))
        let barX = rect.x + (labelWidth > 0 ? labelWidth + 1 : 0)
        let barWidth = rect.maxX - (valueWidth > 0 ? valueWidth + 1 : 0) - barX
        buffer.text(label, x: rect.x, y: rect.y, width: labelWidth, style: theme.style(.base))
        if barWidth > 0 {
            let filled = HorizontalBar.draw(fraction: clampedRatio, x: barX, y: rect.y, width: barWidth,
                                            style: theme.style(.gaugeFill), into: &buffer)
            for i in filled..<barWidth {
                buffer.put(buffer.glyphs.horizontal, x: barX + i, y: rect.y, style: theme.style(.gaugeEmpty))
            }
        }
        buffer.text(value, x: rect.maxX - valueWidth, y: rect.y, width: valueWidth, style: theme.style(.base),
                    align: .trailing)
    }
}
