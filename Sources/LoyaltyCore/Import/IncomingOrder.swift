/// An order as any import source (CSV, Shopify REST JSON, later the sync) hands it to the store: amounts exactly as
/// written, not yet tied to the shop's currency. `sourceLine` points back into the file for messages.
public struct IncomingOrder: Hashable, Sendable {
    public var externalID: String
    /// The shop-facing order name, e.g. "#1001", searchable by support staff.
    public var name: String?
    public var customer: IncomingCustomer
    public var processedAt: UnixTime
    public var currency: String?
    /// What the customer paid in total (incl. shipping and tax).
    public var totalPrice: DecimalAmount
    /// Line items after discounts, before shipping and tax; nil when the source does not say (CSV).
    public var subtotalPrice: DecimalAmount?
    public var financialStatus: String?
    public var cancelledAt: UnixTime?
    public var refunds: [IncomingRefund]
    public var discountCodes: [String]
    public var sourceLine: Int
    /// When the source last changed the order (Shopify's updatedAt); nil for files that do not say.
    public var updatedAt: UnixTime?

    public init(externalID: String, name: String? = nil, customer: IncomingCustomer, processedAt: UnixTime,
                currency: String? = nil, totalPrice: DecimalAmount, subtotalPrice: DecimalAmount? = nil,
                financialStatus: String? = nil, cancelledAt: UnixTime? = nil, refunds: [IncomingRefund] = [],
                discountCodes: [String] = [], sourceLine: Int = 0, updatedAt: UnixTime? = nil) {
        self.externalID = externalID
        self.name = name
        self.customer = customer
        self.processedAt = processedAt
        self.currency = currency
        self.totalPrice = totalPrice
        self.subtotalPrice = subtotalPrice
        self.financialStatus = financialStatus
        self.cancelledAt = cancelledAt
        self.refunds = refunds
        self.discountCodes = discountCodes
        self.sourceLine = sourceLine
        self.updatedAt = updatedAt
    }

    /// Equal content regardless of where in the file it was read.
    public func sameContent(as other: IncomingOrder) -> Bool {
        var a = self, b = other
        a.sourceLine = 0; b.sourceLine = 0
        a.updatedAt = nil; b.updatedAt = nil
        return a == b
    }
}

public struct IncomingCustomer: Hashable, Sendable {
    /// The source's customer id (Shopify customer id, or the CSV customer_id); nil for guest checkouts.
    public var externalID: String?
    public var email: String?
    public var firstName: String?
    public var lastName: String?
    public var phone: String?

    public init(externalID: String? = nil, email: String? = nil, firstName: String? = nil, lastName: String? = nil,
                phone: String? = nil) {
        self.externalID = externalID
        self.email = email
        self.firstName = firstName
        self.lastName = lastName
        self.phone = phone
    }
}

public struct IncomingRefund: Hashable, Sendable {
    public var externalID: String
    public var createdAt: UnixTime
    /// The refunded part of the points-eligible amount (refunded line items' subtotal).
    public var amount: DecimalAmount

    public init(externalID: String, createdAt: UnixTime, amount: DecimalAmount) {
        self.externalID = externalID
        self.createdAt = createdAt
        self.amount = amount
    }
}

/// A customer row from `import customers`.
public struct IncomingCustomerRecord: Hashable, Sendable {
    public var email: String
    public var firstName: String?
    public var lastName: String?
    public var phone: String?
    /// `YYYY-MM-DD`; the year may be 0004 or similar when unknown, only month and day matter.
    public var birthday: String?
    public var openingPoints: Int64?
    public var sourceLine: Int

    public init(email: String, firstName: String? = nil, lastName: String? = nil, phone: String? = nil,
                birthday: String? = nil, openingPoints: Int64? = nil, sourceLine: Int = 0) {
        self.email = email
        self.firstName = firstName
        self.lastName = lastName
        self.phone = phone
        self.birthday = birthday
        self.openingPoints = openingPoints
        self.sourceLine = sourceLine
    }
}

/// One reason a line of an input file was refused. `line` is 1-based; `field` is the column or JSON path.
public struct LineError: Error, Hashable, Sendable, Codable, CustomStringConvertible {
    public var line: Int
    public var field: String?
    public var message: String

    public init(line: Int, field: String? = nil, message: String) {
        self.line = line
        self.field = field
        self.message = message
    }

    public var description: String {
        "line \(line)" + (field.map { ", field \($0)" } ?? "") + ": " + message
    }
}
