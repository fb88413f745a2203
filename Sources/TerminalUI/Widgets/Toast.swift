/// A short notice in the bottom trailing corner ("Points adjusted", "Sync failed: offline") that disappears at
/// `expires`. Pure: the caller passes the time in and stops drawing it once `isVisible(now:)` is false.
public struct Toast: Widget, Hashable, Sendable {
    public enum Level: Hashable, Sendable {
        case ok, warn, error

        var themeKey: ThemeKey {
            switch self {
            case .ok: return .statusOK
            case .warn: return .statusWarn
            case .error: return .statusError
            }
        }
    }

    public var message: String
    public var level: Level
    /// Monotonic, so a clock change never keeps a toast up or hides it early.
    public var expires: ContinuousClock.Instant

    public init(_ message: String, level: Level = .ok, expires: ContinuousClock.Instant) {
        self.message = message
        self.level = level
        self.expires = expires
    }

    public func isVisible(now: ContinuousClock.Instant) -> Bool { now < expires }

    /// A bar in the level's colour, a space, the message and a space, on the last row of `screen`.
    public func render(into buffer: inout CellBuffer, in screen: Rect, theme: Theme) {
        guard !screen.isEmpty else { return }
        let width = min(screen.width, TextWidth.width(of: TextWidth.sanitize(message)) + 3)
        let area = Rect(x: screen.maxX - width, y: screen.maxY - 1, width: width, height: 1)
        let style = theme.style(.toast)
        buffer.fill(area, style: style)
        buffer.put(buffer.glyphs.barFull, x: area.x, y: area.y, style: theme.style(level.themeKey).layered(on: style))
        buffer.text(message, x: area.x + 2, y: area.y, width: area.width - 3, style: style)
    }
}
