/// A semantic style key such as `table.header`, `status.error` or `chart.series.1`.
public struct ThemeKey: Hashable, Sendable, ExpressibleByStringLiteral, CustomStringConvertible {
    public var rawValue: String
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { rawValue = value }
    public var description: String { rawValue }

    public static let base: ThemeKey = "base"
    public static let muted: ThemeKey = "text.muted"
    public static let emphasis: ThemeKey = "text.emphasis"
    public static let border: ThemeKey = "border"
    public static let borderFocused: ThemeKey = "border.focused"
    public static let title: ThemeKey = "title"
    public static let header: ThemeKey = "header"
    public static let footer: ThemeKey = "footer"
    public static let footerKey: ThemeKey = "footer.key"
    public static let sidebar: ThemeKey = "sidebar"
    public static let sidebarActive: ThemeKey = "sidebar.active"
    public static let tab: ThemeKey = "tab"
    public static let tabActive: ThemeKey = "tab.active"
    public static let tableHeader: ThemeKey = "table.header"
    public static let tableRow: ThemeKey = "table.row"
    public static let tableRowAlt: ThemeKey = "table.row.alt"
    public static let selection: ThemeKey = "selection"
    public static let searchMatch: ThemeKey = "search.match"
    public static let input: ThemeKey = "input"
    public static let inputFocused: ThemeKey = "input.focused"
    public static let inputError: ThemeKey = "input.error"
    public static let modal: ThemeKey = "modal"
    public static let modalBorder: ThemeKey = "modal.border"
    /// Confirmations of dangerous actions (undo a ledger entry, delete a reward, ...).
    public static let danger: ThemeKey = "danger"
    public static let toast: ThemeKey = "toast"
    public static let statusOK: ThemeKey = "status.ok"
    public static let statusWarn: ThemeKey = "status.warn"
    public static let statusError: ThemeKey = "status.error"
    public static let statusInfo: ThemeKey = "status.info"
    public static let badgeOffline: ThemeKey = "badge.offline"
    public static let positive: ThemeKey = "value.positive"
    public static let negative: ThemeKey = "value.negative"
    public static let gaugeFill: ThemeKey = "gauge.fill"
    public static let gaugeEmpty: ThemeKey = "gauge.empty"
    public static let heatmapLow: ThemeKey = "heatmap.low"
    public static let heatmapHigh: ThemeKey = "heatmap.high"
    public static let chartAxis: ThemeKey = "chart.axis"
    public static let scrollbar: ThemeKey = "scrollbar"
    public static let scrollbarThumb: ThemeKey = "scrollbar.thumb"

    /// Charts cycle through `chart.series.1` … `chart.series.8`.
    public static let chartSeriesCount = 8
    /// The key of the n-th chart series, counting from 1; numbers past the palette wrap around.
    public static func chartSeries(_ n: Int) -> ThemeKey {
        let wrapped = ((n - 1) % chartSeriesCount + chartSeriesCount) % chartSeriesCount + 1
        return ThemeKey("chart.series.\(wrapped)")
    }

    /// Every key a theme file may style. The dark theme styles all of them. `heatmap.0` … `heatmap.4` are the
    /// ramp of `HeatmapGrid` (zero to the largest counts), which falls back to `heatmap.low` and `heatmap.high`.
    public static let all: [ThemeKey] = [
        .base, .muted, .emphasis, .border, .borderFocused, .title, .header, .footer, .footerKey,
        .sidebar, .sidebarActive, .tab, .tabActive, .tableHeader, .tableRow, .tableRowAlt,
        .selection, .searchMatch, .input, .inputFocused, .inputError, .modal, .modalBorder, .danger, .toast,
        .statusOK, .statusWarn, .statusError, .statusInfo, .badgeOffline, .positive, .negative,
        .gaugeFill, .gaugeEmpty, .heatmapLow, .heatmapHigh, .chartAxis, .scrollbar, .scrollbarThumb,
    ] + (1...chartSeriesCount).map { ThemeKey("chart.series.\($0)") } + (0...4).map { ThemeKey("heatmap.\($0)") }
}

/// A resolved theme: every semantic key mapped to a style, plus the glyph set it wants.
public struct Theme: Sendable, Hashable {
    public var name: String
    public var styles: [ThemeKey: Style]
    /// True for themes that must draw with ASCII only (the `ascii` theme).
    public var asciiOnly: Bool
    /// Attributes-only styles used instead of `styles` when the terminal shows no colour (`mono = …` in a file).
    public var monoStyles: [ThemeKey: Style]

    public init(name: String, styles: [ThemeKey: Style], asciiOnly: Bool = false,
                monoStyles: [ThemeKey: Style] = [:]) {
        self.name = name; self.styles = styles; self.asciiOnly = asciiOnly; self.monoStyles = monoStyles
    }

    /// The style for `key`, falling back to its parent keys (`table.row.alt` → `table.row` → `table`) and `base`.
    public func style(_ key: ThemeKey) -> Style {
        var k = key.rawValue
        while true {
            if let s = styles[ThemeKey(k)] { return s }
            guard let dot = k.lastIndex(of: ".") else { break }
            k = String(k[..<dot])
        }
        return styles[.base] ?? .plain
    }

    public subscript(key: ThemeKey) -> Style { style(key) }

    /// The glyphs this theme draws with (`ascii = true` in the file selects plain ASCII).
    public var glyphs: Glyphs { asciiOnly ? .ascii : .unicode }

    /// This theme with `overrides` laid over it: an overridden key takes the new style *and* the new mono style
    /// (or none), so a base's mono fallback never outlives the colours it was written for.
    public func overridden(name: String, styles overrides: [ThemeKey: Style], mono: [ThemeKey: Style],
                           asciiOnly: Bool?) -> Theme {
        var result = self
        result.name = name
        for (key, style) in overrides {
            result.styles[key] = style
            result.monoStyles[key] = mono[key]
        }
        if let asciiOnly { result.asciiOnly = asciiOnly }
        return result
    }
}
