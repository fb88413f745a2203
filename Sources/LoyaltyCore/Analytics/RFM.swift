import Foundation

/// One customer's raw RFM inputs as of a date. The caller computes them from the merchant's orders placed on or
/// before the as-of time, cancelled orders excluded and refunds already subtracted from `totalSpentMinor`.
public struct RFMCustomer: Hashable, Sendable {
    public var id: Int64
    public var lastOrderAt: UnixTime
    public var orderCount: Int64
    public var totalSpentMinor: Int64

    public init(id: Int64, lastOrderAt: UnixTime, orderCount: Int64, totalSpentMinor: Int64) {
        self.id = id
        self.lastOrderAt = lastOrderAt
        self.orderCount = orderCount
        self.totalSpentMinor = totalSpentMinor
    }
}

/// What M measures: the merchant's option.
public enum RFMMonetaryMeasure: String, CaseIterable, Hashable, Sendable, Codable {
    case totalSpent = "total"
    /// Total spent ÷ orders, rounded half away from zero to whole minor units so that every score stays integer.
    case averageOrderValue = "average"
}

public struct RFMScores: Hashable, Sendable {
    public var r: Int
    public var f: Int
    public var m: Int

    public init(r: Int, f: Int, m: Int) {
        self.r = r
        self.f = f
        self.m = m
    }

    public var segment: RFMSegment { RFMSegment(r: r, f: f) }
}

/// One scored customer.
public struct RFMRow: Hashable, Sendable {
    public var customerID: Int64
    public var recencyDays: Int64
    public var frequency: Int64
    /// The M value scored: total spent or average order value, minor units (see `RFMMonetaryMeasure`).
    public var monetary: Int64
    /// Total spent whatever the measure, for revenue figures.
    public var totalSpentMinor: Int64
    public var scores: RFMScores

    public init(customerID: Int64, recencyDays: Int64, frequency: Int64, monetary: Int64, totalSpentMinor: Int64,
                scores: RFMScores) {
        self.customerID = customerID
        self.recencyDays = recencyDays
        self.frequency = frequency
        self.monetary = monetary
        self.totalSpentMinor = totalSpentMinor
        self.scores = scores
    }

    public var segment: RFMSegment { scores.segment }
}

/// The breakpoints of one recompute: what-if questions are scored against these, not recomputed.
public struct RFMBreakpoints: Hashable, Sendable {
    /// Over recency in days: a low score here means recent, so R = 6 − this score.
    public var recencyDays: QuintileBreakpoints
    public var frequency: QuintileBreakpoints
    public var monetary: QuintileBreakpoints
    public var monetaryMeasure: RFMMonetaryMeasure

    public init(recencyDays: QuintileBreakpoints, frequency: QuintileBreakpoints, monetary: QuintileBreakpoints,
                monetaryMeasure: RFMMonetaryMeasure) {
        self.recencyDays = recencyDays
        self.frequency = frequency
        self.monetary = monetary
        self.monetaryMeasure = monetaryMeasure
    }

    public func scores(recencyDays: Int64, frequency: Int64, monetary: Int64) -> RFMScores {
        RFMScores(r: 6 - self.recencyDays.score(recencyDays), f: self.frequency.score(frequency),
                  m: self.monetary.score(monetary))
    }
}

public struct RFMResult: Hashable, Sendable {
    public var asOf: UnixTime
    /// nil when no customer had an order as of `asOf`.
    public var breakpoints: RFMBreakpoints?
    /// In input order, customers without an order as of `asOf` left out.
    public var rows: [RFMRow]
}

public enum RFM {
    /// Whole days since the last order: ⌊(asOf − lastOrderAt) / 86 400 s⌋, so an order 23 h before the as-of time is
    /// 0 days old and one 25 h before is 1. Not calendar days in the merchant's zone: pass `asOf` at the merchant's
    /// end of day to make it so.
    public static func recencyDays(lastOrderAt: UnixTime, asOf: UnixTime) -> Int64 {
        max(asOf - lastOrderAt, 0) / Timestamp.secondsPerDay
    }

    public static func monetary(totalSpentMinor: Int64, orderCount: Int64, measure: RFMMonetaryMeasure) -> Int64 {
        switch measure {
        case .totalSpent:
            return totalSpentMinor
        case .averageOrderValue:
            guard orderCount > 0 else { return totalSpentMinor }
            let quotient = totalSpentMinor / orderCount
            let remainder = totalSpentMinor % orderCount
            guard remainder.magnitude * 2 >= orderCount.magnitude else { return quotient }
            return quotient + (totalSpentMinor < 0 ? -1 : 1)
        }
    }

    /// Whether a customer counts at `asOf`: at least one order, and the last one not after `asOf`.
    ///
    /// A last order after `asOf` means the caller did not cut the orders at `asOf` (a future-dated order, or an
    /// as-of date in the past): the customer is left out rather than given a negative recency, so an as-of date
    /// before the first order gives an empty result.
    public static func counts(_ customer: RFMCustomer, asOf: UnixTime) -> Bool {
        customer.orderCount > 0 && customer.lastOrderAt <= asOf
    }

    /// Scores every customer with at least one order as of `asOf` against quintile breakpoints over those same
    /// customers (spec/domain.md, RFM).
    ///
    /// Edge cases, all defined by the breakpoint rule: no customers → no rows and no breakpoints; one customer, or
    /// all customers identical → every breakpoint equals their value, none is strictly below it, so they all get
    /// R = 5, F = 1, M = 1 ("new_customers"); all-zero monetary → M = 1 for everyone.
    public static func compute(_ customers: [RFMCustomer], asOf: UnixTime,
                               measure: RFMMonetaryMeasure = .totalSpent) -> RFMResult {
        var ids: [Int64] = [], recency: [Int64] = [], frequency: [Int64] = [], monetary: [Int64] = [], total: [Int64] = []
        ids.reserveCapacity(customers.count)
        recency.reserveCapacity(customers.count)
        frequency.reserveCapacity(customers.count)
        monetary.reserveCapacity(customers.count)
        total.reserveCapacity(customers.count)
        for customer in customers where counts(customer, asOf: asOf) {
            ids.append(customer.id)
            recency.append(recencyDays(lastOrderAt: customer.lastOrderAt, asOf: asOf))
            frequency.append(customer.orderCount)
            monetary.append(self.monetary(totalSpentMinor: customer.totalSpentMinor, orderCount: customer.orderCount,
                                          measure: measure))
            total.append(customer.totalSpentMinor)
        }
        guard !ids.isEmpty else { return RFMResult(asOf: asOf, breakpoints: nil, rows: []) }
        let breakpoints = RFMBreakpoints(recencyDays: QuintileBreakpoints(values: recency),
                                         frequency: QuintileBreakpoints(values: frequency),
                                         monetary: QuintileBreakpoints(values: monetary), monetaryMeasure: measure)
        var rows: [RFMRow] = []
        rows.reserveCapacity(ids.count)
        for i in ids.indices {
            rows.append(RFMRow(customerID: ids[i], recencyDays: recency[i], frequency: frequency[i],
                               monetary: monetary[i], totalSpentMinor: total[i],
                               scores: breakpoints.scores(recencyDays: recency[i], frequency: frequency[i],
                                                          monetary: monetary[i])))
        }
        return RFMResult(asOf: asOf, breakpoints: breakpoints, rows: rows)
    }
}
