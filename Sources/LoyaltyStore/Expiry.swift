import Foundation
import GRDB
import LoyaltyCore

public struct ExpiryReport: Codable, Hashable, Sendable {
    public var asOf: UnixTime
    public var grantsExpired = 0
    public var customers = 0
    public var points: Int64 = 0
}

extension LoyaltyStore {
    /// Expires every grant whose time has come as of `asOf` (fixed expiry dates, or inactivity under the
    /// last-activity policy). Each expiry is keyed by its grant, so running the job twice expires nothing new.
    public func expirePoints(_ session: Session, asOf: UnixTime) throws -> ExpiryReport {
        try require(session, .editSettings)
        return try write { db in
            let (version, settings) = try currentSettings(db, merchantID: session.merchant.id)
            let remaining = LedgerSQL.grantRemaining
            let rows: [Row]
            if case .daysAfterLastActivity(let days) = settings.expiry {
                rows = try Row.fetchAll(db, sql: """
                    SELECT t.id, t.customer_id, \(remaining) AS remaining FROM points_transactions t JOIN customers c ON c.id = t.customer_id
                    WHERE t.merchant_id = ? AND t.points > 0 AND t.available_at <= ?
                      AND COALESCE(c.last_activity_at, c.enrolled_at) <= ? AND remaining > 0 ORDER BY t.id
                    """, arguments: [session.merchant.id, asOf, asOf - Int64(days) * Timestamp.secondsPerDay])
            } else {
                rows = try Row.fetchAll(db, sql: """
                    SELECT t.id, t.customer_id, \(remaining) AS remaining FROM points_transactions t
                    WHERE t.merchant_id = ? AND t.points > 0 AND t.expires_at IS NOT NULL AND t.expires_at <= ? AND remaining > 0
                    ORDER BY t.id
                    """, arguments: [session.merchant.id, asOf])
            }
            var report = ExpiryReport(asOf: asOf)
            var customers = Set<Int64>()
            let ledger = LedgerWriter(db: db, merchantID: session.merchant.id)
            for row in rows {
                let grantID: Int64 = row["id"]
                let points: Int64 = row["remaining"]
                let customerID: Int64 = row["customer_id"]
                let entry = NewEntry(kind: .expire, points: -points, createdAt: asOf, reversesID: grantID, operatorID: session.actor.id,
                                     key: "loyalnest:\(session.merchant.id):grant:\(grantID):expire",
                                     explanation: "\(points) pts of entry \(grantID) expired (\(settings.expiry.summary))",
                                     settingsVersion: version)
                if let result = try ledger.correct(customerID: customerID, requested: points, preferredGrant: grantID,
                                                   policy: .capAtZero, now: asOf, entry) {
                    report.grantsExpired += 1
                    report.points += result.plan.posted
                    customers.insert(customerID)
                }
            }
            report.customers = customers.count
            if report.grantsExpired > 0 {
                try Audit.record(db, session: session, action: "points.expire", entity: "merchant", entityID: session.merchant.id,
                                 before: nil as ExpiryReport?, after: report, now: asOf)
            }
            return report
        }
    }

    /// Posts birthday points to customers whose birthday (month and day) is `asOf`'s date, once per year.
    /// A 29 February birthday is celebrated on 28 February in other years.
    public func awardBirthdays(_ session: Session, asOf: UnixTime) throws -> (customers: Int, points: Int64) {
        try require(session, .editSettings)
        return try write { db in
            let (version, settings) = try currentSettings(db, merchantID: session.merchant.id)
            guard settings.birthdayPoints > 0 else { return (0, 0) }
            let (year, month, day) = Timestamp.components(asOf)
            var monthDays = [String(format: "-%02d-%02d", month, day)]
            if month == 2 && day == 28 && !Timestamp.isLeap(year) { monthDays.append("-02-29") }
            let ids = try Int64.fetchAll(db, sql: """
                SELECT id FROM customers WHERE merchant_id = ? AND redacted_at IS NULL AND birthday IS NOT NULL
                  AND substr(birthday, 5) IN (\(monthDays.map { _ in "?" }.joined(separator: ",")))
                """, arguments: StatementArguments([session.merchant.id] + monthDays.map { $0 as DatabaseValueConvertible }))
            let ledger = LedgerWriter(db: db, merchantID: session.merchant.id)
            var count = 0
            for id in ids {
                let posted = try ledger.credit(customerID: id, NewEntry(
                    kind: .birthday, points: settings.birthdayPoints, createdAt: asOf,
                    expiresAt: settings.expiry.expiresAt(earnedAt: asOf), operatorID: session.actor.id,
                    key: "loyalnest:\(session.merchant.id):customer:\(id):birthday:\(year)",
                    explanation: "\(settings.birthdayPoints) pts birthday gift \(year)", settingsVersion: version))
                if posted != nil { count += 1 }
            }
            return (count, Int64(count) * settings.birthdayPoints)
        }
    }
}
