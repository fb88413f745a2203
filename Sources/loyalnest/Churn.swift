import ArgumentParser
import Foundation
import LoyaltyCore
import LoyaltyStore

struct ChurnCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "churn",
        abstract: "Churn risk (BG/NBD): the fitted parameters and, per customer, x, t_x, T, P(alive) and expected purchases.",
        discussion: """
            Time unit: weeks; x counts repeat purchase days (several orders on one day count once). Without --as-of: \
            the stored figures and the last good stored fit (`rfm recompute` refits). With --as-of: summaries and a \
            fit made from the orders for this answer, nothing stored. A fit that does not converge is reported on \
            standard error and the last good parameters are used; with none, P(alive) and expected purchases are empty.
            """)
    @OptionGroup var global: GlobalOptions
    @Option(help: "As of this date (YYYY-MM-DD: the end of that day in the shop's time zone) or time, without storing.")
    var asOf: String?
    @Option(help: "Expected purchases over this many days.") var horizonDays = 90
    @Flag(help: "Only the customers at risk and valuable (P(alive) below the threshold, monetary above twice the average), highest value at risk first.")
    var atRisk = false
    @Flag(help: "JSON output.") var json = false
    @Flag(help: "CSV output.") var csv = false

    func run() throws {
        guard !(json && csv) else { throw CLIError("choose one of --json and --csv") }
        guard (0...36_500).contains(horizonDays) else { throw CLIError("--horizon-days \(horizonDays) is out of range; use 0 to 36500") }
        let store = try global.openStore()
        let session = try global.session(store)
        let now = try Clock.now()
        let report: ChurnReport
        if atRisk {
            guard asOf == nil else { throw CLIError("--at-risk uses the stored figures; leave out --as-of") }
            report = try store.atRiskValuable(session, limit: Int.max, horizonDays: horizonDays, now: now).report
        } else {
            report = try store.churnReport(session, asOf: try asOf.map { try RFMDates.asOf($0, session: session) },
                                           horizonDays: horizonDays, now: now)
        }
        if let failed = report.failedFit {
            let fallback = report.fit.map { "the last good fit, as of \(Timestamp.iso8601($0.asOf)), is used" }
                ?? "there is no earlier good fit, so P(alive) and expected purchases are left empty"
            printError("loyalnest: the churn model did not converge (\(failed.failure ?? "no reason given")); \(fallback)")
        }
        if csv { return ChurnOutput.csv(report) }
        if json { return ChurnOutput.json(report, session: session) }
        ChurnOutput.fitLines(report.fit, failed: nil).forEach { print($0) }
        ChurnOutput.text(report)
    }
}

enum ChurnOutput {
    static func fitLines(_ fit: ChurnFitRecord?, failed: ChurnFitRecord?) -> [String] {
        var lines: [String] = []
        if let fit, let p = fit.parameters {
            lines.append(String(format: "BG/NBD (time unit: weeks): r %.3f, alpha %.3f, a %.3f, b %.3f; log-likelihood %.2f; %d customers; %@",
                                p.r, p.alpha, p.a, p.b, fit.logLikelihood ?? 0, fit.customers,
                                fit.id == nil ? "fitted for this answer as of \(Timestamp.iso8601(fit.asOf))"
                                    : "fit of \(Timestamp.iso8601(fit.fittedAt)), as of \(Timestamp.iso8601(fit.asOf))"))
        } else {
            lines.append("BG/NBD: no fitted parameters yet")
        }
        if let failed {
            lines.append("the new churn fit did not converge (\(failed.failure ?? "no reason given")); the last good parameters stay in use")
        }
        return lines
    }

    static func text(_ report: ChurnReport) {
        let width = min(24, max(11, report.rows.reduce(0) { max($0, ($1.externalID ?? "").count) }))
        print(RFMOutput.left("customer_id", width) + RFMOutput.right("x", 6) + RFMOutput.right("t_x", 10) + RFMOutput.right("T", 10)
              + RFMOutput.right("p_alive", 12) + RFMOutput.right("expected_\(report.horizonDays)d", 16))
        var out = ""
        for row in report.rows {
            out += RFMOutput.left(row.externalID ?? "#\(row.customerID)", width) + RFMOutput.right(String(row.summary.x), 6)
                + RFMOutput.right(fixed(row.summary.tx), 10) + RFMOutput.right(fixed(row.summary.T), 10)
                + RFMOutput.right(number(row.probabilityAlive) ?? "-", 12) + RFMOutput.right(number(row.expectedPurchases) ?? "-", 16) + "\n"
            if out.utf8.count > 1 << 20 { RFMOutput.flush(&out) }
        }
        RFMOutput.flush(&out)
    }

    static func csv(_ report: ChurnReport) {
        var buffer = Data()
        CSVWriter.append(["customer_id", "x", "t_x", "T", "p_alive", "expected_purchases"], to: &buffer)
        for row in report.rows {
            CSVWriter.append([.text(row.externalID ?? ""), .number(String(row.summary.x)), .number(fixed(row.summary.tx)),
                              .number(fixed(row.summary.T)), .number(number(row.probabilityAlive) ?? ""),
                              .number(number(row.expectedPurchases) ?? "")], to: &buffer)
            if buffer.count > 1 << 20 {
                RFMOutput.write(buffer)
                buffer.removeAll(keepingCapacity: true)
            }
        }
        RFMOutput.write(buffer)
    }

    static func json(_ report: ChurnReport, session: Session) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        func encoded(_ fit: ChurnFitRecord?) -> String {
            fit.flatMap { try? encoder.encode($0) }.map { String(decoding: $0, as: UTF8.self) } ?? "null"
        }
        var out = "{\n  \"merchant\" : \(RFMOutput.quoted(session.merchant.shopDomain)),\n"
        out += "  \"asOf\" : \(RFMOutput.quoted(Timestamp.iso8601(report.asOf))),\n"
        if case .stored = report.source { out += "  \"source\" : \"stored\",\n" } else { out += "  \"source\" : \"computed\",\n" }
        out += "  \"timeUnit\" : \"weeks\",\n  \"horizonDays\" : \(report.horizonDays),\n"
        out += "  \"fit\" : \(encoded(report.fit)),\n  \"failedFit\" : \(encoded(report.failedFit)),\n  \"customers\" : ["
        for (i, row) in report.rows.enumerated() {
            out += i == 0 ? "\n" : ",\n"
            out += "    { \"customerID\" : \(row.externalID.map(RFMOutput.quoted) ?? "null"), \"id\" : \(row.customerID), "
                + "\"x\" : \(row.summary.x), \"tx\" : \(row.summary.tx), \"T\" : \(row.summary.T), "
                + "\"pAlive\" : \(number(row.probabilityAlive) ?? "null"), \"expectedPurchases\" : \(number(row.expectedPurchases) ?? "null") }"
            if out.utf8.count > 1 << 20 { RFMOutput.flush(&out) }
        }
        out += report.rows.isEmpty ? "]\n}\n" : "\n  ]\n}\n"
        RFMOutput.flush(&out)
    }

    /// Weeks to 2 decimals (the published CDNOW summaries' precision).
    static func fixed(_ weeks: Double) -> String { String(format: "%.2f", weeks) }

    /// Six significant digits; nil for a missing (or, defensively, non-finite) figure, so NaN is never printed.
    static func number(_ value: Double?) -> String? {
        guard let value, value.isFinite else { return nil }
        return String(format: "%.6g", value)
    }
}
