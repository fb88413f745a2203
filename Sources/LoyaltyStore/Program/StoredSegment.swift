import GRDB

/// The RFM segment key a customer holds now: customer_rfm.segment, written by `rfm recompute` and updated after each
/// order batch (RFMIncremental). nil before the merchant's first recompute, for a customer without a counted order,
/// and for one whose orders were all voided; a campaign's segment condition is then not met (docs/decisions/0071).
struct StoredSegment {
    let db: Database

    func key(customerID: Int64) throws -> String? {
        try String.fetchOne(db.cachedStatement(sql: "SELECT segment FROM customer_rfm WHERE customer_id = ?"),
                            arguments: [customerID])
    }
}
