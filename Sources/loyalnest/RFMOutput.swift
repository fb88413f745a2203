import Foundation
import LoyaltyCore
import LoyaltyStore

/// `rfm` as text and as JSON. The JSON is written row by row: a million customers through JSONEncoder at once
/// would hold the whole document in memory.
enum RFMOutput {
    static func source(_ table: RFMTable) -> String {
        switch table.source {
        case .stored(let run): "stored by the recompute of \(Timestamp.iso8601(run.computedAt))"
        case .computed: "computed from the orders, not stored"
        }
    }

    static func text(_ table: RFMTable, session: Session) {
        print("RFM as of \(Timestamp.iso8601(table.asOf)) (\(source(table))): \(formatPoints(Int64(table.rows.count))) customers, M = \(table.monetaryMeasure == .totalSpent ? "total spent" : "average order value") in \(session.merchant.currency)")
        if table.rows.isEmpty { return print("no customer has an order as of this date") }
        if let b = table.breakpoints {
            print("breakpoints (20/40/60/80 %): recency days \(numbers(b.recencyDays.values)), frequency \(numbers(b.frequency.values)), monetary \(numbers(b.monetary.values.map { $0 / pow(10, Double(session.currency.exponent)) }))")
        }
        let width = min(24, max(11, table.rows.reduce(0) { max($0, ($1.externalID ?? "").count) }))
        print(left("customer_id", width) + right("recency_days", 14) + right("frequency", 11) + right("monetary", 14) + "  r f m  segment")
        var out = ""
        for row in table.rows {
            out += left(row.externalID ?? "#\(row.customerID)", width) + right(String(row.recencyDays), 14)
                + right(String(row.frequency), 11)
                + right(Money.format(minorUnits: row.monetary, exponent: session.currency.exponent), 14)
                + "  \(row.scores.r) \(row.scores.f) \(row.scores.m)  \(table.names.name(for: row.segment))\n"
            if out.utf8.count > 1 << 20 { flush(&out) }
        }
        flush(&out)
    }

    static func json(_ table: RFMTable, session: Session) {
        let exponent = session.currency.exponent
        var out = "{\n"
        out += "  \"merchant\" : \(quoted(session.merchant.shopDomain)),\n  \"currency\" : \(quoted(session.merchant.currency)),\n"
        out += "  \"asOf\" : \(quoted(Timestamp.iso8601(table.asOf))),\n"
        switch table.source {
        case .stored(let run): out += "  \"source\" : \"stored\",\n  \"recomputedAt\" : \(quoted(Timestamp.iso8601(run.computedAt))),\n"
        case .computed: out += "  \"source\" : \"computed\",\n  \"recomputedAt\" : null,\n"
        }
        out += "  \"monetaryMeasure\" : \(quoted(table.monetaryMeasure.rawValue)),\n"
        if let b = table.breakpoints {
            out += "  \"breakpoints\" : { \"recencyDays\" : [\(numbers(b.recencyDays.values, separator: ", "))], \"frequency\" : [\(numbers(b.frequency.values, separator: ", "))], \"monetaryMinor\" : [\(numbers(b.monetary.values, separator: ", "))] },\n"
        } else {
            out += "  \"breakpoints\" : null,\n"
        }
        out += "  \"customers\" : ["
        for (i, row) in table.rows.enumerated() {
            out += i == 0 ? "\n" : ",\n"
            out += "    { \"customerID\" : \(row.externalID.map(quoted) ?? "null"), \"id\" : \(row.customerID), "
                + "\"recencyDays\" : \(row.recencyDays), \"frequency\" : \(row.frequency), "
                + "\"monetary\" : \(quoted(Money.format(minorUnits: row.monetary, exponent: exponent))), \"monetaryMinor\" : \(row.monetary), "
                + "\"r\" : \(row.scores.r), \"f\" : \(row.scores.f), \"m\" : \(row.scores.m), "
                + "\"segment\" : \(quoted(row.segment.key)), \"segmentName\" : \(quoted(table.names.name(for: row.segment))), "
                + "\"asOf\" : \(quoted(Timestamp.iso8601(row.asOf))) }"
            if out.utf8.count > 1 << 20 { flush(&out) }
        }
        out += table.rows.isEmpty ? "]\n}\n" : "\n  ]\n}\n"
        flush(&out)
    }

    static func numbers(_ values: [Double], separator: String = " / ") -> String {
        values.map { $0 == $0.rounded() ? String(Int64($0)) : String($0) }.joined(separator: separator)
    }

    /// A JSON string literal.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 { out += String(format: "\\u%04x", scalar.value) } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out + "\""
    }

    /// Writes past `print`'s buffer, so what was printed goes first.
    static func flush(_ text: inout String) {
        write(Data(text.utf8))
        text.removeAll(keepingCapacity: true)
    }

    static func write(_ data: Data) {
        fflush(nil)  // every C stream: `print` writes through stdout's buffer
        FileHandle.standardOutput.write(data)
    }

    static func left(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
    }

    static func right(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(1, width - text.count)) + text
    }
}
