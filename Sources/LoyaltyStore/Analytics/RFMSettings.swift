import Foundation
import GRDB
import LoyaltyCore

/// The merchant's RFM options (rfm_settings; defaults until changed).
public struct RFMSettings: Hashable, Sendable, Codable {
    /// What M measures. A change applies from the next recompute.
    public var monetaryMeasure: RFMMonetaryMeasure
    /// "At risk and valuable": P(alive) strictly below this (and monetary above twice the average).
    public var atRiskBelow: Double

    public init(monetaryMeasure: RFMMonetaryMeasure = .totalSpent, atRiskBelow: Double = 0.5) {
        self.monetaryMeasure = monetaryMeasure
        self.atRiskBelow = atRiskBelow
    }

    static func read(_ db: Database, merchantID: Int64) throws -> RFMSettings {
        guard let row = try Row.fetchOne(db, sql: "SELECT monetary_measure, at_risk_below FROM rfm_settings WHERE merchant_id = ?",
                                         arguments: [merchantID]) else { return RFMSettings() }
        return RFMSettings(monetaryMeasure: RFMMonetaryMeasure(rawValue: row[0]) ?? .totalSpent, atRiskBelow: row[1])
    }
}

extension LoyaltyStore {
    public func rfmSettings(_ session: Session) throws -> RFMSettings {
        try read { db in try RFMSettings.read(db, merchantID: session.merchant.id) }
    }

    /// Staff and above (docs/decisions/0053).
    public func updateRFMSettings(_ session: Session, _ settings: RFMSettings, now: UnixTime) throws {
        try require(session, .editAnalytics)
        guard settings.atRiskBelow.isFinite, settings.atRiskBelow > 0, settings.atRiskBelow <= 1 else {
            throw StoreError.invalid("the at-risk threshold is a probability above 0 and at most 1 (e.g. 0.5); nothing was changed")
        }
        try write { db in
            let before = try RFMSettings.read(db, merchantID: session.merchant.id)
            try db.execute(sql: """
                INSERT INTO rfm_settings (merchant_id, monetary_measure, at_risk_below, updated_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (merchant_id) DO UPDATE SET monetary_measure = excluded.monetary_measure,
                    at_risk_below = excluded.at_risk_below, updated_at = excluded.updated_at
                """, arguments: [session.merchant.id, settings.monetaryMeasure.rawValue, settings.atRiskBelow, now])
            try Audit.record(db, session: session, action: "rfm.settings", entity: "rfm_settings", entityID: session.merchant.id,
                             before: before, after: settings, now: now)
        }
    }
}
