import Foundation
import GRDB
import LoyaltyCore

public struct ChurnCustomerRow: Hashable, Sendable {
    public var customerID: Int64
    public var externalID: String?
    /// x (repeat purchase days), t_x and T, in weeks.
    public var summary: BGNBDSummary
    /// nil only when there are no parameters at all (no converged fit ever).
    public var probabilityAlive: Double?
    /// Purchases expected over the report's horizon; nil without parameters.
    public var expectedPurchases: Double?
    /// The RFM M value (total spent or average order value), minor units.
    public var monetary: Int64
}

public struct ChurnReport: Sendable {
    public var asOf: UnixTime
    public var source: RFMTable.Source
    public var horizonDays: Int
    /// The fit whose parameters the figures use: a fit made for this report when it converged, else the last good
    /// stored fit; nil when there is none.
    public var fit: ChurnFitRecord?
    /// The fit that failed: the one made for this report, or the latest stored one; nil when none failed.
    public var failedFit: ChurnFitRecord?
    public var rows: [ChurnCustomerRow]
}

extension LoyaltyStore {
    /// Per customer P(alive) and expected purchases over `horizonDays`. Without `asOf`: the stored summaries with the
    /// last good stored fit (a fit is made for the answer only when none was ever stored). With `asOf`: summaries
    /// computed from the orders and a fit made for the answer, nothing stored; if that fit fails the last good stored
    /// parameters are used and the failure is reported.
    public func churnReport(_ session: Session, asOf: UnixTime?, horizonDays: Int, now: UnixTime) throws -> ChurnReport {
        guard horizonDays >= 0, horizonDays <= 36_500 else {
            throw StoreError.invalid("the horizon is a number of days from 0 to 36500 (e.g. 90)")
        }
        let table = try rfmTable(session, asOf: asOf, now: now)
        let status = try churnFitStatus(session)
        var fit: ChurnFitRecord?
        var failed: ChurnFitRecord?
        if case .stored = table.source, status.latest != nil {
            fit = status.lastGood
            failed = status.failedLatest
        } else {
            let attempt = ChurnFitRecord(result: BGNBDFit.fit(table.rows.map(\.churnSummary)), asOf: table.asOf, fittedAt: now)
            if attempt.converged { fit = attempt } else { failed = attempt; fit = status.lastGood }
        }
        let parameters = fit?.parameters
        let horizonWeeks = Double(horizonDays) / BGNBDSummary.daysPerWeek
        let rows = table.rows.map { row in
            ChurnCustomerRow(customerID: row.customerID, externalID: row.externalID, summary: row.churnSummary,
                             probabilityAlive: parameters.map { BGNBD.probabilityAlive(row.churnSummary, $0) },
                             expectedPurchases: parameters.map { BGNBD.expectedPurchases(row.churnSummary, $0, horizon: horizonWeeks) },
                             monetary: row.monetary)
        }
        return ChurnReport(asOf: table.asOf, source: table.source, horizonDays: horizonDays, fit: fit, failedFit: failed,
                           rows: rows)
    }

    /// "At risk and valuable" (spec/domain.md): P(alive) below the merchant's threshold and monetary above twice the
    /// average, from the stored figures and the last good fit, highest value at risk first.
    public func atRiskValuable(_ session: Session, limit: Int = 100, now: UnixTime) throws
        -> (report: ChurnReport, threshold: Double, customers: [ChurnCustomerRow]) {
        let report = try churnReport(session, asOf: nil, horizonDays: 90, now: now)
        let threshold = try rfmSettings(session).atRiskBelow
        var candidates: [ChurnRiskCandidate] = []
        candidates.reserveCapacity(report.rows.count)
        for row in report.rows {
            guard let alive = row.probabilityAlive else { return (report, threshold, []) }
            candidates.append(ChurnRiskCandidate(customerID: row.customerID, probabilityAlive: alive, monetaryMinor: row.monetary))
        }
        let selected = AtRiskValuable.select(candidates, probabilityAliveBelow: threshold).prefix(max(0, limit))
        var byID: [Int64: ChurnCustomerRow] = [:]
        let wanted = Set(selected.map(\.customerID))
        for row in report.rows where wanted.contains(row.customerID) { byID[row.customerID] = row }
        return (report, threshold, selected.compactMap { byID[$0.customerID] })
    }
}
