/// How many colours a terminal can show. Themes degrade truecolor → 256 → 16 → none.
public enum ColorDepth: Int, Comparable, Sendable, Hashable {
    case none = 0, ansi16 = 16, indexed256 = 256, trueColor = 16_777_216
    public static func < (a: ColorDepth, b: ColorDepth) -> Bool { a.rawValue < b.rawValue }
}

/// What the terminal can do, decided once at start-up.
public struct TerminalCapabilities: Hashable, Sendable {
    public var colorDepth: ColorDepth
    public var unicode: Bool
    public var mouse: Bool
    public init(colorDepth: ColorDepth, unicode: Bool, mouse: Bool) {
        self.colorDepth = colorDepth; self.unicode = unicode; self.mouse = mouse
    }
}

/// Where frames go: ncurses in the product, a text grid in tests.
public protocol Backend: AnyObject {
    var size: Size { get }
    var capabilities: TerminalCapabilities { get }
    /// Shows a finished frame (backends send only what changed since the previous frame).
    func present(_ frame: CellBuffer)
}
