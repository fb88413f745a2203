import Foundation
import GRDBSQLite
import LoyaltyCore

extension RFMSegment {
    private static let staticKeys: [StaticText] = allCases.map { StaticText($0.rawValue) }

    /// Position in the grid order (`allCases`), for per-segment arrays.
    var ordinal: Int {
        switch self {
        case .champions: 0
        case .loyalCustomers: 1
        case .potentialLoyalists: 2
        case .newCustomers: 3
        case .promising: 4
        case .needAttention: 5
        case .aboutToSleep: 6
        case .atRisk: 7
        case .cantLoseThem: 8
        case .hibernating: 9
        }
    }

    /// The key for binding without a copy (a recompute binds a million or two of them).
    var staticKey: StaticText { Self.staticKeys[ordinal] }

    private static let keyBytes: [(RFMSegment, [UInt8])] = allCases.map { ($0, Array($0.rawValue.utf8)) }

    /// The segment whose key is column `index` of the row SQLite is on; nil for NULL or an unknown key. Compares
    /// bytes instead of building a String (a million rows are read per recompute).
    static func column(_ row: OpaquePointer, _ index: Int32) -> RFMSegment? {
        guard let text = sqlite3_column_text(row, index) else { return nil }
        let count = Int(sqlite3_column_bytes(row, index))
        for (segment, bytes) in keyBytes where bytes.count == count {
            if bytes.withUnsafeBufferPointer({ memcmp($0.baseAddress!, text, count) == 0 }) { return segment }
        }
        return nil
    }
}
