import Foundation
import GRDB
import LoyaltyCore
@testable import LoyaltyStore
import Testing

/// The store side of the Shopify sync: pages with bookmarks, order edits, deletions, customer profiles, api_logs,
/// integration health and webhook deliveries — against a real SQLite file.
@Suite struct SyncStoreTests {
    let now = StoreHarness.t0 + 30 * 86_400

    func net(_ h: StoreHarness, order: String) throws -> Int64 {
        try h.store.read { db in
            try Int64.fetchOne(db, sql: """
                SELECT COALESCE(SUM(p.points), 0) FROM points_transactions p JOIN orders o ON o.id = p.order_id WHERE o.external_id = ?
                """, arguments: [order]) ?? 0
        }
    }

    func edited(_ order: IncomingOrder, amount: Int64, updatedAt: UnixTime) -> IncomingOrder {
        var order = order
        order.totalPrice = DecimalAmount(digits: amount, scale: 2)
        order.subtotalPrice = DecimalAmount(digits: amount, scale: 2)
        order.updatedAt = updatedAt
        return order
    }

    @Test func aPageWritesOrdersAndItsBookmarkTogether() throws {
        let h = try StoreHarness()
        let sync = try h.store.syncSession(merchant: nil, now: now)
        #expect(sync.actor.name == LoyaltyStore.syncOperatorName)
        #expect(try h.store.syncBookmark(sync, .orders) == nil)
        let report = try h.store.applySyncPage(sync, resource: .orders, SyncPage(orders: [
            h.order("1", customer: "c1", amount: 10_00), h.order("2", customer: "c2", amount: 20_00),
        ], bookmark: now - 100), now: now)
        #expect(report.ordersNew == 2 && report.pointsPosted == 30)
        #expect(try h.store.syncBookmark(sync, .orders) == now - 100)
        // A bookmark never moves back (a lookback page re-reads older rows).
        _ = try h.store.applySyncPage(sync, resource: .orders, SyncPage(orders: [h.order("1", customer: "c1", amount: 10_00)],
                                                                         bookmark: now - 500), now: now)
        #expect(try h.store.syncBookmark(sync, .orders) == now - 100)
        #expect(try h.ledgerCount() == 2)
        // A second session of the sync operator is the same operator.
        #expect(try h.store.syncSession(merchant: nil, now: now) == sync)
        #expect(try h.allChecksPass())
    }

    @Test func aRunsCustomerCacheNoticesADebtPostedBetweenItsPages() throws {
        let h = try StoreHarness()
        let sync = try h.store.syncSession(merchant: nil, now: now)
        let run = SyncRunCache()
        _ = try h.store.applySyncPage(sync, resource: .orders, SyncPage(orders: [h.order("1", customer: "c1", amount: 10_00)]),
                                      now: now, run: run)
        // Between two pages of the run an operator takes more than the customer has: 15 points are owed.
        let debit = try h.store.adjustPoints(h.owner, customerID: try h.customerID("c1"), delta: -25, reason: "reversed goodwill", now: now)
        _ = try h.store.applySyncPage(sync, resource: .orders, SyncPage(orders: [h.order("2", customer: "c1", amount: 40_00)]),
                                      now: now, run: run)
        // The next page's credit repays the debt, as it would without the run's cache.
        let covered = try h.store.read { db in
            try Int64.fetchOne(db, sql: "SELECT COALESCE(SUM(points), 0) FROM point_allocations WHERE debit_id = ?", arguments: [debit.id])
        }
        #expect(covered == 25)
        #expect(try h.failedChecks() == [])
    }

    @Test func aDebtARunsOwnPageCreatesIsRepaidByItsNextPage() throws {
        let h = try StoreHarness()
        let sync = try h.store.syncSession(merchant: nil, now: now)
        let run = SyncRunCache()
        let first = h.order("1", customer: "c1", amount: 10_00)
        _ = try h.store.applySyncPage(sync, resource: .orders, SyncPage(orders: [first]), now: now, run: run)
        _ = try h.store.adjustPoints(h.owner, customerID: try h.customerID("c1"), delta: -10, reason: "spent elsewhere", now: now)
        // Page 2 (the adjustment is caught as "someone else's entry" and the customer is looked at afresh): the whole
        // order is refunded, its 10 points are already gone, so 10 are owed — a debt this run's own page created.
        var refunded = first
        refunded.refunds = [IncomingRefund(externalID: "r1", createdAt: now, amount: DecimalAmount(digits: 10_00, scale: 2))]
        _ = try h.store.applySyncPage(sync, resource: .orders, SyncPage(orders: [refunded]), now: now, run: run)
        // Page 3: the next credit repays it, and a later one (debt paid) is credited as usual.
        _ = try h.store.applySyncPage(sync, resource: .orders, SyncPage(orders: [h.order("2", customer: "c1", amount: 40_00)]),
                                      now: now, run: run)
        _ = try h.store.applySyncPage(sync, resource: .orders, SyncPage(orders: [h.order("3", customer: "c1", amount: 5_00)]),
                                      now: now, run: run)
        let (repaid, balance) = try h.store.read { db in
            (try Int64.fetchOne(db, sql: """
                SELECT COALESCE(SUM(a.points), 0) FROM point_allocations a JOIN points_transactions t ON t.id = a.debit_id
                WHERE t.kind = 'refund_clawback'
                """) ?? 0,
             try Int64.fetchOne(db, sql: "SELECT points_balance FROM customers") ?? 0)
        }
        #expect(repaid == 10)
        #expect(balance == 10 - 10 - 10 + 40 + 5)
        #expect(try h.failedChecks() == [])
    }

    @Test func aRefundCoveredByItsOrderLeavesNothingOwedAndLaterPagesStayConsistent() throws {
        let h = try StoreHarness()
        let sync = try h.store.syncSession(merchant: nil, now: now)
        let run = SyncRunCache()
        let refund = IncomingRefund(externalID: "r1", createdAt: StoreHarness.t0 + 3600, amount: DecimalAmount(digits: 25_00, scale: 2))
        _ = try h.store.applySyncPage(sync, resource: .orders, SyncPage(orders: [h.order("1", customer: "c1", amount: 100_00, refunds: [refund])]),
                                      now: now, run: run)
        for n in 2...5 {
            _ = try h.store.applySyncPage(sync, resource: .orders, SyncPage(orders: [h.order("\(n)", customer: "c1", amount: 10_00)]),
                                          now: now, run: run)
        }
        let balance: Int64 = try h.store.read { db in try Int64.fetchOne(db, sql: "SELECT points_balance FROM customers") ?? -1 }
        #expect(balance == 75 + 40)
        #expect(try h.failedChecks() == [])
    }

    @Test func aPageThatFailsWritesNeitherRowsNorBookmark() throws {
        let h = try StoreHarness()
        let sync = try h.store.syncSession(merchant: nil, now: now)
        let viewer = try h.session(.viewer)
        #expect(throws: StoreError.self) {
            try h.store.applySyncPage(viewer, resource: .orders, SyncPage(orders: [h.order("1", customer: "c1", amount: 10_00)],
                                                                            bookmark: now), now: now)
        }
        #expect(try h.count("orders") == 0)
        #expect(try h.store.syncBookmark(sync, .orders) == nil)
    }

    @Test func anOrderInAnotherCurrencyIsSkippedAndNamedNotStallingThePage() throws {
        let h = try StoreHarness()
        let sync = try h.store.syncSession(merchant: nil, now: now)
        var foreign = h.order("2", customer: "c2", amount: 5_00)
        foreign.currency = "EUR"
        let report = try h.store.applySyncPage(sync, resource: .orders, SyncPage(orders: [h.order("1", customer: "c1", amount: 10_00), foreign],
                                                                                 bookmark: now), now: now)
        #expect(report.ordersNew == 1 && report.rejected == 1)
        #expect(report.problems.first?.contains("order 2") == true)
        #expect(try h.store.syncBookmark(sync, .orders) == now)
    }

    @Test func anEditUpMovesPointsOnceWhateverHowOftenItArrives() throws {
        let h = try StoreHarness()
        let sync = try h.store.syncSession(merchant: nil, now: now)
        let original = h.order("1", customer: "c1", amount: 50_00)
        _ = try h.store.applySyncPage(sync, resource: .orders, SyncPage(orders: [original]), now: now)
        let bigger = edited(original, amount: 80_00, updatedAt: now + 10)
        for _ in 0..<3 { _ = try h.store.applySyncPage(sync, resource: .orders, SyncPage(orders: [bigger]), now: now + 20) }
        #expect(try net(h, order: "1") == 80)
        let info = try h.store.findCustomer(sync, "c1")
        #expect(info.totalSpentMinor == 80_00)
        #expect(try h.failedChecks() == [])
    }

    @Test func anEditDownAfterARefundKeepsTheRefundedShare() throws {
        let h = try StoreHarness()
        let sync = try h.store.syncSession(merchant: nil, now: now)
        let refund = IncomingRefund(externalID: "r1", createdAt: StoreHarness.t0 + 7200, amount: DecimalAmount(digits: 25_00, scale: 2))
        let original = h.order("1", customer: "c1", amount: 100_00, refunds: [refund])
        _ = try h.store.applySyncPage(sync, resource: .orders, SyncPage(orders: [original]), now: now)
        #expect(try net(h, order: "1") == 75)
        // Edited down to 50.00 with the 25.00 refund: earns 50, half refunded → 25 remain.
        _ = try h.store.applySyncPage(sync, resource: .orders, SyncPage(orders: [edited(original, amount: 50_00, updatedAt: now + 5)]),
                                      now: now + 10)
        #expect(try net(h, order: "1") == 25)
        // A later refund of another 25.00 takes the rest, as one 50.00 refund of a 50.00 order would.
        var later = edited(original, amount: 50_00, updatedAt: now + 50)
        later.refunds.append(IncomingRefund(externalID: "r2", createdAt: now + 40, amount: DecimalAmount(digits: 25_00, scale: 2)))
        _ = try h.store.applySyncPage(sync, resource: .orders, SyncPage(orders: [later]), now: now + 60)
        #expect(try net(h, order: "1") == 0)
        #expect(try h.failedChecks() == [])
    }

    @Test func fileReimportsStillOnlyNoteChangedAmounts() throws {
        let h = try StoreHarness()
        let original = h.order("1", customer: "c1", amount: 50_00)
        try h.importOrders([original])
        let report = try h.importOrders([edited(original, amount: 90_00, updatedAt: now)])
        #expect(report.warnings.count == 1)
        #expect(try net(h, order: "1") == 50)
    }

    @Test func aDeletedOrderIsReversedOnceAndNeverComesBack() throws {
        let h = try StoreHarness()
        let sync = try h.store.syncSession(merchant: nil, now: now)
        let order = h.order("1", customer: "c1", amount: 40_00)
        _ = try h.store.applySyncPage(sync, resource: .orders, SyncPage(orders: [order]), now: now)
        for _ in 0..<2 {
            let report = try h.store.applySyncPage(sync, resource: .deletions, SyncPage(deletedOrders: [("1", now + 5)], bookmark: now + 5),
                                                   now: now + 10)
            #expect(report.pointsPosted <= 0)
        }
        #expect(try net(h, order: "1") == 0)
        #expect(try h.store.findCustomer(sync, "c1").ordersCount == 0)
        // A page read before the deletion brings the order again: nothing changes.
        _ = try h.store.applySyncPage(sync, resource: .orders, SyncPage(orders: [edited(order, amount: 60_00, updatedAt: now + 1)]), now: now + 20)
        #expect(try net(h, order: "1") == 0)
        // An order deleted before it was ever synced is not created by a late page.
        _ = try h.store.applySyncPage(sync, resource: .deletions, SyncPage(deletedOrders: [("2", now)]), now: now)
        _ = try h.store.applySyncPage(sync, resource: .orders, SyncPage(orders: [h.order("2", customer: "c2", amount: 10_00)]), now: now)
        #expect(try h.count("orders") == 1)
        #expect(try h.failedChecks() == [])
    }

    @Test func customersAreCreatedAndRefreshedButRedactedOnesStayErased() throws {
        let h = try StoreHarness()
        let sync = try h.store.syncSession(merchant: nil, now: now)
        let ann = IncomingCustomer(externalID: "c1", email: "ann@example.com", firstName: "Ann", lastName: "Lee", phone: nil)
        var report = try h.store.applySyncPage(sync, resource: .customers, SyncPage(customers: [
            IncomingCustomerUpdate(customer: ann, createdAt: now, updatedAt: now)], bookmark: now), now: now)
        #expect(report.customersCreated == 1 && report.customersUpdated == 0)
        var renamed = ann
        renamed.lastName = "Park"
        report = try h.store.applySyncPage(sync, resource: .customers, SyncPage(customers: [
            IncomingCustomerUpdate(customer: renamed, createdAt: now, updatedAt: now + 1)], bookmark: now + 1), now: now + 1)
        #expect(report.customersUpdated == 1 && report.customersCreated == 0)
        #expect(try h.store.findCustomer(sync, "c1").lastName == "Park")
        try h.store.read { _ in }
        try h.store.write { db in try db.execute(sql: "UPDATE customers SET redacted_at = 1, first_name = NULL, last_name = NULL, email = NULL") }
        report = try h.store.applySyncPage(sync, resource: .customers, SyncPage(customers: [
            IncomingCustomerUpdate(customer: renamed, createdAt: now, updatedAt: now + 2)], bookmark: now + 2), now: now + 2)
        #expect(report.customersUpdated == 0)
        let lastName = try h.store.read { db in try String.fetchOne(db, sql: "SELECT last_name FROM customers") }
        #expect(lastName == nil)
    }

    @Test func apiLogsAndIntegrationHealthFeedTheScreen() throws {
        let h = try StoreHarness()
        let sync = try h.store.syncSession(merchant: nil, now: now)
        try h.store.recordAPICalls(sync, [
            APICallLog(atMillis: now * 1000, endpoint: "graphql orders", status: 200, latencyMillis: 40, requestedCost: 752,
                       actualCost: 300, bucketAvailable: 700, bucketMax: 1000, restoreRate: 50, requestID: "a"),
            APICallLog(atMillis: now * 1000 + 1, endpoint: "graphql orders", status: 200, latencyMillis: 5, requestedCost: 752,
                       bucketAvailable: 10, bucketMax: 1000, restoreRate: 50, requestID: "b", errorClass: "throttled"),
            APICallLog(atMillis: now * 1000 + 2, endpoint: "graphql orders", status: 503, latencyMillis: 5, requestID: "c",
                       errorClass: "server", message: "Shopify answered 503"),
            // A bulk export counts for orders; a REST call's per-call bucket is not the GraphQL cost bucket.
            APICallLog(atMillis: now * 1000 + 3, endpoint: "bulk download", status: 200, latencyMillis: 90, bytes: 1000),
            APICallLog(atMillis: now * 1000 + 4, endpoint: "rest events", status: 200, latencyMillis: 5, bucketAvailable: 39,
                       bucketMax: 40, restoreRate: 2),
        ])
        try h.store.updateIntegration(sync, IntegrationStatus(resource: .orders, health: .degraded, lastSuccessAt: now,
                                                              lastErrorAt: now, lastError: "Shopify answered 503", lastErrorRequestID: "c",
                                                              newestSyncedAt: now - 60, updatedAt: now))
        _ = try h.store.applySyncPage(sync, resource: .orders, SyncPage(orders: [h.order("1", customer: "c1", amount: 10_00)], bookmark: now),
                                      now: now)
        let health = try h.store.integrationHealth(sync, now: now)
        #expect(health.map(\.status.resource) == SyncResource.allCases)
        let orders = try #require(health.first)
        #expect(orders.status.health == .degraded && orders.callsLastHour == 4 && orders.errorsLastHour == 2)
        #expect(orders.throttledLastHour == 1 && orders.rowsToday == 1)
        #expect(orders.bucketAvailable == 10 && orders.bucketMax == 1000, "the latest reading")
        #expect(health[1].status.health == .neverSynced)
        #expect(health[2].callsLastHour == 1)
        #expect(try h.store.apiLogs(sync, errorsOnly: true).map(\.requestID) == ["c", "b"])
        // Pausing is an admin's decision, audited; support staff may not.
        #expect(throws: StoreError.self) { try h.store.setSyncPaused(try h.session(.support), .orders, paused: true, now: now) }
        try h.store.setSyncPaused(h.owner, .orders, paused: true, now: now)
        try h.store.updateIntegration(sync, IntegrationStatus(resource: .orders, health: .ok, updatedAt: now + 1))
        #expect(try h.store.integrationStatuses(sync).first?.paused == true)
    }

    @Test func webhookDeliveriesAreKeptUntilProcessedAndDeduplicated() throws {
        let h = try StoreHarness()
        let sync = try h.store.syncSession(merchant: nil, now: now)
        #expect(try h.store.acceptWebhook(sync, webhookID: "w1", topic: "orders/create", body: Data("{}".utf8), now: now))
        #expect(try !h.store.acceptWebhook(sync, webhookID: "w1", topic: "orders/create", body: Data("{}".utf8), now: now))
        #expect(try h.store.pendingWebhooks(sync).map(\.webhookID) == ["w1"])
        try h.store.markWebhookProcessed(sync, webhookID: "w1", outcome: "order 1 new", now: now)
        #expect(try h.store.pendingWebhooks(sync).isEmpty)
        #expect(try !h.store.acceptWebhook(sync, webhookID: "w1", topic: "orders/create", body: Data("{}".utf8), now: now))
    }

    @Test func aRefundWebhookAppliesToAKnownOrderOnce() throws {
        let h = try StoreHarness()
        let sync = try h.store.syncSession(merchant: nil, now: now)
        _ = try h.store.applySyncPage(sync, resource: .orders, SyncPage(orders: [h.order("1", customer: "c1", amount: 40_00)]), now: now)
        let refund = IncomingRefund(externalID: "r1", createdAt: now, amount: DecimalAmount(digits: 10_00, scale: 2))
        #expect(try h.store.applyRefund(sync, orderExternalID: "9", refund: refund, now: now) == nil)
        _ = try h.store.applyRefund(sync, orderExternalID: "1", refund: refund, now: now)
        _ = try h.store.applyRefund(sync, orderExternalID: "1", refund: refund, now: now)
        #expect(try net(h, order: "1") == 30)
        // The poller then brings the order with the same refund: nothing more.
        _ = try h.store.applySyncPage(sync, resource: .orders, SyncPage(orders: [h.order("1", customer: "c1", amount: 40_00, refunds: [refund])]),
                                      now: now)
        #expect(try net(h, order: "1") == 30)
        #expect(try h.failedChecks() == [])
    }
}
