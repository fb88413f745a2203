import ArgumentParser
import Foundation
import LoyaltyCore
import LoyaltyStore

struct MerchantCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "merchant", abstract: "Add and list merchants (shops).",
                                                    subcommands: [Add.self, List.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a merchant with default program settings and an owner operator.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The shop's myshopify.com domain.") var shopDomain: String
        @Option(help: "Display name.") var name: String?
        @Option(help: "Shop currency (ISO 4217).") var currency = "USD"
        @Option(help: "IANA time zone.") var timeZone = "UTC"
        @Option(help: "Name of the owner operator to create.") var owner = "owner"

        func run() throws {
            let store = try global.openStore(create: true)
            let session = try store.addMerchant(shopDomain: shopDomain, name: name, currency: currency, timeZone: timeZone,
                                                ownerName: owner, now: try Clock.now())
            print("merchant \(session.merchant.shopDomain) added (id \(session.merchant.id)); owner operator: \(session.actor.name)")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List merchants.")
        @OptionGroup var global: GlobalOptions
        @Flag(help: "JSON output.") var json = false

        func run() throws {
            let merchants = try global.openStore().merchants()
            if json { return try printJSON(merchants) }
            for m in merchants { print("\(m.id)\t\(m.shopDomain)\t\(m.currency)\t\(m.timeZone)\t\(m.name)") }
        }
    }
}

struct OperatorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "operator", abstract: "Add and list operators (admins only add).",
                                                    subcommands: [Add.self, List.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add an operator with a role: owner, admin, staff, support, viewer.")
        @OptionGroup var global: GlobalOptions
        @Argument var name: String
        @Option(help: "owner, admin, staff, support or viewer.") var role: String

        func run() throws {
            guard let role = Role(rawValue: role.lowercased()) else {
                throw CLIError("--role \(self.role) is not a role; use owner, admin, staff, support or viewer")
            }
            let store = try global.openStore()
            let created = try store.addOperator(try global.session(store), name: name, role: role, now: try Clock.now())
            print("operator \(created.name) (\(created.role.rawValue)) added")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the merchant's operators.")
        @OptionGroup var global: GlobalOptions

        func run() throws {
            let store = try global.openStore()
            for op in try store.operators(try global.session(store)) { print("\(op.name)\t\(op.role.rawValue)") }
        }
    }
}

struct DoctorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "doctor",
        abstract: "Check every ledger invariant; exit 0 when all hold, 1 otherwise.")
    @OptionGroup var global: GlobalOptions
    @Flag(help: "JSON output.") var json = false

    struct Output: Encodable {
        var ok: Bool
        var database: String
        var checks: [DoctorCheck]
    }

    func run() throws {
        let store = try global.openStore()
        let checks = try store.doctor()
        let ok = checks.allSatisfy(\.ok)
        if json {
            try printJSON(Output(ok: ok, database: store.path, checks: checks))
        } else {
            for check in checks {
                print("\(check.ok ? "ok  " : "FAIL") \(check.name)")
                for problem in check.problems { print("     - \(problem)") }
                if check.problemCount > check.problems.count { print("     … and \(check.problemCount - check.problems.count) more") }
            }
            print(ok ? "all \(checks.count) checks passed" : "\(checks.filter { !$0.ok }.count) of \(checks.count) checks failed; the database is not consistent")
        }
        if !ok { throw ExitCode(1) }
    }
}
