import Foundation
import LoyaltyCore
@testable import LoyaltyStore

/// An independent model of what RFM must read from a list of orders: the oracle the store is compared with.
struct RFMOracle {
    struct Order {
        var customer: String
        var at: UnixTime
        var amountMinor: Int64
        var cancelled = false
        var deleted = false
        var refunds: [(at: UnixTime, amountMinor: Int64)] = []
    }

    var orders: [Order] = []

    /// Raw values per shop customer id, as of `asOf`: cancelled and deleted orders out, later orders out, refunds
    /// made by then subtracted; purchase days are UTC calendar days.
    func customers(asOf: UnixTime) -> [String: (customer: RFMCustomer, days: Set<Int64>)] {
        var result: [String: (customer: RFMCustomer, days: Set<Int64>)] = [:]
        for order in orders where !order.cancelled && !order.deleted && order.at <= asOf {
            let refunded = order.refunds.filter { $0.at <= asOf }.reduce(0) { $0 + $1.amountMinor }
            var entry = result[order.customer] ?? (RFMCustomer(id: 0, lastOrderAt: .min, orderCount: 0, totalSpentMinor: 0), [])
            entry.customer.orderCount += 1
            entry.customer.totalSpentMinor += order.amountMinor - refunded
            entry.customer.lastOrderAt = max(entry.customer.lastOrderAt, order.at)
            entry.days.insert(BGNBDSummary.day(order.at))
            result[order.customer] = entry
        }
        return result
    }

    /// The expected scores from LoyaltyCore's RFM.compute on the oracle's raw values, by shop customer id.
    func scores(asOf: UnixTime, measure: RFMMonetaryMeasure = .totalSpent) -> [String: RFMRow] {
        let customers = self.customers(asOf: asOf).sorted { $0.key < $1.key }
        let input = customers.enumerated().map { i, entry in
            RFMCustomer(id: Int64(i), lastOrderAt: entry.value.customer.lastOrderAt, orderCount: entry.value.customer.orderCount,
                        totalSpentMinor: entry.value.customer.totalSpentMinor)
        }
        let result = RFM.compute(input, asOf: asOf, measure: measure)
        return Dictionary(uniqueKeysWithValues: result.rows.map { (customers[Int($0.customerID)].key, $0) })
    }
}

extension StoreHarness {
    func rows(asOf: UnixTime? = nil, now: UnixTime = StoreHarness.t0 + 30 * 86_400) throws -> [String: RFMCustomerRow] {
        let table = try store.rfmTable(owner, asOf: asOf, now: now)
        return Dictionary(uniqueKeysWithValues: table.rows.map { ($0.externalID ?? "#\($0.customerID)", $0) })
    }

    func incoming(_ o: RFMOracle.Order, id: String) -> IncomingOrder {
        var order = self.order(id, customer: o.customer, amount: o.amountMinor, at: o.at,
                               refunds: o.refunds.enumerated().map { i, r in
                                   IncomingRefund(externalID: "\(id)-r\(i)", createdAt: r.at, amount: DecimalAmount(digits: r.amountMinor, scale: 2))
                               })
        if o.cancelled { order.cancelledAt = o.at + 60 }
        return order
    }
}
