/// Ids sit above 2^53 (9_007_199_254_740_992) so a client that decodes them through Double loses digits.
enum SimIDs {
    static let order: Int64 = 5_100_000_000_000_000_000
    static let customer: Int64 = 7_100_000_000_000_000_000
    static let refund: Int64 = 6_100_000_000_000_000_000
    static let refundLine: Int64 = 8_100_000_000_000_000_000
    static let event: Int64 = 3_100_000_000_000_000_000
    static let shop: Int64 = 69_093_384_200
    /// Refund ids are order index × 8 + k, so an order holds at most 8 refunds.
    static let refundsPerOrder = 8
}

enum FinancialStatus: String, Sendable {
    case paid = "PAID", partiallyRefunded = "PARTIALLY_REFUNDED", refunded = "REFUNDED", voided = "VOIDED",
         pending = "PENDING"

    var restValue: String { rawValue.lowercased() }
}

struct SimRefund: Sendable, Equatable {
    var id: Int64
    var createdAt: Int64
    /// Refund line subtotals in cents; the refund amount is their sum.
    var lines: [Int64]

    var amount: Int64 { lines.reduce(0, +) }

    func lineID(_ k: Int) -> Int64 { SimIDs.refundLine + (id - SimIDs.refund) * 4 + Int64(k) }
}

struct SimCustomer: Sendable, Equatable {
    var index: Int
    var id: Int64
    var firstName: String
    var lastName: String
    var email: String
    var phone: String?
    var createdAt: Int64
    var updatedAt: Int64
    var numberOfOrders: Int
}

struct SimOrder: Sendable, Equatable {
    var index: Int
    var id: Int64
    var number: Int
    var createdAt: Int64
    var updatedAt: Int64
    var cancelledAt: Int64?
    var status: FinancialStatus
    var subtotal: Int64
    var shipping: Int64
    var tax: Int64
    var discountCode: String?
    var customerIndex: Int?
    var email: String?
    var refunds: [SimRefund]
    var deleted = false

    var name: String { "#\(number)" }
    var total: Int64 { subtotal + shipping + tax }
    var refunded: Int64 { refunds.reduce(0) { $0 + $1.amount } }
    var key: OrderKey { OrderKey(updatedAt: updatedAt, id: id) }

    /// 8.875% sales tax, rounded half up.
    static func tax(on subtotal: Int64) -> Int64 { (subtotal * 8875 + 50_000) / 100_000 }

    mutating func recomputeStatus() {
        if cancelledAt != nil && refunds.isEmpty { status = .voided; return }
        let r = refunded
        if r == 0 { if status != .pending { status = cancelledAt == nil ? .paid : .voided } }
        else { status = r >= subtotal ? .refunded : .partiallyRefunded }
    }
}

/// The sort key of every page: (updatedAt, legacy id) ascending.
struct OrderKey: Comparable, Hashable, Sendable {
    var updatedAt: Int64
    var id: Int64

    static func < (a: OrderKey, b: OrderKey) -> Bool {
        a.updatedAt != b.updatedAt ? a.updatedAt < b.updatedAt : a.id < b.id
    }

    static let minimum = OrderKey(updatedAt: .min, id: .min)
}

/// A `[from, to)` window on updatedAt; nil ends are open.
struct UpdatedWindow: Sendable, Equatable {
    var from: Int64?
    var to: Int64?

    func contains(_ t: Int64) -> Bool {
        if let from, t < from { return false }
        if let to, t >= to { return false }
        return true
    }
}
