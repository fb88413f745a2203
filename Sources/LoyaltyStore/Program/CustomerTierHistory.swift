import GRDB
import LoyaltyCore

/// Reads one customer's tier-relevant history from the ledger's tables and applies the tier rules to it.
struct CustomerTierHistory {
    let db: Database

    /// The customer's orders, refunds, cancellations and manual floor as tier events (in no particular order).
    /// An order counts with the points of its earn entry; refunds and cancellations take back what they clawed.
    func events(customerID: Int64) throws -> [TierEvent] {
        var events: [TierEvent] = []
        let orders = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT o.id, o.processed_at, o.eligible_minor, o.cancelled_at, COALESCE(o.earned_points, 0) AS earned,
                   (SELECT COALESCE(SUM(r.amount_minor), 0) FROM refunds r WHERE r.order_id = o.id) AS refunded
            FROM orders o WHERE o.customer_id = ? AND o.deleted_at IS NULL
            """), arguments: [customerID])
        var refundsByOrder: [Int64: [Row]] = [:]
        for row in try Row.fetchAll(db.cachedStatement(sql: """
            SELECT r.order_id, r.created_at, r.amount_minor,
                   COALESCE((SELECT -SUM(t.points) FROM points_transactions t WHERE t.customer_id = o.customer_id
                                AND t.refund_id = r.id AND t.kind = 'refund_clawback'), 0) AS clawed
            FROM refunds r JOIN orders o ON o.id = r.order_id WHERE o.customer_id = ?
            """), arguments: [customerID]) {
            refundsByOrder[row["order_id"], default: []].append(row)
        }
        for order in orders {
            let time: UnixTime = order["processed_at"]
            let eligible: Int64 = order["eligible_minor"]
            let earned: Int64 = order["earned"]
            events.append(.activity(.order(at: time, spendMinor: eligible, points: earned)))
            var refundedSpend: Int64 = 0
            var clawedPoints: Int64 = 0
            for refund in refundsByOrder[order["id"]] ?? [] {
                let amount = min(refund["amount_minor"] as Int64, max(0, eligible - refundedSpend))
                let clawed: Int64 = refund["clawed"]
                refundedSpend += amount
                clawedPoints += clawed
                events.append(.activity(.refund(at: max(time, refund["created_at"] as UnixTime), ofOrderAt: time,
                                                spendMinor: amount, points: clawed)))
            }
            if let cancelled = order["cancelled_at"] as UnixTime? {
                events.append(.activity(.cancellation(at: max(time, cancelled), ofOrderAt: time,
                                                      spendMinor: max(0, eligible - refundedSpend),
                                                      points: max(0, earned - clawedPoints))))
            }
        }
        if let floor = try Row.fetchOne(db.cachedStatement(sql: """
            SELECT tier_floor_key, tier_floor_until, tier_floor_set_at FROM customers WHERE id = ? AND tier_floor_key IS NOT NULL
            """), arguments: [customerID]) {
            events.append(.floor(ManualFloor(tierKey: floor["tier_floor_key"], until: floor["tier_floor_until"]),
                                 at: floor["tier_floor_set_at"] ?? 0))
        }
        return events
    }

    /// The customer's tier state as of `asOf` (the incremental account over the events in arrival order, which the
    /// engine's property tests show equal to the from-scratch evaluation).
    static func standing(_ engine: TierEngine, events: [TierEvent], asOf: UnixTime) -> TierStanding {
        var account = engine.newAccount()
        for event in events.sorted(by: { $0.arrival < $1.arrival }) where event.arrival <= asOf {
            engine.apply(event, to: &account)
        }
        engine.advance(&account, to: asOf)
        return engine.standing(of: account, at: asOf)
    }
}
