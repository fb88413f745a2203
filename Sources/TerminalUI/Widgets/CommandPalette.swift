/// The ":" prompt: a text input on the bottom row of its area and, above it, the commands matching the first
/// word typed. Up/Down choose a suggestion, Tab completes the first word with it, Enter submits the whole
/// line as typed (e.g. "customer alice@"), Escape cancels.
public struct CommandPalette: Widget, Hashable, Sendable {
    public var commands: [PaletteCommand]
    public private(set) var input: TextInput
    public private(set) var selection: ListSelection
    public var maxSuggestions: Int

    public init(commands: [PaletteCommand], text: String = "", maxSuggestions: Int = 8) {
        self.commands = commands
        self.input = TextInput(text: text)
        self.maxSuggestions = max(1, maxSuggestions)
        selection = ListSelection(count: 0, visibleRows: self.maxSuggestions)
        selection.setCount(matches.count)
    }

    public var text: String { input.text }
    public var matches: [PaletteCommand] { CommandMatcher.matches(input.text, in: commands) }
    public var selectedCommand: PaletteCommand? { selection.selected.map { matches[$0] } }

    public mutating func handle(_ key: Key) -> PaletteOutcome {
        switch key {
        case .enter: return .submitted(input.text)
        case .escape: return .cancelled
        case .up: selection.moveSelection(by: -1)
        case .down: selection.moveSelection(by: 1)
        case .tab: complete()
        default:
            switch input.handle(key) {
            case .edited:
                selection = ListSelection(count: matches.count, visibleRows: maxSuggestions)
            case .handled: break
            default: return .ignored
            }
        }
        return .handled
    }

    /// Replaces the first word with the selected command's name, keeping any arguments typed after it.
    private mutating func complete() {
        guard let command = selectedCommand else { return }
        let typed = input.text.drop { $0 == " " }
        let arguments = typed.firstIndex(of: " ").map { String(typed[typed.index(after: $0)...]) } ?? ""
        input.setText(command.name + " " + arguments)
        selection = ListSelection(count: matches.count, visibleRows: maxSuggestions)
    }

    public func render(into buffer: inout CellBuffer, in rect: Rect, theme: Theme) {
        guard !rect.isEmpty else { return }
        let promptY = rect.maxY - 1
        let promptStyle = theme.style(.inputFocused)
        let promptRow = Rect(x: rect.x, y: promptY, width: rect.width, height: 1)
        buffer.fill(promptRow, style: promptStyle)
        // The ":" stays next to what is typed: the row reads in the direction of the typed text (commands are
        // Latin, so usually left to right even on a right-to-left screen).
        buffer.drawing(in: promptRow, direction: input.contentDirection) { buffer, x in
            buffer.put(":", x: x, y: promptY, style: theme.style(.emphasis).layered(on: promptStyle))
            input.render(into: &buffer, in: Rect(x: x + 1, y: promptY, width: rect.width - 1, height: 1), theme: theme)
        }

        let found = matches
        let rows = min(found.count, maxSuggestions, rect.height - 1)
        guard rows > 0 else { return }
        let nameWidth = min(rect.width / 2, found.map { TextWidth.width(of: TextWidth.sanitize($0.name)) }.max() ?? 0)
        let top = selection.offset(forRows: rows)
        let surface = theme.style(.modal)
        for (i, command) in found[top..<(top + rows)].enumerated() {
            let y = promptY - rows + i
            let isSelected = top + i == selection.selected
            let style = isSelected ? theme.style(.selection) : surface
            buffer.fill(Rect(x: rect.x, y: y, width: rect.width, height: 1), style: style)
            buffer.text(command.name, x: rect.x + 1, y: y, width: nameWidth,
                        style: isSelected ? style : theme.style(.emphasis).layered(on: style))
            buffer.text(command.description, x: rect.x + nameWidth + 3, y: y, width: rect.width - nameWidth - 4,
                        style: isSelected ? style : theme.style(.muted).layered(on: style))
        }
    }
}

public enum PaletteOutcome: Hashable, Sendable {
    case handled, ignored
    /// Enter: the whole line as typed.
    case submitted(String)
    case cancelled
}
