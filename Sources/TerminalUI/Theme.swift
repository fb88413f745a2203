// SKELETON — helper "themes+keymap" completes loading, inheritance, degradation (keep this API).
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
    public static let tableHeader: ThemeKey = "table.header"
    public static let tableRow: ThemeKey = "table.row"
    public static let tableRowAlt: ThemeKey = "table.row.alt"
    public static let selection: ThemeKey = "selection"
    public static let input: ThemeKey = "input"
    public static let inputFocused: ThemeKey = "input.focused"
    public static let inputError: ThemeKey = "input.error"
    public static let modal: ThemeKey = "modal"
    public static let modalBorder: ThemeKey = "modal.border"
    public static let toast: ThemeKey = "toast"
    public static let statusOK: ThemeKey = "status.ok"
    public static let statusWarn: ThemeKey = "status.warn"
    public static let statusError: ThemeKey = "status.error"
    public static let badgeOffline: ThemeKey = "badge.offline"
    public static let positive: ThemeKey = "value.positive"
    public static let negative: ThemeKey = "value.negative"
    public static let gaugeFill: ThemeKey = "gauge.fill"
    public static let gaugeEmpty: ThemeKey = "gauge.empty"
    public static let heatmapLow: ThemeKey = "heatmap.low"
    public static let heatmapHigh: ThemeKey = "heatmap.high"
    public static func chartSeries(_ n: Int) -> ThemeKey { ThemeKey("chart.series.\(n)") }
}

/// A resolved theme: every semantic key mapped to a style, plus the glyph set it wants.
public struct Theme: Sendable, Hashable {
    public var name: String
    public var styles: [ThemeKey: Style]
    /// True for themes that must draw with ASCII only (the `ascii` theme).
    public var asciiOnly: Bool

    public init(name: String, styles: [ThemeKey: Style], asciiOnly: Bool = false) {
        self.name = name; self.styles = styles; self.asciiOnly = asciiOnly
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
}
