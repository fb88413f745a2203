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

extension ChurnCustomerRow {
    /// One customer's figures under `fit` (nil: no parameters, so no P(alive) or expected purchases).
    init(_ row: RFMCustomerRow, fit: ChurnFitRecord?, horizonDays: Int) {
        let parameters = fit?.parameters
        let horizonWeeks = Double(horizonDays) / BGNBDSummary.daysPerWeek
        self.init(customerID: row.customerID, externalID: row.externalID, summary: row.churnSummary,
                  probabilityAlive: parameters.map { BGNBD.probabilityAlive(row.churnSummary, $0) },
                  expectedPurchases: parameters.map { BGNBD.expectedPurchases(row.churnSummary, $0, horizon: horizonWeeks) },
                  monetary: row.monetary)
    }
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
        let (fit, failed) = try churnFit(session, for: table, now: now)
        let rows = table.rows.map { ChurnCustomerRow($0, fit: fit, horizonDays: horizonDays) }
        return ChurnReport(asOf: table.asOf, source: table.source, horizonDays: horizonDays, fit: fit, failedFit: failed,
                           rows: rows)
    }

    /// The parameters a report uses: for stored figures the last good stored fit (and the latest failure, if the
    /// latest failed); otherwise a fit made for the answer, or the last good stored one when that fails.
    private func churnFit(_ session: Session, for table: RFMTable, now: UnixTime) throws
        -> (fit: ChurnFitRecord?, failed: ChurnFitRecord?) {
        let status = try churnFitStatus(session)
        if case .stored = table.source, status.latest != nil { return (status.lastGood, status.failedLatest) }
        let attempt = ChurnFitRecord(result: BGNBDFit.fit(table.rows.map(\.churnSummary)), asOf: table.asOf, fittedAt: now)
        return attempt.converged ? (attempt, nil) : (status.lastGood, attempt)
    }

    /// "At risk and valuable" (spec/domain.md): P(alive) below the merchant's threshold and monetary above twice the
    /// average, from the stored figures and the last good fit, highest value at risk first, at most `limit`. The
    /// report's rows are those customers in that order; P(alive) is computed only for the customers above twice the
    /// average and expected purchases only for those listed (at a million customers the rest is most of the work).
    public func atRiskValuable(_ session: Session, limit: Int = 100, horizonDays: Int = 90, now: UnixTime) throws
        -> (report: ChurnReport, threshold: Double, customers: [ChurnCustomerRow]) {
        let table = try rfmTable(session, asOf: nil, now: now)
        let (fit, failed) = try churnFit(session, for: table, now: now)
        let threshold = try rfmSettings(session).atRiskBelow
        var report = ChurnReport(asOf: table.asOf, source: table.source, horizonDays: horizonDays, fit: fit, failedFit: failed,
                                 rows: [])
        guard let parameters = fit?.parameters else { return (report, threshold, []) }
        let average = MonetaryAverage(table.rows.lazy.map(\.monetary))
        var valuable: [Int64: RFMCustomerRow] = [:]
        for row in table.rows where average.isAboveTwiceAverage(row.monetary) { valuable[row.customerID] = row }
        let candidates = valuable.values.map {
            ChurnRiskCandidate(customerID: $0.customerID, probabilityAlive: BGNBD.probabilityAlive($0.churnSummary, parameters),
                               monetaryMinor: $0.monetary)
        }
        let selected = AtRiskValuable.select(candidates, probabilityAliveBelow: threshold, average: average).prefix(max(0, limit))
        report.rows = selected.compactMap { valuable[$0.customerID].map { ChurnCustomerRow($0, fit: fit, horizonDays: horizonDays) } }
        return (report, threshold, report.rows)
    }
}
