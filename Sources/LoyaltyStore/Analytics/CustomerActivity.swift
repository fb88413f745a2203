import Foundation
import LoyaltyCore

/// One customer's orders as of a time, cancelled and deleted orders left out, orders after the time left out,
/// refunds made by then subtracted: what RFM and the BG/NBD summary are computed from.
public struct CustomerActivity: Hashable, Sendable {
    public var customerID: Int64
    public var orderCount: Int64
    public var totalSpentMinor: Int64
    public var lastOrderAt: UnixTime
    /// Distinct calendar days with an order in the merchant's zone (several orders on one day count once), and
    /// the first and last of them as days since 1970-01-01.
    public var purchaseDays: Int
    public var firstOrderDay: Int64
    public var lastOrderDay: Int64

    public init(customerID: Int64, orderCount: Int64, totalSpentMinor: Int64, lastOrderAt: UnixTime, purchaseDays: Int,
                firstOrderDay: Int64, lastOrderDay: Int64) {
        self.customerID = customerID
        self.orderCount = orderCount
        self.totalSpentMinor = totalSpentMinor
        self.lastOrderAt = lastOrderAt
        self.purchaseDays = purchaseDays
        self.firstOrderDay = firstOrderDay
        self.lastOrderDay = lastOrderDay
    }

    public var rfmCustomer: RFMCustomer {
        RFMCustomer(id: customerID, lastOrderAt: lastOrderAt, orderCount: orderCount, totalSpentMinor: totalSpentMinor)
    }

    /// The BG/NBD calibration summary in weeks, the calibration ending on `endDay` (the as-of day).
    public func summary(endDay: Int64) -> BGNBDSummary {
        BGNBDSummary(firstPurchaseDay: firstOrderDay, lastPurchaseDay: lastOrderDay, purchaseDays: purchaseDays,
                     calibrationEndDay: max(endDay, lastOrderDay))
    }
}

/// A customer's running figures while their orders are read in time order (amounts are summed apart).
struct ActivityAccumulator {
    var lastOrderAt: Int64 = .min
    var count: Int32 = 0
    var purchaseDays: Int32 = 0
    var firstDay: Int32 = 0
    var lastDay: Int32 = 0

    /// Orders must come in ascending time order.
    mutating func addOrder(at time: UnixTime, day: Int32) {
        count += 1
        lastOrderAt = time
        if purchaseDays == 0 {
            firstDay = day
            purchaseDays = 1
        } else if day != lastDay {
            purchaseDays += 1
        }
        lastDay = day
    }

    func activity(customerID: Int64, spent: Int64) -> CustomerActivity? {
        guard count > 0 else { return nil }
        return CustomerActivity(customerID: customerID, orderCount: Int64(count), totalSpentMinor: spent,
                                lastOrderAt: lastOrderAt, purchaseDays: Int(purchaseDays), firstOrderDay: Int64(firstDay),
                                lastOrderDay: Int64(lastDay))
    }
}
