import Foundation
import GRDBSQLite
import LoyaltyCore

extension RFMSegment {
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
