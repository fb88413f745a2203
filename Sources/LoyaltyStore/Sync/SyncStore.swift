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

/// What a sync run carries from one page's transaction to the next; the engine's writer owns one per resource run
/// and hands it to every `applySyncPage`. Only that thread touches it.
///
/// - Customers: shop id (or normalized email) → customer id and whether the customer may owe points, so a page
///   does not look up customers an earlier page of the run already resolved. `mayOwe` stays right across
///   transactions: each page first re-checks the customers with a negative ledger entry newer than the highest
///   entry id seen at the start of the previous page (entries posted by this run or by anyone else in between).
///   A page that fails drops everything (its rollback took back the customers and entries it created).
/// - The customer search index is caught up at most once per `searchCatchUpInterval` instead of every page (a
///   search that finds it behind catches up first); `finishSearchIndex` catches it up at the end of the run.
public final class SyncRunCache: @unchecked Sendable {
    // @unchecked: one thread at a time uses it — the engine's writer thread while the run writes pages, then the
    // run's thread for `finishSearchIndex` only after the writer has signalled that it is done (the semaphore
    // orders the two); its state is never touched by two threads at once.
    struct Customer {
        var id: Int64
        var mayOwe: Bool
    }

    /// WAL pages between automatic checkpoints while a run writes (SQLite's default is 1,000): a backfill dirties the
    /// same b-tree pages again and again, and each checkpoint writes them back to the database file. Only when the
    /// run's `BackgroundCheckpointer` could not start; while one runs, writes never checkpoint themselves.
    static let walAutocheckpointPages: Int32 = 8_000

    /// Beyond this many customers the map starts over (~100 bytes each).
    static let maximumCustomers = 500_000

    var customers: [String: Customer] = [:]
    /// customers' keys by id, for the re-check of `mayOwe`.
    var keysByID: [Int64: [String]] = [:]
    /// The highest points_transactions id when the last page's transaction began; nil = not known (first page,
    /// or after a failure).
    var ledgerWatermark: Int64?
    var lastSearchCatchUp = Date.distantPast
    var searchBehind = false
    public var searchCatchUpInterval: TimeInterval

    public init(searchCatchUpInterval: TimeInterval = 1) {
        self.searchCatchUpInterval = searchCatchUpInterval
    }

    /// Forgets the customers (a page's transaction failed); the search index counts as behind, since a catch-up
    /// done in that transaction was rolled back with it.
    public func reset() {
        customers.removeAll()
        keysByID.removeAll()
        ledgerWatermark = nil
        searchBehind = true
    }

    func remember(_ key: String, id: Int64, mayOwe: Bool) {
        if customers.count >= Self.maximumCustomers {
            customers.removeAll()
            keysByID.removeAll()
        }
        if customers.updateValue(Customer(id: id, mayOwe: mayOwe), forKey: key) == nil { keysByID[id, default: []].append(key) }
    }

    func setMayOwe(_ id: Int64, _ mayOwe: Bool) {
        for key in keysByID[id] ?? [] { customers[key]?.mayOwe = mayOwe }
    }

    /// Start of a page's transaction: customers with negative entries posted since the run's last transaction
    /// (by anyone else) may owe now. Without a watermark (first page, or after a failure) everything is forgotten.
    func revalidate(_ db: Database) throws {
        if let watermark = ledgerWatermark, !customers.isEmpty {
            // No DISTINCT: with it SQLite reads the whole (customer_id, id) index instead of the few rows above the
            // watermark (15 % of a 1M-order sync's writer time).
            let owing = try Int64.fetchAll(db.cachedStatement(sql: """
                SELECT customer_id FROM points_transactions WHERE id > ? AND points < 0
                """), arguments: [watermark])
            for id in Set(owing) { setMayOwe(id, true) }
        } else {
            customers.removeAll()
            keysByID.removeAll()
        }
    }

    /// End of a page's transaction, after its own entries: the run's customers already say whether they may owe
    /// (set by the page's ingestor), so only entries newer than this need a look next time.
    func markWritten(_ db: Database) throws {
        ledgerWatermark = try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM points_transactions") ?? 0
    }
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
    ///
    /// `apiCalls` (the calls that fetched the page) go into api_logs in the same transaction. `run` carries resolved
    /// customers between the pages of a run and defers the search index catch-up (see `SyncRunCache`).
    public func applySyncPage(_ session: Session, resource: SyncResource, _ page: SyncPage, now: UnixTime,
                              apiCalls: [APICallLog] = [], run: SyncRunCache? = nil) throws -> SyncPageReport {
        try require(session, .importData)
        do {
            return try applySyncPageTransaction(session, resource: resource, page, now: now, apiCalls: apiCalls, run: run)
        } catch {
            run?.reset()
            throw error
        }
    }

    private func applySyncPageTransaction(_ session: Session, resource: SyncResource, _ page: SyncPage, now: UnixTime,
                                          apiCalls: [APICallLog], run: SyncRunCache?) throws -> SyncPageReport {
        try write(enforcingForeignKeys: false, walAutocheckpoint: run == nil ? nil : SyncRunCache.walAutocheckpointPages) { db in
            var report = SyncPageReport()
            try run?.revalidate(db)
            let (version, settings) = try currentSettings(db, merchantID: session.merchant.id)
            let ingestor = OrderIngestor(db: db, session: session, settings: settings, settingsVersion: version,
                                         batchID: nil, now: now, applyEdits: true, runCache: run)
            let validator = OrderValidator(currency: session.currency, now: now)
            for update in page.customers {
                if try ingestor.upsertCustomer(update.customer, createdAt: update.createdAt) { report.customersUpdated += 1 }
            }
            for incoming in page.orders {
                guard case .order(let order, let hash, let problems, _, _) = validator.parsed(incoming) else { continue }
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
            if let run {
                let due = Date().timeIntervalSince(run.lastSearchCatchUp) >= run.searchCatchUpInterval
                try ingestor.finish(catchUpSearch: due)
                if due { run.lastSearchCatchUp = Date() }
                run.searchBehind = !due && (run.searchBehind || ingestor.customersCreated > 0)
            } else {
                try ingestor.finish()
            }
            try settleReferrals(db, session: session, now: now)
            try insertAPICalls(db, session, apiCalls)
            if let bookmark = page.bookmark {
                try db.execute(sql: """
                    INSERT INTO sync_state (merchant_id, resource, bookmark) VALUES (?, ?, ?)
                    ON CONFLICT (merchant_id, resource) DO UPDATE SET bookmark = MAX(COALESCE(bookmark, 0), excluded.bookmark)
                    """, arguments: [session.merchant.id, resource.rawValue, bookmark])
            }
            try run?.markWritten(db)
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

    /// Adds the customers a run's pages created since the last catch-up to the search index (end of a run).
    public func finishSearchIndex(_ run: SyncRunCache) throws {
        guard run.searchBehind else { return }
        try write { db in try CustomerSearchIndex.catchUp(db) }
        run.searchBehind = false
        run.lastSearchCatchUp = Date()
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
