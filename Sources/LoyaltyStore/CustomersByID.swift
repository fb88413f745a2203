import Foundation
import GRDB
import LoyaltyCore

extension LoyaltyStore {
    /// The merchant's customers among `ids`, by id (ids of another merchant, or unknown ones, are left out). For
    /// screens that list customers found elsewhere (the RFM screen's cells and churn list) and show their names.
    public func customers(_ session: Session, ids: [Int64]) throws -> [Int64: CustomerInfo] {
        guard !ids.isEmpty else { return [:] }
        return try read { db in
            var found: [Int64: CustomerInfo] = [:]
            // SQLite's default limit on bound parameters is 32766; a screen asks for a few hundred at most.
            for chunk in stride(from: 0, to: ids.count, by: 500).map({ Array(ids[$0..<min(ids.count, $0 + 500)]) }) {
                let marks = Array(repeating: "?", count: chunk.count).joined(separator: ",")
                for row in try Row.fetchAll(db, sql: "SELECT * FROM customers WHERE merchant_id = ? AND id IN (\(marks))",
                                            arguments: StatementArguments([session.merchant.id] + chunk)) {
                    let customer = CustomerInfo(row: row)
                    found[customer.id] = customer
                }
            }
            return found
        }
    }
}
