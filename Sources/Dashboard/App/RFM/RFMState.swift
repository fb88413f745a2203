import LoyaltyCore
import LoyaltyStore
import TerminalUI

/// One cell of the R×F heatmap, scores 1...5.
public struct RFMCell: Sendable, Hashable {
    public var r: Int
    public var f: Int

    public init(r: Int, f: Int) {
        self.r = min(max(r, 1), 5)
        self.f = min(max(f, 1), 5)
    }

    /// The heatmap draws R 5 (the most recent) on the top row and F 1 in the first column.
    public var position: HeatmapGrid.Position { HeatmapGrid.Position(row: 5 - r, column: f - 1) }
    public init(_ position: HeatmapGrid.Position) { self.init(r: 5 - position.row, f: position.column + 1) }

    public var segment: RFMSegment { RFMSegment(r: r, f: f) }
}

/// The panel under the heatmap on a narrow terminal (a wide one shows them all).
public enum RFMPanel: String, Sendable, Hashable, CaseIterable {
    case segments, migration, churn

    var next: RFMPanel {
        let all = Self.allCases
        return all[(all.firstIndex(of: self)! + 1) % all.count]
    }
}

/// The customers of one heatmap cell, opened with Enter on it.
public struct RFMDrill: Sendable {
    public var cell: RFMCell
    public var customers: [RFMListedCustomer] = []
    public var loading = true
    public var error: String?
    public var selection = ListSelection()
}

/// Where the background recompute is: the status line shows it.
public enum RFMRecomputeStatus: Sendable, Hashable {
    case idle
    case running
    case finished(RFMRecomputeSummary)
    case failed(String)

    var isRunning: Bool { self == .running }
}

/// The RFM & churn screen: the stored figures, the heatmap cursor, the panel shown, the migration's from-date,
/// the drill-down into a cell and the recompute's progress.
public struct RFMState: Sendable {
    public var load = Loaded<RFMData>()
    public var cursor = RFMCell(r: 5, f: 1)
    public var panel = RFMPanel.segments
    /// The migration's from-day (days since 1970-01-01 in the shop's zone); nil until the first load picks the
    /// recompute day before the latest.
    public var fromDay: Int64?
    public var migration = Loaded<RFMMigrationReport>()
    public var churnSelection = ListSelection()
    public var drill: RFMDrill?
    public var recompute = RFMRecomputeStatus.idle

    /// Up/down and Enter act on a list (a cell's customers, or the churn list) instead of the heatmap.
    public var listHasFocus: Bool { drill != nil || panel == .churn }
}
