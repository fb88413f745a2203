import Foundation
import LoyaltyCore
import LoyaltyStore
import TerminalUI
import Testing
@testable import Dashboard

/// The RFM & churn screen through the real store: the cursor, the drill-down, the journey, the recompute and who
/// may run it, the empty state, and figures that are the store's (and so the CLI's).
@Suite struct RFMReducerTests {
    static let now = RFMFixture.now

    func open(_ store: LoyaltyStore = RFMFixture.shared, operatorName: String? = nil, lang: String = "en",
              width: Int = 80, height: Int = 24) throws -> DashboardHarness {
        var h = try DashboardHarness(width: width, height: height, lang: lang, store: store, operatorName: operatorName)
        h.press(.char("7"))
        #expect(h.state.screen == .rfm)
        return h
    }

    func owner(_ store: LoyaltyStore) throws -> Session { try store.session(merchant: nil, operator: nil) }

    @Test func theScreenSitsBetweenReferralsAndIntegrations() throws {
        let h = try DashboardHarness(store: RFMFixture.shared)
        #expect(h.state.screens == [.overview, .customers, .program, .tiers, .campaigns, .referrals, .rfm, .integrations])
        #expect(h.text.contains("7 RFM & Churn") && h.text.contains("8 Integrations"))
    }

    @Test func theCursorMovesAndStaysInTheGrid() throws {
        var h = try open()
        #expect(h.state.rfm.cursor == RFMCell(r: 5, f: 1))
        h.press(.up, .left)
        #expect(h.state.rfm.cursor == RFMCell(r: 5, f: 1), "the top-left corner holds")
        h.press(.down, .down, .right)
        #expect(h.state.rfm.cursor == RFMCell(r: 3, f: 2))
        for _ in 0..<7 { h.press(.down, .right) }
        #expect(h.state.rfm.cursor == RFMCell(r: 1, f: 5), "the bottom-right corner holds")
        h.press(.char("g"))
        #expect(h.state.rfm.cursor == RFMCell(r: 1, f: 1), "home: the first column")
        h.press(.char("l"), .char("k"))
        #expect(h.state.rfm.cursor == RFMCell(r: 2, f: 2), "h j k l move it too")
    }

    @Test func rightToLeftArrowsFollowTheMirroredGrid() throws {
        var h = try open(lang: "ar")
        h.press(.left)
        #expect(h.state.rfm.cursor == RFMCell(r: 5, f: 2), "in Arabic F grows to the left")
        h.press(.right)
        #expect(h.state.rfm.cursor == RFMCell(r: 5, f: 1))
    }

    @Test func enterListsTheCellsCustomersAndEnterOnOneOpensTheJourney() throws {
        var h = try open()
        let grid = try RFMFixture.shared.rfmGrid(try owner(RFMFixture.shared))
        // The busiest cell.
        var (r, f) = (1, 1)
        for row in 1...5 {
            for column in 1...5 where grid.counts[row - 1][column - 1] > grid.counts[r - 1][f - 1] { (r, f) = (row, column) }
        }
        for _ in 0..<(5 - r) { h.press(.down) }
        for _ in 0..<(f - 1) { h.press(.right) }
        h.press(.enter)
        let drill = try #require(h.state.rfm.drill)
        #expect(drill.cell == RFMCell(r: r, f: f))
        #expect(drill.customers.count == min(RFMLoader.cellLimit, grid.counts[r - 1][f - 1]))
        #expect(drill.customers.allSatisfy { $0.row.scores.r == r && $0.row.scores.f == f })
        let spent = drill.customers.map(\.row.totalSpentMinor)
        #expect(spent == spent.sorted(by: >), "highest total spent first")
        #expect(h.text.contains(drill.customers[0].name))

        h.press(.down)
        let second = drill.customers[1].row.customerID
        h.press(.enter)
        #expect(h.state.screen == .customers)
        #expect(h.state.journey?.customerID == second)
        #expect(h.state.journey?.journey != nil, "the journey loads as from the Customers screen")
        h.press(.escape)
        #expect(h.state.screen == .rfm, "Esc goes back to the RFM screen")
        #expect(h.state.rfm.drill?.cell == RFMCell(r: r, f: f), "with the cell still open")
        h.press(.escape)
        #expect(h.state.rfm.drill == nil)
    }

    @Test func theChurnListOpensTheJourneyOfItsCustomer() throws {
        var h = try open()
        h.press(.char("v"), .char("v"))
        #expect(h.state.rfm.panel == .churn)
        let customers = try #require(h.state.rfm.load.data?.churn?.customers)
        try #require(!customers.isEmpty, "the fixture has customers at risk and valuable")
        h.press(.enter)
        #expect(h.state.journey?.customerID == customers[0].churn.customerID)
    }

    @Test func aWideTerminalShowsEveryPanelAndVMovesTheArrowsToTheChurnList() throws {
        var h = try open(width: 140, height: 45)
        let text = h.text
        for key in ["rfm.segments.title", "rfm.moves.title", "rfm.column.valueAtRisk"] {
            #expect(text.contains(h.state.localizer.t(key)), "\(key) on screen")
        }
        let atRisk = try #require(h.state.rfm.load.data?.churn?.customers.count)
        h.press(.char("v"), .down)
        #expect(h.state.rfm.panel == .churn)
        #expect(h.state.rfm.churnSelection.selected == min(1, atRisk - 1))
        #expect(h.state.rfm.cursor == RFMCell(r: 5, f: 1), "the heatmap cursor did not move")
        h.press(.char("v"), .down)
        #expect(h.state.rfm.cursor == RFMCell(r: 4, f: 1))
    }

    @Test func aClickMovesTheCursorAndASecondClickListsTheCell() throws {
        var h = try open()
        let content = ShellLayout(size: Size(width: 80, height: 24)).content
        // R3 F4: the third grid row under the column labels, the fourth cell (labels take 3 columns, cells 5 + 1).
        let point = Point(x: content.x + 3 + 3 * 6 + 2, y: content.y + 3 + 2)
        _ = h.program.handle(.mouse(MouseEvent(button: .left, position: point)))
        #expect(h.state.rfm.cursor == RFMCell(r: 3, f: 4))
        #expect(h.state.rfm.drill == nil)
        _ = h.program.handle(.mouse(MouseEvent(button: .left, position: point)))
        h.program.settle()
        #expect(h.state.rfm.drill?.cell == RFMCell(r: 3, f: 4))
    }

    @Test func theFromDateStepsThroughTheRecomputeDays() throws {
        var h = try open()
        let session = try owner(RFMFixture.shared)
        let days = try RFMFixture.shared.rfmSnapshots(session, days: 0...Int64.max / 86_400).map(\.day)
        #expect(days.count == 3)
        #expect(h.state.rfm.fromDay == days[1], "the recompute before the latest")
        h.press(.char("["))
        #expect(h.state.rfm.fromDay == days[0])
        let expected = try RFMFixture.shared.rfmMigration(session, fromDay: days[0], toDay: days[2])
        #expect(h.state.rfm.migration.data?.matrix == expected.matrix)
        h.press(.char("["))
        #expect(h.state.rfm.fromDay == days[0], "no earlier day: it stays")
        #expect(h.state.toast?.message == h.state.localizer.t("rfm.migration.noEarlier"))
        h.press(.char("]"))
        #expect(h.state.rfm.fromDay == days[1])
    }

    @Test func aRecomputeRunsInTheBackgroundAndLands() throws {
        let store = try RFMFixture.unscored()
        var h = try open(store, operatorName: "grace")  // staff
        #expect(h.state.rfm.load.data?.run == nil)
        #expect(h.text.contains("No RFM figures are stored yet. Press r"))
        _ = h.program.handle(.key(.char("r")))
        #expect(h.state.rfm.recompute == .running, "the key only starts the job")
        h.draw()
        #expect(h.text.contains(h.state.localizer.t("rfm.recompute.running")))
        h.program.settle()
        h.draw()
        guard case .finished(let summary) = h.state.rfm.recompute else {
            Issue.record("expected a finished recompute, got \(h.state.rfm.recompute)")
            return
        }
        let run = try #require(try store.latestRFMRun(try owner(store)))
        #expect(run.asOf == DemoFixture.now && summary.asOf == run.asOf && summary.customers == run.customers)
        #expect(try store.churnFitStatus(try owner(store)).latest != nil, "the churn model was refitted")
        #expect(h.state.rfm.load.data?.run == run, "the screen reloaded the stored figures")
        #expect(h.state.toast?.level == .ok)
        let actions = try store.auditLog(try owner(store), limit: 10).map(\.action)
        #expect(actions.contains("churn.fit"))
    }

    @Test(arguments: ["vera", "sam"])  // viewer, support
    func anOperatorWhoMayNotRecomputeIsRefusedAndNothingIsWritten(name: String) throws {
        let store = try RFMFixture.unscored()
        var h = try open(store, operatorName: name)
        #expect(!h.text.contains("r " + h.state.localizer.t("action.recompute")), "the footer does not offer r")
        #expect(h.state.localizer.t("rfm.empty.cannotRecompute").hasPrefix("No RFM figures are stored yet. Recomputing needs"))
        #expect(h.text.contains("Recomputing needs a staff"))
        let auditBefore = try store.auditLog(try owner(store), limit: 1000).count
        h.press(.char("r"))
        #expect(h.state.rfm.recompute == .idle)
        #expect(h.state.toast?.level == .error)
        #expect(h.state.toast?.message.contains(h.state.localizer.t("action.recompute")) == true)
        #expect(try store.latestRFMRun(try owner(store)) == nil)
        #expect(try store.auditLog(try owner(store), limit: 1000).count == auditBefore)
    }

    @Test func theEmptyStateExplainsHowToComputeAndIgnoresTheGridKeys() throws {
        var h = try open(try RFMFixture.unscored())
        h.press(.down, .enter, .char("["))
        #expect(h.state.rfm.drill == nil)
        #expect(h.state.screen == .rfm)
        #expect(h.text.contains("loyalnest rfm recompute"))
    }

    @Test func aShopWithoutOrdersRecomputesToAnEmptyGrid() throws {
        let store = try DemoFixture.make(customers: 0)
        var h = try open(store)
        h.press(.char("r"))
        let data = try #require(h.state.rfm.load.data)
        #expect(data.run?.customers == 0)
        #expect(data.grid.counts.joined().allSatisfy { $0 == 0 })
        #expect(data.churn?.customers.isEmpty == true)
        h.press(.enter)
        #expect(h.state.rfm.drill?.customers.isEmpty == true)
        #expect(h.text.contains(h.state.localizer.t("rfm.drill.empty")))
    }
}
