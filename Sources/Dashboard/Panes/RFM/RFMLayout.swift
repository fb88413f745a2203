import TerminalUI

/// Where the RFM screen draws. Narrow terminals (80×24): the heatmap with the cursor cell's figures beside it,
/// then one panel chosen with `v` (segments, migration, churn risk) or a drilled cell's customers. Wide ones
/// (140×45): heatmap and segment bars side by side, the migration matrix beside its largest moves, then the churn
/// list (or the drilled cell's customers) across the bottom.
struct RFMLayout: Sendable, Hashable {
    /// The content area from which every panel is shown at once (a 140×45 terminal gives 120×43).
    static func isWide(_ content: Rect) -> Bool { content.width >= 100 && content.height >= 34 }
    static let heatmapRows = 6

    var isWide: Bool
    var title: Rect
    var status: Rect
    /// Everything under the status line (the empty state's message).
    var body: Rect
    var heatmap: Rect
    var cellInfo: Rect
    /// Narrow only: the panel tabs, or the drilled cell's title.
    var tabs = Rect(x: 0, y: 0, width: 0, height: 0)
    var segments = Rect(x: 0, y: 0, width: 0, height: 0)
    var migration = Rect(x: 0, y: 0, width: 0, height: 0)
    /// Wide only: the largest moves with their revenue.
    var moves = Rect(x: 0, y: 0, width: 0, height: 0)
    /// The churn panel: title and fit lines, then `churnTable`.
    var churn = Rect(x: 0, y: 0, width: 0, height: 0)
    var churnTable = Rect(x: 0, y: 0, width: 0, height: 0)
    /// A drilled cell's customers: title (wide only), then `drillTable`.
    var drill = Rect(x: 0, y: 0, width: 0, height: 0)
    var drillTable = Rect(x: 0, y: 0, width: 0, height: 0)

    var showsChurn: Bool { !churnTable.isEmpty }

    init(content: Rect, state: AppState) {
        isWide = Self.isWide(content)
        let (title, rest) = content.splitTop(1)
        let (status, body) = rest.splitTop(1)
        self.title = title
        self.status = status
        self.body = body
        let heatmapWidth = RFMHeatmapPanel.width(state, wide: isWide)
        if isWide {
            let (band, lower) = body.inset(top: 1).splitTop(11)
            let (left, right) = band.splitLeading(max(heatmapWidth, 40))
            heatmap = left.splitTop(Self.heatmapRows).0
            cellInfo = left.inset(top: Self.heatmapRows + 1)
            segments = right.inset(leading: 4)
            let (middle, bottom) = lower.inset(top: 1).splitTop(13)
            let (matrix, moves) = middle.splitLeading(middle.width * 11 / 20)
            migration = matrix
            self.moves = moves.inset(leading: 3)
            let lists = bottom.inset(top: 1)
            if state.rfm.drill != nil {
                drill = lists
                drillTable = lists.inset(top: 1)
            } else {
                churn = lists
                churnTable = lists.inset(top: 2)
            }
        } else {
            let (top, lower) = body.splitTop(Self.heatmapRows)
            heatmap = top.splitLeading(heatmapWidth).0
            cellInfo = top.inset(leading: heatmapWidth + 3)
            let (tabs, panel) = lower.splitTop(1)
            self.tabs = tabs
            if state.rfm.drill != nil {
                drill = panel
                drillTable = panel
            } else {
                switch state.rfm.panel {
                case .segments: segments = panel
                case .migration: migration = panel
                case .churn:
                    churn = panel
                    churnTable = panel.inset(top: 1)
                }
            }
        }
    }
}
