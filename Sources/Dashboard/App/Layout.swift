import TerminalUI

/// Where the shell's parts go for a terminal size. The reducer and the panes both use it, so paging moves by
/// exactly the rows a table shows.
public struct ShellLayout: Sendable, Hashable {
    /// Below this the dashboard shows only a message asking for a larger terminal.
    public static let minimum = Size(width: 60, height: 16)
    public static let sidebarWidth = 18

    public var header: Rect
    public var footer: Rect
    public var sidebar: Rect
    /// The active screen's area (one column of margin from the sidebar).
    public var content: Rect
    public var isTooSmall: Bool

    public init(size: Size) {
        let full = Rect(size: size)
        isTooSmall = size.width < Self.minimum.width || size.height < Self.minimum.height
        let (header, rest) = full.splitTop(1)
        let (middle, footer) = rest.splitBottom(1)
        let (sidebar, main) = middle.splitLeading(Self.sidebarWidth)
        self.header = header
        self.footer = footer
        self.sidebar = sidebar
        content = main.inset(top: 0, leading: 1, bottom: 0, trailing: 1)
    }
}

/// The Customers screen: a search line, a status line, then the results table or the journey.
public struct CustomersLayout: Sendable, Hashable {
    public var search: Rect
    public var status: Rect
    public var body: Rect

    public init(content: Rect) {
        let (search, rest) = content.splitTop(1)
        let (status, body) = rest.splitTop(1)
        self.search = search
        self.status = status
        self.body = body
    }
}

/// A customer's journey: three summary lines, then the timeline table.
public struct JourneyLayout: Sendable, Hashable {
    public var summary: Rect
    public var timeline: Rect

    public init(body: Rect) {
        let (summary, timeline) = body.splitTop(4)
        self.summary = summary
        self.timeline = timeline
    }
}
