import ArgumentParser
import Foundation
import LoyaltyCore
import LoyaltyStore

extension RFMCommand {
    struct Migration: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "From-segment × to-segment counts and revenue between two dates, from the stored recomputes.",
            discussion: "A customer's segment on a date is the one the last recompute on or before that date gave them; \"(none)\" is no segment yet (or any more).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The earlier date, YYYY-MM-DD.") var from: String
        @Argument(help: "The later date, YYYY-MM-DD.") var to: String
        @Flag(help: "JSON output.") var json = false

        func run() throws {
            guard let fromDay = RFMDates.day(from) else { throw CLIError("FROM \(from) is not a date; use YYYY-MM-DD") }
            guard let toDay = RFMDates.day(to) else { throw CLIError("TO \(to) is not a date; use YYYY-MM-DD") }
            let store = try global.openStore()
            let session = try global.session(store)
            let report = try store.rfmMigration(session, fromDay: fromDay, toDay: toDay)
            let cells = report.matrix.cells.sorted { order($0.key) < order($1.key) }
            if json {
                return try printJSON(MigrationJSON(
                    from: RFMDates.date(fromDay), to: RFMDates.date(toDay),
                    fromRecompute: report.fromRun.map { RFMDates.date($0.day) }, toRecompute: report.toRun.map { RFMDates.date($0.day) },
                    moved: report.matrix.movedCount,
                    cells: cells.map { MigrationJSON.Cell(from: $0.key.from?.key, to: $0.key.to?.key, customers: $0.value.count,
                                                          revenueMinor: $0.value.revenueMinor) }))
            }
            let exponent = session.currency.exponent
            print("RFM segment migration \(RFMDates.date(fromDay)) → \(RFMDates.date(toDay)) (recomputes of \(report.fromRun.map { RFMDates.date($0.day) } ?? "none") → \(report.toRun.map { RFMDates.date($0.day) } ?? "none")): \(formatPoints(Int64(report.matrix.movedCount))) customers changed segment")
            if report.toRun == nil { printError("no recompute on or before \(RFMDates.date(toDay)) yet: run `loyalnest rfm recompute`") }
            let name = { (s: RFMSegment?) in s.map { report.names.name(for: $0) } ?? "(none)" }
            for (transition, cell) in cells {
                print("  \(RFMOutput.left(name(transition.from), 20)) → \(RFMOutput.left(name(transition.to), 20))\(RFMOutput.right(formatPoints(Int64(cell.count)), 10))  \(Money.format(minorUnits: cell.revenueMinor, exponent: exponent)) \(session.merchant.currency)")
            }
        }

        func order(_ t: RFMMigrationMatrix.Transition) -> (Int, Int) {
            let rank = { (s: RFMSegment?) in s.flatMap { RFMSegment.allCases.firstIndex(of: $0) } ?? RFMSegment.allCases.count }
            return (rank(t.from), rank(t.to))
        }
    }

    /// Every key always present, null for "no segment" and "no recompute".
    struct MigrationJSON: Encodable {
        struct Cell: Encodable {
            var from: String?
            var to: String?
            var customers: Int
            var revenueMinor: Int64

            enum CodingKeys: String, CodingKey { case from, to, customers, revenueMinor }

            func encode(to encoder: Encoder) throws {
                var c = encoder.container(keyedBy: CodingKeys.self)
                try c.encode(from, forKey: .from)
                try c.encode(to, forKey: .to)
                try c.encode(customers, forKey: .customers)
                try c.encode(revenueMinor, forKey: .revenueMinor)
            }
        }
        var from: String
        var to: String
        var fromRecompute: String?
        var toRecompute: String?
        var moved: Int
        var cells: [Cell]

        enum CodingKeys: String, CodingKey { case from, to, fromRecompute, toRecompute, moved, cells }

        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(from, forKey: .from)
            try c.encode(to, forKey: .to)
            try c.encode(fromRecompute, forKey: .fromRecompute)
            try c.encode(toRecompute, forKey: .toRecompute)
            try c.encode(moved, forKey: .moved)
            try c.encode(cells, forKey: .cells)
        }
    }

    struct Rename: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Rename an RFM segment for this shop (staff and above), or give it back its default name.",
            discussion: "Segments: \(RFMSegment.allCases.map(\.key).joined(separator: ", ")).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The segment key, e.g. at_risk.") var segment: String
        @Argument(help: "The new name (at most 40 characters).") var name: String?
        @Flag(help: "Back to the default name.") var reset = false

        func run() throws {
            guard let key = RFMSegment(rawValue: segment) else {
                throw CLIError("\(segment) is not an RFM segment; the keys are \(RFMSegment.allCases.map(\.key).joined(separator: ", "))")
            }
            guard (name == nil) == reset else { throw CLIError("give a NAME, or --reset for the default name") }
            let store = try global.openStore()
            let names = try store.renameRFMSegment(try global.session(store), key, to: name, now: try Clock.now())
            print("\(key.key) is now named \"\(names.name(for: key))\"")
        }
    }

    struct WhatIf: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "what-if",
            abstract: "Which segment a customer would be in after an order of AMOUNT today (against the last recompute's breakpoints).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Customer id, email or shop customer id.") var customer: String
        @Argument(help: "The order amount in the shop's currency, e.g. 49.90.") var amount: String
        @Flag(help: "JSON output.") var json = false

        func run() throws {
            let store = try global.openStore()
            let session = try global.session(store)
            guard case .success(let decimal) = DecimalAmount.parse(amount), let minor = decimal.minorUnits(in: session.currency),
                  minor >= 0 else {
                throw CLIError("\(amount) is not an amount in \(session.merchant.currency); use e.g. 49.90")
            }
            let answer = try store.rfmWhatIf(session, customer: customer, orderAmountMinor: minor, now: try Clock.now())
            let before = answer.before.map { "R\($0.r) F\($0.f) M\($0.m) \(answer.names.name(for: $0.segment))" } ?? "no order yet"
            let after = "R\(answer.after.r) F\(answer.after.f) M\(answer.after.m) \(answer.names.name(for: answer.after.segment))"
            if json {
                return try printJSON(["customerID": answer.externalID ?? "#\(answer.customerID)", "before": before, "after": after,
                                      "beforeSegment": answer.before?.segment.key ?? "", "afterSegment": answer.after.segment.key,
                                      "breakpointsOf": Timestamp.iso8601(answer.run.asOf)])
            }
            print("\(answer.externalID ?? "#\(answer.customerID)") now: \(before)")
            print("after an order of \(Money.format(minorUnits: minor, exponent: session.currency.exponent)) \(session.merchant.currency) today: \(after)")
            print("(scored against the breakpoints of the recompute as of \(Timestamp.iso8601(answer.run.asOf)); the other customers unchanged)")
        }
    }

    struct Settings: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show or change the RFM options: what M measures, and the P(alive) threshold of \"at risk\" (staff and above to change).")
        @OptionGroup var global: GlobalOptions
        @Option(help: "total (total spent) or average (average order value); applies from the next recompute.") var monetary: String?
        @Option(help: "\"At risk and valuable\": P(alive) below this, e.g. 0.5.") var atRiskBelow: Double?
        @Flag(help: "JSON output.") var json = false

        func run() throws {
            let store = try global.openStore()
            let session = try global.session(store)
            var settings = try store.rfmSettings(session)
            if let monetary {
                guard let measure = RFMMonetaryMeasure(rawValue: monetary) else { throw CLIError("--monetary \(monetary): choose total or average") }
                settings.monetaryMeasure = measure
            }
            if let atRiskBelow { settings.atRiskBelow = atRiskBelow }
            if monetary != nil || atRiskBelow != nil { try store.updateRFMSettings(session, settings, now: try Clock.now()) }
            if json { return try printJSON(settings) }
            print("M measures: \(settings.monetaryMeasure == .totalSpent ? "total spent" : "average order value") (\(settings.monetaryMeasure.rawValue))")
            print("at risk: P(alive) below \(settings.atRiskBelow) and monetary above twice the average")
        }
    }
}
