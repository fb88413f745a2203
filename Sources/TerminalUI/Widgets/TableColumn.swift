/// One column of a `Table`: its header, how wide it is, and how its cells align.
public struct TableColumn: Hashable, Sendable {
    public enum Width: Hashable, Sendable {
        /// Exactly this many cells.
        case fixed(Int)
        /// At least `min` cells, plus a share of the spare width proportional to `weight`.
        case flex(min: Int = 1, weight: Int = 1)
    }

    public var title: String
    public var width: Width
    public var alignment: Alignment

    public init(title: String, width: Width = .flex(), alignment: Alignment = .leading) {
        self.title = title
        self.width = width
        self.alignment = alignment
    }
}
