import ArgumentParser
import Foundation
import LoyaltyCore
import LoyaltyStore

@main
struct LoyalNest: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "loyalnest",
        abstract: "A Shopify loyalty program from the terminal: dashboard, points ledger, rewards, imports and checks.",
        discussion: "Exit codes: 0 success, 1 a check failed, 2 bad usage or bad input.",
        version: "0.1.0",
        subcommands: [DashboardCommand.self, OverviewCommand.self, DemoCommand.self, MerchantCommand.self, OperatorCommand.self, ImportCommand.self,
                      CustomerCommand.self, PointsCommand.self, RewardCommand.self, TiersCommand.self, CampaignsCommand.self, ReferralsCommand.self, WhatIfCommand.self, RedeemCommand.self,
                      RedemptionCommand.self, RFMCommand.self, ChurnCommand.self, ExportCommand.self, DoctorCommand.self, SyncCommand.self, WebhooksCommand.self,
                      SimulatorCommand.self, BenchCommand.self])

    /// Maps every failure onto the documented exit codes (ArgumentParser alone would use 64 for usage errors).
    static func main() {
        do {
            var command = try parseAsRoot(hoistingGlobalOptions(Array(CommandLine.arguments.dropFirst())))
            try command.run()
        } catch let code as ExitCode {
            Foundation.exit(code.rawValue)
        } catch let error as StoreError {
            fail(error.description)
        } catch let error as ImportRejected {
            for line in error.report.errors { printError("\(error.report.source): \(line)") }
            if error.report.rejected > error.report.errors.count {
                printError("\(error.report.source): … and \(error.report.rejected - error.report.errors.count) more refused lines")
            }
            fail(error.description)
        } catch let error as CLIError {
            fail(error.message)
        } catch {
            if exitCode(for: error) == .success { exit(withError: error) }
            if error is DecodingError || error is CocoaError || "\(type(of: error))".contains("DatabaseError") {
                fail("\(error)")
            }
            printError(fullMessage(for: error))
            Foundation.exit(2)
        }
    }

    /// `loyalnest --db X customer show 1`: ArgumentParser only knows options on the command that declares them,
    /// so global options written before the subcommand move after it.
    static func hoistingGlobalOptions(_ arguments: [String]) -> [String] {
        let globals: Set<String> = ["--db", "--merchant", "--operator"]
        var leading: [String] = []
        var rest = arguments[...]
        while let first = rest.first, first.hasPrefix("--") {
            let name = String(first.split(separator: "=", maxSplits: 1)[0])
            guard globals.contains(name) else { break }
            leading.append(first)
            rest = rest.dropFirst()
            if !first.contains("="), let value = rest.first {
                leading.append(value)
                rest = rest.dropFirst()
            }
        }
        // `points adjust c1 -20`: a negative number is a value, not a flag. Positional values after `--` fill the
        // remaining positional slots in order, so negative numbers move there.
        let isNegativeNumber = { (token: String) in token.count > 1 && token.first == "-" && Int64(token) != nil }
        var arguments = Array(rest) + leading
        if !arguments.contains("--") {
            let negatives = arguments.filter(isNegativeNumber)
            if !negatives.isEmpty { arguments = arguments.filter { !isNegativeNumber($0) } + ["--"] + negatives }
        }
        return arguments
    }

    static func fail(_ message: String) -> Never {
        printError("loyalnest: " + message)
        Foundation.exit(2)
    }
}

struct CLIError: Error {
    var message: String
    init(_ message: String) { self.message = message }
}

func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

/// Options every command that touches the database shares.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Database file.", valueName: "PATH"))
    var db: String?

    @Option(name: .long, help: ArgumentHelp("Shop domain of the merchant to act on (default: the first).", valueName: "SHOP_DOMAIN"))
    var merchant: String?

    @Option(name: .customLong("operator"), help: ArgumentHelp("Operator acting (default: the merchant's owner).", valueName: "NAME"))
    var operatorName: String?

    /// --db, else $LOYALNEST_DB, else $XDG_DATA_HOME/loyalnest/loyalnest.sqlite.
    var databasePath: String {
        if let db { return db }
        let env = ProcessInfo.processInfo.environment
        if let path = env["LOYALNEST_DB"], !path.isEmpty { return path }
        let dataHome = env["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (NSHomeDirectory() + "/.local/share")
        return dataHome + "/loyalnest/loyalnest.sqlite"
    }

    func openStore(create: Bool = false) throws -> LoyaltyStore {
        let path = databasePath
        let folder = (path as NSString).deletingLastPathComponent
        if create, !folder.isEmpty {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
        return try LoyaltyStore(path: path, create: create)
    }

    func session(_ store: LoyaltyStore) throws -> Session {
        try store.session(merchant: merchant ?? ProcessInfo.processInfo.environment["LOYALNEST_MERCHANT"],
                          operator: operatorName ?? ProcessInfo.processInfo.environment["LOYALNEST_OPERATOR"])
    }
}

/// The current time, or $LOYALNEST_NOW (ISO 8601) so scripts and tests can pin it.
enum Clock {
    static func now() throws -> UnixTime {
        try pinned() ?? UnixTime(Date().timeIntervalSince1970)
    }

    /// $LOYALNEST_NOW when set, else nil.
    static func pinned() throws -> UnixTime? {
        guard let pinned = ProcessInfo.processInfo.environment["LOYALNEST_NOW"], !pinned.isEmpty else { return nil }
        guard let time = Timestamp.parse(pinned) else { throw CLIError("LOYALNEST_NOW=\(pinned) is not a date; use e.g. 2026-11-21T12:00:00Z") }
        return time
    }

    /// Parses --as-of: a date (end of that day, UTC) or a timestamp.
    static func asOf(_ text: String?) throws -> UnixTime {
        guard let text else { return try now() }
        guard let time = Timestamp.parse(text) else {
            throw CLIError("--as-of \(text) is not a date; use YYYY-MM-DD or 2026-11-21T12:00:00Z")
        }
        return text.count == 10 ? time + Timestamp.secondsPerDay - 1 : time
    }
}

func printJSON<T: Encodable>(_ value: T) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    print(String(decoding: try encoder.encode(value), as: UTF8.self))
}

func formatPoints(_ points: Int64, signed: Bool = false) -> String {
    let formatter = NumberFormatter()
    formatter.numberStyle = .decimal
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.groupingSeparator = ","
    formatter.usesGroupingSeparator = true
    let text = formatter.string(from: NSNumber(value: points)) ?? String(points)
    return signed && points > 0 ? "+" + text : text
}
