import Dispatch
import Foundation
import LoyaltyCore
import LoyaltyStore
import TerminalUI

/// Latest-value mailboxes for the RFM screen's answers, one per kind.
final class RFMMailboxes: Sendable {
    let data = Mailbox<Result<RFMData, DashboardError>>()
    let migration = Mailbox<(Int64, Result<RFMMigrationReport, DashboardError>)>()
    let cell = Mailbox<(RFMCell, Result<[RFMListedCustomer], DashboardError>)>()
    let recompute = Mailbox<Result<RFMRecomputeSummary, DashboardError>>()

    func drain() -> [Msg] {
        var messages: [RFMMsg] = []
        if let r = data.take() { messages.append(.loaded(r)) }
        if let (day, r) = migration.take() { messages.append(.migrationLoaded(fromDay: day, r)) }
        if let (cell, r) = cell.take() { messages.append(.cellLoaded(cell, r)) }
        // After the data: a recompute's answer asks for a reload, which must not be mistaken for one in flight.
        if let r = recompute.take() { messages.append(.recomputed(r)) }
        return messages.map { .rfm($0) }
    }
}

extension EffectRunner {
    /// Reads run on `rfmQueue`; the recompute (seconds on a large shop) on `rfmRecomputeQueue`, so the screen stays
    /// readable meanwhile.
    func runRFM(_ effect: RFMEffect) {
        let store = store, session = session, clock = clock, mailboxes = mailboxes.rfm
        switch effect {
        case .load:
            rfmQueue.async { mailboxes.data.post(Self.catching { try RFMLoader.load(store, session, now: clock()) }) }
        case .loadMigration(let fromDay, let toDay):
            rfmQueue.async {
                mailboxes.migration.post((fromDay, Self.catching { try store.rfmMigration(session, fromDay: fromDay, toDay: toDay) }))
            }
        case .loadCell(let cell):
            rfmQueue.async { mailboxes.cell.post((cell, Self.catching { try RFMLoader.customers(in: cell, store, session) })) }
        case .recompute:
            rfmRecomputeQueue.async { mailboxes.recompute.post(Self.catching { try RFMLoader.recompute(store, session, now: clock()) }) }
        }
    }
}

/// The store calls behind the RFM screen: the same ones the CLI's `rfm`, `rfm migration`, `churn --at-risk` and
/// `rfm recompute` make, so the screen's figures are the CLI's.
enum RFMLoader {
    /// Expected purchases are over this many days (the CLI's `churn --horizon-days` default).
    static let horizonDays = 90
    /// How many at-risk customers the list shows.
    static let riskLimit = 100
    /// How many customers of one cell the drill-down lists (highest total spent first).
    static let cellLimit = 200

    static func load(_ store: LoyaltyStore, _ session: Session, now: UnixTime) throws -> RFMData {
        let grid = try store.rfmGrid(session)
        guard let run = grid.run else { return RFMData(grid: grid, snapshotDays: [], churn: nil) }
        let days = try store.rfmSnapshots(session, days: 0...run.day).map(\.day)
        let risk = try store.atRiskValuable(session, limit: riskLimit, now: now)
        let names = try store.customers(session, ids: risk.customers.map(\.customerID))
        let customers = risk.customers.map { row in
            let candidate = ChurnRiskCandidate(customerID: row.customerID, probabilityAlive: row.probabilityAlive ?? 1,
                                               monetaryMinor: row.monetary)
            let value = candidate.valueAtRisk
            return RFMRiskCustomer(name: name(names[row.customerID], id: row.customerID, externalID: row.externalID),
                                   churn: row, valueAtRiskMinor: value.isFinite && abs(value) < 9e18 ? Int64(value.rounded()) : 0)
        }
        let churn = RFMChurnData(status: try store.churnFitStatus(session), fit: risk.report.fit,
                                 failedFit: risk.report.failedFit, threshold: risk.threshold,
                                 horizonDays: risk.report.horizonDays, customers: customers)
        return RFMData(grid: grid, snapshotDays: days, churn: churn)
    }

    static func customers(in cell: RFMCell, _ store: LoyaltyStore, _ session: Session) throws -> [RFMListedCustomer] {
        let rows = try store.rfmCustomers(session, r: cell.r, f: cell.f, limit: cellLimit)
        let names = try store.customers(session, ids: rows.map(\.customerID))
        return rows.map { RFMListedCustomer(name: name(names[$0.customerID], id: $0.customerID, externalID: $0.externalID), row: $0) }
    }

    /// As `loyalnest rfm recompute`: scores stored as of now, then the churn model refitted on them.
    static func recompute(_ store: LoyaltyStore, _ session: Session, now: UnixTime) throws -> RFMRecomputeSummary {
        let done = try store.refreshRFM(session, asOf: now, now: now)
        let report = done.rfm, fit = done.churn
        return RFMRecomputeSummary(asOf: report.asOf, customers: report.customers, segmentChanges: report.segmentChanges,
                                   fitConverged: fit.latest?.converged == true, fitFailure: fit.failedLatest?.failure)
    }

    static func name(_ customer: CustomerInfo?, id: Int64, externalID: String?) -> String {
        customer?.displayName ?? externalID ?? "#\(id)"
    }
}
