import Foundation
import GRDB
import LoyaltyCore

public struct RFMWhatIfAnswer: Hashable, Sendable {
    public var customerID: Int64
    public var externalID: String?
    /// "Today": the hypothetical order's time, and the time the current figures are taken at.
    public var asOf: UnixTime
    public var orderAmountMinor: Int64
    /// The recompute whose breakpoints both answers are scored against.
    public var run: RFMRun
    /// nil when the customer has no order yet.
    public var before: RFMScores?
    public var after: RFMScores
    /// Raw values with the order.
    public var recencyDays: Int64
    public var frequency: Int64
    public var monetary: Int64
    public var totalSpentMinor: Int64
    public var names: RFMSegmentNames
}

extension LoyaltyStore {
    /// "If this customer placed an order of `orderAmountMinor` today, which segment would they be in?", against the
    /// last recompute's breakpoints (the other customers assumed unchanged). Reads only.
    public func rfmWhatIf(_ session: Session, customer query: String, orderAmountMinor: Int64, now: UnixTime) throws -> RFMWhatIfAnswer {
        guard orderAmountMinor >= 0 else { throw StoreError.invalid("the order amount cannot be negative") }
        return try read { db in
            let customer = try findCustomer(db, session: session, query)
            guard let run = try RFMRun.latest(db, merchantID: session.merchant.id) else {
                throw StoreError.invalid("no RFM recompute yet, so there are no breakpoints to score against; run `loyalnest rfm recompute` first")
            }
            let asOf = max(now, run.asOf)
            let days = ZoneDays.cached(session.merchant.timeZone, through: asOf)
            let activity = try OrderActivityReader.one(db, customerID: customer.id, asOf: asOf, days: days)
            let breakpoints = run.breakpoints ?? Self.singleCustomerBreakpoints(activity: activity, extra: orderAmountMinor,
                                                                                asOf: asOf, measure: run.monetaryMeasure)
            let answer = breakpoints.whatIf(customer: activity?.rfmCustomer, extraOrderMinor: orderAmountMinor, asOf: asOf)
            return RFMWhatIfAnswer(customerID: customer.id, externalID: customer.externalID, asOf: asOf,
                                   orderAmountMinor: orderAmountMinor, run: run, before: answer.before, after: answer.after,
                                   recencyDays: answer.recencyDays, frequency: answer.frequency, monetary: answer.monetary,
                                   totalSpentMinor: answer.totalSpentMinor,
                                   names: try RFMSegmentNames.stored(db, merchantID: session.merchant.id))
        }
    }

    /// When the last recompute found no customer: the breakpoints a recompute over this one customer, with the
    /// order, would give.
    private static func singleCustomerBreakpoints(activity: CustomerActivity?, extra: Int64, asOf: UnixTime,
                                                  measure: RFMMonetaryMeasure) -> RFMBreakpoints {
        let count = (activity?.orderCount ?? 0) + 1
        let total = (activity?.totalSpentMinor ?? 0) + extra
        let monetary = RFM.monetary(totalSpentMinor: total, orderCount: count, measure: measure)
        return RFMBreakpoints(recencyDays: QuintileBreakpoints(values: [0]), frequency: QuintileBreakpoints(values: [count]),
                              monetary: QuintileBreakpoints(values: [monetary]), monetaryMeasure: measure)
    }
}
