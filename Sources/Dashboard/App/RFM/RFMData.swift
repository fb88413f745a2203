import LoyaltyCore
import LoyaltyStore

/// A customer in one of the screen's lists, with the name to show.
public struct RFMListedCustomer: Sendable, Hashable {
    public var name: String
    public var row: RFMCustomerRow
}

/// One "at risk and valuable" customer: their churn figures and what is at stake.
public struct RFMRiskCustomer: Sendable, Hashable {
    public var name: String
    public var churn: ChurnCustomerRow
    /// Monetary × (1 − P(alive)) in minor units, rounded: what the list is sorted by (LoyaltyCore's `valueAtRisk`).
    public var valueAtRiskMinor: Int64
}

/// The churn part of the screen: which fit the figures use and the customers at risk and valuable.
public struct RFMChurnData: Sendable, Hashable {
    /// The stored fits: the latest, and the last converged one.
    public var status: ChurnFitStatus
    /// The parameters in use (a fit made for this view, not stored, when none was ever stored); nil: none at all.
    public var fit: ChurnFitRecord?
    /// A fit that did not converge (the latest stored one, or the one tried for this view).
    public var failedFit: ChurnFitRecord?
    /// P(alive) strictly below this counts as at risk.
    public var threshold: Double
    public var horizonDays: Int
    /// Highest value at risk first, at most `RFMLoader.riskLimit`.
    public var customers: [RFMRiskCustomer]
}

/// What the RFM screen shows, read from the stored figures of the last recompute.
public struct RFMData: Sendable, Hashable {
    public var grid: RFMGrid
    /// The days with a stored segment snapshot (one per recompute day), oldest first.
    public var snapshotDays: [Int64]
    /// nil before the first recompute.
    public var churn: RFMChurnData?

    public var run: RFMRun? { grid.run }
}

/// What a recompute from the screen did, for the status line.
public struct RFMRecomputeSummary: Sendable, Hashable {
    public var asOf: UnixTime
    public var customers: Int
    public var segmentChanges: Int
    /// The new fit converged; false: the last good parameters stay in use.
    public var fitConverged: Bool
    public var fitFailure: String?
}

/// Background work of the RFM screen.
public enum RFMEffect: Sendable, Hashable {
    case load
    case loadMigration(fromDay: Int64, toDay: Int64)
    case loadCell(RFMCell)
    /// recomputeRFM as of now, then fitChurn (staff and above; the store checks again).
    case recompute
}

/// Answers to `RFMEffect`s.
public enum RFMMsg: Sendable {
    case loaded(Result<RFMData, DashboardError>)
    case migrationLoaded(fromDay: Int64, Result<RFMMigrationReport, DashboardError>)
    case cellLoaded(RFMCell, Result<[RFMListedCustomer], DashboardError>)
    case recomputed(Result<RFMRecomputeSummary, DashboardError>)
}
