/// A backend that keeps the last frame as text, for golden-frame tests.
public final class TestBackend: Backend {
    public var size: Size
    public var capabilities: TerminalCapabilities
    public private(set) var frame: CellBuffer
    public private(set) var presentCount = 0

    public init(width: Int, height: Int,
                capabilities: TerminalCapabilities = .init(colorDepth: .trueColor, unicode: true, mouse: true)) {
        size = Size(width: width, height: height)
        self.capabilities = capabilities
        frame = CellBuffer(size: size)
    }

    public func present(_ frame: CellBuffer) {
        self.frame = frame
        presentCount += 1
    }

    /// The frame as lines of text (trailing spaces kept so widths are visible in diffs).
    public func text() -> String { TestBackend.text(of: frame) }

    public static func text(of frame: CellBuffer) -> String {
        var lines: [String] = []
        for y in 0..<frame.size.height {
            var line = ""
            for cell in frame.row(y) where !cell.isContinuation { line.append(cell.grapheme) }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }

    /// The frame with a style mark under every text row: each distinct style gets a letter (`a`, `b`, …,
    /// in order of first appearance, `.` for plain), and a legend follows the frame.
    public func styledText() -> String { TestBackend.styledText(of: frame) }

    public static func styledText(of frame: CellBuffer) -> String {
        var letters: [Style: Character] = [.plain: "."]
        var legend: [(Character, Style)] = []
        let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        var out: [String] = []
        for y in 0..<frame.size.height {
            var text = "", marks = ""
            for cell in frame.row(y) {
                let mark: Character
                if let m = letters[cell.style] { mark = m } else {
                    let m = legend.count < alphabet.count ? alphabet[legend.count] : "?"
                    letters[cell.style] = m
                    legend.append((m, cell.style))
                    mark = m
                }
                marks.append(mark)
                if !cell.isContinuation { text.append(cell.grapheme) }
            }
            out.append(text)
            out.append(marks)
        }
        out.append("-- styles --")
        for (m, s) in legend { out.append("\(m): \(describe(s))") }
        return out.joined(separator: "\n")
    }

    static func describe(_ s: Style) -> String {
        func c(_ color: Color) -> String {
            switch color {
            case .default: return "default"
            case .ansi(let n): return "ansi\(n)"
            case .indexed(let n): return "idx\(n)"
            case .rgb(let r, let g, let b):
                let hex = [r, g, b].map { String($0, radix: 16) }.map { $0.count == 1 ? "0" + $0 : $0 }
                return "#" + hex.joined()
            }
        }
        var attrs: [String] = []
        if s.attributes.contains(.bold) { attrs.append("bold") }
        if s.attributes.contains(.dim) { attrs.append("dim") }
        if s.attributes.contains(.underline) { attrs.append("underline") }
        if s.attributes.contains(.reverse) { attrs.append("reverse") }
        if s.attributes.contains(.italic) { attrs.append("italic") }
        return "fg=\(c(s.foreground)) bg=\(c(s.background))" + (attrs.isEmpty ? "" : " " + attrs.joined(separator: ","))
    }
}
