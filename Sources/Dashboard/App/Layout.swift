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

/// The Integrations screen: title and sync notice, the per-resource table, the selected resource's details, the
/// API bucket gauge, then the last errors. The api_logs sub-view: title and filter, the table, the selected call.
public struct IntegrationsLayout: Sendable, Hashable {
    public var title: Rect
    public var notice: Rect
    public var table: Rect
    public var detail: Rect
    public var gauge: Rect
    public var errors: Rect

    public var logHeader: Rect
    public var logTable: Rect
    public var logDetail: Rect

    public init(content: Rect) {
        let (title, rest) = content.splitTop(1)
        let (notice, rest2) = rest.splitTop(3)
        let (table, rest3) = rest2.inset(top: 1).splitTop(1 + 3)
        let (detail, rest4) = rest3.inset(top: 1).splitTop(2)
        let (gauge, rest5) = rest4.splitTop(1)
        self.title = title
        self.notice = notice
        self.table = table
        self.detail = detail
        self.gauge = gauge
        errors = rest5.inset(top: 1)

        let (logHeader, logRest) = content.splitTop(2)
        let (logTable, logDetail) = logRest.splitBottom(min(3, max(0, logRest.height - 2)))
        self.logHeader = logHeader
        self.logTable = logTable
        self.logDetail = logDetail
    }
}
