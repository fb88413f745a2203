import Foundation
import GRDB
import LoyaltyCore
@testable import LoyaltyStore
import Testing

@Suite struct LedgerOperationTests {
    let now = StoreHarness.t0 + 30 * 86_400

    func seeded(_ settings: ProgramSettings = ProgramSettings()) throws -> (StoreHarness, Int64) {
        let h = try StoreHarness(settings: settings)
        try h.importOrders([h.order("A", customer: "c1", amount: 10_000)])
        return (h, try h.customerID("c1"))
    }

    @Test func adjustmentsNeedAReasonARoleAndRespectTheSupportLimit() throws {
        let (h, id) = try seeded()
        let viewer = try h.session(.viewer)
        #expect(throws: StoreError.permissionDenied(operator: "op-viewer", role: .viewer, action: "adjust points")) {
            try h.store.adjustPoints(viewer, customerID: id, delta: 10, reason: "nope", now: now)
        }
        let support = try h.session(.support)
        #expect(throws: StoreError.adjustLimit(operator: "op-support", limit: 500)) {
            try h.store.adjustPoints(support, customerID: id, delta: 501, reason: "too much", now: now)
        }
        #expect(throws: StoreError.self) { try h.store.adjustPoints(support, customerID: id, delta: 10, reason: "   ", now: now) }
        #expect(throws: StoreError.self) { try h.store.adjustPoints(support, customerID: id, delta: 0, reason: "zero", now: now) }
        let entry = try h.store.adjustPoints(support, customerID: id, delta: 25, reason: "late parcel", now: now)
        #expect(entry.points == 25 && entry.reason == "late parcel" && entry.operatorName == "op-support")
        let audit = try h.store.auditLog(h.owner, entity: "customer", entityID: id)
        #expect(audit.first?.action == "points.adjust" && audit.first?.operatorName == "op-support")
        #expect(audit.first?.before?.contains("\"total\":100") == true && audit.first?.after?.contains("\"total\":125") == true)
        let staff = try h.session(.staff)
        #expect(try h.store.adjustPoints(staff, customerID: id, delta: -5000, reason: "fraud", now: now).points == -5000)
        #expect(try h.store.balances(h.owner, customerID: id, now: now).available == -4875)
        #expect(try h.allChecksPass())
    }

    @Test func adjustmentKeysMakeRetriesSafe() throws {
        let (h, id) = try seeded()
        let first = try h.store.adjustPoints(h.owner, customerID: id, delta: 10, reason: "r", key: "ticket-42", now: now)
        let second = try h.store.adjustPoints(h.owner, customerID: id, delta: 10, reason: "r", key: "ticket-42", now: now)
        #expect(first.id == second.id)
        #expect(try h.store.balances(h.owner, customerID: id, now: now).total == 110)
    }

    @Test func undoCompensatesOnceAndAnUndoCannotBeUndone() throws {
        let (h, id) = try seeded()
        let adjust = try h.store.adjustPoints(h.owner, customerID: id, delta: 40, reason: "gift", now: now)
        let undo = try h.store.undoEntry(h.owner, entryID: adjust.id, reason: "wrong customer", now: now)
        #expect(undo.points == -40 && undo.kind == "undo")
        #expect(throws: StoreError.alreadyUndone(entry: adjust.id, by: undo.id)) {
            try h.store.undoEntry(h.owner, entryID: adjust.id, reason: "again", now: now)
        }
        #expect(throws: StoreError.undoOfUndo(entry: undo.id, original: adjust.id)) {
            try h.store.undoEntry(h.owner, entryID: undo.id, reason: "undo the undo", now: now)
        }
        #expect(throws: StoreError.entryNotFound(9999)) { try h.store.undoEntry(h.owner, entryID: 9999, reason: "x", now: now) }
        let viewer = try h.session(.viewer)
        #expect(throws: StoreError.self) { try h.store.undoEntry(viewer, entryID: 1, reason: "x", now: now) }
        #expect(try h.store.balances(h.owner, customerID: id, now: now).total == 100)
        #expect(try h.allChecksPass())
    }

    @Test func redemptionIssuesACodeAndUndoOrCancelGivesPointsBack() throws {
        let (h, id) = try seeded()
        let reward = try h.store.addReward(h.owner, RewardDefinition(name: "$5", kind: .fixedAmount, pointsCost: 60, valueMinor: 500,
                                                                     codeValidDays: 30), now: StoreHarness.t0)
        let support = try h.session(.support)
        let redemption = try h.store.redeem(support, customerID: id, rewardID: reward.id, now: now)
        #expect(DiscountCode.isWellFormed(redemption.code) && redemption.status == "issued")
        #expect(redemption.expiresAt == now + 30 * 86_400)
        #expect(throws: StoreError.insufficientBalance(requested: 60, available: 40)) {
            try h.store.redeem(support, customerID: id, rewardID: reward.id, now: now)
        }
        let cancelled = try h.store.cancelRedemption(support, code: redemption.code.lowercased(), reason: "changed mind", now: now)
        #expect(cancelled.status == "cancelled")
        #expect(throws: StoreError.redemptionNotCancellable(code: redemption.code, status: .cancelled)) {
            try h.store.cancelRedemption(support, code: redemption.code, reason: "again", now: now)
        }
        let second = try h.store.redeem(support, customerID: id, rewardID: reward.id, now: now)
        let redeemEntry = try h.store.customerDetail(h.owner, query: String(id), now: now).entries.first { $0.kind == "redeem" && $0.explanation.contains(second.code) }!
        let undo = try h.store.undoEntry(support, entryID: redeemEntry.id, reason: "undo redemption", now: now)
        #expect(undo.kind == "redemption_cancel" && undo.points == 60)
        #expect(try h.store.balances(h.owner, customerID: id, now: now).available == 100)
        #expect(try h.allChecksPass())
    }

    @Test func concurrentRedemptionsNeverOverdraw() async throws {
        let (h, id) = try seeded()
        let reward = try h.store.addReward(h.owner, RewardDefinition(name: "big", kind: .freeShipping, pointsCost: 70), now: StoreHarness.t0)
        // A second connection pool on the same file, as a second process would have.
        let other = try LoyaltyStore(path: h.directory + "/test.sqlite")
        let stores = [h.store, other, h.store, other]
        let owner = h.owner
        let now = self.now
        let outcomes = await withTaskGroup(of: Bool.self) { group in
            for store in stores {
                group.addTask {
                    do { _ = try store.redeem(owner, customerID: id, rewardID: reward.id, now: now); return true } catch { return false }
                }
            }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(outcomes.filter { $0 }.count == 1)
        #expect(try h.store.balances(h.owner, customerID: id, now: now).available == 30)
        #expect(try h.allChecksPass())
    }

    @Test func expiryIsFIFOAndIdempotent() throws {
        let settings = ProgramSettings(expiry: .daysAfterEarned(30))
        let h = try StoreHarness(settings: settings)
        try h.importOrders([h.order("A", customer: "c1", amount: 5_000, at: StoreHarness.t0),
                            h.order("B", customer: "c1", amount: 3_000, at: StoreHarness.t0 + 20 * 86_400)], now: StoreHarness.t0 + 21 * 86_400)
        let id = try h.customerID("c1")
        let reward = try h.store.addReward(h.owner, RewardDefinition(name: "r", kind: .freeShipping, pointsCost: 40), now: StoreHarness.t0)
        _ = try h.store.redeem(h.owner, customerID: id, rewardID: reward.id, now: StoreHarness.t0 + 21 * 86_400)  // takes 40 of A's 50
        let soon = try h.store.expiringPoints(h.owner, customerID: id, now: StoreHarness.t0 + 21 * 86_400)
        #expect(soon.within30 == 10 + 30)
        let asOf = StoreHarness.t0 + 31 * 86_400
        let report = try h.store.expirePoints(h.owner, asOf: asOf)
        #expect(report.points == 10 && report.grantsExpired == 1)
        #expect(try h.store.expirePoints(h.owner, asOf: asOf).points == 0)
        #expect(try h.store.expirePoints(h.owner, asOf: asOf + 30 * 86_400).points == 30)
        #expect(try h.store.balances(h.owner, customerID: id, now: asOf + 30 * 86_400).total == 0)
        #expect(try h.allChecksPass())
    }

    @Test func inactivityExpiryTakesEverythingAfterTheQuietPeriod() throws {
        let h = try StoreHarness(settings: ProgramSettings(expiry: .daysAfterLastActivity(60)))
        try h.importOrders([h.order("A", customer: "c1", amount: 5_000, at: StoreHarness.t0)])
        #expect(try h.store.expirePoints(h.owner, asOf: StoreHarness.t0 + 59 * 86_400).points == 0)
        #expect(try h.store.expirePoints(h.owner, asOf: StoreHarness.t0 + 61 * 86_400).points == 50)
    }

    @Test func birthdaysAreAwardedOncePerYear() throws {
        let h = try StoreHarness(settings: ProgramSettings(birthdayPoints: 200))
        _ = try h.store.importCustomers(h.owner, data: Data("email,birthday\nann@example.com,1990-03-05\nleap@example.com,2000-02-29\n".utf8),
                                        source: "c.csv", now: StoreHarness.t0)
        let day = Timestamp.make(year: 2026, month: 3, day: 5, hour: 9)
        #expect(try h.store.awardBirthdays(h.owner, asOf: day).customers == 1)
        #expect(try h.store.awardBirthdays(h.owner, asOf: day + 3600).customers == 0)
        #expect(try h.store.awardBirthdays(h.owner, asOf: Timestamp.make(year: 2026, month: 2, day: 28)).customers == 1)
    }

    @Test func doctorCatchesACorruptedCache() throws {
        let (h, id) = try seeded()
        #expect(try h.allChecksPass())
        try h.store.pool.write { db in try db.execute(sql: "UPDATE customers SET points_balance = points_balance + 1 WHERE id = ?", arguments: [id]) }
        let failed = try h.store.doctor().filter { !$0.ok }.map(\.name)
        #expect(failed.contains("cached balances equal the ledger"))
        #expect(failed.contains("grants left minus points owed equal the balance"))
    }

    @Test func databaseFilesThatAreNotOursAreRefused() throws {
        let dir = NSTemporaryDirectory() + "loyalnest-files-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let text = dir + "/notes.sqlite"
        try Data("hello, this is not a database at all".utf8).write(to: URL(fileURLWithPath: text))
        #expect(throws: StoreError.notADatabase(path: text)) { try LoyaltyStore(path: text) }
        #expect(try Data(contentsOf: URL(fileURLWithPath: text)) == Data("hello, this is not a database at all".utf8))
        #expect(throws: StoreError.missingDatabase(path: dir + "/none.sqlite")) { try LoyaltyStore(path: dir + "/none.sqlite", create: false) }
        let foreign = dir + "/foreign.sqlite"
        try DatabaseQueue(path: foreign).write { db in try db.execute(sql: "CREATE TABLE stuff (x)") }
        #expect(throws: StoreError.foreignDatabase(path: foreign)) { try LoyaltyStore(path: foreign) }
        let newer = dir + "/newer.sqlite"
        try LoyaltyStore(path: newer).close()
        try DatabaseQueue(path: newer).write { db in try db.execute(sql: "INSERT INTO grdb_migrations VALUES ('v9-from-the-future')") }
        #expect(throws: StoreError.newerSchema(path: newer, unknown: ["v9-from-the-future"])) { try LoyaltyStore(path: newer) }
    }

    @Test func exportsAreFormulaSafeCSV() throws {
        let h = try StoreHarness()
        var order = h.order("A", customer: "c1", amount: 1_000)
        order.customer.firstName = "=HYPERLINK(\"http://evil\")"
        order.customer.lastName = "O'Brien, Jr."
        try h.importOrders([order])
        var data = Data()
        let rows = try h.store.export(h.owner, .customers, now: now) { data.append($0) }
        #expect(rows == 1)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("\"'=HYPERLINK(\"\"http://evil\"\")\""))
        #expect(text.contains("\"O'Brien, Jr.\""))
        let records = try CSVReader.readAll(Array(data))
        #expect(records.count == 2 && records[1].fields[7] == "10")
        data = Data()
        #expect(try h.store.export(h.owner, .ledger, now: now) { data.append($0) } == 1)
    }

    @Test func demoStoreIsDeterministicAndConsistent() throws {
        let definitionURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Data/demo-store.json")
        let definition = try DemoDefinition.load(from: definitionURL)
        let asOf = Timestamp.make(year: 2026, month: 11, day: 21, hour: 12)
        func build(seed: UInt64) throws -> [String] {
            let path = NSTemporaryDirectory() + "loyalnest-demo-" + UUID().uuidString + ".sqlite"
            let store = try LoyaltyStore(path: path)
            let summary = try DemoStore.populate(store, definition: definition, customers: 200, seed: seed, asOf: asOf)
            #expect(summary.merchants.count == 2)
            #expect(summary.merchants.allSatisfy { $0.orders > $0.customers && $0.redemptions > 0 })
            #expect(try store.doctor().allSatisfy(\.ok))
            return try store.read { db in
                try ["customers", "orders", "refunds", "points_transactions", "point_allocations", "reward_redemptions", "audit_logs"].map { table in
                    try Row.fetchAll(db, sql: "SELECT * FROM \(table) ORDER BY id").map { $0.description }.joined(separator: "\n")
                }
            }
        }
        let a = try build(seed: 7)
        #expect(a == (try build(seed: 7)))
        #expect(a != (try build(seed: 8)))
    }
}
