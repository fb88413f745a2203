import Foundation
import GRDB
import LoyaltyCore

/// A bonus campaign as stored: its definition, the status the merchant set and the status it has now.
public struct CampaignInfo: Codable, Hashable, Sendable {
    public var id: Int64
    public var definition: CampaignDefinition
    /// What the merchant set (draft, scheduled, paused, ended).
    public var storedStatus: CampaignStatus
    /// What it is at the time asked (a launched campaign is scheduled, active or ended by its window).
    public var status: CampaignStatus
    public var window: CampaignWindow
    public var createdAt: UnixTime
    public var updatedAt: UnixTime
}

/// What a campaign achieved: qualifying orders, the points it added, and the revenue of those orders.
public struct CampaignReport: Codable, Hashable, Sendable {
    public var campaignID: Int64
    public var qualifyingOrders: Int
    public var customers: Int
    public var pointsAwarded: Int64
    public var revenueMinor: Int64
    public var lifecycleAwards: Int
}

struct CampaignRecord {
    var id: Int64
    var definition: CampaignDefinition
    var status: CampaignStatus
    var window: CampaignWindow
    var createdAt: UnixTime
    var updatedAt: UnixTime
}

extension LoyaltyStore {
    public func campaigns(_ session: Session, now: UnixTime) throws -> [CampaignInfo] {
        try read { db in try campaignRecords(db, merchantID: session.merchant.id).map { $0.info(now: now) } }
    }

    public func campaign(_ session: Session, id: Int64, now: UnixTime) throws -> CampaignInfo {
        try read { db in try campaignRecord(db, merchantID: session.merchant.id, id: id).info(now: now) }
    }

    /// Saves a new campaign as a draft; `launch` schedules it.
    @discardableResult
    public func createCampaign(_ session: Session, _ definition: CampaignDefinition, now: UnixTime) throws -> CampaignInfo {
        try require(session, .editCampaigns)
        return try write { db in
            let window = try validateCampaign(db, session: session, definition, subject: "campaign")
            try db.execute(sql: """
                INSERT INTO bonus_campaigns (merchant_id, kind, status, starts_at, ends_at, definition_json, created_at, updated_at)
                VALUES (?, ?, 'draft', ?, ?, ?, ?, ?)
                """, arguments: [session.merchant.id, definition.kind.rawValue, window.start, window.end,
                                 try Self.json(definition), now, now])
            let id = db.lastInsertedRowID
            try Audit.record(db, session: session, action: "campaign.create", entity: "bonus_campaign", entityID: id,
                             before: nil as CampaignDefinition?, after: definition, now: now)
            return try campaignRecord(db, merchantID: session.merchant.id, id: id).info(now: now)
        }
    }

    /// Replaces a campaign's definition. A running (active) campaign must be paused first; an ended one is final.
    @discardableResult
    public func updateCampaign(_ session: Session, id: Int64, _ definition: CampaignDefinition, now: UnixTime) throws -> CampaignInfo {
        try require(session, .editCampaigns)
        return try write { db in
            let record = try campaignRecord(db, merchantID: session.merchant.id, id: id)
            let current = record.info(now: now).status
            guard CampaignLifecycle.isEditable(current) else {
                throw StoreError.rules(entity: "campaign \(id)", [RuleProblem(field: "status",
                    current == .active ? .campaignActiveNotEditable : .campaignEndedNotEditable)])
            }
            let window = try validateCampaign(db, session: session, definition, subject: "campaign \(id)")
            try db.execute(sql: """
                UPDATE bonus_campaigns SET kind = ?, starts_at = ?, ends_at = ?, definition_json = ?, updated_at = ?
                WHERE id = ?
                """, arguments: [definition.kind.rawValue, window.start, window.end, try Self.json(definition), now, id])
            try Audit.record(db, session: session, action: "campaign.update", entity: "bonus_campaign", entityID: id,
                             before: record.definition, after: definition, now: now)
            return try campaignRecord(db, merchantID: session.merchant.id, id: id).info(now: now)
        }
    }

    /// Launches, pauses, resumes or ends a campaign; only legal transitions (CampaignLifecycle) are accepted.
    @discardableResult
    public func changeCampaign(_ session: Session, id: Int64, _ action: CampaignAction, now: UnixTime) throws -> CampaignInfo {
        try require(session, .editCampaigns)
        return try write { db in
            let record = try campaignRecord(db, merchantID: session.merchant.id, id: id)
            if action == .launch {
                _ = try validateCampaign(db, session: session, record.definition, subject: "campaign \(id)")
            }
            switch CampaignLifecycle.apply(action, to: record.status, window: record.window, now: now) {
            case .failure(let problem):
                throw StoreError.rules(entity: "campaign \(id)", [problem])
            case .success(let status):
                try db.execute(sql: "UPDATE bonus_campaigns SET status = ?, updated_at = ? WHERE id = ?",
                               arguments: [status.rawValue, now, id])
                try Audit.record(db, session: session, action: "campaign.\(action.rawValue)", entity: "bonus_campaign",
                                 entityID: id, before: ["status": record.info(now: now).status.rawValue],
                                 after: ["status": status.rawValue], now: now)
            }
            return try campaignRecord(db, merchantID: session.merchant.id, id: id).info(now: now)
        }
    }

    /// Deletes a campaign that never ran (draft or scheduled); one that awarded points is ended instead, so its
    /// report and the ledger's references stay.
    public func deleteCampaign(_ session: Session, id: Int64, now: UnixTime) throws {
        try require(session, .editCampaigns)
        try write { db in
            let record = try campaignRecord(db, merchantID: session.merchant.id, id: id)
            let awards = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM campaign_awards WHERE campaign_id = ?", arguments: [id]) ?? 0
            guard awards == 0 else {
                throw StoreError.rules(entity: "campaign \(id)", [RuleProblem(field: "status", .campaignHasAwards,
                    ["count": .integer(Int64(awards)), "id": .integer(id)])])
            }
            try db.execute(sql: "UPDATE bonus_campaigns SET deleted_at = ?, updated_at = ? WHERE id = ?", arguments: [now, now, id])
            try Audit.record(db, session: session, action: "campaign.delete", entity: "bonus_campaign", entityID: id,
                             before: record.definition, after: nil as CampaignDefinition?, now: now)
        }
    }

    public func campaignReport(_ session: Session, id: Int64) throws -> CampaignReport {
        try read { db in
            _ = try campaignRecord(db, merchantID: session.merchant.id, id: id)
            let row = try Row.fetchOne(db, sql: """
                SELECT COUNT(order_id) AS orders, COUNT(DISTINCT customer_id) AS customers, COALESCE(SUM(points), 0) AS points,
                       COALESCE(SUM(revenue_minor), 0) AS revenue, COUNT(*) - COUNT(order_id) AS lifecycle
                FROM campaign_awards WHERE campaign_id = ?
                """, arguments: [id])!
            return CampaignReport(campaignID: id, qualifyingOrders: row["orders"], customers: row["customers"],
                                  pointsAwarded: row["points"], revenueMinor: row["revenue"], lifecycleAwards: row["lifecycle"])
        }
    }

    // MARK: Internals

    func campaignRecords(_ db: Database, merchantID: Int64) throws -> [CampaignRecord] {
        try Row.fetchAll(db, sql: """
            SELECT * FROM bonus_campaigns WHERE merchant_id = ? AND deleted_at IS NULL ORDER BY starts_at, id
            """, arguments: [merchantID]).map(CampaignRecord.init(row:))
    }

    func campaignRecord(_ db: Database, merchantID: Int64, id: Int64) throws -> CampaignRecord {
        guard let row = try Row.fetchOne(db, sql: """
            SELECT * FROM bonus_campaigns WHERE merchant_id = ? AND id = ? AND deleted_at IS NULL
            """, arguments: [merchantID, id]) else { throw StoreError.campaignNotFound(id) }
        return try CampaignRecord(row: row)
    }

    private func validateCampaign(_ db: Database, session: Session, _ definition: CampaignDefinition,
                                  subject: String) throws -> CampaignWindow {
        let settings = try currentSettings(db, merchantID: session.merchant.id).settings
        let tiers = try tierDefinitions(db, merchantID: session.merchant.id)
        let problems = definition.problems(settings: settings, tiers: tiers, segmentKeys: Self.segmentKeys)
        guard problems.isEmpty, let window = definition.window else { throw StoreError.rules(entity: subject, problems) }
        return window
    }

    /// The RFM segment keys campaigns may name (spec/domain.md's default grid; renaming a segment keeps its key).
    public static var segmentKeys: Set<String> { Set(RFMSegment.allCases.map(\.key)) }
}

extension CampaignRecord {
    init(row: Row) throws {
        id = row["id"]
        definition = try JSONDecoder().decode(CampaignDefinition.self, from: Data((row["definition_json"] as String).utf8))
        status = CampaignStatus(rawValue: row["status"]) ?? .draft
        window = CampaignWindow(start: row["starts_at"], end: row["ends_at"])
        createdAt = row["created_at"]
        updatedAt = row["updated_at"]
    }

    func info(now: UnixTime) -> CampaignInfo {
        CampaignInfo(id: id, definition: definition, storedStatus: status,
                     status: CampaignLifecycle.effective(status, window: window, now: now), window: window,
                     createdAt: createdAt, updatedAt: updatedAt)
    }
}
