import Foundation
import GRDB
import LoyaltyCore

/// What the Shopify sync keeps a bookmark for.
public enum SyncResource: String, Codable, Sendable, CaseIterable {
    case orders, customers
    /// The events feed of deleted orders (REST events.json, verb=destroy).
    case deletions
}

/// One page of the shop's data, written in one transaction together with the bookmark it advances.
public struct SyncPage: Sendable {
    public var orders: [IncomingOrder] = []
    public var customers: [IncomingCustomerUpdate] = []
    public var deletedOrders: [(externalID: String, at: UnixTime)] = []
    /// The bookmark after this page, or nil to leave it where it is (a webhook).
    public var bookmark: UnixTime?

    public init(orders: [IncomingOrder] = [], customers: [IncomingCustomerUpdate] = [],
                deletedOrders: [(externalID: String, at: UnixTime)] = [], bookmark: UnixTime? = nil) {
        self.orders = orders
        self.customers = customers
        self.deletedOrders = deletedOrders
        self.bookmark = bookmark
    }
}

public struct IncomingCustomerUpdate: Hashable, Sendable {
    public var customer: IncomingCustomer
    public var createdAt: UnixTime
    public var updatedAt: UnixTime

    public init(customer: IncomingCustomer, createdAt: UnixTime, updatedAt: UnixTime) {
        self.customer = customer
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

public struct SyncPageReport: Hashable, Sendable, Codable {
    public var ordersNew = 0
    public var ordersUpdated = 0
    public var ordersKnown = 0
    public var guests = 0
    public var ordersDeleted = 0
    public var customersCreated = 0
    public var customersUpdated = 0
    public var pointsPosted: Int64 = 0
    /// Orders Shopify sent that the store cannot take (e.g. another currency): skipped, named here.
    public var rejected = 0
    public var problems: [String] = []

    public init() {}

    public mutating func add(_ other: SyncPageReport) {
        ordersNew += other.ordersNew; ordersUpdated += other.ordersUpdated; ordersKnown += other.ordersKnown
        guests += other.guests; ordersDeleted += other.ordersDeleted
        customersCreated += other.customersCreated; customersUpdated += other.customersUpdated
        pointsPosted += other.pointsPosted; rejected += other.rejected
        problems.append(contentsOf: other.problems.prefix(max(0, 20 - problems.count)))
    }

    public var rowsChanged: Int { ordersNew + ordersUpdated + ordersDeleted + customersCreated + customersUpdated }
}

extension LoyaltyStore {
    /// The operator the sync and the webhook receiver write as: the shop's own data is not an operator's action, but
    /// every entry still names who wrote it. Created on first use with the admin role (imports need it).
    public static let syncOperatorName = "shopify-sync"

    public func syncSession(merchant domain: String?, now: UnixTime) throws -> Session {
        let owner = try session(merchant: domain, operator: nil)
        if let existing = try? session(merchant: owner.merchant.shopDomain, operator: Self.syncOperatorName) { return existing }
        return try write { db in
            try db.execute(sql: "INSERT INTO operators (merchant_id, name, role, created_at) VALUES (?, ?, 'admin', ?) ON CONFLICT DO NOTHING",
                           arguments: [owner.merchant.id, Self.syncOperatorName, now])
            let id = try Int64.fetchOne(db, sql: "SELECT id FROM operators WHERE merchant_id = ? AND name = ?",
                                        arguments: [owner.merchant.id, Self.syncOperatorName])!
            return Session(merchant: owner.merchant,
                           actor: Operator(id: id, merchantID: owner.merchant.id, name: Self.syncOperatorName, role: .admin))
        }
    }

    public func syncBookmark(_ session: Session, _ resource: SyncResource) throws -> UnixTime? {
        try read { db in
            try Int64.fetchOne(db, sql: "SELECT bookmark FROM sync_state WHERE merchant_id = ? AND resource = ?",
                               arguments: [session.merchant.id, resource.rawValue])
        }
    }

    /// Forgets a resource's bookmark so the next run reads everything again (`sync --full`).
    public func resetSyncBookmark(_ session: Session, _ resource: SyncResource) throws {
        try write { db in
            try db.execute(sql: "UPDATE sync_state SET bookmark = NULL WHERE merchant_id = ? AND resource = ?",
                           arguments: [session.merchant.id, resource.rawValue])
        }
    }

    /// Writes a page: its orders (earn, refunds, cancellations, edits), customers and deletions through the import
    /// path, then the bookmark, all in one transaction — a crash leaves either all of it or none.
    public func applySyncPage(_ session: Session, resource: SyncResource, _ page: SyncPage, now: UnixTime) throws -> SyncPageReport {
        try require(session, .importData)
        return try write(enforcingForeignKeys: false) { db in
            var report = SyncPageReport()
            let (version, settings) = try currentSettings(db, merchantID: session.merchant.id)
            let ingestor = OrderIngestor(db: db, session: session, settings: settings, settingsVersion: version,
                                         batchID: nil, now: now, applyEdits: true)
            let validator = OrderValidator(currency: session.currency, now: now)
            for update in page.customers {
                if try ingestor.upsertCustomer(update.customer, createdAt: update.createdAt) { report.customersUpdated += 1 }
            }
            for incoming in page.orders {
                guard case .order(let order, let hash, let problems) = validator.parsed(incoming) else { continue }
                // One bad order must not stall the sync on its page: it is skipped and reported.
                guard problems.isEmpty else {
                    report.rejected += 1
                    if report.problems.count < 20 {
                        report.problems.append("order \(incoming.externalID): " + problems.map(\.message).joined(separator: "; "))
                    }
                    continue
                }
                switch try ingestor.ingest(order, hash: hash) {
                case .new(let points): report.ordersNew += 1; report.pointsPosted += points
                case .updated(let points): report.ordersUpdated += 1; report.pointsPosted += points
                case .known: report.ordersKnown += 1
                case .guest: report.guests += 1
                }
            }
            for deletion in page.deletedOrders {
                let outcome = try ingestor.delete(externalID: deletion.externalID, at: deletion.at)
                if outcome.deleted { report.ordersDeleted += 1 }
                report.pointsPosted -= outcome.reversed
            }
            report.customersCreated = ingestor.customersCreated
            try ingestor.finish()
            if let bookmark = page.bookmark {
                try db.execute(sql: """
                    INSERT INTO sync_state (merchant_id, resource, bookmark) VALUES (?, ?, ?)
                    ON CONFLICT (merchant_id, resource) DO UPDATE SET bookmark = MAX(COALESCE(bookmark, 0), excluded.bookmark)
                    """, arguments: [session.merchant.id, resource.rawValue, bookmark])
            }
            let rows = page.orders.count + page.customers.count + page.deletedOrders.count
            if rows > 0 {
                try db.execute(sql: """
                    INSERT INTO sync_daily (merchant_id, resource, day, rows) VALUES (?, ?, ?, ?)
                    ON CONFLICT DO UPDATE SET rows = rows + excluded.rows
                    """, arguments: [session.merchant.id, resource.rawValue, Timestamp.startOfDay(now), rows])
            }
            return report
        }
    }

    /// Marks the start and end of a run for a resource (the Integrations screen's "running" and last-run figures).
    public func markSyncRun(_ session: Session, _ resource: SyncResource, startedAt: UnixTime?, finishedAt: UnixTime?) throws {
        try write { db in
            try db.execute(sql: """
                INSERT INTO sync_state (merchant_id, resource, run_started_at, run_finished_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (merchant_id, resource) DO UPDATE SET
                    run_started_at = COALESCE(excluded.run_started_at, run_started_at),
                    run_finished_at = excluded.run_finished_at
                """, arguments: [session.merchant.id, resource.rawValue, startedAt, finishedAt])
        }
    }
}
