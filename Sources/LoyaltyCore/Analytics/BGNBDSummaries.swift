import Foundation

/// One purchase for building calibration summaries.
public struct BGNBDPurchase: Hashable, Sendable {
    public var customerID: Int64
    public var at: UnixTime

    public init(customerID: Int64, at: UnixTime) {
        self.customerID = customerID
        self.at = at
    }
}

public struct BGNBDCustomerSummary: Hashable, Sendable {
    public var customerID: Int64
    public var summary: BGNBDSummary

    public init(customerID: Int64, summary: BGNBDSummary) {
        self.customerID = customerID
        self.summary = summary
    }
}

extension BGNBDSummary {
    public static let daysPerWeek = 7.0

    /// From whole-day indices (days since 1970-01-01 in the merchant's zone). T runs to the calibration end DAY
    /// itself, not to the day after: that is the convention of the published CDNOW figures, where the first 39 weeks
    /// (1997-01-01 ... 1997-09-30) give T = 272/7 = 38.86 weeks for a customer who first bought on 1997-01-01, and it is
    /// what reproduces r, α, a, b of Fader, Hardie & Lee (2005) (see BGNBDCDNOWTests).
    public init(firstPurchaseDay: Int64, lastPurchaseDay: Int64, purchaseDays: Int, calibrationEndDay: Int64) {
        self.init(x: max(purchaseDays - 1, 0),
                  tx: Double(lastPurchaseDay - firstPurchaseDay) / Self.daysPerWeek,
                  T: Double(calibrationEndDay - firstPurchaseDay) / Self.daysPerWeek)
    }

    /// Day index of a time in a zone `utcOffsetSeconds` east of UTC.
    public static func day(_ t: UnixTime, utcOffsetSeconds: Int64 = 0) -> Int64 {
        Timestamp.floorDiv(t + utcOffsetSeconds, Timestamp.secondsPerDay)
    }

    /// Summaries of every customer with a purchase on or before the calibration end's day, sorted by customer id.
    /// Purchases on later days are ignored; days are calendar days `utcOffsetSeconds` east of UTC.
    public static func summaries(of purchases: [BGNBDPurchase], calibrationEnd: UnixTime,
                                 utcOffsetSeconds: Int64 = 0) -> [BGNBDCustomerSummary] {
        let endDay = day(calibrationEnd, utcOffsetSeconds: utcOffsetSeconds)
        var keyed: [(customerID: Int64, day: Int64)] = []
        keyed.reserveCapacity(purchases.count)
        for purchase in purchases {
            let d = day(purchase.at, utcOffsetSeconds: utcOffsetSeconds)
            if d <= endDay { keyed.append((purchase.customerID, d)) }
        }
        keyed.sort { ($0.customerID, $0.day) < ($1.customerID, $1.day) }
        var result: [BGNBDCustomerSummary] = []
        var i = 0
        while i < keyed.count {
            let id = keyed[i].customerID
            let first = keyed[i].day
            var last = first
            var days = 0
            while i < keyed.count, keyed[i].customerID == id {
                if days == 0 || keyed[i].day != last { days += 1 }
                last = keyed[i].day
                i += 1
            }
            result.append(BGNBDCustomerSummary(
                customerID: id,
                summary: BGNBDSummary(firstPurchaseDay: first, lastPurchaseDay: last, purchaseDays: days,
                                      calibrationEndDay: endDay)))
        }
        return result
    }
}
