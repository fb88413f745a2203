@testable import TerminalUI

/// A theme where every key the widgets use has its own look, so styled goldens show which key drew a cell.
enum TestTheme {
    static let theme = Theme(name: "widget-test", styles: [
        .base: Style(),
        .muted: Style(attributes: .dim),
        .emphasis: Style(attributes: .bold),
        .footerKey: Style(foreground: .ansi(5)),
        .title: Style(foreground: .ansi(3), attributes: .bold),
        .sidebar: Style(foreground: .ansi(7), background: .ansi(4)),
        .sidebarActive: Style(foreground: .ansi(0), background: .ansi(6)),
        .tableHeader: Style(attributes: [.bold, .underline]),
        .tableRow: Style(),
        .tableRowAlt: Style(background: .ansi(8)),
        .selection: Style(attributes: .reverse),
        .input: Style(background: .ansi(8)),
        .inputFocused: Style(background: .ansi(4)),
        .inputError: Style(foreground: .ansi(1)),
        .modal: Style(background: .ansi(7)),
        .modalBorder: Style(foreground: .ansi(6), background: .ansi(7)),
        .toast: Style(foreground: .ansi(15), background: .ansi(0)),
        .statusOK: Style(foreground: .ansi(2)),
        .statusWarn: Style(foreground: .ansi(3)),
        .statusError: Style(foreground: .ansi(1)),
        .gaugeFill: Style(foreground: .ansi(2)),
        .gaugeEmpty: Style(foreground: .ansi(8)),
        .heatmapLow: Style(background: .ansi(4)),
        .heatmapHigh: Style(background: .ansi(1)),
        .chartSeries(1): Style(foreground: .ansi(1)),
        .chartSeries(2): Style(foreground: .ansi(2)),
        .chartSeries(3): Style(foreground: .ansi(3)),
    ])
}

/// Draws a widget into a fresh buffer filling it and returns the buffer.
func draw(_ widget: some Widget, width: Int, height: Int, direction: LayoutDirection = .leftToRight,
          glyphs: Glyphs = .unicode, theme: Theme = TestTheme.theme) -> CellBuffer {
    var buffer = CellBuffer(size: Size(width: width, height: height), direction: direction, glyphs: glyphs)
    widget.render(into: &buffer, in: buffer.bounds, theme: theme)
    return buffer
}

func text(_ buffer: CellBuffer) -> String { TestBackend.text(of: buffer) }
func styled(_ buffer: CellBuffer) -> String { TestBackend.styledText(of: buffer) }

/// Golden strings are written one line per frame row; this joins them the way TestBackend does.
func lines(_ rows: String...) -> String { rows.joined(separator: "\n") }
