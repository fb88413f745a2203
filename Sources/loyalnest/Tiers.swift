import ArgumentParser
import Foundation
import LoyaltyCore
import LoyaltyStore

struct TiersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tiers", abstract: "VIP tiers: list, show, create, update, delete.",
        subcommands: [List.self, Show.self, Create.self, Update.self, Delete.self, Recalc.self, Assign.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the tiers, lowest threshold first, with member counts.")
        @OptionGroup var global: GlobalOptions
        @Flag(help: "JSON output.") var json = false

        func run() throws {
            let store = try global.openStore()
            let session = try global.session(store)
            let tiers = try store.tiers(session)
            if json { return try printJSON(tiers) }
            let policy = try store.settings(session).settings.tiers
            print("basis \(policy.basis.rawValue), window \(policy.window.rawValue), downgrade \(policy.downgrade.rawValue)")
            if tiers.isEmpty { print("no tiers yet: `loyalnest tiers create KEY --name NAME --threshold N` adds one") }
            for tier in tiers {
                print("\(tier.key)\t\(TierThreshold.format(tier.definition.threshold, basis: policy.basis, session: session))\t×\(tier.definition.multiplier)\t\(formatPoints(Int64(tier.members))) members\t\(tier.definition.name.text(for: "en"))")
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one tier.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Tier key.") var key: String
        @Flag(help: "JSON output.") var json = false

        func run() throws {
            let store = try global.openStore()
            let session = try global.session(store)
            let tier = try store.tier(session, key: key)
            if json { return try printJSON(tier) }
            let basis = try store.settings(session).settings.tiers.basis
            print("tier \(tier.key): \(tier.definition.name.text(for: "en"))")
            print("threshold: \(TierThreshold.format(tier.definition.threshold, basis: basis, session: session))")
            print("multiplier: ×\(tier.definition.multiplier)")
            print("entry reward: \(formatPoints(tier.definition.entryRewardPoints)) pts")
            print("members: \(formatPoints(Int64(tier.members)))")
            for (language, text) in tier.definition.name.values.sorted(by: { $0.key < $1.key }) { print("name[\(language)]: \(text)") }
            for (language, text) in tier.definition.perks.values.sorted(by: { $0.key < $1.key }) { print("perks[\(language)]: \(text)") }
        }
    }

    struct Fields: ParsableArguments {
        @Option(help: "Name in the merchant's default language (English).") var name: String?
        @Option(help: ArgumentHelp("Name in another language (repeatable).", valueName: "LANG=TEXT")) var nameIn: [String] = []
        @Option(help: "Threshold: an amount (spend basis, e.g. 500.00), points, or an order count.") var threshold: String?
        @Option(help: "Earn multiplier, e.g. 1.5.") var multiplier: String?
        @Option(help: "Perks text (English).") var perks: String?
        @Option(help: ArgumentHelp("Perks in another language (repeatable).", valueName: "LANG=TEXT")) var perksIn: [String] = []
        @Option(help: "Points granted on entering the tier.") var entryReward: Int64?

        func apply(to definition: inout TierDefinition, basis: TierBasis, session: Session) throws {
            if let name { definition.name.values["en"] = name }
            try LocalizedOption.merge(nameIn, into: &definition.name, option: "--name-in")
            if let threshold { definition.threshold = try TierThreshold.parse(threshold, basis: basis, session: session) }
            if let multiplier { definition.multiplier = multiplier }
            if let perks { definition.perks.values["en"] = perks }
            try LocalizedOption.merge(perksIn, into: &definition.perks, option: "--perks-in")
            if let entryReward { definition.entryRewardPoints = entryReward }
        }
    }

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a tier (staff and above).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Key: 1–32 of a-z, 0-9, - and _ (e.g. gold).") var key: String
        @OptionGroup var fields: Fields
        @Flag(help: "JSON output.") var json = false

        func run() throws {
            let store = try global.openStore()
            let session = try global.session(store)
            guard fields.threshold != nil else { throw CLIError("--threshold is required: the activity a customer needs to reach tier \(key)") }
            var definition = TierDefinition(key: key, name: LocalizedText(), threshold: 0)
            try fields.apply(to: &definition, basis: try store.settings(session).settings.tiers.basis, session: session)
            let tier = try store.createTier(session, definition, now: try Clock.now())
            if json { return try printJSON(tier) }
            print("tier \(tier.key) created")
        }
    }

    struct Update: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Change a tier; only the options given change (staff and above).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Tier key.") var key: String
        @OptionGroup var fields: Fields
        @Flag(help: "JSON output.") var json = false

        func run() throws {
            let store = try global.openStore()
            let session = try global.session(store)
            var definition = try store.tier(session, key: key).definition
            try fields.apply(to: &definition, basis: try store.settings(session).settings.tiers.basis, session: session)
            let tier = try store.updateTier(session, key: key, definition, now: try Clock.now())
            if json { return try printJSON(tier) }
            print("tier \(tier.key) updated")
        }
    }

    struct Delete: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a tier; its members are re-evaluated (staff and above).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Tier key.") var key: String

        func run() throws {
            let store = try global.openStore()
            try store.deleteTier(try global.session(store), key: key, now: try Clock.now())
            print("tier \(key) deleted")
        }
    }
}

extension TiersCommand {
    struct Recalc: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Recalculate every customer's tier as of a date (the daily job: windows move on, holds and floors end).")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Recalculate as of this date (YYYY-MM-DD, end of day) or instant; default now.") var asOf: String?
        @Flag(help: "JSON output.") var json = false

        func run() throws {
            let store = try global.openStore()
            let report = try store.recalculateTiers(try global.session(store), asOf: try Clock.asOf(asOf))
            if json { return try printJSON(report) }
            print("checked \(formatPoints(Int64(report.customersChecked))) customers: \(formatPoints(Int64(report.movedUp))) moved up, \(formatPoints(Int64(report.movedDown))) moved down")
        }
    }

    struct Assign: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Keep a customer at least in a tier (a manual floor), optionally until a date; --remove takes it away.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Customer id, email, or shop customer id.") var customer: String
        @Argument(help: "Tier key (omit with --remove).") var key: String?
        @Option(help: "The floor ends at this date (YYYY-MM-DD, end of day).") var until: String?
        @Option(help: "Why (recorded in the audit log).") var reason: String
        @Flag(help: "Remove the customer's floor.") var remove = false

        func run() throws {
            guard remove != (key != nil) else { throw CLIError("give a tier key, or --remove (not both)") }
            let store = try global.openStore()
            let session = try global.session(store)
            let id = try store.findCustomer(session, customer).id
            try store.setTierFloor(session, customerID: id, key: key, until: try until.map { try Clock.asOf($0) },
                                   reason: reason, now: try Clock.now())
            print(remove ? "floor removed for customer \(id)" : "customer \(id) kept at least in \(key ?? "")")
        }
    }
}

/// Thresholds read and written in the basis' unit: money for spend, plain numbers for points and orders.
enum TierThreshold {
    static func parse(_ text: String, basis: TierBasis, session: Session) throws -> Int64 {
        switch basis {
        case .spend:
            guard case .success(let amount) = DecimalAmount.parse(text), let minor = amount.minorUnits(in: session.currency) else {
                throw CLIError("--threshold \(text) is not an amount in \(session.currency.code) (e.g. 500.00); the tier basis is spend")
            }
            return minor
        case .pointsEarned, .orderCount:
            guard let value = Int64(text.trimmingCharacters(in: .whitespaces)), value >= 0 else {
                throw CLIError("--threshold \(text) is not a whole number of \(basis == .orderCount ? "orders" : "points")")
            }
            return value
        }
    }

    static func format(_ value: Int64, basis: TierBasis, session: Session) -> String {
        switch basis {
        case .spend: return Money(minorUnits: value, currency: session.currency).description
        case .pointsEarned: return "\(formatPoints(value)) pts"
        case .orderCount: return "\(formatPoints(value)) orders"
        }
    }
}

/// `--name-in ja=ゴールド` style options.
enum LocalizedOption {
    static func merge(_ options: [String], into text: inout LocalizedText, option: String) throws {
        for item in options {
            guard let equals = item.firstIndex(of: "=") else {
                throw CLIError("\(option) \(item): write LANG=TEXT, e.g. \(option) ja=ゴールド")
            }
            text.values[String(item[..<equals])] = String(item[item.index(after: equals)...])
        }
    }
}

enum TierText {
    /// "tier: Gold since 2026-02-01 (until 2027-12-31) · 120.00 USD to Platinum (76 %) · 0.00 USD more to keep it"
    static func line(_ t: CustomerTierInfo, currency: Currency) -> String {
        func amount(_ v: Int64) -> String {
            switch t.basis {
            case .spend: return Money(minorUnits: v, currency: currency).description
            case .pointsEarned: return "\(formatPoints(v)) pts"
            case .orderCount: return "\(formatPoints(v)) orders"
            }
        }
        var text = "tier: " + (t.tierName ?? "none")
        if let since = t.since, t.tierKey != nil { text += " since \(Timestamp.date(since))" }
        if let until = t.expiresAt { text += " (until \(Timestamp.date(until)))" }
        if let floor = t.floor { text += " [kept at least \(floor.tierKey)" + (floor.until.map { " until \(Timestamp.date($0))" } ?? "") + "]" }
        if let next = t.nextTierName, let needed = t.neededForNext { text += " · \(amount(needed)) to \(next) (\(t.percentToNext) %)" }
        if t.tierKey != nil { text += " · \(amount(t.neededToRetain)) more to keep it" }
        return text
    }
}
