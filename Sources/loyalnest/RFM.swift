import ArgumentParser
import Foundation
import LoyaltyCore
import LoyaltyStore

struct RFMCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rfm",
        abstract: "RFM scores and segments: show them, recompute and store them, the segment migration between two dates.",
        discussion: """
            Without --as-of, `rfm` shows the stored figures of the last `rfm recompute` (customers who ordered since \
            are updated at once and carry a later as-of time); before the first recompute, and with --as-of, it \
            computes them from the orders without storing anything. Scores are 1-5 from quintile breakpoints over \
            the merchant's customers with an order; equal values always score the same. With one customer, or all \
            customers identical, every breakpoint equals their values: R 5, F 1, M 1 (New Customers).
            """,
        subcommands: [Show.self, Recompute.self, Migration.self, Rename.self, WhatIf.self, Settings.self],
        defaultSubcommand: Show.self)

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "One row per customer: customer_id, recency_days, frequency, monetary, r, f, m, segment.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Compute as of this date (YYYY-MM-DD: the end of that day in the shop's time zone) or time, without storing.")
        var asOf: String?
        @Flag(help: "JSON output.") var json = false
        @Flag(help: "CSV output (the same as `export rfm`).") var csv = false

        func run() throws {
            guard !(json && csv) else { throw CLIError("choose one of --json and --csv") }
            let store = try global.openStore()
            let session = try global.session(store)
            let now = try Clock.now()
            let table = try store.rfmTable(session, asOf: try asOf.map { try RFMDates.asOf($0, session: session) }, now: now)
            if csv {
                try RFMCSV.write(table, currency: session.currency) { RFMOutput.write($0) }
                return
            }
            if json { return RFMOutput.json(table, session: session) }
            RFMOutput.text(table, session: session)
        }
    }

    struct Recompute: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Recompute and store every customer's scores and segment, the day's segment snapshot and changes, and refit the churn model.",
            discussion: "Staff and above. The as-of date cannot be after today, nor before the last recompute's.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "As of this date (YYYY-MM-DD: the end of that day in the shop's time zone) or time; default now.")
        var asOf: String?
        @Flag(help: "Only when the last recompute is from an earlier day in the shop's time zone (the daily job, for cron); otherwise print that nothing was due.")
        var ifDue = false
        @Flag(help: "JSON output.") var json = false

        func validate() throws {
            if ifDue, asOf != nil { throw ValidationError("--if-due recomputes as of now; leave out --as-of") }
        }

        func run() throws {
            let store = try global.openStore()
            let session = try global.session(store)
            let now = try Clock.now()
            let done: RFMRefreshReport
            if ifDue {
                guard let ran = try store.recomputeRFMIfDue(session, now: now) else {
                    if json { return try printJSON(["due": false]) }  // the only key when nothing ran
                    return print("RFM is up to date (recomputed today, or the shop has no orders): nothing to do")
                }
                done = ran
                if json { return try printJSON(RecomputeJSON(rfm: done.rfm, churn: done.churn, due: true)) }
            } else {
                let asOf = try self.asOf.map { try RFMDates.asOf($0, session: session) } ?? now
                done = try store.refreshRFM(session, asOf: asOf, now: now)
            }
            let report = done.rfm, churn = done.churn
            if json { return try printJSON(RecomputeJSON(rfm: report, churn: churn)) }
            let names = try store.rfmSegmentNames(session)
            print("RFM recomputed as of \(Timestamp.iso8601(report.asOf)) (day \(report.day)): \(formatPoints(Int64(report.customers))) customers, \(formatPoints(Int64(report.segmentChanges))) segment changes")
            if report.lifecycleAwards > 0 { print("segment entry campaigns: \(formatPoints(Int64(report.lifecycleAwards))) awards, \(formatPoints(report.lifecyclePoints)) points") }
            for count in report.segments where count.customers > 0 {
                print("  \(RFMOutput.left(names.name(for: count.segment), 20))\(RFMOutput.right(formatPoints(Int64(count.customers)), 10))  \(Money.format(minorUnits: count.revenueMinor, exponent: session.currency.exponent)) \(session.merchant.currency)")
            }
            ChurnOutput.fitLines(churn.latest.flatMap { $0.converged ? $0 : churn.lastGood }, failed: churn.failedLatest).forEach { print($0) }
        }
    }

    struct RecomputeJSON: Encodable {
        var rfm: RFMRecomputeReport
        var churn: ChurnFitStatus
        /// Only with --if-due (false: nothing was due, and nothing else is printed).
        var due: Bool? = nil
    }
}

/// --as-of and migration dates, read in the shop's time zone.
enum RFMDates {
    /// YYYY-MM-DD: the last second of that day in the shop's zone; anything else: a timestamp.
    static func asOf(_ text: String, session: Session) throws -> UnixTime {
        if let day = day(text) {
            let zone = TimeZone(identifier: session.merchant.timeZone) ?? TimeZone(identifier: "UTC")!
            let (y, m, d) = Timestamp.components((day + 1) * Timestamp.secondsPerDay)
            return LocalTime.resolve(LocalTime.Fields(year: y, month: m, day: d), in: zone) - 1
        }
        guard text.count > 10, let time = Timestamp.parse(text) else {
            throw CLIError("--as-of \(text) is not a date; use YYYY-MM-DD or 2026-11-21T12:00:00Z")
        }
        return time
    }

    /// YYYY-MM-DD as days since 1970-01-01, nil for anything else.
    static func day(_ text: String) -> Int64? {
        guard text.count == 10, LocalTime.parse(text) != nil, let t = Timestamp.parse(text) else { return nil }
        return t / Timestamp.secondsPerDay
    }

    static func date(_ day: Int64) -> String { Timestamp.date(day * Timestamp.secondsPerDay) }
}
