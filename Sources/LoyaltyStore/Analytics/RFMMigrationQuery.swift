import Foundation
import GRDB
import GRDBSQLite
import LoyaltyCore

public struct RFMMigrationReport: Sendable {
    /// Calendar days in the merchant's zone (days since 1970-01-01).
    public var fromDay: Int64
    public var toDay: Int64
    /// The recomputes whose segments each side shows: the last on or before each day (nil: none yet, so every
    /// customer has no segment on that side).
    public var fromRun: RFMRun?
    public var toRun: RFMRun?
    public var matrix: RFMMigrationMatrix
    public var names: RFMSegmentNames
}

extension LoyaltyStore {
    /// From-segment × to-segment counts and revenue between two days, from the stored history: a customer's segment
    /// on a day is the one the last recompute on or before that day gave them (docs/decisions/0052).
    public func rfmMigration(_ session: Session, fromDay: Int64, toDay: Int64) throws -> RFMMigrationReport {
        guard fromDay <= toDay else {
            throw StoreError.invalid("the migration runs from an earlier date to a later one: \(RFMRecompute.date(fromDay)) is after \(RFMRecompute.date(toDay))")
        }
        return try read { db in
            let merchantID = session.merchant.id
            let history = try SegmentHistory.read(db, merchantID: merchantID)
            return RFMMigrationReport(fromDay: fromDay, toDay: toDay,
                                      fromRun: try RFMRun.latest(db, merchantID: merchantID, onOrBefore: fromDay),
                                      toRun: try RFMRun.latest(db, merchantID: merchantID, onOrBefore: toDay),
                                      matrix: RFMMigrationMatrix(from: history.assignments(on: fromDay),
                                                                 to: history.assignments(on: toDay)),
                                      names: try RFMSegmentNames.stored(db, merchantID: merchantID))
        }
    }

    /// The stored segment snapshots (counts and revenue per segment) of the recompute days in `days`.
    public func rfmSnapshots(_ session: Session, days: ClosedRange<Int64>) throws -> [(day: Int64, segments: [RFMSegmentCount])] {
        try read { db in
            var byDay: [Int64: [RFMSegmentCount]] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT day, segment, customers, revenue_minor FROM rfm_segment_snapshots
                WHERE merchant_id = ? AND day BETWEEN ? AND ? ORDER BY day
                """, arguments: [session.merchant.id, days.lowerBound, days.upperBound]) {
                guard let segment = RFMSegment(rawValue: row["segment"]) else { continue }
                byDay[row["day"], default: []].append(RFMSegmentCount(segment: segment, customers: row["customers"],
                                                                      revenueMinor: row["revenue_minor"]))
            }
            return byDay.keys.sorted().map { day in
                let counts = byDay[day]!
                return (day, RFMSegment.allCases.compactMap { s in counts.first { $0.segment == s } })
            }
        }
    }
}
