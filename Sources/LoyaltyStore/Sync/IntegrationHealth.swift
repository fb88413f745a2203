import Foundation
import GRDB
import LoyaltyCore

/// One call to the shop's API as api_logs keeps it. Never holds a token: the request's headers are not recorded.
public struct APICallLog: Hashable, Sendable, Codable {
    public var atMillis: Int64
    public var endpoint: String
    public var status: Int?
    public var latencyMillis: Int64
    public var requestedCost: Double?
    public var actualCost: Double?
    public var bucketAvailable: Double?
    public var bucketMax: Double?
    public var restoreRate: Double?
    public var requestID: String?
    /// nil for a success; otherwise e.g. "throttled", "server", "timeout", "unauthorized".
    public var errorClass: String?
    public var message: String?
    public var bytes: Int64

    public init(atMillis: Int64, endpoint: String, status: Int?, latencyMillis: Int64, requestedCost: Double? = nil,
                actualCost: Double? = nil, bucketAvailable: Double? = nil, bucketMax: Double? = nil, restoreRate: Double? = nil,
                requestID: String? = nil, errorClass: String? = nil, message: String? = nil, bytes: Int64 = 0) {
        self.atMillis = atMillis
        self.endpoint = endpoint
        self.status = status
        self.latencyMillis = latencyMillis
        self.requestedCost = requestedCost
        self.actualCost = actualCost
        self.bucketAvailable = bucketAvailable
        self.bucketMax = bucketMax
        self.restoreRate = restoreRate
        self.requestID = requestID
        self.errorClass = errorClass
        self.message = message
        self.bytes = bytes
    }
}

/// The state the sync reports for a resource; written after each page and each failure.
public struct IntegrationStatus: Hashable, Sendable, Codable {
    public enum Health: String, Codable, Sendable, CaseIterable {
        case neverSynced = "never synced"
        case ok
        case degraded
        case failing
        case authFailed = "auth failed"
        case circuitOpen = "circuit open"
        case paused
    }

    public var resource: SyncResource
    public var health: Health
    public var paused: Bool
    public var lastSuccessAt: UnixTime?
    public var lastErrorAt: UnixTime?
    public var lastError: String?
    public var lastErrorRequestID: String?
    /// The newest Shopify updatedAt synced; lag = now − this.
    public var newestSyncedAt: UnixTime?
    public var backlogEstimate: Int64?
    public var circuitState: String
    public var circuitUntil: UnixTime?
    public var apiVersionAsked: String?
    public var apiVersionServed: String?
    public var deprecationNotice: String?
    public var updatedAt: UnixTime

    public init(resource: SyncResource, health: Health, paused: Bool = false, lastSuccessAt: UnixTime? = nil,
                lastErrorAt: UnixTime? = nil, lastError: String? = nil, lastErrorRequestID: String? = nil,
                newestSyncedAt: UnixTime? = nil, backlogEstimate: Int64? = nil, circuitState: String = "closed",
                circuitUntil: UnixTime? = nil, apiVersionAsked: String? = nil, apiVersionServed: String? = nil,
                deprecationNotice: String? = nil, updatedAt: UnixTime) {
        self.resource = resource
        self.health = health
        self.paused = paused
        self.lastSuccessAt = lastSuccessAt
        self.lastErrorAt = lastErrorAt
        self.lastError = lastError
        self.lastErrorRequestID = lastErrorRequestID
        self.newestSyncedAt = newestSyncedAt
        self.backlogEstimate = backlogEstimate
        self.circuitState = circuitState
        self.circuitUntil = circuitUntil
        self.apiVersionAsked = apiVersionAsked
        self.apiVersionServed = apiVersionServed
        self.deprecationNotice = deprecationNotice
        self.updatedAt = updatedAt
    }
}

/// Everything the Integrations screen shows for one resource.
public struct IntegrationHealth: Hashable, Sendable, Codable {
    public var status: IntegrationStatus
    public var running: Bool
    public var rowsToday: Int64
    public var callsLastHour: Int64
    public var errorsLastHour: Int64
    public var throttledLastHour: Int64
    public var rateLimitedLastHour: Int64
    public var bucketAvailable: Double?
    public var bucketMax: Double?
    public var restoreRate: Double?

    public var errorRate: Double { callsLastHour == 0 ? 0 : Double(errorsLastHour) / Double(callsLastHour) }
}

extension LoyaltyStore {
    /// api_logs keeps this many of a merchant's most recent calls (a million-order backfill makes ~4,000).
    public static let apiLogRetention = 100_000

    public func recordAPICalls(_ session: Session, _ calls: [APICallLog]) throws {
        guard !calls.isEmpty else { return }
        try write { db in try insertAPICalls(db, session, calls) }
    }

    func insertAPICalls(_ db: Database, _ session: Session, _ calls: [APICallLog]) throws {
        guard !calls.isEmpty else { return }
        let insert = try db.cachedStatement(sql: """
            INSERT INTO api_logs (merchant_id, at_ms, endpoint, status, latency_ms, requested_cost, actual_cost,
                bucket_available, bucket_max, restore_rate, request_id, error_class, message, bytes)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for call in calls {
            try insert.execute(arguments: [session.merchant.id, call.atMillis, call.endpoint, call.status, call.latencyMillis,
                                           call.requestedCost, call.actualCost, call.bucketAvailable, call.bucketMax,
                                           call.restoreRate, call.requestID, call.errorClass, call.message, call.bytes])
        }
        let newest = db.lastInsertedRowID
        if newest % 1000 < Int64(calls.count) {
            try db.execute(sql: "DELETE FROM api_logs WHERE merchant_id = ? AND id <= ?",
                           arguments: [session.merchant.id, newest - Int64(Self.apiLogRetention)])
        }
    }

    /// The most recent calls, newest first; `errorsOnly` keeps the failed ones.
    public func apiLogs(_ session: Session, errorsOnly: Bool = false, limit: Int = 200) throws -> [APICallLog] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM api_logs WHERE merchant_id = ? \(errorsOnly ? "AND error_class IS NOT NULL" : "")
                ORDER BY at_ms DESC, id DESC LIMIT ?
                """, arguments: [session.merchant.id, limit]).map { row in
                APICallLog(atMillis: row["at_ms"], endpoint: row["endpoint"], status: row["status"], latencyMillis: row["latency_ms"],
                           requestedCost: row["requested_cost"], actualCost: row["actual_cost"], bucketAvailable: row["bucket_available"],
                           bucketMax: row["bucket_max"], restoreRate: row["restore_rate"], requestID: row["request_id"],
                           errorClass: row["error_class"], message: row["message"], bytes: row["bytes"])
            }
        }
    }

    public func updateIntegration(_ session: Session, _ status: IntegrationStatus) throws {
        try write { db in
            try db.execute(sql: """
                INSERT INTO integrations (merchant_id, resource, status, last_success_at, last_error_at, last_error,
                    last_error_request_id, newest_synced_at, backlog_estimate, circuit_state, circuit_until, api_version_asked,
                    api_version_served, deprecation_notice, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (merchant_id, resource) DO UPDATE SET status = excluded.status,
                    last_success_at = excluded.last_success_at, last_error_at = excluded.last_error_at,
                    last_error = excluded.last_error, last_error_request_id = excluded.last_error_request_id,
                    newest_synced_at = excluded.newest_synced_at, backlog_estimate = excluded.backlog_estimate,
                    circuit_state = excluded.circuit_state, circuit_until = excluded.circuit_until,
                    api_version_asked = excluded.api_version_asked, api_version_served = excluded.api_version_served,
                    deprecation_notice = excluded.deprecation_notice, updated_at = excluded.updated_at
                """, arguments: [session.merchant.id, status.resource.rawValue, status.health.rawValue, status.lastSuccessAt,
                                 status.lastErrorAt, status.lastError, status.lastErrorRequestID, status.newestSyncedAt,
                                 status.backlogEstimate, status.circuitState, status.circuitUntil, status.apiVersionAsked,
                                 status.apiVersionServed, status.deprecationNotice, status.updatedAt])
        }
    }

    /// Stops (or restarts) the background sync of a resource; an admin's decision, audited.
    public func setSyncPaused(_ session: Session, _ resource: SyncResource, paused: Bool, now: UnixTime) throws {
        try require(session, .editIntegrations)
        try write { db in
            try db.execute(sql: """
                INSERT INTO integrations (merchant_id, resource, paused, updated_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (merchant_id, resource) DO UPDATE SET paused = excluded.paused
                """, arguments: [session.merchant.id, resource.rawValue, paused, now])
            try Audit.record(db, session: session, action: paused ? "sync.pause" : "sync.resume", entity: "integration",
                             entityID: nil, before: nil as [String: String]?, after: ["resource": resource.rawValue], now: now)
        }
    }

    public func integrationStatuses(_ session: Session) throws -> [IntegrationStatus] {
        try read { db in try Self.statuses(db, merchantID: session.merchant.id) }
    }

    /// The Integrations screen's figures, one row per resource (resources never synced included).
    public func integrationHealth(_ session: Session, now: UnixTime) throws -> [IntegrationHealth] {
        try read { db in
            let statuses = try Self.statuses(db, merchantID: session.merchant.id)
            let hourAgo = (now - 3600) * 1000
            // The shop's GraphQL cost bucket, one for every resource (REST calls report a different, per-call bucket).
            let bucket = try Row.fetchOne(db, sql: """
                SELECT bucket_available, bucket_max, restore_rate FROM api_logs
                WHERE merchant_id = ? AND bucket_max IS NOT NULL AND endpoint LIKE 'graphql%' ORDER BY id DESC LIMIT 1
                """, arguments: [session.merchant.id])
            return try statuses.map { status in
                let prefixes = Self.endpointPrefixes(status.resource)
                let matching = prefixes.map { _ in "endpoint LIKE ? || '%'" }.joined(separator: " OR ")
                let calls = try Row.fetchOne(db, sql: """
                    SELECT COUNT(*) AS n, COALESCE(SUM(error_class IS NOT NULL), 0) AS errors,
                        COALESCE(SUM(error_class = 'throttled'), 0) AS throttled,
                        COALESCE(SUM(status = 429), 0) AS limited
                    FROM api_logs WHERE merchant_id = ? AND at_ms >= ? AND (\(matching))
                    """, arguments: StatementArguments([session.merchant.id, hourAgo] + prefixes))!
                let state = try Row.fetchOne(db, sql: "SELECT run_started_at, run_finished_at FROM sync_state WHERE merchant_id = ? AND resource = ?",
                                             arguments: [session.merchant.id, status.resource.rawValue])
                let started: UnixTime? = state?["run_started_at"]
                let finished: UnixTime? = state?["run_finished_at"]
                let rows = try Int64.fetchOne(db, sql: "SELECT rows FROM sync_daily WHERE merchant_id = ? AND resource = ? AND day = ?",
                                              arguments: [session.merchant.id, status.resource.rawValue, Timestamp.startOfDay(now)]) ?? 0
                return IntegrationHealth(status: status, running: started != nil && finished == nil, rowsToday: rows,
                                         callsLastHour: calls["n"], errorsLastHour: calls["errors"],
                                         throttledLastHour: calls["throttled"], rateLimitedLastHour: calls["limited"],
                                         bucketAvailable: bucket?["bucket_available"], bucketMax: bucket?["bucket_max"],
                                         restoreRate: bucket?["restore_rate"])
            }
        }
    }

    /// The api_logs endpoints each resource's sync calls (orders also by bulk export).
    static func endpointPrefixes(_ resource: SyncResource) -> [String] {
        switch resource {
        case .orders: return ["graphql orders", "graphql bulk", "bulk download"]
        case .customers: return ["graphql customers"]
        case .deletions: return ["rest events"]
        }
    }

    private static func statuses(_ db: Database, merchantID: Int64) throws -> [IntegrationStatus] {
        let rows = try Row.fetchAll(db, sql: "SELECT * FROM integrations WHERE merchant_id = ?", arguments: [merchantID])
        var byResource: [SyncResource: IntegrationStatus] = [:]
        for row in rows {
            guard let resource = SyncResource(rawValue: row["resource"]) else { continue }
            let paused: Bool = row["paused"]
            byResource[resource] = IntegrationStatus(
                resource: resource, health: IntegrationStatus.Health(rawValue: row["status"]) ?? .neverSynced, paused: paused,
                lastSuccessAt: row["last_success_at"], lastErrorAt: row["last_error_at"], lastError: row["last_error"],
                lastErrorRequestID: row["last_error_request_id"], newestSyncedAt: row["newest_synced_at"],
                backlogEstimate: row["backlog_estimate"], circuitState: row["circuit_state"], circuitUntil: row["circuit_until"],
                apiVersionAsked: row["api_version_asked"], apiVersionServed: row["api_version_served"],
                deprecationNotice: row["deprecation_notice"], updatedAt: row["updated_at"])
        }
        return SyncResource.allCases.map { byResource[$0] ?? IntegrationStatus(resource: $0, health: .neverSynced, updatedAt: 0) }
    }
}
