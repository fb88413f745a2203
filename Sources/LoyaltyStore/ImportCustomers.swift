import Foundation
import GRDB
import LoyaltyCore

extension LoyaltyStore {
    /// Imports a customers CSV: creates or updates customers by email, and posts each `points` value once as an
    /// opening balance (`import` entry). One transaction; refused whole unless `skipInvalid`.
    public func importCustomers(_ session: Session, data: Data, source: String, options: ImportOptions = ImportOptions(),
                                now: UnixTime) throws -> ImportReport {
        try require(session, .importData)
        var report = ImportReport(source: source, format: "csv")
        try write { db in
            let (version, settings) = try currentSettings(db, merchantID: session.merchant.id)
            let batchID = try createBatch(db, session: session, kind: "customers", source: source, format: "csv", now: now)
            report.batchID = batchID
            let ledger = LedgerWriter(db: db, merchantID: session.merchant.id)
            var seen: [String: Int] = [:]
            var writing = true
            func refuse(_ problems: [LineError]) {
                report.reject(problems)
                if !options.skipInvalid { writing = false }
            }
            func apply(_ record: IncomingCustomerRecord) throws {
                let email = Customers.normalizeEmail(record.email)
                if let first = seen[email] {
                    return refuse([LineError(line: record.sourceLine, field: "email", message: "\(record.email) appears again (first on line \(first)); keep one row per customer")])
                }
                seen[email] = record.sourceLine
                guard writing else { return }
                let existing = try Row.fetchOne(db, sql: "SELECT id FROM customers WHERE merchant_id = ? AND email_normalized = ? ORDER BY id LIMIT 1",
                                                arguments: [session.merchant.id, email])
                let customerID: Int64
                if let existing {
                    customerID = existing["id"]
                    try db.execute(sql: """
                        UPDATE customers SET first_name = COALESCE(?, first_name), last_name = COALESCE(?, last_name),
                            phone = COALESCE(?, phone), birthday = COALESCE(?, birthday), email = ? WHERE id = ?
                        """, arguments: [record.firstName, record.lastName, record.phone, record.birthday, record.email, customerID])
                    report.known += 1
                } else {
                    try db.execute(sql: """
                        INSERT INTO customers (merchant_id, email, email_normalized, first_name, last_name, phone, birthday,
                            created_at, enrolled_at, import_batch_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """, arguments: [session.merchant.id, record.email, email, record.firstName, record.lastName,
                                         record.phone, record.birthday, now, now, batchID])
                    customerID = db.lastInsertedRowID
                    report.new += 1
                    report.customersCreated += 1
                    if settings.signupPoints > 0 {
                        try ledger.credit(customerID: customerID, NewEntry(
                            kind: .signup, points: settings.signupPoints, createdAt: now,
                            expiresAt: settings.expiry.expiresAt(earnedAt: now), importBatchID: batchID, operatorID: session.actor.id,
                            key: "loyalnest:\(session.merchant.id):customer:\(customerID):signup",
                            explanation: "\(settings.signupPoints) pts for joining the program", settingsVersion: version),
                            knownDebtFree: true)
                        report.pointsPosted += settings.signupPoints
                    }
                }
                guard let points = record.openingPoints, points > 0 else { return }
                let key = "loyalnest:\(session.merchant.id):customer:\(customerID):opening"
                if let prior = try Row.fetchOne(db, sql: "SELECT points, import_batch_id FROM points_transactions WHERE idempotency_key = ?",
                                                arguments: [key]) {
                    let priorPoints: Int64 = prior["points"]
                    if priorPoints != points {
                        refuse([LineError(line: record.sourceLine, field: "points", message: "\(record.email) already has an opening balance of \(priorPoints) (batch \(prior["import_batch_id"] as Int64? ?? 0)); use `loyalnest points adjust` to change it")])
                    }
                    return
                }
                try ledger.credit(customerID: customerID, NewEntry(
                    kind: .import, points: points, createdAt: now, expiresAt: settings.expiry.expiresAt(earnedAt: now),
                    importBatchID: batchID, operatorID: session.actor.id, key: key,
                    explanation: "\(points) pts opening balance imported from \(source)", settingsVersion: version), checkKey: false)
                report.pointsPosted += points
            }
            try readCSV(data, maxFieldBytes: options.maxFieldBytes,
                        header: { (header) throws(LineErrors) in try CustomerCSV(header: header) },
                        row: { parser, record in
                            switch parser.parse(record) {
                            case .success(let customer): try apply(customer)
                            case .failure(let errors): refuse(errors.errors)
                            }
                        }, refuse: refuse)
            if report.rejected > 0 && !options.skipInvalid { throw ImportRejected(report: report) }
            try CustomerSearchIndex.catchUp(db)
            try finishBatch(db, session: session, batchID: batchID, report: report, now: now)
        }
        return report
    }

    public struct ImportBatchInfo: Codable, Hashable, Sendable {
        public var id: Int64
        public var kind: String
        public var source: String
        public var format: String
        public var status: String
        public var createdAt: UnixTime
        public var new: Int
        public var known: Int
        public var updated: Int
        public var rejected: Int
        public var pointsPosted: Int64
    }

    public func importBatches(_ session: Session) throws -> [ImportBatchInfo] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM import_batches WHERE merchant_id = ? ORDER BY id", arguments: [session.merchant.id]).map {
                ImportBatchInfo(id: $0["id"], kind: $0["kind"], source: $0["source"], format: $0["format"], status: $0["status"],
                                createdAt: $0["created_at"], new: $0["rows_new"], known: $0["rows_known"], updated: $0["rows_updated"],
                                rejected: $0["rows_rejected"], pointsPosted: $0["points_posted"])
            }
        }
    }

    /// Reverses every points entry of a batch that is not already reversed, with compensating `undo` entries.
    /// Orders stay recorded (they happened); their earn generation moves on so a corrected re-import credits them again.
    public func undoImport(_ session: Session, batchID: Int64, reason: String, now: UnixTime) throws -> (entries: Int, points: Int64) {
        try require(session, .importData)
        let reason = try Self.requireReason(reason)
        return try write { db in
            guard let batch = try Row.fetchOne(db, sql: "SELECT status FROM import_batches WHERE id = ? AND merchant_id = ?",
                                               arguments: [batchID, session.merchant.id]) else { throw StoreError.batchNotFound(batchID) }
            if (batch["status"] as String) == "undone" { throw StoreError.batchAlreadyUndone(batchID) }
            let settings = try currentSettings(db, merchantID: session.merchant.id).settings
            let ids = try Int64.fetchAll(db, sql: """
                SELECT id FROM points_transactions WHERE import_batch_id = ? AND kind != 'undo' ORDER BY id DESC
                """, arguments: [batchID])
            var count = 0
            var points: Int64 = 0
            for id in ids {
                if let posted = try reverse(db, session: session, entryID: id, reason: "import batch \(batchID) undone: \(reason)",
                                            settings: settings, now: now, tolerateDone: true) {
                    count += 1
                    points += posted
                }
            }
            try db.execute(sql: "UPDATE orders SET earn_generation = earn_generation + 1, content_hash = 0 WHERE import_batch_id = ?",
                           arguments: [batchID])
            try db.execute(sql: "UPDATE import_batches SET status = 'undone', undone_at = ? WHERE id = ?", arguments: [now, batchID])
            try Audit.record(db, session: session, action: "import.undo", entity: "import_batch", entityID: batchID,
                             before: ["status": "applied"], after: ["status": "undone", "reason": reason, "entries": String(count)], now: now)
            return (count, points)
        }
    }
}
