/// A bar of a given fraction of a span, drawn from the leading edge with the glyphs' finest steps
/// (eighth blocks in Unicode, whole cells in ASCII). Shared by BarChart and Gauge.
enum HorizontalBar {
    /// Draws the bar and returns the cells it covered (a partial last cell counts).
    @discardableResult
    static func draw(fraction: Double, x: Int, y: Int, width: Int, style: Style,
                     into buffer: inout CellBuffer) -> Int {
        guard width > 0 else { return 0 }
        // The partial blocks are left-anchored glyphs: at the end of a bar that grows leftwards they would float
        // away from it, so right-to-left layouts round to whole cells.
        let steps = buffer.isRightToLeft ? 1 : max(1, buffer.glyphs.barEighths.count)
        let clamped = fraction.isNaN ? 0 : min(1, max(0, fraction))
        let units = Int((clamped * Double(width * steps)).rounded())
        let full = units / steps, rest = units % steps
        for i in 0..<full { buffer.put(buffer.glyphs.barFull, x: x + i, y: y, style: style) }
        if rest > 0 { buffer.put(buffer.glyphs.barEighths[rest - 1], x: x + full, y: y, style: style) }
        return full + (rest > 0 ? 1 : 0)
    }
}
