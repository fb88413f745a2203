import Foundation
import GRDB
import LoyaltyCore

extension RFMSegmentNames {
    static func stored(_ db: Database, merchantID: Int64) throws -> RFMSegmentNames {
        var keyed: [String: String] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT segment, name FROM rfm_segment_names WHERE merchant_id = ?", arguments: [merchantID]) {
            keyed[row["segment"]] = row["name"]
        }
        // Stored names were validated when saved; a row that no longer validates falls back to the defaults.
        return (try? RFMSegmentNames(keyed: keyed)) ?? .defaults
    }
}

extension LoyaltyStore {
    public func rfmSegmentNames(_ session: Session) throws -> RFMSegmentNames {
        try read { db in try RFMSegmentNames.stored(db, merchantID: session.merchant.id) }
    }

    /// Renames a segment for this merchant (staff and above), or back to its default name when `name` is nil.
    /// The grid and the stored keys do not change.
    @discardableResult
    public func renameRFMSegment(_ session: Session, _ segment: RFMSegment, to name: String?, now: UnixTime) throws -> RFMSegmentNames {
        try require(session, .editAnalytics)
        return try write { db in
            let before = try RFMSegmentNames.stored(db, merchantID: session.merchant.id)
            let after: RFMSegmentNames
            do {
                after = try name.map { try before.renaming(segment, to: $0) } ?? before.resetting(segment)
            } catch {
                throw StoreError.invalid("segment not renamed: \(error). Nothing was changed.")
            }
            try db.execute(sql: "DELETE FROM rfm_segment_names WHERE merchant_id = ? AND segment = ?",
                           arguments: [session.merchant.id, segment.rawValue])
            if let renamed = after.overrides[segment] {
                try db.execute(sql: "INSERT INTO rfm_segment_names (merchant_id, segment, name, updated_at) VALUES (?, ?, ?, ?)",
                               arguments: [session.merchant.id, segment.rawValue, renamed, now])
            }
            try Audit.record(db, session: session, action: "rfm.rename", entity: "rfm_segment", entityID: nil,
                             before: [segment.rawValue: before.name(for: segment)], after: [segment.rawValue: after.name(for: segment)],
                             now: now)
            return after
        }
    }
}
