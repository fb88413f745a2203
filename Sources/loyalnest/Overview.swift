import ArgumentParser
import Foundation
import LoyaltyCore
import LoyaltyStore

struct OverviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "overview",
        abstract: "Program metrics: members, points issued/redeemed/expired, liability, rates, expiring points, top customers.")
    @OptionGroup var global: GlobalOptions
    @Option(help: "Compute as of this date (YYYY-MM-DD means the end of that day, UTC) or time.") var asOf: String?
    @Flag(help: "JSON output (every key always present; null where a figure does not apply).") var json = false

    func run() throws {
        let store = try global.openStore()
        let session = try global.session(store)
        let metrics = try store.overview(merchant: session.merchant, now: try Clock.asOf(asOf))
        if json { return try printJSON(metrics) }
        for line in OverviewText.lines(metrics, merchantName: session.merchant.name) { print(line) }
    }
}

struct CustomerSearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Find customers by name, email, phone, order number or id, referral code or shop customer id.",
        discussion: "Each word matches the start of a word; from 3 characters, any part of a field. Exact matches come first.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "What to look for, e.g. ali, @example.com, \"555 01\", #1001.") var query: String
    @Option(help: "At most this many results (1-\(LoyaltyStore.maximumSearchResults)).") var limit = 20
    @Flag(help: "JSON output.") var json = false

    func run() throws {
        guard (1...LoyaltyStore.maximumSearchResults).contains(limit) else {
            throw CLIError("--limit \(limit) is out of range; use 1 to \(LoyaltyStore.maximumSearchResults)")
        }
        let store = try global.openStore()
        let session = try global.session(store)
        let hits = try store.searchCustomers(merchant: session.merchant, query: query, limit: limit)
        if json { return try printJSON(hits) }
        guard !hits.isEmpty else { return print("no customer matches \"\(query)\"") }
        let exponent = session.currency.exponent
        for hit in hits {
            let c = hit.row.customer
            let spend = Money.format(minorUnits: c.totalSpentMinor, exponent: exponent)
            print("\(c.id)\t\(c.displayName)\t\(c.email ?? "-")\t\(c.phone ?? "-")\t\(c.ordersCount) orders\t\(spend) \(session.merchant.currency)\t\(formatPoints(hit.row.pointsBalance)) pts\t\(hit.match.exact ? "=" : "~") \(hit.match.field.rawValue) \(hit.match.value)")
        }
    }
}

/// The readable form of `overview`.
enum OverviewText {
    static func lines(_ m: OverviewMetrics, merchantName: String) -> [String] {
        var out: [String] = []
        out.append("\(merchantName) (\(m.merchant)) as of \(Timestamp.iso8601(m.asOf)), days in \(m.timeZone)")
        out.append("members: \(formatPoints(m.members)) · active in the last 30 days: \(formatPoints(m.activeMembers))")
        out.append("points        last 30 days        all time")
        for (label, recent, all) in [("issued", m.last30Days.issued, m.allTime.issued), ("redeemed", m.last30Days.redeemed, m.allTime.redeemed),
                                     ("expired", m.last30Days.expired, m.allTime.expired)] {
            out.append("  " + label.padding(toLength: 10, withPad: " ", startingAt: 0) + pad(formatPoints(recent), 14) + pad(formatPoints(all), 16))
        }
        let value = m.outstandingValue.map { " ≈ \($0.formatted)" } ?? " (no active fixed-amount reward to value them)"
        out.append("outstanding: \(formatPoints(m.outstandingPoints)) points\(value)" + (m.owedPoints > 0 ? " · owed: \(formatPoints(m.owedPoints))" : ""))
        if let rate = m.cashRate {
            out.append("  valued at \"\(rate.rewardName)\": \(Money.format(minorUnits: rate.valueMinor, exponent: Currency(code: m.currency)?.exponent ?? 2)) \(m.currency) for \(formatPoints(rate.pointsCost)) points")
        }
        out.append("redemption rate (30 days): \(percent(m.redemptionRate)) · repeat customers: \(percent(m.repeatCustomerRate)) (\(formatPoints(m.repeatCustomers)) of \(formatPoints(m.customersWithOrders)))")
        for (label, b) in [("members", m.memberPurchases), ("non-members", m.nonMemberPurchases)] {
            let aov = b.averageOrderValue?.formatted ?? "–"
            let frequency = b.ordersPerCustomer.map { String(format: "%.2f", $0) } ?? "–"
            out.append("\(label): average order \(aov), \(frequency) orders per customer (\(formatPoints(b.orders)) orders by \(formatPoints(b.customers)) customers)")
        }
        out.append("expiring: \(formatPoints(m.expiring.within30)) within 30 days · \(formatPoints(m.expiring.within60)) within 60 · \(formatPoints(m.expiring.within90)) within 90")
        if let first = m.daily.days.first, let last = m.daily.days.last {
            out.append("daily \(first) … \(last)")
            out.append("  issued   \(sparkline(m.daily.issued))  \(formatPoints(m.daily.issued.reduce(0, +)))")
            out.append("  redeemed \(sparkline(m.daily.redeemed))  \(formatPoints(m.daily.redeemed.reduce(0, +)))")
        }
        if let tiers = m.tierDistribution {
            let parts = [("no tier", tiers.noTier.customers, tiers.noTier.share)]
                + tiers.tiers.map { ($0.name.text(for: "en"), $0.customers, $0.share) }
            out.append("customers per VIP tier: " + parts.map { "\($0.0) \(formatPoints($0.1)) (\(percent($0.2)))" }.joined(separator: " · "))
        }
        if !m.topCustomers.isEmpty { out.append("top customers by lifetime spend:") }
        for (n, c) in m.topCustomers.enumerated() {
            out.append("  \(n + 1). \(c.name)" + (c.email.map { " <\($0)>" } ?? "") + "  \(c.spend.formatted) in \(c.orders) orders · \(formatPoints(c.pointsBalance)) pts  (customer \(c.id))")
        }
        return out
    }

    static func percent(_ value: Double?) -> String { value.map { String(format: "%.1f%%", $0 * 100) } ?? "–" }

    static func pad(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - text.count)) + text
    }

    static func sparkline(_ values: [Int64]) -> String {
        let blocks = Array("▁▂▃▄▅▆▇█")
        let top = max(1, values.max() ?? 1)
        return String(values.map { $0 <= 0 ? " " : blocks[Int((Double($0) / Double(top) * Double(blocks.count - 1)).rounded())] })
    }
}
