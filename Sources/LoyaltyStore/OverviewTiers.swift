import GRDB
import LoyaltyCore

/// The Overview's "customers per VIP tier" (docs/decisions/0070): every customer of the merchant, by the tier stored
/// on their row, the same count the VIP Tiers screen shows.
public struct OverviewTierDistribution: Codable, Hashable, Sendable {
    /// Customers in a tier or in none.
    public struct Share: Codable, Hashable, Sendable {
        public var customers: Int64
        /// customers ÷ all the merchant's customers; null when the merchant has no customer.
        @NullWhenAbsent public var share: Double?
    }

    public struct Tier: Codable, Hashable, Sendable {
        public var key: String
        /// The tier's name per language (the dashboard shows its own language's).
        public var name: LocalizedText
        public var customers: Int64
        @NullWhenAbsent public var share: Double?
    }

    /// Every customer of the merchant: `noTier` plus the sum over `tiers`.
    public var customers: Int64
    public var noTier: Share
    /// Lowest threshold first; a key no live tier has any more (never left by the store) follows, named by its key.
    public var tiers: [Tier]
}

/// One index-only query: the partial index customers_tier holds exactly the customers with a tier. Customers
/// without one are the rest of `customers`, which the Overview's pass over the customers counts anyway.
struct OverviewTierQuery {
    let db: Database
    let merchantID: Int64

    /// nil when the merchant has no tiers.
    func run(store: LoyaltyStore, customers: Int64) throws -> OverviewTierDistribution? {
        let definitions = try store.tierDefinitions(db, merchantID: merchantID)
        guard !definitions.isEmpty else { return nil }
        var counts: [String: Int64] = [:]
        for row in try Row.fetchAll(db, sql: """
            SELECT tier_key, COUNT(*) AS n FROM customers WHERE merchant_id = ? AND tier_key IS NOT NULL GROUP BY tier_key
            """, arguments: [merchantID]) {
            counts[row["tier_key"]] = row["n"]
        }
        func share(_ n: Int64) -> Double? { customers > 0 ? Double(n) / Double(customers) : nil }
        let known = Set(definitions.map(\.key))
        let live = definitions.map { definition -> OverviewTierDistribution.Tier in
            let n = counts[definition.key] ?? 0
            return .init(key: definition.key, name: definition.name, customers: n, share: share(n))
        }
        let stray = counts.keys.filter { !known.contains($0) }.sorted().map { key -> OverviewTierDistribution.Tier in
            .init(key: key, name: LocalizedText(en: key), customers: counts[key]!, share: share(counts[key]!))
        }
        let inTiers = counts.values.reduce(0, +)
        let none = max(0, customers - inTiers)
        return OverviewTierDistribution(customers: customers, noTier: .init(customers: none, share: share(none)),
                                        tiers: live + stray)
    }
}
