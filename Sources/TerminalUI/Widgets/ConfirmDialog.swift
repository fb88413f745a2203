/// "Are you sure?": a message and two buttons whose labels the caller gives (already localized).
/// Enter presses the focused button (the confirm button at first), y confirms, Escape or n cancels,
/// Tab and Shift-Tab move between the buttons. A dangerous action shows its confirm button in the error style.
public struct ConfirmDialog: Widget, Hashable, Sendable {
    public enum Button: Hashable, Sendable { case confirm, cancel }

    public var title: String
    public var message: String
    public var confirmLabel: String
    public var cancelLabel: String
    public var isDangerous: Bool
    public private(set) var focused: Button = .confirm

    public init(title: String = "", message: String, confirmLabel: String, cancelLabel: String,
                isDangerous: Bool = false) {
        self.title = title
        self.message = message
        self.confirmLabel = confirmLabel
        self.cancelLabel = cancelLabel
        self.isDangerous = isDangerous
    }

    public mutating func handle(_ key: Key) -> ConfirmOutcome {
        switch key {
        case .enter: return focused == .confirm ? .confirmed : .cancelled
        case .char("y"), .char("Y"): return .confirmed
        case .escape, .char("n"), .char("N"): return .cancelled
        case .tab, .backTab:
            focused = focused == .confirm ? .cancel : .confirm
            return .handled
        default: return .ignored
        }
    }

    /// The blank row between the message and the buttons, and the buttons' row.
    static let buttonRows = 2
    static let buttonGap = 2

    public func render(into buffer: inout CellBuffer, in screen: Rect, theme: Theme) {
        let layout = self.layout(in: screen)
        Modal.present(title: title.isEmpty ? nil : title, contentSize: layout.contentSize, into: &buffer,
                      in: screen, theme: theme)
        let surface = theme.style(.modal)
        for (i, line) in layout.lines.enumerated() where layout.content.y + i < layout.buttonsY {
            buffer.text(line, x: layout.content.x, y: layout.content.y + i, width: layout.content.width,
                        style: surface)
        }
        for (button, span) in layout.buttons {
            let label = button == .confirm ? confirmLabel : cancelLabel
            let style = buttonStyle(button, theme: theme)
            buffer.fill(Rect(x: span.x, y: layout.buttonsY, width: span.width, height: 1), style: style)
            buffer.putOutward("[", "]", x: span.x, y: layout.buttonsY, width: span.width, style: style)
            buffer.text(label, x: span.x + 2, y: layout.buttonsY, width: span.width - 4, style: style)
        }
    }

    /// The button under a logical point (a click), if any.
    public func button(atLogical point: Point, in screen: Rect) -> Button? {
        let layout = self.layout(in: screen)
        guard point.y == layout.buttonsY else { return nil }
        return layout.buttons.first { point.x >= $0.span.x && point.x < $0.span.x + $0.span.width }?.button
    }

    private func buttonStyle(_ button: Button, theme: Theme) -> Style {
        let surface = theme.style(.modal)
        let isFocused = button == focused
        if button == .confirm && isDangerous {
            let danger = theme.style(.statusError).layered(on: surface)
            return isFocused ? danger.with(.reverse) : danger
        }
        return isFocused ? theme.style(.selection) : surface
    }

    struct Layout {
        var contentSize: Size
        var content: Rect
        var lines: [String]
        var buttonsY: Int
        var buttons: [(button: Button, span: (x: Int, width: Int))]
    }

    /// "[ label ]" buttons, confirm first, centred on the last content row; the message wrapped above.
    private func layout(in screen: Rect) -> Layout {
        let widths = [confirmLabel, cancelLabel].map { TextWidth.width(of: TextWidth.sanitize($0)) + 4 }
        let buttonsWidth = widths[0] + Self.buttonGap + widths[1]
        let messageLines = message.split(separator: "\n").map(String.init)
        let width = max(Modal.contentWidth(for: [title] + messageLines, maxWidth: 60, screen: screen),
                        min(buttonsWidth, screen.width - Modal.horizontalChrome))
        let lines = Modal.wrap(message, width: width)
        let size = Size(width: width, height: lines.count + Self.buttonRows)
        let content = Modal.frame(contentSize: size, in: screen).inset(top: 1, leading: 2, bottom: 1, trailing: 2)
        let startX = content.x + max(0, (content.width - buttonsWidth) / 2)
        return Layout(contentSize: size, content: content, lines: lines, buttonsY: content.maxY - 1,
                      buttons: [(.confirm, (startX, widths[0])), (.cancel, (startX + widths[0] + Self.buttonGap, widths[1]))])
    }
}

public enum ConfirmOutcome: Hashable, Sendable {
    case handled, ignored, confirmed, cancelled
}
