import ArgumentParser
import Foundation
import LoyaltyCore
import LoyaltyStore

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "import", abstract: "Import orders or customers, list and undo imports.",
                                                    subcommands: [Orders.self, Customers.self, Undo.self, List.self])

    struct FileOptions: ParsableArguments {
        @Argument(help: "The file to import.") var file: String
        @Flag(help: "Import the valid lines and record the refused ones instead of refusing the whole file.") var skipInvalid = false
        @Flag(help: "JSON summary.") var json = false

        func read() throws -> Data {
            guard FileManager.default.fileExists(atPath: file) else { throw CLIError("\(file): no such file") }
            do { return try MappedFile.read(path: file) } catch {
                throw CLIError("\(file): cannot be read (\(error.localizedDescription))")
            }
        }
    }

    static func printReport(_ report: ImportReport, json: Bool) throws {
        if json { return try printJSON(report) }
        print("batch \(report.batchID.map(String.init) ?? "-") from \(report.source) (\(report.format)): \(report.new) new, \(report.known) already known, \(report.updated) updated, \(report.rejected) rejected" + (report.guests > 0 ? ", \(report.guests) guest orders without customer skipped" : ""))
        print("points posted: \(formatPoints(report.pointsPosted)); customers created: \(report.customersCreated)")
        for error in report.errors { print("skipped \(report.source): \(error)") }
        for warning in report.warnings { print("note \(report.source): \(warning)") }
    }

    struct Orders: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Import orders: CSV (customer_id,order_id,processed_at,total_price[,email,first_name,last_name,currency,financial_status,cancelled_at]) or Shopify order JSON ({\"orders\":[...]}, one order, or JSON Lines).")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var input: FileOptions
        @Option(help: "csv, json or jsonl (default: detected from the content).") var format: String?

        func run() throws {
            var options = ImportOptions(skipInvalid: input.skipInvalid)
            if let format {
                guard let parsed = ImportFileFormat(rawValue: format.lowercased()) else { throw CLIError("--format \(format) is not csv, json or jsonl") }
                options.format = parsed
            }
            let data = try input.read()
            let store = try global.openStore()
            let report = try store.importOrders(try global.session(store), data: data, source: input.file, options: options, now: try Clock.now())
            try store.refreshOverviewCaches()
            try ImportCommand.printReport(report, json: input.json)
        }
    }

    struct Customers: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Import customers: CSV with email[,first_name,last_name,phone,birthday,points]; points is an opening balance.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var input: FileOptions

        func run() throws {
            let data = try input.read()
            let store = try global.openStore()
            let report = try store.importCustomers(try global.session(store), data: data, source: input.file,
                                                   options: ImportOptions(skipInvalid: input.skipInvalid), now: try Clock.now())
            try ImportCommand.printReport(report, json: input.json)
        }
    }

    struct Undo: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Reverse every points entry of an import batch with compensating entries.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The batch id printed by the import.") var batchID: Int64
        @Option(help: "Why (recorded in the ledger and audit log).") var reason: String

        func run() throws {
            let store = try global.openStore()
            let result = try store.undoImport(try global.session(store), batchID: batchID, reason: reason, now: try Clock.now())
            print("batch \(batchID) undone: \(result.entries) entries reversed, \(formatPoints(result.points, signed: true)) points")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List import batches.")
        @OptionGroup var global: GlobalOptions
        @Flag(help: "JSON output.") var json = false

        func run() throws {
            let store = try global.openStore()
            let batches = try store.importBatches(try global.session(store))
            if json { return try printJSON(batches) }
            for b in batches {
                print("\(b.id)\t\(b.kind)\t\(b.status)\t\(Timestamp.iso8601(b.createdAt))\t\(b.new) new\t\(b.known) known\t\(b.rejected) rejected\t\(formatPoints(b.pointsPosted)) pts\t\(b.source)")
            }
        }
    }
}

struct CustomerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "customer", abstract: "Look up customers.", subcommands: [Show.self, CustomerSearchCommand.self])

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Balances and recent ledger (with explanations) of one customer.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Customer id, email, or shop customer id.") var customer: String
        @Option(help: "How many ledger entries to show.") var limit = 20
        @Flag(help: "JSON output.") var json = false

        func run() throws {
            let store = try global.openStore()
            let detail = try store.customerDetail(try global.session(store), query: customer, entryLimit: limit, now: try Clock.now())
            if json { return try printJSON(detail) }
            let c = detail.customer
            print("\(c.displayName)" + (c.email.map { " <\($0)>" } ?? "") + "  (customer \(c.id)" + (c.externalID.map { ", shop id \($0)" } ?? "") + ")")
            let b = detail.balances
            print("points: \(formatPoints(b.available)) available · \(formatPoints(b.pending)) pending · \(formatPoints(b.total)) total · \(formatPoints(b.lifetimeEarned)) lifetime earned" + (b.available < 0 ? " · \(formatPoints(-b.available)) OWED" : ""))
            print("orders: \(c.ordersCount) · spent \(Money.format(minorUnits: c.totalSpentMinor, exponent: Currency(code: detail.currency)?.exponent ?? 2)) \(detail.currency)" + (c.lastOrderAt.map { " · last order \(Timestamp.date($0))" } ?? ""))
            if let tier = try store.customerTier(try global.session(store), customerID: c.id, now: try Clock.now()) {
                print(TierText.line(tier, currency: Currency(code: detail.currency) ?? .usd))
            }
            print("expiring: \(formatPoints(detail.expiring.within30)) within 30 days · \(formatPoints(detail.expiring.within60)) within 60 · \(formatPoints(detail.expiring.within90)) within 90")
            if !detail.redemptions.isEmpty {
                print("redemptions:")
                for r in detail.redemptions { print("  \(r.code)  \(r.status)  \(formatPoints(r.points)) pts  \(r.rewardName)  \(Timestamp.date(r.createdAt))") }
            }
            print("ledger (newest first):")
            for e in detail.entries {
                let undone = e.reversedByID.map { " [undone by #\($0)]" } ?? ""
                let order = e.kind == "earn" ? (e.orderName ?? e.orderExternalID).map { "order \($0): " } ?? "" : ""
                print("  #\(e.id)  \(Timestamp.date(e.createdAt))  \(e.kind.padding(toLength: 17, withPad: " ", startingAt: 0)) \(formatPoints(e.points, signed: true).padding(toLength: 8, withPad: " ", startingAt: 0))  \(order)\(e.explanation)\(undone)")
            }
        }
    }
}

struct PointsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "points", abstract: "Adjust, undo, expire and award points.",
                                                    subcommands: [Adjust.self, Undo.self, Expire.self, Expiring.self, Birthdays.self])

    struct Adjust: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add (+N) or remove (-N) points by hand, with a reason.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Customer id, email, or shop customer id.") var customer: String
        @Argument(help: "Points to add (positive) or remove (negative).") var delta: Int64
        @Option(help: "Why (required; shown in the customer's journey).") var reason: String
        @Option(help: "An idempotency key: repeating the command with the same key posts nothing new.") var key: String?
        @Flag(help: "JSON output.") var json = false

        func run() throws {
            let store = try global.openStore()
            let session = try global.session(store)
            let found = try store.findCustomer(session, customer)
            let entry = try store.adjustPoints(session, customerID: found.id, delta: delta, reason: reason, key: key, now: try Clock.now())
            if json { return try printJSON(entry) }
            let balances = try store.balances(session, customerID: found.id, now: try Clock.now())
            print("entry #\(entry.id): \(entry.explanation)")
            print("\(found.displayName): \(formatPoints(balances.available)) available, \(formatPoints(balances.total)) total")
        }
    }

    struct Undo: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Undo a ledger entry with a compensating entry (undoing a redemption cancels it).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The entry id (see `customer show`).") var entryID: Int64
        @Option(help: "Why (required).") var reason: String
        @Flag(help: "JSON output.") var json = false

        func run() throws {
            let store = try global.openStore()
            let entry = try store.undoEntry(try global.session(store), entryID: entryID, reason: reason, now: try Clock.now())
            if json { return try printJSON(entry) }
            print("entry #\(entry.id) \(formatPoints(entry.points, signed: true)): \(entry.explanation)")
        }
    }

    struct Expire: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Expire points whose time has come (safe to run repeatedly, e.g. daily from cron).")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Run as of this date (YYYY-MM-DD means the end of that day, UTC).") var asOf: String?
        @Flag(help: "JSON output.") var json = false

        func run() throws {
            let store = try global.openStore()
            let report = try store.expirePoints(try global.session(store), asOf: try Clock.asOf(asOf))
            if json { return try printJSON(report) }
            print("as of \(Timestamp.iso8601(report.asOf)): \(formatPoints(report.points)) points expired from \(report.grantsExpired) grants of \(report.customers) customers")
        }
    }

    struct Expiring: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Points expiring within 30, 60 and 90 days (merchant-wide or one customer).")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Customer id, email, or shop customer id.") var customer: String?
        @Flag(help: "JSON output.") var json = false

        func run() throws {
            let store = try global.openStore()
            let session = try global.session(store)
            let customerID = try customer.map { try store.findCustomer(session, $0).id }
            let soon = try store.expiringPoints(session, customerID: customerID, now: try Clock.now())
            if json { return try printJSON(soon) }
            print("expiring within 30 days: \(formatPoints(soon.within30)); 60 days: \(formatPoints(soon.within60)); 90 days: \(formatPoints(soon.within90))")
        }
    }

    struct Birthdays: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Award birthday points for today's (or --as-of's) birthdays, once per year.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Run as of this date.") var asOf: String?

        func run() throws {
            let store = try global.openStore()
            let result = try store.awardBirthdays(try global.session(store), asOf: try Clock.asOf(asOf))
            print("birthday points: \(formatPoints(result.points)) to \(result.customers) customers")
        }
    }
}

struct RedeemCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "redeem", abstract: "Redeem a reward on a customer's behalf; prints the discount code.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Customer id, email, or shop customer id.") var customer: String
    @Argument(help: "Reward id (see `reward list`).") var rewardID: Int64
    @Flag(help: "JSON output.") var json = false

    func run() throws {
        let store = try global.openStore()
        let session = try global.session(store)
        let found = try store.findCustomer(session, customer)
        let redemption = try store.redeem(session, customerID: found.id, rewardID: rewardID, now: try Clock.now())
        if json { return try printJSON(redemption) }
        print("code \(redemption.code) issued for \"\(redemption.rewardName)\" (\(formatPoints(redemption.points)) pts)" + (redemption.expiresAt.map { ", valid until \(Timestamp.date($0))" } ?? ""))
    }
}

struct RedemptionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "redemption", abstract: "Manage issued codes.", subcommands: [Cancel.self])

    struct Cancel: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Cancel an issued code and give its points back.")
        @OptionGroup var global: GlobalOptions
        @Argument var code: String
        @Option(help: "Why (required).") var reason: String

        func run() throws {
            let store = try global.openStore()
            let info = try store.cancelRedemption(try global.session(store), code: code, reason: reason, now: try Clock.now())
            print("code \(info.code) cancelled; \(formatPoints(info.points)) points returned")
        }
    }
}

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "export", abstract: "Export customers, the ledger or the RFM table as CSV (RFC 4180, formula-safe).")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "customers, ledger or rfm.") var what: String
    @Option(help: "Write to this file instead of standard output.") var out: String?

    func run() throws {
        guard let kind = ExportKind(rawValue: what) else { throw CLIError("export \(what): choose customers, ledger or rfm") }
        let store = try global.openStore()
        let session = try global.session(store)
        let handle: FileHandle
        var temporary: String?
        if let out {
            temporary = out + ".partial"
            guard FileManager.default.createFile(atPath: temporary!, contents: nil), let h = FileHandle(forWritingAtPath: temporary!) else {
                throw CLIError("\(out): cannot be written; check the folder exists and is writable")
            }
            handle = h
        } else {
            handle = FileHandle.standardOutput
        }
        let rows = try store.export(session, kind, now: try Clock.now()) { handle.write($0) }
        if let out, let temporary {
            try handle.close()
            _ = try? FileManager.default.removeItem(atPath: out)
            try FileManager.default.moveItem(atPath: temporary, toPath: out)
            printError("\(rows) \(what) rows written to \(out)")
        }
    }
}
