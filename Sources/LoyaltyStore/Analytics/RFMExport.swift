import Foundation
import LoyaltyCore

/// The RFM table as CSV (RFC 4180, formula-safe text cells): `loyalnest rfm --csv` and `loyalnest export rfm`.
public enum RFMCSV {
    public static let header = ["customer_id", "recency_days", "frequency", "monetary", "r", "f", "m", "segment",
                                "segment_name", "as_of"]

    /// Streams the rows to `sink` in chunks of about 1 MiB; returns the number of rows.
    @discardableResult
    public static func write(_ table: RFMTable, currency: Currency, sink: (Data) throws -> Void) throws -> Int {
        var buffer = Data()
        CSVWriter.append(header, to: &buffer)
        for row in table.rows {
            CSVWriter.append([.text(row.externalID ?? ""), .number(String(row.recencyDays)), .number(String(row.frequency)),
                              .number(Money.format(minorUnits: row.monetary, exponent: currency.exponent)),
                              .number(String(row.scores.r)), .number(String(row.scores.f)), .number(String(row.scores.m)),
                              .text(row.segment.key), .text(table.names.name(for: row.segment)),
                              .number(Timestamp.iso8601(row.asOf))], to: &buffer)
            if buffer.count > 1 << 20 {
                try sink(buffer)
                buffer.removeAll(keepingCapacity: true)
            }
        }
        try sink(buffer)
        return table.rows.count
    }
}

extension LoyaltyStore {
    /// `export rfm`: the stored figures (or, before the first recompute, computed as of `now`).
    func exportRFM(_ session: Session, now: UnixTime, sink: (Data) throws -> Void) throws -> Int {
        try RFMCSV.write(try rfmTable(session, asOf: nil, now: now), currency: session.currency, sink: sink)
    }
}
