extension Style {
    /// This style drawn over `base`: colours this style leaves at `.default` show `base` through, so muted or
    /// error text keeps the background of the row, field or modal it sits on. Attributes combine.
    func layered(on base: Style) -> Style {
        Style(foreground: foreground == .default ? base.foreground : foreground,
              background: background == .default ? base.background : background,
              attributes: attributes.union(base.attributes))
    }
}

extension CellBuffer {
    /// The style of the cell at a logical position: the surface that text with a partly default style is
    /// drawn over. Plain outside the buffer.
    func style(atLogicalX x: Int, y: Int) -> Style {
        let px = physicalX(x)
        guard px >= 0, px < size.width, y >= 0, y < size.height else { return .plain }
        return self[physicalX: px, y].style
    }
}
