import LoyaltyCore
import LoyaltyStore
import TerminalUI
import Testing
@testable import Dashboard

@Suite struct ReducerTests {
    @Test func screensSwitchWithTabDigitsAndTheSidebar() throws {
        var h = try DashboardHarness()
        #expect(h.state.screen == .overview)
        h.press(.tab)
        #expect(h.state.screen == .customers)
        h.press(.backTab)
        #expect(h.state.screen == .overview)
        h.press(.char("2"))
        #expect(h.state.screen == .customers)
        h.press(.char("9"))
        #expect(h.state.screen == .customers, "no screen 9: nothing changes")
        // A click on the first sidebar item (row 1 is the first item under the header).
        _ = h.program.handle(.mouse(MouseEvent(button: .left, position: Point(x: 3, y: 1))))
        #expect(h.state.screen == .overview)
    }

    @Test func typingSearchesAndEveryKeystrokeSupersedesTheLast() throws {
        var h = try DashboardHarness()
        h.press(.char("2"), .char("/"))
        #expect(h.state.customers.search.isFocused)
        let before = h.state.customers.generation
        for c in "lea" { _ = h.program.handle(.key(.char(c))) }
        #expect(h.state.customers.generation == before + 3)
        h.program.settle()
        let hits = try #require(h.state.customers.hits)
        #expect(!hits.isEmpty)
        #expect(hits.allSatisfy { hit in
            [hit.row.customer.firstName, hit.row.customer.lastName, hit.row.customer.email]
                .compactMap { $0?.lowercased().folding(options: .diacriticInsensitive, locale: nil) }
                .contains { $0.contains("lea") }
        })
        // q while typing is text, not quit.
        _ = h.program.handle(.key(.char("q")))
        #expect(h.state.customers.search.text == "leaq")
        // Escape leaves the field; the query stays.
        h.press(.escape)
        #expect(!h.state.customers.search.isFocused)
        #expect(h.state.customers.query == "leaq")
        // Escape again clears it and the full list comes back.
        h.press(.escape)
        #expect(h.state.customers.hits == nil)
        #expect(h.state.customers.page.total > 0)
    }

    @Test func theEmptyQueryPagesThroughEveryCustomerWithoutLoadingThemAll() throws {
        var h = try DashboardHarness(width: 80, height: 24)
        h.press(.char("2"))
        let total = h.state.customers.page.total
        #expect(total >= 200, "the first merchant holds over half of the 400 demo customers")
        #expect(h.state.customers.page.rows.count <= Reducer.pageSize)
        h.press(.char("G"))
        #expect(h.state.customers.selection.selected == total - 1)
        h.program.settle()
        #expect(h.state.customers.page.row(total - 1) != nil, "the last page is loaded after jumping to the end")
        #expect(((total - 5)..<total).allSatisfy { h.state.customers.page.row($0) != nil }, "the rows on screen are loaded")
    }

    @Test func stalePageAndSearchAnswersAreIgnored() throws {
        var h = try DashboardHarness()
        h.press(.char("2"))
        let current = h.state.customers.generation
        #expect(h.program.send(.searchLoaded(generation: current - 1, .success([]))) == .unchanged)
        #expect(h.state.customers.hits == nil)
    }

    @Test func ctrlCQuitsEvenFromAConfirmationAndNothingIsWritten() throws {
        let store = try DemoFixture.make(customers: 30)
        var h = try DashboardHarness(store: store)
        h.press(.char("2"))
        h.press(.enter)
        let id = try #require(h.state.journey?.customerID)
        let session = try store.session(merchant: nil, operator: nil)
        let before = try store.balances(session, customerID: id, now: DemoFixture.now)
        h.press(.char("a"))
        h.type("25")
        h.press(.tab)
        h.type("goodwill")
        h.press(.enter)
        guard case .confirm? = h.state.overlay else { Issue.record("expected a confirmation"); return }
        #expect(h.program.handle(.key(.ctrl("c"))) == .quit)
        h.program.settle()
        #expect(try store.balances(session, customerID: id, now: DemoFixture.now) == before)
    }

    @Test func adjustingPointsAsksForAReasonThenConfirmsThenWritesThroughTheStore() throws {
        let store = try DemoFixture.make(customers: 30)
        var h = try DashboardHarness(store: store)
        h.press(.char("2"))
        h.press(.enter)
        let id = try #require(h.state.journey?.customerID)
        let session = try store.session(merchant: nil, operator: nil)
        let before = try store.balances(session, customerID: id, now: DemoFixture.now).available

        h.press(.char("a"))
        h.type("25")
        h.press(.enter)  // no reason yet: the form refuses and stays open
        guard case .adjust(let form, _, _)? = h.state.overlay else { Issue.record("the form should stay open without a reason"); return }
        #expect(form.focus == 1, "focus moves to the missing reason")
        h.type("goodwill for late parcel")
        h.press(.enter)
        guard case .confirm? = h.state.overlay else { Issue.record("expected a confirmation"); return }
        #expect(h.text.contains("goodwill"))
        h.press(.enter)
        #expect(h.state.overlay == nil)
        let after = try store.balances(session, customerID: id, now: DemoFixture.now).available
        #expect(after == before + 25)
        #expect(h.state.journey?.journey?.balances.available == after, "the journey reloads after the write")
        #expect(h.text.contains(h.state.localizer.format.integer(after)))
        let audit = try store.auditLog(session, limit: 5)
        #expect(audit.contains { $0.action == "points.adjust" && $0.entityID == id && $0.operatorName == session.actor.name })
        let entries = h.state.journey?.journey?.events.compactMap { event -> LedgerEntryInfo? in
            if case .entry(let e) = event { return e.entry } else { return nil }
        } ?? []
        #expect(entries.contains { $0.kind == "adjust" && $0.points == 25 && $0.reason == "goodwill for late parcel" })
    }

    @Test func zeroAndNonNumericPointsAreRefusedWithAMessage() throws {
        let store = try DemoFixture.make(customers: 10)
        var h = try DashboardHarness(store: store)
        h.press(.char("2"))
        h.press(.enter)
        h.press(.char("a"))
        h.type("abc")
        h.press(.tab)
        h.type("x")
        h.press(.enter)
        guard case .adjust? = h.state.overlay else { Issue.record("a non-number must keep the form open"); return }
        #expect(h.text.contains(h.state.localizer.t("error.notANumber")) || h.text.lowercased().contains("number"))
    }

    @Test func aViewerCannotStartAWrite() throws {
        let store = try DemoFixture.make(customers: 10)
        let owner = try store.session(merchant: nil, operator: nil)
        _ = try store.addOperator(owner, name: "vic", role: .viewer, now: DemoFixture.now)
        var h = try DashboardHarness(store: store, operatorName: "vic")
        h.press(.char("2"))
        h.press(.enter)
        h.press(.char("a"))
        #expect(h.state.overlay == nil)
        #expect(h.state.toast != nil)
    }

    @Test func paletteCommandsSwitchThemeLanguageAndOpenCustomers() throws {
        var h = try DashboardHarness()
        h.press(.char(":"))
        h.type("lang ar")
        h.press(.enter)
        #expect(h.state.localizer.code == "ar")
        #expect(h.state.direction == .rightToLeft)
        h.press(.char(":"))
        h.type("theme light")
        h.press(.enter)
        #expect(h.state.theme.name == "light")
        h.press(.char(":"))
        h.type("theme nosuch")
        h.press(.enter)
        #expect(h.state.theme.name == "light")
        #expect(h.state.toast?.level == .error)
        h.press(.char(":"))
        h.type("customer lea")
        h.press(.enter)
        #expect(h.state.screen == .customers)
        #expect(h.state.customers.query == "lea")
        h.press(.char(":"))
        h.type("frobnicate")
        h.press(.enter)
        #expect(h.state.toast?.level == .error)
    }

    @Test func dashboardCommandsParse() throws {
        #expect(try DashboardCommand.parse("customer alice@").get() == .customer(query: "alice@"))
        #expect(try DashboardCommand.parse("th light").get() == .theme(name: "light"))
        #expect(try DashboardCommand.parse(" lang  ar ").get() == .lang(code: "ar"))
        #expect(try DashboardCommand.parse("q").get() == .quit)
        #expect(DashboardCommand.parse("theme") == .failure(.missingArgument("theme")))
        #expect(DashboardCommand.parse("zz") == .failure(.unknown("zz")))
        #expect(DashboardCommand.parse("") == .failure(.unknown("")))
    }

    @Test func userKeymapOverridesApply() throws {
        var h = try DashboardHarness(keys: "[keys]\nquit = [\"x\"]\n")
        #expect(h.program.handle(.key(.char("q"))) != .quit)
        #expect(h.program.handle(.key(.char("x"))) == .quit)
        h.press(.char("?"))
        #expect(h.text.contains("x"))
    }

    @Test func aBadKeymapOrThemeIsRefusedBeforeAnythingIsDrawn() throws {
        #expect(throws: (any Error).self) { try DashboardHarness(keys: "[keys]\nnosuchaction = [\"x\"]\n") }
        #expect(throws: (any Error).self) { try DashboardHarness(theme: "no-such-theme") }
    }

    @Test func mouseClickSelectsThenOpensARowAndTheWheelScrolls() throws {
        var h = try DashboardHarness(width: 80, height: 24)
        h.press(.char("2"))
        let layout = CustomersLayout(content: ShellLayout(size: Size(width: 80, height: 24)).content)
        let thirdRow = Point(x: layout.body.x + 2, y: layout.body.y + 3)
        _ = h.program.handle(.mouse(MouseEvent(button: .left, position: thirdRow)))
        #expect(h.state.customers.selection.selected == 2)
        _ = h.program.handle(.mouse(MouseEvent(button: .wheelDown, position: thirdRow)))
        #expect(h.state.customers.selection.offset(forRows: layout.body.height - 1) == 3)
        _ = h.program.handle(.mouse(MouseEvent(button: .wheelUp, position: thirdRow)))
        _ = h.program.handle(.mouse(MouseEvent(button: .left, position: thirdRow)))
        #expect(h.state.customers.selection.selected == 2 && h.state.journey == nil)
        _ = h.program.handle(.mouse(MouseEvent(button: .left, position: thirdRow)))
        h.program.settle()
        #expect(h.state.journey != nil, "a click on the selected row opens it")
    }

    @Test func mouseClicksAreMirroredInRightToLeftLayouts() throws {
        var h = try DashboardHarness(width: 80, height: 24, lang: "ar")
        // The sidebar is on the right: its first item sits at the physical right edge.
        _ = h.program.handle(.mouse(MouseEvent(button: .left, position: Point(x: 76, y: 2))))
        #expect(h.state.screen == .customers)
        _ = h.program.handle(.mouse(MouseEvent(button: .left, position: Point(x: 3, y: 2))))
        #expect(h.state.screen == .customers, "a click on the left half is content, not the sidebar")
    }

    /// Opens the journey of the customer with the most points (list sorted by balance, descending).
    static func openRichestCustomer(_ h: inout DashboardHarness) throws -> Int64 {
        h.press(.char("2"))
        while h.state.customers.sort.key != .balance { h.press(.char("l")) }
        if !h.state.customers.sort.descending { h.press(.char("s")) }
        h.press(.enter)
        return try #require(h.state.journey?.customerID)
    }

    @Test func undoingAnEntryAsksForAReasonAndPostsACompensatingEntry() throws {
        let store = try DemoFixture.make(customers: 30)
        var h = try DashboardHarness(store: store)
        let id = try Self.openRichestCustomer(&h)
        let events = try #require(h.state.journey?.journey?.events)
        let target = try #require(events.firstIndex { if case .entry(let e) = $0 { return e.undoable } else { return false } })
        guard case .entry(let entry) = events[target] else { return }
        h.program.selectJourneyRowForTesting(target)
        h.press(.char("u"))
        guard case .undoReason? = h.state.overlay else { Issue.record("expected the reason form"); return }
        h.type("posted twice by mistake")
        h.press(.enter)
        guard case .confirm? = h.state.overlay else { Issue.record("expected a confirmation"); return }
        h.press(.enter)
        let session = try store.session(merchant: nil, operator: nil)
        let undo = try store.customerJourney(merchant: session.merchant, customerID: id, now: DemoFixture.now).events
            .compactMap { event -> LedgerEntryInfo? in if case .entry(let e) = event { return e.entry } else { return nil } }
            .first { $0.reversesID == entry.entry.id }
        #expect(undo?.points == -entry.entry.points)
        #expect(undo?.reason == "posted twice by mistake")
        #expect(h.state.toast?.level == .ok)
    }

    @Test func redeemingOnTheCustomersBehalfIssuesACode() throws {
        let store = try DemoFixture.make(customers: 30)
        var h = try DashboardHarness(store: store)
        let id = try Self.openRichestCustomer(&h)
        let available = try #require(h.state.journey?.journey?.balances.available)
        let rewards = try #require(h.state.journey?.rewards)
        let affordable = try #require(rewards.firstIndex { $0.pointsCost <= available }, "the richest demo customer affords a reward")
        h.press(.char("r"))
        guard case .chooseReward? = h.state.overlay else { Issue.record("expected the reward list"); return }
        for _ in 0..<affordable { h.press(.down) }
        h.press(.enter)
        guard case .confirm? = h.state.overlay else { Issue.record("expected a confirmation"); return }
        h.press(.enter)
        #expect(h.text.contains("LN-"), "the toast shows the discount code")
        #expect(h.state.journey?.journey?.balances.available == available - rewards[affordable].pointsCost)
        let session = try store.session(merchant: nil, operator: nil)
        #expect(try store.balances(session, customerID: id, now: DemoFixture.now).available == available - rewards[affordable].pointsCost)
    }

    @Test func undoOnAnOrderRowExplainsInsteadOfActing() throws {
        var h = try DashboardHarness()
        _ = try Self.openRichestCustomer(&h)
        let events = try #require(h.state.journey?.journey?.events)
        let order = try #require(events.firstIndex { if case .order = $0 { return true } else { return false } })
        h.program.selectJourneyRowForTesting(order)
        h.press(.char("u"))
        #expect(h.state.overlay == nil)
        #expect(h.state.toast?.level == .warn)
    }
}
