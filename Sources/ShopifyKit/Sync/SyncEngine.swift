import Foundation
import LoyaltyCore
import LoyaltyStore
import ShopifyClient

public struct SyncOptions: Sendable {
    /// Each run re-reads from bookmark − lookback: Shopify updates children after their parents.
    public var lookback: Int64 = 300
    public var resources: [SyncResource] = SyncResource.allCases
    /// Forget the bookmarks and read everything again.
    public var full = false
    /// Skip resources an admin paused (the background sync); `false` for an explicit command-line run.
    public var honourPause = true
    /// Read orders with a bulk export when there is no orders bookmark yet (the first backfill of a large store).
    public var bulkBackfill = false

    public init(lookback: Int64 = 300, resources: [SyncResource] = SyncResource.allCases, full: Bool = false,
                honourPause: Bool = true, bulkBackfill: Bool = false) {
        self.lookback = lookback
        self.resources = resources
        self.full = full
        self.honourPause = honourPause
        self.bulkBackfill = bulkBackfill
    }
}

public struct ResourceRunReport: Codable, Sendable, Hashable {
    public var resource: SyncResource
    public var pages = 0
    public var rowsRead = 0
    public var written = SyncPageReport()
    public var bookmark: UnixTime?
    public var health: IntegrationStatus.Health = .ok
    public var error: String?
    public var skipped: String?
    /// True when the orders came from a bulk export.
    public var bulk = false
}

public struct SyncRunReport: Codable, Sendable, Hashable {
    public var startedAt: UnixTime
    public var finishedAt: UnixTime
    public var resources: [ResourceRunReport]
    public var apiCalls: Int
    public var bytes: Int64

    public var failed: [ResourceRunReport] { resources.filter { $0.error != nil } }
}

/// One sync run: for each resource, pages from the bookmark (minus the lookback) up to the run's start, each page
/// written with its bookmark in one transaction while the next page downloads (docs/decisions/0030).
public final class SyncEngine {
    private let store: LoyaltyStore
    private let session: Session
    private let reader: ShopifyReader
    private let clock: @Sendable () -> UnixTime
    private let classify: @Sendable (any Error) -> SyncFailure

    public init(store: LoyaltyStore, session: Session, reader: ShopifyReader, clock: @escaping @Sendable () -> UnixTime,
                classify: @escaping @Sendable (any Error) -> SyncFailure = SyncFailure.init(classifying:)) {
        self.store = store
        self.session = session
        self.reader = reader
        self.clock = clock
        self.classify = classify
    }

    public func cancel() { reader.cancel() }

    public func run(_ options: SyncOptions = SyncOptions()) -> SyncRunReport {
        let startedAt = clock()
        var reports: [ResourceRunReport] = []
        var calls = 0
        var bytes: Int64 = 0
        let statuses = (try? store.integrationStatuses(session)) ?? []
        for resource in options.resources {
            let status = statuses.first { $0.resource == resource } ?? IntegrationStatus(resource: resource, health: .neverSynced, updatedAt: startedAt)
            if options.honourPause && status.paused {
                var skipped = ResourceRunReport(resource: resource)
                skipped.health = .paused
                skipped.skipped = "paused by an admin"
                reports.append(skipped)
                continue
            }
            if let stop = reports.last(where: { $0.health == .authFailed || $0.health == .circuitOpen }) {
                // The shop refuses every call alike: the other resources would only repeat the failure.
                var skipped = ResourceRunReport(resource: resource)
                skipped.health = stop.health
                skipped.skipped = "\(stop.resource.rawValue) failed: \(stop.health.rawValue)"
                reports.append(skipped)
                continue
            }
            let report = runResource(resource, options: options, runStart: startedAt, status: status)
            calls += report.calls
            bytes += report.bytes
            reports.append(report.report)
        }
        if reports.contains(where: { $0.written.rowsChanged > 0 }) { try? store.refreshOverviewCaches() }
        return SyncRunReport(startedAt: startedAt, finishedAt: clock(), resources: reports, apiCalls: calls, bytes: bytes)
    }

    private struct Outcome {
        var report: ResourceRunReport
        var calls: Int
        var bytes: Int64
    }

    private func runResource(_ resource: SyncResource, options: SyncOptions, runStart: UnixTime,
                             status: IntegrationStatus) -> Outcome {
        var report = ResourceRunReport(resource: resource)
        if options.full { try? store.resetSyncBookmark(session, resource) }
        let bookmark = (try? store.syncBookmark(session, resource)) ?? nil
        let windowStart = bookmark.map { $0 - options.lookback }
        try? store.markSyncRun(session, resource, startedAt: runStart, finishedAt: nil)

        let channel = PageChannel<SyncDelivery>(capacity: PageWriter.channelCapacity)
        let writer = PageWriter(store: store, session: session, resource: resource, runStart: runStart,
                                windowStart: windowStart, bookmark: bookmark, status: status, clock: clock)
        let checkpointer = store.startBackgroundCheckpoints()
        let done = DispatchSemaphore(value: 0)
        let writerThread = Thread {
            writer.consume(channel)
            checkpointer?.stop()
            done.signal()
        }
        writerThread.name = "loyalnest.sync.writer"
        writerThread.start()

        var calls = 0
        var bytes: Int64 = 0
        func drain() -> [APICallLog] {
            let logs = reader.drainCallLog()
            calls += logs.count
            bytes += logs.reduce(0) { $0 + $1.bytes }
            return logs
        }
        if resource == .orders && bookmark == nil && options.bulkBackfill {
            // A bulk export is not sorted by updatedAt, so no bookmark moves until its last row is written; then it
            // jumps to the run's start (rows updated since are the next run's). A crash restarts the export.
            do {
                try reader.bulkOrders { batch in
                    guard channel.put(.page(SyncPage(orders: batch.map(\.syncedOrder)), rows: batch.count,
                                            newest: batch.map(\.updatedAt).max(), logs: drain(), bookmark: .keep)) else {
                        throw SyncFailure(health: .failing, message: "stopped: a page could not be written")
                    }
                }
                channel.put(.page(SyncPage(), rows: 0, newest: nil, logs: drain(), bookmark: .set(runStart)))
                report.bulk = true
            } catch is BulkExportUnavailable {
                report.bulk = false
            } catch {
                channel.put(.failure(classify(error), logs: drain()))
                report.bulk = true
            }
        }
        var cursor: String?
        fetching: while !channel.isAbandoned && !report.bulk {
            do {
                switch resource {
                case .orders:
                    let page = try reader.ordersPage(updatedAtMin: windowStart, updatedAtMax: runStart, after: cursor)
                    let newest = page.items.map(\.updatedAt).max()
                    guard channel.put(.page(SyncPage(orders: page.items.map(\.syncedOrder)), rows: page.items.count,
                                            newest: newest, logs: drain(), bookmark: .fromRows)) else { break fetching }
                    cursor = page.endCursor
                    if !page.hasNextPage || page.endCursor == nil { break fetching }
                case .customers:
                    let page = try reader.customersPage(updatedAtMin: windowStart, updatedAtMax: runStart, after: cursor)
                    let updates = page.items.map {
                        IncomingCustomerUpdate(customer: $0.incomingCustomer, createdAt: $0.createdAt, updatedAt: $0.updatedAt)
                    }
                    guard channel.put(.page(SyncPage(customers: updates), rows: page.items.count,
                                            newest: page.items.map(\.updatedAt).max(), logs: drain(), bookmark: .fromRows)) else { break fetching }
                    cursor = page.endCursor
                    if !page.hasNextPage || page.endCursor == nil { break fetching }
                case .deletions:
                    let events = try reader.deletedOrderEvents(since: windowStart).filter { $0.createdAt < runStart }
                    let deletions = events.map { (externalID: String($0.orderID), at: $0.createdAt) }
                    channel.put(.page(SyncPage(deletedOrders: deletions), rows: events.count,
                                      newest: events.map(\.createdAt).max(), logs: drain(), bookmark: .fromRows))
                    break fetching
                }
            } catch {
                channel.put(.failure(classify(error), logs: drain()))
                break fetching
            }
        }
        channel.close()
        done.wait()
        report = writer.finish(report: report, reader: reader.connectionState)
        try? store.markSyncRun(session, resource, startedAt: nil, finishedAt: clock())
        return Outcome(report: report, calls: calls, bytes: bytes)
    }
}

private enum BookmarkRule: Sendable {
    /// The newest updatedAt of the rows (pages sorted by updatedAt).
    case fromRows
    /// Unchanged (a bulk export's rows come in no particular order).
    case keep
    case set(UnixTime)
}

private enum SyncDelivery: Sendable {
    case page(SyncPage, rows: Int, newest: UnixTime?, logs: [APICallLog], bookmark: BookmarkRule)
    case failure(SyncFailure, logs: [APICallLog])
}

/// The writing half of a resource run, on its own thread: pages in order, each with its bookmark; api_logs; the
/// integration row at most twice a second and at the end.
private final class PageWriter: @unchecked Sendable {
    // @unchecked: created on the run's thread, then used only by the writer thread until it signals `done`; after
    // that only the run's thread touches it (the semaphore orders the two).
    let store: LoyaltyStore
    let session: Session
    let resource: SyncResource
    let runStart: UnixTime
    let windowStart: UnixTime?
    let clock: @Sendable () -> UnixTime
    var bookmark: UnixTime?
    var status: IntegrationStatus
    var pages = 0
    var rows = 0
    var written = SyncPageReport()
    var failure: SyncFailure?
    var sawErrors = false
    var newest: UnixTime?
    var oldest: UnixTime?
    var lastStatusWrite = Date.distantPast
    /// Customers resolved by earlier pages of this run; the search index caught up about once a second.
    let runCache = SyncRunCache()
    /// API calls not yet in api_logs: written in the next page's transaction.
    var pendingLogs: [APICallLog] = []

    /// Pages the fetch thread may queue ahead of the writer (~0.3 MB each decoded): when the writer is the slower
    /// side they are coalesced into one transaction, up to `coalescedRows`.
    static let channelCapacity = 64

    init(store: LoyaltyStore, session: Session, resource: SyncResource, runStart: UnixTime, windowStart: UnixTime?,
         bookmark: UnixTime?, status: IntegrationStatus, clock: @escaping @Sendable () -> UnixTime) {
        self.store = store
        self.session = session
        self.resource = resource
        self.runStart = runStart
        self.windowStart = windowStart
        self.bookmark = bookmark
        self.status = status
        self.clock = clock
        self.newest = status.newestSyncedAt
    }

    func consume(_ channel: PageChannel<SyncDelivery>) {
        while let delivery = channel.take() {
            switch delivery {
            case .page(var page, var count, var pageNewest, let logs, let rule):
                record(logs, deferred: true)
                // Pages already waiting behind this one are written in the same transaction (at most
                // `coalescedRows` rows): when the writer is the slower side, fewer commits write the same b-tree
                // pages to the WAL fewer times, and a customer's cached totals and sort-index entries are updated
                // once per transaction (bench sync at 1M: 16 queued pages / 8,000 rows ~25 % faster than 2 / 1,000,
                // 64 / 16,000 another ~20 %; docs/benchmarks.md). The price: a transaction then holds the write lock
                // for up to about a second. The bookmark is still the newest row written in that transaction, so a
                // crash resumes after the last commit.
                var merged = 1
                while page.orders.count + page.customers.count < Self.coalescedRows, page.deletedOrders.isEmpty,
                      let next = channel.takeIfReady({ Self.canMerge($0, into: rule) }),
                      case .page(let more, let moreCount, let moreNewest, let moreLogs, _) = next {
                    record(moreLogs, deferred: true)
                    page.orders += more.orders
                    page.customers += more.customers
                    count += moreCount
                    if let moreNewest { pageNewest = max(pageNewest ?? moreNewest, moreNewest) }
                    merged += 1
                }
                // The bookmark only moves forward and never past the run's start: rows updated after it are the
                // next run's, and a crash between pages resumes from the last page written.
                switch rule {
                case .fromRows: if let pageNewest { bookmark = min(runStart, max(bookmark ?? pageNewest, pageNewest)) }
                case .keep: break
                case .set(let value): bookmark = max(bookmark ?? value, value)
                }
                if oldest == nil { oldest = page.orders.compactMap(\.updatedAt).min() ?? page.customers.map(\.updatedAt).min() }
                page.bookmark = bookmark
                let logs = pendingLogs
                pendingLogs = []
                do {
                    let report = try store.applySyncPage(session, resource: resource, page, now: clock(), apiCalls: logs,
                                                         run: runCache)
                    written.add(report)
                    pages += merged
                    rows += count
                    if let pageNewest { newest = max(newest ?? pageNewest, pageNewest) }
                    if !report.problems.isEmpty { sawErrors = true }
                    publishProgress(final: false)
                } catch {
                    // The page's transaction rolled back its api_logs rows too: they are written on their own.
                    try? store.recordAPICalls(session, logs)
                    failure = SyncFailure(health: .failing, message: "could not write a page of \(resource.rawValue) to the database: \(error)")
                    channel.abandon()
                    return
                }
            case .failure(let failure, let logs):
                record(logs)
                self.failure = failure
            }
        }
    }

    /// Rows per write transaction when queued pages are coalesced.
    static let coalescedRows = 16_000

    /// Only plain pages of the same bookmark rule merge (never a failure, a deletions page, or the bulk export's
    /// final bookmark).
    private static func canMerge(_ delivery: SyncDelivery, into rule: BookmarkRule) -> Bool {
        guard case .page(let page, _, _, _, let nextRule) = delivery, page.deletedOrders.isEmpty,
              !page.orders.isEmpty || !page.customers.isEmpty else { return false }
        switch (rule, nextRule) {
        case (.fromRows, .fromRows), (.keep, .keep): return true
        default: return false
        }
    }

    /// Notes the calls' errors in the status; `deferred` leaves their api_logs rows to the page's transaction.
    private func record(_ logs: [APICallLog], deferred: Bool = false) {
        guard !logs.isEmpty else { return }
        if logs.contains(where: { $0.errorClass != nil }) { sawErrors = true }
        if let last = logs.last(where: { $0.errorClass != nil }) {
            status.lastErrorAt = last.atMillis / 1000
            status.lastError = last.message ?? last.errorClass
            status.lastErrorRequestID = last.requestID
        }
        if deferred { pendingLogs += logs } else { try? store.recordAPICalls(session, logs) }
    }

    /// Rows left, estimated from how much of the run's time window the pages have covered so far (a first run's
    /// window starts at the oldest row it read).
    private var backlog: Int64? {
        guard let newest, let start = windowStart ?? oldest, newest > start, rows > 0 else { return nil }
        let remaining = Double(max(0, runStart - newest)) / Double(newest - start)
        return Int64((Double(rows) * remaining).rounded())
    }

    private func publishProgress(final: Bool) {
        let now = Date()
        guard final || now.timeIntervalSince(lastStatusWrite) >= 0.5 else { return }
        lastStatusWrite = now
        status.newestSyncedAt = newest
        status.backlogEstimate = final ? (failure == nil ? 0 : backlog) : backlog
        status.updatedAt = clock()
        if !final { status.health = sawErrors ? .degraded : .ok }
        try? store.updateIntegration(session, status)
    }

    func finish(report: ResourceRunReport, reader: ReaderState) -> ResourceRunReport {
        var report = report
        try? store.recordAPICalls(session, pendingLogs)
        pendingLogs = []
        // Customers created since the last catch-up go into the search index before the run reports done.
        try? store.finishSearchIndex(runCache)
        status.circuitState = reader.circuit
        status.circuitUntil = reader.circuitUntil
        status.apiVersionAsked = reader.apiVersionAsked
        status.apiVersionServed = reader.apiVersionServed
        status.deprecationNotice = reader.deprecationNotice
        if let failure {
            status.health = failure.health
            status.lastErrorAt = clock()
            status.lastError = failure.message
            status.lastErrorRequestID = failure.requestID ?? status.lastErrorRequestID
            report.error = failure.message
        } else {
            status.health = sawErrors ? .degraded : .ok
            status.lastSuccessAt = clock()
        }
        publishProgress(final: true)
        report.pages = pages
        report.rowsRead = rows
        report.written = written
        report.bookmark = bookmark
        report.health = status.health
        return report
    }
}
