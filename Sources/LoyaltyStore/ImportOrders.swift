import Foundation
import GRDB
import LoyaltyCore

public enum ImportFileFormat: String, Codable, Sendable, CaseIterable {
    case csv
    case json
    case jsonl
}

/// What an import did (or, when rejected, would have had to refuse).
public struct ImportReport: Codable, Hashable, Sendable {
    public var batchID: Int64?
    public var source: String
    public var format: String
    public var new = 0
    public var known = 0
    public var updated = 0
    /// Guest checkouts with no customer id or email: nobody to credit.
    public var guests = 0
    public var rejected = 0
    public var pointsPosted: Int64 = 0
    public var customersCreated = 0
    /// The refused lines (at most `maxReportedErrors`; `rejected` counts them all).
    public var errors: [LineError] = []
    public var warnings: [LineError] = []

    public static let maxReportedErrors = 1000

    mutating func reject(_ lineErrors: [LineError]) {
        rejected += 1
        for error in lineErrors where errors.count < Self.maxReportedErrors { errors.append(error) }
    }
}

/// An import refused as a whole: nothing was written. `report.errors` names every bad line.
public struct ImportRejected: Error, Sendable, CustomStringConvertible {
    public var report: ImportReport
    public var description: String {
        "\(report.source): \(report.rejected) line(s) refused; nothing was imported. Fix them, or use --skip-invalid to import the rest and record the skipped lines."
    }
}

public struct ImportOptions: Sendable {
    public var format: ImportFileFormat?
    public var skipInvalid: Bool
    public var maxFieldBytes: Int
    /// Expected new orders from which the import defers its customer indexes (tests lower it; see `DeferredIndexes`).
    var deferIndexesFrom = DeferredIndexes.minimumOrders
    /// Records how long each phase of an orders import took (the ingest benchmark).
    var phases: ImportPhases?

    public init(format: ImportFileFormat? = nil, skipInvalid: Bool = false, maxFieldBytes: Int = 1 << 20) {
        self.format = format
        self.skipInvalid = skipInvalid
        self.maxFieldBytes = maxFieldBytes
    }
}

extension LoyaltyStore {
    /// Imports an orders file (CSV, Shopify order JSON, or JSON Lines) in one transaction: all of it, or — with
    /// `skipInvalid` — all of its valid lines with the others recorded in import_batch_errors; otherwise nothing.
    public func importOrders(_ session: Session, data: Data, source: String, options: ImportOptions = ImportOptions(),
                             now: UnixTime) throws -> ImportReport {
        let format = options.format ?? Self.detectFormat(data)
        // An order is ~40–100 bytes as a CSV line and ~0.3–6 KB as Shopify JSON (the fixtures' REST order: 6.1 KB);
        // a low estimate only makes a bulk import skip `DeferredIndexes` when it is near the threshold.
        let expected = data.count / (format == .csv ? 128 : 1_024)
        return try runOrderImport(session, source: source, format: format.rawValue, options: options, now: now,
                                  expectedOrders: expected) { settings, validator, handle, refuse in
            switch format {
            case .csv:
                let offset = Int64(TimeZone(identifier: settings.timeZone)?.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(now))) ?? 0)
                try OrderCSVPipeline.run(data, maxFieldBytes: options.maxFieldBytes, offset: offset, validator: validator,
                                         expectedOrders: expected, consume: handle)
            case .json, .jsonl:
                let decoded = ShopifyOrderJSON.decodeOrders(data, format: format == .json ? .shopifyJSON : .jsonLines)
                for error in decoded.errors { refuse([error]) }
                try validator.feed(decoded.orders, to: handle)
            }
        }
    }

    /// Imports orders that are already decoded (the demo store, later the sync) through the same path as files.
    public func importOrders<S: Sequence<IncomingOrder>>(_ session: Session, orders: S, source: String,
                                                          options: ImportOptions = ImportOptions(), now: UnixTime) throws -> ImportReport {
        try runOrderImport(session, source: source, format: "records", options: options, now: now,
                           expectedOrders: orders.underestimatedCount) { _, validator, handle, _ in
            try validator.feed(orders, to: handle)
        }
    }

    /// A bulk import's page cache: one long transaction imports as fast with 32, 40, 64 or 256 MiB (1M orders, within
    /// noise), and the writer's usual 64 MiB took its peak past 200 MB (docs/benchmarks.md, "Ingest").
    static let importPageCacheKiB = 40_960

    private func runOrderImport(_ session: Session, source: String, format: String, options: ImportOptions, now: UnixTime,
                                expectedOrders: Int,
                                feed: (ProgramSettings, OrderValidator, (ParsedLine) throws -> Void,
                                       ([LineError]) -> Void) throws -> Void) throws -> ImportReport {
        try require(session, .importData)
        var report = ImportReport(source: source, format: format)
        defer { options.phases?.mark("commit and checkpoint") }
        try write(enforcingForeignKeys: false, pageCacheKiB: Self.importPageCacheKiB) { db in
            let (version, settings) = try currentSettings(db, merchantID: session.merchant.id)
            let batchID = try createBatch(db, session: session, kind: "orders", source: source, format: format, now: now)
            report.batchID = batchID
            let ingestor = OrderIngestor(db: db, session: session, settings: settings, settingsVersion: version,
                                         batchID: batchID, now: now)
            ingestor.deferredIndexes = try DeferredIndexes.dropIfWorthIt(db, expectedOrders: expectedOrders,
                                                                         minimum: options.deferIndexesFrom)
            ingestor.phases = options.phases
            options.phases?.mark("set-up")
            // A repeated order id whose earlier appearance was not imported (a hash collision, a refused or guest line,
            // an order known from before) stands for the id's appearance from then on.
            var replaced: [Int64: (hash: Int64, line: Int32)] = [:]
            var writing = true
            func refuse(_ problems: [LineError]) {
                report.reject(problems)
                // Without --skip-invalid the file is refused whole: keep reading only to report every bad line.
                if !options.skipInvalid { writing = false }
            }
            func handle(_ line: ParsedLine) throws {
                guard case .order(let order, let hash, let found, let earned, let earlier) = line else {
                    if case .unreadable(let errors) = line { refuse(errors) }
                    return
                }
                var problems = found
                if let earlier {
                    let first = replaced[earlier.idKey] ?? (earlier.hash, earlier.line)
                    if try ingestor.wasImportedInThisBatch(order.externalID) || !writing {
                        if first.hash != hash {
                            problems.append(LineError(line: order.sourceLine, field: "order_id", message: "order \(order.externalID) appears again with different details (first on line \(first.line)); keep one version"))
                        } else {
                            report.known += 1
                            return
                        }
                    } else {
                        replaced[earlier.idKey] = (hash, Int32(clamping: order.sourceLine))
                    }
                }
                guard problems.isEmpty else { return refuse(problems) }
                guard writing else { return }
                switch try ingestor.ingest(order, hash: hash, earned: earned) {
                case .new(let points): report.new += 1; report.pointsPosted += points
                case .updated(let points): report.updated += 1; report.pointsPosted += points
                case .known: report.known += 1
                case .guest: report.guests += 1
                }
            }
            try feed(settings, OrderValidator(currency: session.currency, now: now, earning: ingestor.baseEarning), handle, refuse)
            options.phases?.mark("orders")
            if report.rejected > 0 && !options.skipInvalid {
                throw ImportRejected(report: report)
            }
            try ingestor.finish()
            try settleReferrals(db, session: session, now: now)
            report.customersCreated = ingestor.customersCreated
            report.warnings = Array(ingestor.warnings.prefix(ImportReport.maxReportedErrors))
            try finishBatch(db, session: session, batchID: batchID, report: report, now: now)
            options.phases?.mark("referrals and batch record")
        }
        return report
    }

    static func detectFormat(_ data: Data) -> ImportFileFormat {
        switch ShopifyOrderJSON.detectFormat(data) {
        case .csv: return .csv
        case .shopifyJSON: return .json
        case .jsonLines: return .jsonl
        }
    }

    func createBatch(_ db: Database, session: Session, kind: String, source: String, format: String, now: UnixTime) throws -> Int64 {
        try db.execute(sql: """
            INSERT INTO import_batches (merchant_id, kind, source, format, created_at, operator_id) VALUES (?, ?, ?, ?, ?, ?)
            """, arguments: [session.merchant.id, kind, source, format, now, session.actor.id])
        return db.lastInsertedRowID
    }

    func finishBatch(_ db: Database, session: Session, batchID: Int64, report: ImportReport, now: UnixTime) throws {
        try db.execute(sql: """
            UPDATE import_batches SET rows_new = ?, rows_known = ?, rows_updated = ?, rows_rejected = ?, points_posted = ?
            WHERE id = ?
            """, arguments: [report.new, report.known, report.updated, report.rejected, report.pointsPosted, batchID])
        for error in report.errors {
            try db.execute(sql: "INSERT INTO import_batch_errors (merchant_id, batch_id, line, field, message) VALUES (?, ?, ?, ?, ?)",
                           arguments: [session.merchant.id, batchID, error.line, error.field, error.message])
        }
        var summary = report
        summary.errors = []
        summary.warnings = []
        try Audit.record(db, session: session, action: "import.apply", entity: "import_batch", entityID: batchID,
                         before: nil as ImportReport?, after: summary, now: now)
    }
}

/// Reads a CSV file record by record: the header builds the row parser, each later record goes to `row`, and every
/// unreadable record or header problem goes to `refuse` (reading stops only at an unterminated quote).
func readCSV<Parser>(_ data: Data, maxFieldBytes: Int, header makeParser: (CSVRecord?) throws(LineErrors) -> Parser,
                     row: (Parser, CSVRecord) throws -> Void, refuse: ([LineError]) -> Void) throws {
    try data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
        var reader = UnsafeCSVReader(buffer, maxFieldBytes: maxFieldBytes)
        var releaser = MappedPageReleaser(buffer)
        let header: CSVRecord?
        do throws(CSVError) { header = try reader.next() } catch { return refuse([error.lineError()]) }
        let parser: Parser
        do throws(LineErrors) { parser = try makeParser(header) } catch { return refuse(error.errors) }
        while true {
            let record: CSVRecord?
            do throws(CSVError) { record = try reader.next() } catch {
                refuse([error.lineError(header: header)])
                if case .unterminatedQuote = error.reason { break }
                continue
            }
            guard let record else { break }
            try row(parser, record)
            releaser.release(upTo: reader.consumedBytes)
        }
    }
}

/// Tells the kernel it may drop pages of a memory-mapped file that were already read, so reading a large file keeps
/// a flat resident size (a mapped page counts as resident once touched). Only a read-only file mapping that
/// `MappedFile` made is advised; for other memory (a `Data` built in memory) MADV_DONTNEED would discard content, so
/// it is never used there.
struct MappedPageReleaser {
    private let base: UnsafeRawPointer?
    private let isFileMapping: Bool
    private var released = 0
    private let step: Int
    private static let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))

    init(_ buffer: UnsafeRawBufferPointer, step: Int = 8 << 20) {
        base = buffer.baseAddress
        self.step = step
        isFileMapping = buffer.count >= step && MappedFile.holds(buffer)
    }

    var releases: Bool { isFileMapping }

    mutating func release(upTo offset: Int) {
        guard isFileMapping, let base, offset - released >= step else { return }
        let start = (Int(bitPattern: base) + released + Self.pageSize - 1) / Self.pageSize * Self.pageSize
        let end = (Int(bitPattern: base) + offset) / Self.pageSize * Self.pageSize
        if end > start { madvise(UnsafeMutableRawPointer(bitPattern: start), end - start, Int32(MADV_DONTNEED)) }
        released = offset
    }
}
