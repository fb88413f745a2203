import Foundation
import LoyaltyCore
@testable import LoyaltyStore
import Testing

@Suite struct ImportTests {
    let now = StoreHarness.t0 + 30 * 86_400
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("LoyaltyCoreTests/Fixtures/shopify")

    func csv(_ text: String) -> Data { Data(text.utf8) }

    /// Every table a refused import could have touched, so "nothing written" is checked everywhere.
    func snapshot(_ h: StoreHarness) throws -> [Int] {
        try ["customers", "orders", "refunds", "points_transactions", "point_allocations", "import_batches", "audit_logs"].map(h.count)
    }

    func expectRefused(_ h: StoreHarness, _ data: Data, format: ImportFileFormat? = nil, containing fragments: [String],
                       sourceLocation: SourceLocation = #_sourceLocation) throws {
        let before = try snapshot(h)
        do {
            _ = try h.store.importOrders(h.owner, data: data, source: "bad.csv", options: ImportOptions(format: format), now: now)
            Issue.record("import was accepted", sourceLocation: sourceLocation)
        } catch let rejected as ImportRejected {
            let text = rejected.report.errors.map(\.description).joined(separator: "\n")
            for fragment in fragments {
                #expect(text.contains(fragment), "missing \"\(fragment)\" in:\n\(text)", sourceLocation: sourceLocation)
            }
        }
        #expect(try snapshot(h) == before, "a refused import wrote something", sourceLocation: sourceLocation)
    }

    @Test func csvImportPostsPointsAndReportsCounts() throws {
        let h = try StoreHarness()
        let report = try h.store.importOrders(h.owner, data: csv("""
            customer_id,order_id,processed_at,total_price,email,first_name
            c1,1001,2026-01-02T10:00:00Z,12.40,ann@example.com,Ann
            c1,1002,2026-01-03,7.99,ann@example.com,Ann
            c2,1003,2026-01-04 09:00:00 -0500,100.00,bob@example.com,Bob
            """), source: "orders.csv", now: now)
        #expect(report.new == 3 && report.known == 0 && report.rejected == 0)
        #expect(report.pointsPosted == 12 + 7 + 100)
        #expect(report.customersCreated == 2)
        let detail = try h.store.customerDetail(h.owner, query: "ann@example.com", now: now)
        #expect(detail.balances.available == 19)
        #expect(detail.entries.contains { $0.explanation == "12 pts = 12.40 USD × 1 pt/USD (rules v1)" && $0.orderExternalID == "1001" })
        #expect(try h.allChecksPass())
        let again = try h.store.importOrders(h.owner, data: csv("""
            customer_id,order_id,processed_at,total_price
            c2,1003,2026-01-04 09:00:00 -0500,100.00
            """), source: "again.csv", now: now)
        #expect(again.new == 0 && again.pointsPosted == 0)
    }

    @Test func wrongOrMissingColumnsAreRefused() throws {
        let h = try StoreHarness()
        try expectRefused(h, csv("customer_id,order_id,total_price\nc1,1,5.00\n"), containing: ["processed_at"])
        try expectRefused(h, csv("customer_id,order_id,processed_at,total_price,colour\nc1,1,2026-01-01,5.00,red\n"), containing: ["colour"])
        try expectRefused(h, csv("customer_id,order_id,processed_at,total_price\nc1,1,2026-01-01\n"), containing: ["line 2"])
    }

    @Test func badDatesAndPricesNameTheLineAndField() throws {
        let h = try StoreHarness()
        try expectRefused(h, csv("""
            customer_id,order_id,processed_at,total_price
            c1,1,2026-02-30,5.00
            c1,2,2026-01-01,-5.00
            c1,3,2026-01-01,abc
            c1,4,2026-01-01,5.00
            c1,5,2099-01-01,5.00
            c1,6,2026-01-01,5.001
            """), containing: ["line 2, field processed_at", "line 3, field total_price", "line 4, field total_price",
                               "line 6, field processed_at", "line 7, field total_price"])
    }

    @Test func duplicateOrderIDs() throws {
        let h = try StoreHarness()
        let report = try h.store.importOrders(h.owner, data: csv("""
            customer_id,order_id,processed_at,total_price
            c1,1,2026-01-01,5.00
            c1,1,2026-01-01,5.00
            """), source: "dup.csv", now: now)
        #expect(report.new == 1 && report.known == 1 && report.pointsPosted == 5)
        let h2 = try StoreHarness()
        try expectRefused(h2, csv("""
            customer_id,order_id,processed_at,total_price
            c1,1,2026-01-01,5.00
            c1,1,2026-01-01,6.00
            """), containing: ["line 3, field order_id", "first on line 2"])
    }

    /// With --skip-invalid, a refused line does not stand for its order id: the next line with that id is the one a
    /// later repeat is compared with.
    @Test func aRepeatIsComparedWithTheAppearanceThatWasImported() throws {
        let h = try StoreHarness()
        let report = try h.store.importOrders(h.owner, data: csv("""
            customer_id,order_id,processed_at,total_price
            c1,7,2026-01-01,5.001
            c1,7,2026-01-01,6.00
            c1,7,2026-01-01,6.00
            c1,8,2026-01-01,2.00
            c1,7,2026-01-01,9.00
            """), source: "repeats.csv", options: ImportOptions(skipInvalid: true), now: now)
        #expect(report.new == 2 && report.known == 1 && report.rejected == 2 && report.pointsPosted == 8)
        #expect(report.errors.map(\.line) == [2, 6])
        #expect(report.errors.last?.message.contains("first on line 3") == true)
    }

    @Test func nonUTF8HugeFieldsAndEmptyFiles() throws {
        let h = try StoreHarness()
        var bytes = Array("customer_id,order_id,processed_at,total_price,first_name\nc1,1,2026-01-01,5.00,Ren".utf8)
        bytes += [0xC3, 0x28, 0x0A]
        try expectRefused(h, Data(bytes), containing: ["line 2", "UTF-8"])
        let huge = "customer_id,order_id,processed_at,total_price,first_name\nc1,1,2026-01-01,5.00," + String(repeating: "x", count: 10_000_000) + "\n"
        try expectRefused(h, csv(huge), containing: ["line 2", "first_name"])
        try expectRefused(h, Data(), containing: ["empty"])
    }

    @Test func skipInvalidImportsTheRestAndRecordsTheSkippedLines() throws {
        let h = try StoreHarness()
        let report = try h.store.importOrders(h.owner, data: csv("""
            customer_id,order_id,processed_at,total_price
            c1,1,2026-01-01,5.00
            c1,2,not-a-date,5.00
            c1,3,2026-01-02,7.00
            """), source: "mixed.csv", options: ImportOptions(skipInvalid: true), now: now)
        #expect(report.new == 2 && report.rejected == 1 && report.pointsPosted == 12)
        #expect(report.errors.first?.line == 3)
        #expect(try h.count("import_batch_errors") == 1)
    }

    @Test func shopifyJSONFixturesImportWithExactIDs() throws {
        let h = try StoreHarness()
        let list = try Data(contentsOf: Self.fixtures.appendingPathComponent("rest/python_api__orders.json"))
        let report = try h.store.importOrders(h.owner, data: list, source: "python_api__orders.json", now: now)
        #expect(report.format == "json" && report.new == 1)
        #expect(report.pointsPosted == 597)  // subtotal_price 597.00 at 1 pt/$ (shipping and tax excluded)
        let webhook = try Data(contentsOf: Self.fixtures.appendingPathComponent("webhooks/orders_create.json"))
        let second = try h.store.importOrders(h.owner, data: webhook, source: "orders_create.json", now: now)
        #expect(second.new == 1 && second.pointsPosted == 0)  // the sample order is cancelled: nothing to earn
        let ids = try h.store.read { db in try String.fetchAll(db, sql: "SELECT external_id FROM orders ORDER BY id") }
        #expect(ids == ["450789469", "820982911946154508"])
        #expect(try h.store.findCustomer(h.owner, "115310627314723954").email == "john@example.com")
        #expect(try h.allChecksPass())
    }

    @Test func brokenJSONIsRefused() throws {
        let h = try StoreHarness()
        try expectRefused(h, csv("{\"orders\":[{\"id\":1,"), containing: ["line 1"])
        try expectRefused(h, csv("[\"a\",\"b\"]"), format: .json, containing: ["orders"])
        let big = """
            {"id": 9007199254740993, "email": "x@example.com", "processed_at": "2026-01-01T00:00:00Z", "total_price": "10.00",
             "subtotal_price": "10.00", "currency": "USD", "customer": {"id": 9007199254740995, "email": "x@example.com"}}
            """
        let report = try h.store.importOrders(h.owner, data: csv(big), source: "big.json", now: now)
        #expect(report.new == 1)
        #expect(try h.store.read { db in try String.fetchOne(db, sql: "SELECT external_id FROM orders") } == "9007199254740993")
        #expect(try h.store.findCustomer(h.owner, "9007199254740995").externalID == "9007199254740995")
    }

    @Test func refundsClawBackProportionallyAndCancellationsReverse() throws {
        let h = try StoreHarness()
        var order = h.order("A", customer: "c1", amount: 10_000)
        try h.importOrders([order])
        order.refunds = [IncomingRefund(externalID: "R1", createdAt: StoreHarness.t0 + 7200, amount: DecimalAmount(digits: 3333, scale: 2))]
        let refund = try h.importOrders([order])
        #expect(refund.updated == 1 && refund.pointsPosted == -33)
        order.refunds.append(IncomingRefund(externalID: "R2", createdAt: StoreHarness.t0 + 7300, amount: DecimalAmount(digits: 3333, scale: 2)))
        #expect(try h.importOrders([order]).pointsPosted == -33)  // floor(100 × 66.66/100) − 33
        order.cancelledAt = StoreHarness.t0 + 8000
        #expect(try h.importOrders([order]).pointsPosted == -34)
        let id = try h.customerID("c1")
        #expect(try h.store.balances(h.owner, customerID: id, now: now).total == 0)
        #expect(try h.importOrders([order]).pointsPosted == 0)
        #expect(try h.allChecksPass())
    }

    @Test func clawbackAfterSpendingFollowsTheNegativeBalancePolicy() throws {
        for policy in ProgramSettings.NegativeBalancePolicy.allCases {
            let h = try StoreHarness(settings: ProgramSettings(negativeBalance: policy))
            let reward = try h.store.addReward(h.owner, RewardDefinition(name: "r", kind: .freeShipping, pointsCost: 80), now: StoreHarness.t0)
            var order = h.order("A", customer: "c1", amount: 10_000)
            try h.importOrders([order])
            let id = try h.customerID("c1")
            _ = try h.store.redeem(h.owner, customerID: id, rewardID: reward.id, now: StoreHarness.t0 + 7200)
            order.cancelledAt = StoreHarness.t0 + 9000
            try h.importOrders([order])
            let balance = try h.store.balances(h.owner, customerID: id, now: now)
            #expect(balance.total == (policy == .allowNegative ? -80 : 0))
            // Owed points are repaid by the next earnings.
            try h.importOrders([h.order("B", customer: "c1", amount: 5_000, at: StoreHarness.t0 + 10_000)])
            #expect(try h.store.balances(h.owner, customerID: id, now: now).available == (policy == .allowNegative ? -30 : 50))
            #expect(try h.allChecksPass())
        }
    }

    @Test func pendingPointsCountButCannotBeSpent() throws {
        let h = try StoreHarness(settings: ProgramSettings(pendingDays: 14))
        let reward = try h.store.addReward(h.owner, RewardDefinition(name: "r", kind: .freeShipping, pointsCost: 50), now: StoreHarness.t0)
        try h.importOrders([h.order("A", customer: "c1", amount: 10_000)])
        let id = try h.customerID("c1")
        let early = try h.store.balances(h.owner, customerID: id, now: StoreHarness.t0 + 86_400)
        #expect(early.total == 100 && early.pending == 100 && early.available == 0)
        #expect(throws: StoreError.insufficientBalance(requested: 50, available: 0)) {
            try h.store.redeem(h.owner, customerID: id, rewardID: reward.id, now: StoreHarness.t0 + 86_400)
        }
        let later = StoreHarness.t0 + 15 * 86_400
        #expect(try h.store.balances(h.owner, customerID: id, now: later).available == 100)
        _ = try h.store.redeem(h.owner, customerID: id, rewardID: reward.id, now: later)
        #expect(try h.store.balances(h.owner, customerID: id, now: later).available == 50)
    }

    @Test func customersImportWithOpeningBalances() throws {
        let h = try StoreHarness()
        let file = csv("email,first_name,birthday,points\nann@example.com,Ann,1990-05-17,250\nbob@example.com,Bob,,\n")
        let report = try h.store.importCustomers(h.owner, data: file, source: "customers.csv", now: now)
        #expect(report.new == 2 && report.pointsPosted == 250)
        #expect(try h.store.importCustomers(h.owner, data: file, source: "customers.csv", now: now).pointsPosted == 0)
        #expect(throws: ImportRejected.self) {
            try h.store.importCustomers(h.owner, data: csv("email,points\nann@example.com,300\n"), source: "changed.csv", now: now)
        }
        #expect(throws: ImportRejected.self) {
            try h.store.importCustomers(h.owner, data: csv("email,points\nnot-an-email,3\n"), source: "bad.csv", now: now)
        }
        // A later order by the same email links to the imported customer.
        try h.importOrders([h.order("A", customer: "shop-77", amount: 1000)].map { var o = $0; o.customer.email = "ANN@example.com"; return o })
        #expect(try h.store.findCustomer(h.owner, "shop-77").email == "ann@example.com")
        #expect(try h.allChecksPass())
    }

    /// In a store with no customers yet the import skips the look-ups for new shop ids; a customer the same file
    /// created by email alone must still be found by a later order carrying that email and a shop id.
    @Test func aFirstImportStillLinksAnEmailOnlyCustomerToItsShopID() throws {
        let h = try StoreHarness()
        func order(_ id: String, _ customer: String?, _ email: String?, _ amount: Int64) -> IncomingOrder {
            var order = h.order(id, customer: customer ?? "", amount: amount)
            order.customer.externalID = customer
            order.customer.email = email
            return order
        }
        // A guest checkout with an email (a Shopify order without a customer record), then that shopper's account.
        let report = try h.store.importOrders(h.owner, orders: [
            order("2005", "c11", "dan@example.com", 800), order("2006", "c11", nil, 100),
            order("2001", nil, "Cat@example.com", 1_000), order("2002", "c9", "cat@example.com", 2_000),
            order("2003", "c9", "cat@example.com", 500), order("2004", "c10", "cat@example.com", 700),
        ], source: "orders.json", now: now)
        #expect(report.new == 6 && report.customersCreated == 3)
        let cat = try h.store.findCustomer(h.owner, "c9")
        #expect(cat.email == "Cat@example.com" && cat.ordersCount == 3)
        #expect(try h.store.findCustomer(h.owner, "c10").ordersCount == 1, "another shop id with the same email is another customer")
        #expect(try h.store.findCustomer(h.owner, "c11").ordersCount == 2)
        #expect(try h.allChecksPass())
    }

    @Test func importUndoReversesAndAReimportCreditsAgain() throws {
        let h = try StoreHarness()
        let data = csv("customer_id,order_id,processed_at,total_price\nc1,1,2026-01-01,50.00\nc2,2,2026-01-01,20.00\n")
        let first = try h.store.importOrders(h.owner, data: data, source: "a.csv", now: now)
        let undone = try h.store.undoImport(h.owner, batchID: first.batchID!, reason: "wrong file", now: now)
        #expect(undone.entries == 2 && undone.points == -70)
        #expect(throws: StoreError.batchAlreadyUndone(first.batchID!)) {
            try h.store.undoImport(h.owner, batchID: first.batchID!, reason: "again", now: now)
        }
        #expect(try h.store.balances(h.owner, customerID: try h.customerID("c1"), now: now).total == 0)
        let again = try h.store.importOrders(h.owner, data: data, source: "a.csv", now: now)
        #expect(again.pointsPosted == 70)
        #expect(try h.store.importOrders(h.owner, data: data, source: "a.csv", now: now).pointsPosted == 0)
        #expect(try h.allChecksPass())
    }

    @Test func viewersCannotImport() throws {
        let h = try StoreHarness()
        let viewer = try h.session(.viewer)
        #expect(throws: StoreError.self) {
            try h.store.importOrders(viewer, data: csv("customer_id,order_id,processed_at,total_price\n"), source: "x", now: now)
        }
    }
}
