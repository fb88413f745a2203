/// A framed box centred on the screen over whatever was drawn before, hiding it. `Modal` shows a title and a
/// message; other overlays (dialogs, forms, help) frame their own content with `Modal.present`.
public struct Modal: Widget, Hashable, Sendable {
    public var title: String
    /// Wrapped at spaces; newlines start new lines.
    public var body: String
    /// The widest the content may grow, in cells.
    public var maxWidth: Int

    public init(title: String, body: String, maxWidth: Int = 60) {
        self.title = title
        self.body = body
        self.maxWidth = maxWidth
    }

    /// A border and one blank column each side.
    static let horizontalChrome = 4
    static let verticalChrome = 2

    public func render(into buffer: inout CellBuffer, in screen: Rect, theme: Theme) {
        let width = Self.contentWidth(for: [title] + body.split(separator: "\n").map(String.init),
                                      maxWidth: maxWidth, screen: screen)
        let lines = Self.wrap(body, width: width)
        let content = Self.present(title: title, contentSize: Size(width: width, height: lines.count),
                                   into: &buffer, in: screen, theme: theme)
        for (i, line) in lines.prefix(content.height).enumerated() {
            buffer.text(line, x: content.x, y: content.y + i, width: content.width, style: theme.style(.modal))
        }
    }

    /// The box for content of `contentSize`, centred in `screen` and clipped to it.
    public static func frame(contentSize: Size, in screen: Rect) -> Rect {
        let width = min(screen.width, contentSize.width + horizontalChrome)
        let height = min(screen.height, contentSize.height + verticalChrome)
        return Rect(x: screen.x + (screen.width - width) / 2, y: screen.y + (screen.height - height) / 2,
                    width: width, height: height)
    }

    /// Clears and frames a centred box for content of `contentSize`; returns the rectangle to draw the content in
    /// (smaller than asked when the screen is).
    @discardableResult
    public static func present(title: String?, contentSize: Size, into buffer: inout CellBuffer, in screen: Rect,
                               theme: Theme) -> Rect {
        let box = frame(contentSize: contentSize, in: screen)
        let surface = theme.style(.modal)
        buffer.fill(box, style: surface)
        let border = theme.style(.modalBorder)
        buffer.box(box, style: border, title: title, titleStyle: theme.style(.title).layered(on: border))
        return box.inset(top: 1, leading: 2, bottom: 1, trailing: 2)
    }

    /// The content width that fits the widest line (and the title with its spaces), within `maxWidth` and the
    /// screen.
    static func contentWidth(for lines: [String], maxWidth: Int, screen: Rect) -> Int {
        let widest = lines.map { TextWidth.width(of: TextWidth.sanitize($0)) }.max() ?? 0
        return max(1, min(widest, maxWidth, screen.width - horizontalChrome))
    }

    /// Lines of at most `width` cells: each newline-separated paragraph wrapped at spaces.
    static func wrap(_ text: String, width: Int) -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: false).flatMap {
            TextWidth.wrap(TextWidth.sanitize(String($0)), width: width)
        }
    }
}
