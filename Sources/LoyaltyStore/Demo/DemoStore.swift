import Foundation
import LoyaltyCore

public struct DemoSummary: Codable, Hashable, Sendable {
    public struct MerchantSummary: Codable, Hashable, Sendable {
        public var shopDomain: String
        public var customers: Int
        public var orders: Int
        public var refunds: Int
        public var cancelled: Int
        public var redemptions: Int
        public var pointsPosted: Int64
        public var pointsExpired: Int64
    }
    public var database: String
    public var seed: UInt64
    public var asOf: UnixTime
    public var merchants: [MerchantSummary]
}

/// Builds the demo store: merchants, operators, rewards, customers of several archetypes (champions, lapsed,
/// new, ...), two years of orders with refunds and cancellations, redemptions, adjustments and expiries — all
/// through the same store operations a real user runs, so the demo exercises the real paths.
public enum DemoStore {
    /// `analyticsHistory: false` leaves RFM and churn uncomputed (a store as it is before its first recompute).
    public static func populate(_ store: LoyaltyStore, definition: DemoDefinition, customers total: Int, seed: UInt64,
                                asOf: UnixTime, analyticsHistory: Bool = true) throws -> DemoSummary {
        var rng = SeededGenerator(seed: seed)
        let start = asOf - Int64(definition.historyDays) * Timestamp.secondsPerDay
        var summaries: [DemoSummary.MerchantSummary] = []
        var customerOffset = 0
        for (index, spec) in definition.merchants.enumerated() {
            let count = index == definition.merchants.count - 1 ? total - customerOffset : Int((Double(total) * spec.customerShare).rounded())
            customerOffset += count
            let ownerName = spec.operators.first { $0.role == .owner }?.name ?? "owner"
            let owner = try store.addMerchant(shopDomain: spec.shopDomain, name: spec.name, currency: spec.currency,
                                              timeZone: spec.timeZone, ownerName: ownerName, settings: spec.settings, now: start)
            for op in spec.operators where op.name != ownerName {
                _ = try store.addOperator(owner, name: op.name, role: op.role, now: start)
            }
            var rewardIDs: [(id: Int64, cost: Int64)] = []
            for r in spec.rewards {
                let info = try store.addReward(owner, RewardDefinition(name: r.name, kind: r.kind, pointsCost: r.pointsCost,
                                                                       valueMinor: r.valueMinor, percent: r.percent,
                                                                       productID: r.productID, codeValidDays: r.codeValidDays), now: start)
                rewardIDs.append((info.id, info.pointsCost))
            }
            let currency = Currency(code: spec.currency) ?? .usd
            var orders: [IncomingOrder] = []
            var birthdays: [(email: String, birthday: String)] = []
            var refunds = 0
            var cancelled = 0
            for n in 0..<count {
                let archetype = pick(definition.archetypes, &rng)
                let first = definition.names.first.randomElement(using: &rng)!
                let last = definition.names.last.randomElement(using: &rng)!
                let handle = (first + "." + last).folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil)
                    .lowercased().filter { ($0.isASCII && $0.isLetter) || $0 == "." }
                let email = "\(handle)\(n)@\(definition.names.emailDomains.randomElement(using: &rng)!)"
                let customer = IncomingCustomer(externalID: String(6_100_000_000_000 + index * 1_000_000 + n), email: email,
                                                firstName: first, lastName: last,
                                                phone: rng.next() % 3 == 0 ? String(format: "+1555%07d", Int(rng.next() % 10_000_000)) : nil)
                if Double(rng.next() % 1000) / 1000 < definition.birthdayShare {
                    birthdays.append((email, String(format: "%04d-%02d-%02d", 1950 + Int(rng.next() % 55), 1 + Int(rng.next() % 12), 1 + Int(rng.next() % 28))))
                }
                let firstDays = between(archetype.firstOrderDaysAgo, &rng)
                let lastDays = min(firstDays, between(archetype.lastOrderDaysAgo, &rng))
                let orderCount = between(archetype.orders, &rng)
                for k in 0..<orderCount {
                    let daysAgo = orderCount == 1 ? firstDays : firstDays - (firstDays - lastDays) * k / (orderCount - 1)
                    let processedAt = asOf - Int64(daysAgo) * Timestamp.secondsPerDay - Int64(rng.next() % 86_000) - 60
                    let subtotal = orderValue(spec.orderValueMinor, &rng)
                    let shipping: Int64 = subtotal > 5000 ? 0 : 499
                    let tax = subtotal * 8 / 100
                    let orderNumber = 1001 + orders.count
                    var order = IncomingOrder(
                        externalID: String(5_200_000_000_000 + index * 10_000_000 + orders.count), name: "#\(orderNumber)",
                        customer: customer, processedAt: processedAt, currency: spec.currency,
                        totalPrice: DecimalAmount(digits: subtotal + shipping + tax, scale: currency.exponent),
                        subtotalPrice: DecimalAmount(digits: subtotal, scale: currency.exponent), financialStatus: "paid")
                    let roll = Double(rng.next() % 10_000) / 10_000
                    if roll < definition.cancelRate {
                        order.cancelledAt = processedAt + 3600
                        order.financialStatus = "voided"
                        cancelled += 1
                    } else if roll < definition.cancelRate + definition.refundRate {
                        let partial = Double(rng.next() % 1000) / 1000 < definition.partialRefundShare
                        let amount = partial ? max(1, subtotal * Int64(20 + rng.next() % 60) / 100) : subtotal
                        let refundAt = min(asOf - 60, processedAt + Int64(2 + rng.next() % 20) * Timestamp.secondsPerDay)
                        order.refunds = [IncomingRefund(externalID: String(9_100_000_000_000 + index * 10_000_000 + orders.count),
                                                        createdAt: refundAt, amount: DecimalAmount(digits: amount, scale: currency.exponent))]
                        order.financialStatus = partial ? "partially_refunded" : "refunded"
                        refunds += 1
                    }
                    orders.append(order)
                }
            }
            orders.sort { $0.processedAt < $1.processedAt }
            let report = try store.importOrders(owner, orders: orders, source: "demo:\(spec.shopDomain)", now: asOf)
            _ = try assignReferralCodes(store, merchantID: owner.merchant.id, seed: seed)
            if !birthdays.isEmpty {
                var csv = "email,birthday\n"
                for b in birthdays { csv += "\(b.email),\(b.birthday)\n" }
                _ = try store.importCustomers(owner, data: Data(csv.utf8), source: "demo:birthdays", now: asOf)
            }
            let redemptions = try redeemSome(store, session: owner, rewards: rewardIDs, share: definition.redeemerShare,
                                             asOf: asOf, rng: &rng)
            try supportActivity(store, merchant: spec, owner: owner, asOf: asOf, rng: &rng)
            let expired = try store.expirePoints(owner, asOf: asOf)
            if analyticsHistory { try recordAnalyticsHistory(store, session: owner, asOf: asOf) }
            summaries.append(.init(shopDomain: spec.shopDomain, customers: count, orders: orders.count, refunds: refunds,
                                   cancelled: cancelled, redemptions: redemptions, pointsPosted: report.pointsPosted,
                                   pointsExpired: expired.points))
        }
        return DemoSummary(database: store.path, seed: seed, asOf: asOf, merchants: summaries)
    }

    /// Customers spend points on the most expensive reward they can afford, at a past moment when they could.
    private static func redeemSome(_ store: LoyaltyStore, session: Session, rewards: [(id: Int64, cost: Int64)], share: Double,
                                   asOf: UnixTime, rng: inout SeededGenerator) throws -> Int {
        let candidates = try store.customersWithAvailablePoints(session, atLeast: rewards.map(\.cost).min() ?? 1, now: asOf)
        var count = 0
        for (customerID, available) in candidates where Double(rng.next() % 1000) / 1000 < share {
            guard let reward = rewards.filter({ $0.cost <= available }).max(by: { $0.cost < $1.cost }) else { continue }
            let at = asOf - Int64(rng.next() % 20) * Timestamp.secondsPerDay - 3600
            let redemption: RedemptionInfo
            do {
                redemption = try store.redeem(session, customerID: customerID, rewardID: reward.id, now: at, generator: &rng)
            } catch StoreError.insufficientBalance {
                continue  // those points were not yet spendable at that earlier moment
            }
            count += 1
            if rng.next() % 15 == 0 {
                _ = try store.cancelRedemption(session, code: redemption.code, reason: "customer changed their mind", now: at + 7200)
            }
        }
        return count
    }

    /// A few manual adjustments and undos by the support operator, so journeys show corrections.
    private static func supportActivity(_ store: LoyaltyStore, merchant: DemoDefinition.MerchantSpec, owner: Session,
                                        asOf: UnixTime, rng: inout SeededGenerator) throws {
        guard let support = merchant.operators.first(where: { $0.role == .support }) else { return }
        let session = try store.session(merchant: merchant.shopDomain, operator: support.name)
        let reasons = ["goodwill: parcel arrived late", "missing points for in-store purchase", "duplicate signup bonus",
                       "compensation for damaged item"]
        let customers = try store.customersWithAvailablePoints(session, atLeast: 0, now: asOf)
        guard !customers.isEmpty else { return }
        for k in 0..<min(40, customers.count / 20) {
            let customer = customers[Int(rng.next() % UInt64(customers.count))].id
            let delta = Int64(25 * (1 + rng.next() % 10)) * (k % 4 == 2 ? -1 : 1)
            let entry: LedgerEntryInfo
            do {
                entry = try store.adjustPoints(session, customerID: customer, delta: delta, reason: reasons[k % reasons.count],
                                               key: "demo-\(k)", now: asOf - Int64(1 + rng.next() % 60) * Timestamp.secondsPerDay)
            } catch StoreError.insufficientBalance {
                continue
            }
            if k % 7 == 3 {
                _ = try store.undoEntry(owner, entryID: entry.id, reason: "posted to the wrong customer", now: asOf - 3600)
            }
        }
    }

    private static func pick(_ archetypes: [DemoDefinition.Archetype], _ rng: inout SeededGenerator) -> DemoDefinition.Archetype {
        var roll = Double(rng.next() % 1_000_000) / 1_000_000 * archetypes.reduce(0) { $0 + $1.share }
        for archetype in archetypes {
            roll -= archetype.share
            if roll < 0 { return archetype }
        }
        return archetypes[archetypes.count - 1]
    }

    private static func between(_ range: [Int], _ rng: inout SeededGenerator) -> Int {
        let low = range.first ?? 0, high = range.last ?? low
        return high <= low ? low : low + Int(rng.next() % UInt64(high - low + 1))
    }

    /// Log-normal-ish spread around the median, clamped to [min, max].
    private static func orderValue(_ range: DemoDefinition.Range, _ rng: inout SeededGenerator) -> Int64 {
        let u = (Double(rng.next() % 1_000_000) + 0.5) / 1_000_000
        let v = (Double(rng.next() % 1_000_000) + 0.5) / 1_000_000
        let normal = (-2 * log(u)).squareRoot() * cos(2 * .pi * v)
        let value = Double(range.median) * exp(0.55 * normal)
        return min(range.max, max(range.min, Int64(value / 10) * 10 - 1))
    }
}
