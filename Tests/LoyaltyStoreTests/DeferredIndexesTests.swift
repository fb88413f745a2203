import Foundation
import GRDB
import Testing
@testable import LoyaltyCore
@testable import LoyaltyStore

@Suite struct DeferredIndexesTests {
    private static let names = DeferredIndexes.candidates

    private func indexSQL(_ store: LoyaltyStore) throws -> [String?] {
        try store.read { db in
            try Self.names.map { try String.fetchOne(db, sql: "SELECT sql FROM sqlite_schema WHERE name = ?", arguments: [$0]) }
        }
    }

    private func ledger(_ h: StoreHarness) throws -> [String] {
        try h.store.read { db in
            try Row.fetchAll(db, sql: """
                SELECT customer_id, kind, points, created_at, expires_at, order_id, refund_id, reverses_id, idempotency_key,
                       explanation FROM points_transactions ORDER BY id
                """).map { "\($0)" }
        }
    }

    private func orders(_ h: StoreHarness) -> [IncomingOrder] {
        (0..<40).map { n in
            var order = h.order("D\(n)", customer: "c\(n % 7)", amount: 2_000 + Int64(n) * 37, at: StoreHarness.t0 + Int64(n) * 600)
            if n % 5 == 0 {
                order.refunds = [IncomingRefund(externalID: "R\(n)", createdAt: order.processedAt + 60, amount: DecimalAmount(digits: 700, scale: 2))]
            }
            if n % 9 == 0 { order.cancelledAt = order.processedAt + 120 }
            return order
        }
    }

    private func importAll(_ h: StoreHarness, deferFrom: Int) throws {
        var options = ImportOptions()
        options.deferIndexesFrom = deferFrom
        let first = orders(h)
        _ = try h.store.importOrders(h.owner, orders: first, source: "first", options: options, now: StoreHarness.t0 + 86_400)
        // A second file: new orders, and earlier ones again with a late refund (the re-import path).
        var again = (40..<60).map { h.order("D\($0)", customer: "c\($0 % 11)", amount: 1_500, at: StoreHarness.t0 + 90_000 + Int64($0)) }
        var late = first[3]
        late.refunds = [IncomingRefund(externalID: "late", createdAt: StoreHarness.t0 + 95_000, amount: DecimalAmount(digits: 500, scale: 2))]
        again.append(late)
        _ = try h.store.importOrders(h.owner, orders: again, source: "second", options: options, now: StoreHarness.t0 + 100_000)
    }

    @Test func anImportThatDefersTheCustomerIndexesEndsExactlyLikeOneThatDoesNot() throws {
        let deferred = try StoreHarness()
        let plain = try StoreHarness()
        let pristine = try indexSQL(plain.store)
        #expect(pristine.allSatisfy { $0 != nil })
        try importAll(deferred, deferFrom: 1)
        try importAll(plain, deferFrom: .max)
        #expect(try indexSQL(deferred.store) == pristine, "the indexes are built again exactly as the schema had them")
        #expect(try ledger(deferred) == ledger(plain))
        #expect(try ledger(deferred).count > 40)
        #expect(try deferred.failedChecks() == [])
        let integrity = try deferred.store.read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") }
        #expect(integrity == "ok")
    }

    @Test func aRefusedFileLeavesTheIndexesInPlace() throws {
        let h = try StoreHarness()
        var options = ImportOptions()
        options.deferIndexesFrom = 1
        var csv = "customer_id,order_id,processed_at,total_price\n"
        for n in 0..<60 { csv += "\(n % 7),\(9_000 + n),2026-01-02T10:00:00Z,\(n == 45 ? "abc" : "12.50")\n" }
        #expect(throws: ImportRejected.self) {
            _ = try h.store.importOrders(h.owner, data: Data(csv.utf8), source: "bad.csv", options: options, now: StoreHarness.t0 + 86_400)
        }
        #expect(try indexSQL(h.store).allSatisfy { $0 != nil })
        #expect(try h.count("orders") == 0)
        options.deferIndexesFrom = .max
        csv = csv.replacingOccurrences(of: "abc", with: "3.00")
        let report = try h.store.importOrders(h.owner, data: Data(csv.utf8), source: "good.csv", options: options, now: StoreHarness.t0 + 86_400)
        #expect(report.new == 60)
    }

    @Test func onlyWhenTheImportIsLargeAgainstWhatTheIndexesHold() throws {
        let h = try StoreHarness()
        try h.importOrders(orders(h))
        try h.store.write { db in
            #expect(try DeferredIndexes.dropIfWorthIt(db, expectedOrders: 10, minimum: 20) == nil, "below the minimum")
            #expect(try DeferredIndexes.dropIfWorthIt(db, expectedOrders: 30, minimum: 1) == nil, "the store holds more rows")
            let dropped = try #require(try DeferredIndexes.dropIfWorthIt(db, expectedOrders: 1_000, minimum: 1))
            #expect(dropped.isPending)
            try dropped.restore()
            #expect(!dropped.isPending)
        }
        #expect(try indexSQL(h.store).allSatisfy { $0 != nil })
    }

    /// Customers with no orders yet (a customers file) count too: rebuilding the sort indexes reads every customer.
    @Test func aStoreHoldingManyCustomersKeepsItsIndexes() throws {
        let h = try StoreHarness()
        let file = "email\n" + (0..<50).map { "shopper\($0)@example.com\n" }.joined()
        _ = try h.store.importCustomers(h.owner, data: Data(file.utf8), source: "customers.csv", now: StoreHarness.t0)
        try h.store.write { db in
            #expect(try DeferredIndexes.dropIfWorthIt(db, expectedOrders: 45, minimum: 1) == nil)
            let dropped = try DeferredIndexes.dropIfWorthIt(db, expectedOrders: 55, minimum: 1)
            #expect(dropped?.isPending == true)
        }
    }

    enum Trigger: String, CaseIterable, Sendable {
        case refund, changedKnownOrder, customerAlreadyInTheStore, dailyCap, program
    }

    /// Every ingest path that reads orders or ledger entries by customer builds the indexes before it does (a path
    /// that forgot would still be right, but scan a million rows per order).
    @Test(arguments: Trigger.allCases)
    func eachPathThatReadsByCustomerBuildsTheIndexesFirst(_ trigger: Trigger) throws {
        var settings = ProgramSettings()
        if trigger == .dailyCap { settings.dailyCap = 10_000 }
        let h = try StoreHarness(settings: settings)
        try h.importOrders([h.order("K1", customer: "known", amount: 1_000)])
        if trigger == .program {
            try h.store.createTier(h.owner, TierDefinition(key: "gold", name: LocalizedText(en: "Gold"), threshold: 100_000,
                                                           multiplier: "1.5", entryRewardPoints: 0), now: StoreHarness.t0)
        }
        try h.store.write(enforcingForeignKeys: false) { db in
            let (version, current) = try h.store.currentSettings(db, merchantID: h.owner.merchant.id)
            let ingestor = OrderIngestor(db: db, session: h.owner, settings: current, settingsVersion: version, batchID: nil,
                                         now: StoreHarness.t0 + 86_400)
            ingestor.deferredIndexes = try DeferredIndexes.dropIfWorthIt(db, expectedOrders: 1_000, minimum: 1)
            // A new customer's plain order reads nothing by customer: the indexes stay deferred.
            let plain = h.order("N1", customer: "new-\(trigger)", amount: 1_000)
            _ = try ingestor.ingest(plain, hash: OrderIngestor.contentHash(plain))
            #expect(ingestor.deferredIndexes?.isPending == (trigger != .dailyCap && trigger != .program))
            let order: IncomingOrder
            switch trigger {
            case .refund:
                order = h.order("N2", customer: "new-2", amount: 1_000,
                                refunds: [IncomingRefund(externalID: "RX", createdAt: StoreHarness.t0 + 4_000, amount: DecimalAmount(digits: 100, scale: 2))])
            case .changedKnownOrder:
                order = h.order("K1", customer: "known", amount: 1_000, cancelledAt: StoreHarness.t0 + 5_000)
            case .customerAlreadyInTheStore:
                order = h.order("N3", customer: "known", amount: 1_000)
            case .dailyCap, .program:
                order = h.order("N4", customer: "new-4", amount: 1_000)
            }
            _ = try ingestor.ingest(order, hash: OrderIngestor.contentHash(order))
            #expect(ingestor.deferredIndexes?.isPending == false, "\(trigger) read by customer without the indexes")
            try ingestor.finish()
        }
        #expect(try indexSQL(h.store).allSatisfy { $0 != nil })
        #expect(try h.failedChecks() == [])
    }
}
