import Foundation
import GRDB
import LoyaltyCore

/// "A new or refunded order updates that customer's raw values at once": the named customers' rows of
/// customer_rfm are recomputed from their orders and scored against the last recompute's breakpoints; nobody
/// else's scores or segments move, and the segment-change log is left to the next full recompute.
enum RFMIncremental {
    /// Does nothing but one indexed query for a merchant that never ran a recompute (`customerIDs` is not even
    /// evaluated), so the ingest path pays nothing until RFM is used.
    static func touch(_ db: Database, merchant: MerchantInfo, customerIDs: @autoclosure () -> [Int64], now: UnixTime) throws {
        guard let run = try RFMRun.latest(db, merchantID: merchant.id) else { return }
        var ids = customerIDs()
        guard !ids.isEmpty else { return }
        ids.sort()
        // The rows of one recompute share its as-of time; an update never moves a customer back before it.
        let asOf = max(now, run.asOf)
        let days = ZoneDays.cached(merchant.timeZone, through: asOf)
        let upsert = try db.cachedStatement(sql: """
            INSERT INTO customer_rfm (\(RFMFigures.columns), segment, customer_id, merchant_id, as_of)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (customer_id) DO UPDATE SET frequency = excluded.frequency, monetary = excluded.monetary,
                total_spent_minor = excluded.total_spent_minor, last_order_at = excluded.last_order_at,
                purchase_days = excluded.purchase_days, first_order_day = excluded.first_order_day,
                last_order_day = excluded.last_order_day, r = excluded.r, f = excluded.f, m = excluded.m,
                segment = excluded.segment, as_of = excluded.as_of
            """)
        let clear = try db.cachedStatement(sql: """
            UPDATE customer_rfm SET as_of = ?, frequency = NULL, monetary = NULL, total_spent_minor = NULL,
                last_order_at = NULL, purchase_days = NULL, first_order_day = NULL, last_order_day = NULL,
                r = NULL, f = NULL, m = NULL, segment = NULL
            WHERE customer_id = ?
            """)
        var previous: Int64?
        for id in ids where id != previous {
            previous = id
            guard let activity = try OrderActivityReader.one(db, customerID: id, asOf: asOf, days: days) else {
                try clear.execute(arguments: [asOf, id])
                continue
            }
            let row = score(activity, asOf: asOf, breakpoints: run.breakpoints, measure: run.monetaryMeasure)
            var fast = FastStatement(upsert, db)
            RFMFigures(row, lastOrderAt: activity.lastOrderAt, PurchaseDays(activity)).bind(&fast)
            fast.bind(row.segment.rawValue); fast.bind(id); fast.bind(merchant.id); fast.bind(asOf)
            try fast.step()
        }
    }

    /// One customer scored against stored breakpoints; with none (the recompute found no customer) against their
    /// own values alone, as a recompute over that one customer would.
    static func score(_ activity: CustomerActivity, asOf: UnixTime, breakpoints: RFMBreakpoints?,
                      measure: RFMMonetaryMeasure) -> RFMRow {
        guard let breakpoints else {
            return RFM.compute([activity.rfmCustomer], asOf: asOf, measure: measure).rows[0]
        }
        let recency = RFM.recencyDays(lastOrderAt: activity.lastOrderAt, asOf: asOf)
        let monetary = RFM.monetary(totalSpentMinor: activity.totalSpentMinor, orderCount: activity.orderCount, measure: measure)
        return RFMRow(customerID: activity.customerID, recencyDays: recency, frequency: activity.orderCount, monetary: monetary,
                      totalSpentMinor: activity.totalSpentMinor,
                      scores: breakpoints.scores(recencyDays: recency, frequency: activity.orderCount, monetary: monetary))
    }
}
