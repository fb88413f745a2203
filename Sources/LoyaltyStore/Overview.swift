import Foundation
import GRDB
import LoyaltyCore

/// An amount of money for display and JSON: minor units, the currency, and the amount written out ("1,234.56 USD").
public struct MoneyAmount: Codable, Hashable, Sendable {
    public var minor: Int64
    public var currency: String
    public var formatted: String

    public init(minor: Int64, currency: String) {
        self.minor = minor
        self.currency = currency
        let plain = Money.format(minorUnits: minor, exponent: Currency(code: currency)?.exponent ?? 2)
        let negative = plain.hasPrefix("-")
        let digits = negative ? plain.dropFirst() : Substring(plain)
        let whole = digits.prefix { $0 != "." }
        var grouped = ""
        for (n, digit) in whole.enumerated() {
            if n > 0 && (whole.count - n) % 3 == 0 { grouped.append(",") }
            grouped.append(digit)
        }
        formatted = (negative ? "-" : "") + grouped + digits.dropFirst(whole.count) + " " + currency
    }
}

/// Encodes nil as an explicit JSON null, so every key of the overview is always present.
@propertyWrapper
public struct NullWhenAbsent<Value: Codable & Hashable & Sendable>: Codable, Hashable, Sendable {
    public var wrappedValue: Value?

    public init(wrappedValue: Value?) { self.wrappedValue = wrappedValue }

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        wrappedValue = container.decodeNil() ? nil : try container.decode(Value.self)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        if let wrappedValue { try container.encode(wrappedValue) } else { try container.encodeNil() }
    }
}

extension KeyedDecodingContainer {
    public func decode<V>(_ type: NullWhenAbsent<V>.Type, forKey key: Key) throws -> NullWhenAbsent<V> {
        try decodeIfPresent(type, forKey: key) ?? NullWhenAbsent(wrappedValue: nil)
    }
}

/// The Overview screen's figures (spec/domain.md "Metrics"; definitions in docs/decisions/0012).
public struct OverviewMetrics: Codable, Hashable, Sendable {
    public struct PointTotals: Codable, Hashable, Sendable {
        /// Positive entries of earning kinds (earn, signup, birthday, referral, campaign bonus, tier reward, import,
        /// positive adjustment).
        public var issued: Int64
        /// Points spent on rewards, less the points of redemptions cancelled in the same period.
        public var redeemed: Int64
        public var expired: Int64
    }

    /// The cheapest cash value of a point among active fixed-amount rewards.
    public struct CashRate: Codable, Hashable, Sendable {
        public var rewardID: Int64
        public var rewardName: String
        public var valueMinor: Int64
        public var pointsCost: Int64
    }

    /// Orders placed by customers who were (members) or were not yet (non-members) enrolled at the time
    /// (docs/decisions/0013).
    public struct PurchaseBehaviour: Codable, Hashable, Sendable {
        public var customers: Int64
        public var orders: Int64
        public var spend: MoneyAmount
        @NullWhenAbsent public var averageOrderValue: MoneyAmount?
        @NullWhenAbsent public var ordersPerCustomer: Double?
    }

    public struct DailyPoints: Codable, Hashable, Sendable {
        /// Local dates (YYYY-MM-DD in `timeZone`), oldest first; the last is the day of `asOf`.
        public var days: [String]
        public var issued: [Int64]
        public var redeemed: [Int64]
    }

    public struct TopCustomer: Codable, Hashable, Sendable {
        public var id: Int64
        public var externalID: String?
        public var name: String
        public var email: String?
        public var orders: Int64
        public var spend: MoneyAmount
        public var pointsBalance: Int64
    }

    public var merchant: String
    public var currency: String
    public var timeZone: String
    public var asOf: UnixTime
    /// Enrolled customers, not redacted.
    public var members: Int64
    /// Members whose latest order falls in the 30 days before `asOf`.
    public var activeMembers: Int64
    public var last30Days: PointTotals
    public var allTime: PointTotals
    /// Points customers hold (pending included); owed points (negative balances) are not subtracted.
    public var outstandingPoints: Int64
    public var owedPoints: Int64
    @NullWhenAbsent public var cashRate: CashRate?
    /// `outstandingPoints` at `cashRate`, rounded down; null when there is no active fixed-amount reward.
    @NullWhenAbsent public var outstandingValue: MoneyAmount?
    /// Redeemed ÷ issued over the last 30 days; null when nothing was issued.
    @NullWhenAbsent public var redemptionRate: Double?
    public var customersWithOrders: Int64
    public var repeatCustomers: Int64
    /// Customers with 2+ orders ÷ customers with 1+ (cancelled orders not counted); null when nobody ordered.
    @NullWhenAbsent public var repeatCustomerRate: Double?
    public var memberPurchases: PurchaseBehaviour
    public var nonMemberPurchases: PurchaseBehaviour
    public var expiring: ExpiringPoints
    public var daily: DailyPoints
    /// By lifetime spend, redacted customers left out.
    public var topCustomers: [TopCustomer]
    /// Customers per VIP tier now; null when the merchant has no tiers (docs/decisions/0070).
    @NullWhenAbsent public var tierDistribution: OverviewTierDistribution?
}

extension LoyaltyStore {
    public static let topCustomerCount = 10

    /// The Overview metrics of `merchant` as of `now`. Windows (last 30 days, next 90, the daily series) end at
    /// `now`; period totals count ledger entries up to `now`; balances, members and purchase figures come from the
    /// customers' cached totals, i.e. as of the latest data.
    public func overview(merchant: MerchantInfo, now: UnixTime) throws -> OverviewMetrics {
        try refreshOverviewCaches(force: false)
        return try read { db in try OverviewQuery(db: db, merchant: merchant, now: now).run(store: self) }
    }

    /// Ledger entries and allocations not yet in the Overview's caches are read straight from their tables; past
    /// this many, `overview` first folds them in (one write transaction) so later calls stay fast.
    static let overviewCacheTailLimit: Int64 = 20_000

    /// Ledger entries (and allocations) rolled up per statement when the caches catch up.
    static let overviewCacheSlice: Int64 = 50_000

    /// Brings the Overview's caches (docs/decisions/0014) up to date with the ledger. `overview` does it when many
    /// rows are new; an import may call it when it is done, so that the next `overview` does not have to. Safe at
    /// any time: the ledger and allocations are append-only and ids only grow, so every row is counted once.
    public func refreshOverviewCaches() throws {
        try refreshOverviewCaches(force: true)
    }

    /// `id > low AND id <= high` bounds that cover (after, through] in steps of `size`.
    static func idSlices(after: Int64, through: Int64, size: Int64) -> [(low: Int64, high: Int64)] {
        stride(from: after, to: through, by: Int(size)).map { ($0, min($0 + size, through)) }
    }

    func refreshOverviewCaches(force: Bool, slice: Int64 = overviewCacheSlice) throws {
        let tail = try read { db in
            try Int64.fetchOne(db, sql: """
                SELECT MAX((SELECT COALESCE(MAX(id), 0) FROM points_transactions) - last_entry_id,
                           (SELECT COALESCE(MAX(id), 0) FROM point_allocations) - last_allocation_id)
                FROM overview_cache_state WHERE id = 1
                """) ?? 0
        }
        guard tail > (force ? 0 : Self.overviewCacheTailLimit) else { return }
        try write { db in
            guard let state = try Row.fetchOne(db, sql: "SELECT * FROM overview_cache_state WHERE id = 1") else { return }
            let lastEntry: Int64 = state["last_entry_id"], lastAllocation: Int64 = state["last_allocation_id"]
            let newestEntry = try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(id), 0) FROM points_transactions") ?? 0
            let newestAllocation = try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(id), 0) FROM point_allocations") ?? 0
            // In slices of ids: each GROUP BY sorts its rows in memory (temp_store = MEMORY), and one statement over a
            // million-order backfill's entries took the sync's peak memory up by ~50 MB. The upserts add, so slices
            // sum to the same.
            for (low, high) in Self.idSlices(after: lastEntry, through: newestEntry, size: slice) {
                try db.execute(sql: """
                    INSERT INTO ledger_rollup (merchant_id, kind, minute, positive, negative)
                    SELECT merchant_id, kind, created_at / 60, SUM(MAX(points, 0)), SUM(MIN(points, 0))
                    FROM points_transactions WHERE id > ? AND id <= ? GROUP BY merchant_id, kind, created_at / 60
                    ON CONFLICT (merchant_id, kind, minute) DO UPDATE
                    SET positive = positive + excluded.positive, negative = negative + excluded.negative
                    """, arguments: [low, high])
            }
            for (low, high) in Self.idSlices(after: lastAllocation, through: newestAllocation, size: slice) {
                try db.execute(sql: """
                    INSERT INTO grant_allocated (grant_id, merchant_id, expires_at, allocated)
                    SELECT a.grant_id, g.merchant_id, g.expires_at, SUM(a.points)
                    FROM point_allocations a JOIN points_transactions g ON g.id = a.grant_id
                    WHERE a.id > ? AND a.id <= ? AND g.expires_at IS NOT NULL GROUP BY a.grant_id
                    ON CONFLICT (grant_id) DO UPDATE SET allocated = allocated + excluded.allocated
                    """, arguments: [low, high])
            }
            try db.execute(sql: "UPDATE overview_cache_state SET last_entry_id = ?, last_allocation_id = ? WHERE id = 1",
                           arguments: [newestEntry, newestAllocation])
        }
    }
}

/// The queries behind `overview`, each one pass over an index, a cache or the customers table (docs/decisions/0012-0014).
struct OverviewQuery {
    let db: Database
    let merchant: MerchantInfo
    let now: UnixTime
    static let window: Int64 = 30 * Timestamp.secondsPerDay
    static let earningKinds = EntryKind.allCases.filter(\.countsAsEarned).map(\.rawValue)
    static let spendingKinds = [EntryKind.redeem, .redemptionCancel, .expire].map(\.rawValue)
    static let countedKinds = earningKinds + spendingKinds

    func money(_ minor: Int64) -> MoneyAmount { MoneyAmount(minor: minor, currency: merchant.currency) }

    func run(store: LoyaltyStore) throws -> OverviewMetrics {
        let settings = try store.currentSettings(db, merchantID: merchant.id).settings
        let customers = try customerTotals()
        let recent = try pointTotals(after: now - Self.window, through: now)
        // Summing every earn minute would read most of the rollup; the customers' lifetime totals hold the same sum.
        var allTime = try pointTotals(after: nil, through: now, kinds: Self.spendingKinds)
        allTime.issued = customers["lifetime_earned"] - (try pointTotals(after: now, through: nil).issued)
        let rate = try cashRate()
        let buyers: Int64 = customers["buyers"]
        let repeaters: Int64 = customers["repeaters"]
        let outstanding: Int64 = customers["outstanding"]
        return OverviewMetrics(
            merchant: merchant.shopDomain, currency: merchant.currency, timeZone: settings.timeZone, asOf: now,
            members: customers["members"], activeMembers: customers["active"],
            last30Days: recent, allTime: allTime,
            outstandingPoints: outstanding, owedPoints: customers["owed"],
            cashRate: rate, outstandingValue: rate.map { money(Self.value(points: outstanding, rate: $0)) },
            redemptionRate: recent.issued > 0 ? Double(recent.redeemed) / Double(recent.issued) : nil,
            customersWithOrders: buyers, repeatCustomers: repeaters,
            repeatCustomerRate: buyers > 0 ? Double(repeaters) / Double(buyers) : nil,
            memberPurchases: behaviour(customers: buyers - customers["only_before"],
                                       orders: customers["orders"] - customers["before_orders"],
                                       spend: customers["spent"] - customers["before_spend"]),
            nonMemberPurchases: behaviour(customers: customers["before_customers"], orders: customers["before_orders"],
                                          spend: customers["before_spend"]),
            expiring: try expiring(settings: settings, store: store),
            daily: try daily(timeZone: TimeZone(identifier: settings.timeZone) ?? TimeZone(identifier: "UTC")!),
            topCustomers: try topCustomers(),
            tierDistribution: try OverviewTierQuery(db: db, merchantID: merchant.id).run(store: store, customers: customers["customers"]))
    }

    /// One pass over the merchant's customers (`+merchant_id` keeps SQLite from walking an index row by row).
    /// A customer created from an order joined with their first order, so only customers enrolled another way
    /// (customers import, sign-up) can have non-member orders: those placed before `enrolled_at`. Only they are
    /// looked up in orders.
    private func customerTotals() throws -> Row {
        let before = "FROM orders o WHERE o.customer_id = c.id AND o.processed_at < c.enrolled_at AND o.cancelled_at IS NULL AND o.deleted_at IS NULL"
        let joinedOtherwise = """
            (c.import_batch_id IS NULL OR c.import_batch_id IN (
                SELECT id FROM import_batches WHERE merchant_id = :merchant AND kind != 'orders'))
            """
        return try Row.fetchOne(db, sql: """
            SELECT COUNT(*) AS customers,
                   COALESCE(SUM(redacted_at IS NULL AND enrolled_at <= :now), 0) AS members,
                   COALESCE(SUM(redacted_at IS NULL AND last_order_at > :since AND last_order_at <= :now), 0) AS active,
                   COALESCE(SUM(orders_count >= 1), 0) AS buyers,
                   COALESCE(SUM(orders_count >= 2), 0) AS repeaters,
                   COALESCE(SUM(orders_count), 0) AS orders,
                   COALESCE(SUM(total_spent_minor), 0) AS spent,
                   COALESCE(SUM(MAX(points_balance, 0)), 0) AS outstanding,
                   COALESCE(-SUM(MIN(points_balance, 0)), 0) AS owed,
                   COALESCE(SUM(lifetime_earned), 0) AS lifetime_earned,
                   COALESCE(SUM(before_orders > 0), 0) AS before_customers,
                   COALESCE(SUM(before_orders), 0) AS before_orders,
                   COALESCE(SUM(before_spend), 0) AS before_spend,
                   COALESCE(SUM(before_orders > 0 AND before_orders = orders_count), 0) AS only_before
            FROM (SELECT c.redacted_at, c.enrolled_at, c.last_order_at, c.orders_count, c.total_spent_minor, c.points_balance,
                         c.lifetime_earned,
                         CASE WHEN \(joinedOtherwise) THEN (SELECT COUNT(*) \(before)) END AS before_orders,
                         CASE WHEN \(joinedOtherwise) THEN (SELECT SUM(o.total_minor) \(before)) END AS before_spend
                  FROM customers c WHERE +c.merchant_id = :merchant)
            """, arguments: ["now": now, "since": now - Self.window, "merchant": merchant.id])!
    }

    /// Sums of the counted kinds per kind (and per minute when `byMinute`) for the minutes in (after, through]:
    /// the rollup plus the entries not folded into it yet.
    private func ledgerSums(afterMinute: Int64, throughMinute: Int64, byMinute: Bool,
                            kinds counted: [String] = countedKinds) throws -> [Row] {
        let kinds = counted.map { "'\($0)'" }.joined(separator: ",")
        let group = byMinute ? "kind, minute" : "kind"
        return try Row.fetchAll(db, sql: """
            SELECT kind, minute, SUM(positive) AS positive, SUM(negative) AS negative FROM (
                SELECT kind, minute, positive, negative FROM ledger_rollup
                WHERE merchant_id = :merchant AND kind IN (\(kinds)) AND minute > :after AND minute <= :through
                UNION ALL
                SELECT kind, created_at / 60, MAX(points, 0), MIN(points, 0) FROM points_transactions
                WHERE id > (SELECT last_entry_id FROM overview_cache_state WHERE id = 1)
                  AND merchant_id = :merchant AND kind IN (\(kinds)) AND created_at / 60 > :after AND created_at / 60 <= :through)
            GROUP BY \(group)
            """, arguments: ["merchant": merchant.id, "after": afterMinute, "through": throughMinute])
    }

    /// Issued, redeemed and expired points of the entries whose minute is in (after, through]: a window is exact
    /// to the minute.
    private func pointTotals(after: UnixTime?, through: UnixTime?, kinds: [String] = countedKinds) throws -> OverviewMetrics.PointTotals {
        var totals = OverviewMetrics.PointTotals(issued: 0, redeemed: 0, expired: 0)
        for row in try ledgerSums(afterMinute: after.map { $0 / 60 } ?? .min, throughMinute: through.map { $0 / 60 } ?? .max,
                                  byMinute: false, kinds: kinds) {
            Self.add(row, issued: &totals.issued, redeemed: &totals.redeemed, expired: &totals.expired)
        }
        return totals
    }

    static func add(_ row: Row, issued: inout Int64, redeemed: inout Int64, expired: inout Int64) {
        let kind: String = row["kind"]
        let positive: Int64 = row["positive"], negative: Int64 = row["negative"]
        switch kind {
        case EntryKind.redeem.rawValue, EntryKind.redemptionCancel.rawValue: redeemed -= positive + negative
        case EntryKind.expire.rawValue: expired -= positive + negative
        default: issued += positive
        }
    }

    /// Points expiring within 30/60/90 days: what the grants expiring in each 30-day band hold, less what was
    /// allocated from them (cached in grant_allocated, plus allocations not folded in yet, read in id order: CROSS
    /// JOIN stops SQLite from probing the allocations of every grant of the band instead). The same sums as
    /// `expiringPoints`, without looking up each grant's allocations; the inactivity policy has no fixed dates, so
    /// it keeps that definition.
    private func expiring(settings: ProgramSettings, store: LoyaltyStore) throws -> ExpiringPoints {
        if case .daysAfterLastActivity = settings.expiry {
            return try store.expiring(db, session: Session.reading(merchant), customerID: nil, now: now)
        }
        let day = Timestamp.secondsPerDay
        var bands: [Int64] = []
        for band in 0..<3 {
            let after = now + Int64(band) * 30 * day, through = after + 30 * day
            let row = try Row.fetchOne(db, sql: """
                SELECT (SELECT COALESCE(SUM(points), 0) FROM points_transactions
                        WHERE merchant_id = :merchant AND expires_at > :after AND expires_at <= :through AND points > 0)
                     - (SELECT COALESCE(SUM(allocated), 0) FROM grant_allocated
                        WHERE merchant_id = :merchant AND expires_at > :after AND expires_at <= :through)
                     - (SELECT COALESCE(SUM(a.points), 0) FROM point_allocations a CROSS JOIN points_transactions g ON g.id = a.grant_id
                        WHERE a.id > (SELECT last_allocation_id FROM overview_cache_state WHERE id = 1)
                          AND g.merchant_id = :merchant AND g.expires_at > :after AND g.expires_at <= :through) AS remaining
                """, arguments: ["merchant": merchant.id, "after": after, "through": through])!
            bands.append(row["remaining"])
        }
        return ExpiringPoints(within30: bands[0], within60: bands[0] + bands[1], within90: bands[0] + bands[1] + bands[2])
    }

    func cashRate() throws -> OverviewMetrics.CashRate? {
        let rates = try Row.fetchAll(db, sql: """
            SELECT id, name, value_minor, points_cost FROM rewards
            WHERE merchant_id = ? AND active AND kind = 'fixed_amount' AND value_minor > 0 ORDER BY id
            """, arguments: [merchant.id]).map {
            OverviewMetrics.CashRate(rewardID: $0["id"], rewardName: $0["name"], valueMinor: $0["value_minor"], pointsCost: $0["points_cost"])
        }
        // a/b < c/d  ⇔  a·d < c·b (costs are positive); 128-bit products cannot overflow.
        return rates.min { a, b in
            let left = a.valueMinor.multipliedFullWidth(by: b.pointsCost), right = b.valueMinor.multipliedFullWidth(by: a.pointsCost)
            return (left.high, left.low) < (right.high, right.low)
        }
    }

    /// floor(points × value ÷ cost) in 128 bits, saturating (a liability beyond Int64 is not a real shop).
    static func value(points: Int64, rate: OverviewMetrics.CashRate) -> Int64 {
        guard points > 0 else { return 0 }
        let cost = UInt64(rate.pointsCost)
        let product = UInt64(points).multipliedFullWidth(by: UInt64(rate.valueMinor))
        guard product.high < cost else { return .max }
        let quotient = cost.dividingFullWidth(product).quotient
        return quotient > UInt64(Int64.max) ? .max : Int64(quotient)
    }

    private func behaviour(customers: Int64, orders: Int64, spend: Int64) -> OverviewMetrics.PurchaseBehaviour {
        OverviewMetrics.PurchaseBehaviour(customers: customers, orders: orders, spend: money(spend),
                                          averageOrderValue: orders > 0 ? money(spend / orders) : nil,
                                          ordersPerCustomer: customers > 0 ? Double(orders) / Double(customers) : nil)
    }

    /// Points issued and redeemed per local day for the 30 days ending with `now`'s day.
    private func daily(timeZone: TimeZone) throws -> OverviewMetrics.DailyPoints {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let today = calendar.startOfDay(for: Date(timeIntervalSince1970: TimeInterval(now)))
        let starts = (0...30).map { offset -> UnixTime in
            UnixTime(calendar.date(byAdding: .day, value: offset - 29, to: today)!.timeIntervalSince1970)
        }
        let formatter = DateFormatter()
        formatter.calendar = calendar
        formatter.timeZone = timeZone
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd"
        var issued = [Int64](repeating: 0, count: 30), redeemed = [Int64](repeating: 0, count: 30), expired: Int64 = 0
        // Every time zone in use today is offset by whole minutes, so no minute spans two local days.
        for row in try ledgerSums(afterMinute: starts[0] / 60 - 1, throughMinute: now / 60, byMinute: true) {
            let minute: Int64 = row["minute"]
            var low = 0, high = 30
            while high - low > 1 {
                let middle = (low + high) / 2
                if starts[middle] <= minute * 60 { low = middle } else { high = middle }
            }
            Self.add(row, issued: &issued[low], redeemed: &redeemed[low], expired: &expired)
        }
        let days = starts.prefix(30).map { formatter.string(from: Date(timeIntervalSince1970: TimeInterval($0))) }
        return OverviewMetrics.DailyPoints(days: Array(days), issued: issued, redeemed: redeemed)
    }

    private func topCustomers() throws -> [OverviewMetrics.TopCustomer] {
        try Row.fetchAll(db, sql: """
            SELECT * FROM customers WHERE merchant_id = ? AND redacted_at IS NULL AND orders_count > 0
            ORDER BY total_spent_minor DESC, id DESC LIMIT ?
            """, arguments: [merchant.id, LoyaltyStore.topCustomerCount]).map {
            let info = CustomerInfo(row: $0)
            return OverviewMetrics.TopCustomer(id: info.id, externalID: info.externalID, name: info.displayName, email: info.email,
                                               orders: info.ordersCount, spend: money(info.totalSpentMinor),
                                               pointsBalance: $0["points_balance"])
        }
    }
}
