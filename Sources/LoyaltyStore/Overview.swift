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

    /// Orders placed by customers who were (members) or were not yet (non-members) enrolled at the time.
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
}

extension LoyaltyStore {
    public static let topCustomerCount = 10

    /// The Overview metrics of `merchant` as of `now`. Windows (last 30 days, next 90, the daily series) end at
    /// `now`; period totals count ledger entries up to `now`; balances, members and purchase figures come from the
    /// customers' cached totals, i.e. as of the latest data.
    public func overview(merchant: MerchantInfo, now: UnixTime) throws -> OverviewMetrics {
        try read { db in try OverviewQuery(db: db, merchant: merchant, now: now).run(store: self) }
    }
}

/// The queries behind `overview`, each one pass over an index or the customers table (see docs/decisions/0012).
private struct OverviewQuery {
    let db: Database
    let merchant: MerchantInfo
    let now: UnixTime
    static let window: Int64 = 30 * Timestamp.secondsPerDay
    static let earningKinds = EntryKind.allCases.filter(\.countsAsEarned).map(\.rawValue)
    static let countedKinds = earningKinds + [EntryKind.redeem, .redemptionCancel, .expire].map(\.rawValue)

    func money(_ minor: Int64) -> MoneyAmount { MoneyAmount(minor: minor, currency: merchant.currency) }

    func run(store: LoyaltyStore) throws -> OverviewMetrics {
        let settings = try store.currentSettings(db, merchantID: merchant.id).settings
        let customers = try customerTotals()
        let recent = try pointTotals(after: now - Self.window, through: now)
        var allTime = try pointTotals(after: nil, through: now)
        // Summing every earn entry would read the whole ledger; the cached lifetime totals hold the same sum.
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
            topCustomers: try topCustomers())
    }

    /// One pass over the merchant's customers (`+merchant_id` keeps SQLite from walking an index row by row).
    /// A customer created from an order joined with their first order, so only customers enrolled another way
    /// (customers import, sign-up) can have non-member orders: those placed before `enrolled_at`. Only they are
    /// looked up in orders.
    private func customerTotals() throws -> Row {
        let before = "FROM orders o WHERE o.customer_id = c.id AND o.processed_at < c.enrolled_at AND o.cancelled_at IS NULL"
        let joinedOtherwise = """
            (c.import_batch_id IS NULL OR c.import_batch_id IN (
                SELECT id FROM import_batches WHERE merchant_id = :merchant AND kind != 'orders'))
            """
        return try Row.fetchOne(db, sql: """
            SELECT COALESCE(SUM(redacted_at IS NULL AND enrolled_at <= :now), 0) AS members,
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

    /// Ledger sums by kind over (after, through], read from the (merchant, kind, created_at, points) index.
    private func pointTotals(after: UnixTime?, through: UnixTime?) throws -> OverviewMetrics.PointTotals {
        let kinds = Self.countedKinds.map { "'\($0)'" }.joined(separator: ",")
        let rows = try Row.fetchAll(db, sql: """
            SELECT kind, SUM(points) AS points, SUM(MAX(points, 0)) AS positive FROM points_transactions
            WHERE merchant_id = ? AND kind IN (\(kinds)) AND created_at > ? AND created_at <= ? GROUP BY kind
            """, arguments: [merchant.id, after ?? Int64.min, through ?? Int64.max])
        var totals = OverviewMetrics.PointTotals(issued: 0, redeemed: 0, expired: 0)
        for row in rows {
            let kind: String = row["kind"]
            let points: Int64 = row["points"]
            switch kind {
            case EntryKind.redeem.rawValue: totals.redeemed -= points
            case EntryKind.redemptionCancel.rawValue: totals.redeemed -= points
            case EntryKind.expire.rawValue: totals.expired -= points
            default: totals.issued += row["positive"] as Int64
            }
        }
        return totals
    }

    /// Points expiring within 30/60/90 days in one pass over the expiry index (the same sums as `expiringPoints`,
    /// which makes three); the inactivity policy has no fixed dates, so it keeps that definition.
    private func expiring(settings: ProgramSettings, store: LoyaltyStore) throws -> ExpiringPoints {
        if case .daysAfterLastActivity = settings.expiry {
            return try store.expiring(db, session: Session.reading(merchant), customerID: nil, now: now)
        }
        let day = Timestamp.secondsPerDay
        let row = try Row.fetchOne(db, sql: """
            SELECT COALESCE(SUM(CASE WHEN expires_at <= :d30 THEN remaining END), 0) AS within30,
                   COALESCE(SUM(CASE WHEN expires_at <= :d60 THEN remaining END), 0) AS within60,
                   COALESCE(SUM(remaining), 0) AS within90
            FROM (SELECT t.expires_at, \(LedgerSQL.grantRemaining) AS remaining FROM points_transactions t
                  WHERE t.merchant_id = :merchant AND t.expires_at > :now AND t.expires_at <= :d90 AND t.points > 0)
            """, arguments: ["merchant": merchant.id, "now": now, "d30": now + 30 * day, "d60": now + 60 * day, "d90": now + 90 * day])!
        return ExpiringPoints(within30: row["within30"], within60: row["within60"], within90: row["within90"])
    }

    private func cashRate() throws -> OverviewMetrics.CashRate? {
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
        var issued = [Int64](repeating: 0, count: 30), redeemed = [Int64](repeating: 0, count: 30)
        let kinds = Self.countedKinds.map { "'\($0)'" }.joined(separator: ",")
        // Minute buckets: every time zone in use today is offset by whole minutes, so no bucket spans two days.
        let rows = try Row.fetchAll(db, sql: """
            SELECT created_at / 60 AS minute, kind, SUM(points) AS points, SUM(MAX(points, 0)) AS positive FROM points_transactions
            WHERE merchant_id = ? AND kind IN (\(kinds)) AND created_at >= ? AND created_at <= ? GROUP BY minute, kind
            """, arguments: [merchant.id, starts[0], now])
        for row in rows {
            let minute: Int64 = row["minute"]
            var low = 0, high = 30
            while high - low > 1 {
                let middle = (low + high) / 2
                if starts[middle] <= minute * 60 { low = middle } else { high = middle }
            }
            let kind: String = row["kind"]
            let points: Int64 = row["points"]
            switch kind {
            case EntryKind.redeem.rawValue, EntryKind.redemptionCancel.rawValue: redeemed[low] -= points
            case EntryKind.expire.rawValue: break
            default: issued[low] += row["positive"] as Int64
            }
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
