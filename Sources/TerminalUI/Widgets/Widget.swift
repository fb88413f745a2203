/// Anything that draws itself into a rectangle of a frame (immediate mode: state in, cells out).
/// `rect` is in logical coordinates; overlays (modals, toasts, the command palette) take the screen area they
/// position themselves in.
public protocol Widget {
    func render(into buffer: inout CellBuffer, in rect: Rect, theme: Theme)
}
