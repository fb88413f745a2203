import Foundation
import LoyaltyCore
@testable import LoyaltyStore

/// A fresh SQLite file in its own temporary folder, with one merchant whose owner is the session.
struct StoreHarness {
    let directory: String
    let store: LoyaltyStore
    let owner: Session
    static let t0 = Timestamp.make(year: 2026, month: 1, day: 1)

    init(settings: ProgramSettings = ProgramSettings(), currency: String = "USD") throws {
        directory = NSTemporaryDirectory() + "loyalnest-test-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        store = try LoyaltyStore(path: directory + "/test.sqlite")
        var settings = settings
        settings.currency = currency
        owner = try store.addMerchant(shopDomain: "test-shop.myshopify.com", currency: currency, ownerName: "olive",
                                      settings: settings, now: Self.t0)
    }

    func session(_ role: Role) throws -> Session {
        let name = "op-\(role.rawValue)"
        if (try? store.session(merchant: nil, operator: name)) == nil {
            _ = try store.addOperator(owner, name: name, role: role, now: Self.t0)
        }
        return try store.session(merchant: nil, operator: name)
    }

    func order(_ id: String, customer: String, amount: Int64, at: UnixTime = StoreHarness.t0 + 3600,
               refunds: [IncomingRefund] = [], cancelledAt: UnixTime? = nil) -> IncomingOrder {
        IncomingOrder(externalID: id, name: "#\(id)", customer: IncomingCustomer(externalID: customer, email: "\(customer)@example.com"),
                      processedAt: at, currency: "USD", totalPrice: DecimalAmount(digits: amount, scale: 2),
                      subtotalPrice: DecimalAmount(digits: amount, scale: 2), cancelledAt: cancelledAt, refunds: refunds)
    }

    @discardableResult
    func importOrders(_ orders: [IncomingOrder], now: UnixTime = StoreHarness.t0 + 86_400) throws -> ImportReport {
        try store.importOrders(owner, orders: orders, source: "test", now: now)
    }

    func customerID(_ external: String) throws -> Int64 { try store.findCustomer(owner, external).id }

    func allChecksPass() throws -> Bool { try store.doctor().allSatisfy(\.ok) }

    func failedChecks() throws -> [String] { try store.doctor().filter { !$0.ok }.map { "\($0.name): \($0.problems)" } }

    func ledgerCount() throws -> Int {
        try store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM points_transactions") ?? 0 }
    }

    func count(_ table: String) throws -> Int {
        try store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table)") ?? 0 }
    }
}
