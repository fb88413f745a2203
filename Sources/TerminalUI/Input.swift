/// A key press, decoded from get_wch (or synthesized in tests).
public enum Key: Hashable, Sendable {
    case char(Character)
    /// Ctrl plus a letter, e.g. `.ctrl("c")`.
    case ctrl(Character)
    case up, down, left, right
    case pageUp, pageDown, home, end
    case enter, escape, tab, backTab, backspace, delete, insert
    case function(Int)
}

public enum MouseButton: Hashable, Sendable {
    case left, middle, right, wheelUp, wheelDown
}

/// A mouse event at a *physical* cell (convert with `CellBuffer.logicalX(physical:)`).
public struct MouseEvent: Hashable, Sendable {
    public var button: MouseButton
    public var position: Point
    public init(button: MouseButton, position: Point) { self.button = button; self.position = position }
}

public enum InputEvent: Hashable, Sendable {
    case key(Key)
    case mouse(MouseEvent)
    case resize(Size)
}
