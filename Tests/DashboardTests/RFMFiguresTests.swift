import Foundation
import LoyaltyCore
import LoyaltyStore
import TerminalUI
import Testing
@testable import Dashboard

/// What the RFM screen shows is what the store answers the CLI: `rfm` (the grid), `rfm recompute` (the day's
/// segment snapshot), `rfm migration` and `churn --at-risk`.
@Suite struct RFMFiguresTests {
    let store = RFMFixture.shared

    func screen(width: Int = 80, height: Int = 24) throws -> DashboardHarness {
        var h = try DashboardHarness(width: width, height: height, store: store)
        h.press(.char("7"))
        return h
    }

    @Test func theHeatmapOnScreenHoldsTheStoredGridsCounts() throws {
        let h = try screen()
        let session = try store.session(merchant: nil, operator: nil)
        let grid = try store.rfmGrid(session)
        #expect(h.state.rfm.load.data?.grid == grid)
        #expect(grid.counts.joined().reduce(0, +) == grid.customers)
        // The frame itself: rows R5..R1 under the column labels, one count per cell.
        let lines = h.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let x = ShellLayout(size: Size(width: 80, height: 24)).content.x
        for (i, r) in (1...5).reversed().enumerated() {
            let words = lines[4 + i].dropFirst(x).prefix(34).split(separator: " ").map(String.init)
            #expect(words == ["R\(r)"] + grid.counts[r - 1].map(String.init), "row R\(r) of the frame")
        }
    }

    @Test func theSegmentBarsAreTheLatestSnapshot() throws {
        let h = try screen()
        let session = try store.session(merchant: nil, operator: nil)
        let run = try #require(try store.latestRFMRun(session))
        let snapshot = try #require(try store.rfmSnapshots(session, days: run.day...run.day).first)
        let shown = try #require(h.state.rfm.load.data?.grid.segments)
        #expect(shown.map(\.customers) == snapshot.segments.map(\.customers))
        #expect(shown.map(\.revenueMinor) == snapshot.segments.map(\.revenueMinor))
        let bars = RFMSegmentsPanel.bars(h.state, h.state.rfm.load.data!, wide: false)
        #expect(bars.map { Int($0.value) } == snapshot.segments.map(\.customers))
    }

    @Test func theChurnListIsTheCLIsAtRiskList() throws {
        let h = try screen(width: 140, height: 45)
        let session = try store.session(merchant: nil, operator: nil)
        // As `loyalnest churn --at-risk` computes it.
        let risk = try store.atRiskValuable(session, limit: Int.max, now: RFMFixture.now)
        let report = try store.churnReport(session, asOf: nil, horizonDays: 90, now: RFMFixture.now)
        let byID = Dictionary(uniqueKeysWithValues: report.rows.map { ($0.customerID, $0) })
        let shown = try #require(h.state.rfm.load.data?.churn?.customers)
        try #require(!shown.isEmpty)
        #expect(shown.map(\.churn.customerID) == risk.customers.prefix(RFMLoader.riskLimit).map(\.customerID))
        for customer in shown {
            let cli = try #require(byID[customer.churn.customerID])
            #expect(customer.churn.probabilityAlive == cli.probabilityAlive)
            #expect(customer.churn.expectedPurchases == cli.expectedPurchases)
            #expect(customer.churn.monetary == cli.monetary)
            let candidate = ChurnRiskCandidate(customerID: cli.customerID, probabilityAlive: cli.probabilityAlive!,
                                               monetaryMinor: cli.monetary)
            #expect(customer.valueAtRiskMinor == Int64(candidate.valueAtRisk.rounded()))
        }
        let values = shown.map(\.valueAtRiskMinor)
        #expect(values == values.sorted(by: >), "highest value at risk first")
        #expect(h.state.rfm.load.data?.churn?.fit == report.fit)
        // On screen: the first row's P(alive) and expected purchases, as the CLI's figures rounded.
        let first = shown[0]
        let l = h.state.localizer
        #expect(h.text.contains(l.format.decimal(first.churn.probabilityAlive!, fractionDigits: 3)))
        #expect(h.text.contains(l.format.decimal(first.churn.expectedPurchases!, fractionDigits: 2)))
    }

    @Test func theMigrationMatrixIsTheStoresBetweenTheSameDays() throws {
        let h = try screen()
        let session = try store.session(merchant: nil, operator: nil)
        let shown = try #require(h.state.rfm.migration.data)
        let expected = try store.rfmMigration(session, fromDay: shown.fromDay, toDay: shown.toDay)
        #expect(shown.matrix == expected.matrix)
        #expect(shown.toDay == (try store.latestRFMRun(session))?.day)
    }
}

extension RFMFiguresTests {
    /// The names of the screen's lists: one merchant's customers only, whatever ids are asked for.
    @Test func customerNamesAreReadForTheSessionsMerchantOnly() throws {
        let northwind = try store.session(merchant: nil, operator: nil)
        let other = try store.session(merchant: "kirschbluete-tee.myshopify.com", operator: nil)
        let ours = try store.customersPage(merchant: northwind.merchant, sort: CustomerSort(.name), offset: 0, limit: 3)
        let theirs = try store.customersPage(merchant: other.merchant, sort: CustomerSort(.name), offset: 0, limit: 2)
        let ids = ours.map(\.customer.id) + theirs.map(\.customer.id) + [-1]
        let found = try store.customers(northwind, ids: ids)
        #expect(Set(found.keys) == Set(ours.map(\.customer.id)))
        #expect(found[ours[0].customer.id]?.displayName == ours[0].customer.displayName)
        #expect(try store.customers(northwind, ids: []).isEmpty)
    }
}
