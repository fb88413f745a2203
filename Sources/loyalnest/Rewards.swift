import ArgumentParser
import Foundation
import LoyaltyCore
import LoyaltyStore

struct RewardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rewards", abstract: "The rewards catalogue: list, show, create, update, delete.",
        subcommands: [List.self, Show.self, Create.self, Update.self, Delete.self], aliases: ["reward"])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List rewards.")
        @OptionGroup var global: GlobalOptions
        @Flag(help: "JSON output.") var json = false

        func run() throws {
            let store = try global.openStore()
            let rewards = try store.rewards(try global.session(store))
            if json { return try printJSON(rewards) }
            for r in rewards { print("\(r.id)\t\(formatPoints(r.pointsCost)) pts\t\(r.kind)\t\(r.active ? "active" : "inactive")\t\(r.name)") }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one reward.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Reward id.") var id: Int64
        @Flag(help: "JSON output.") var json = false

        func run() throws {
            let store = try global.openStore()
            let session = try global.session(store)
            guard let reward = try store.rewards(session).first(where: { $0.id == id }) else { throw StoreError.rewardNotFound(id) }
            if json { return try printJSON(reward) }
            print("reward \(reward.id): \(reward.name) (\(reward.kind), \(reward.active ? "active" : "inactive"))")
            print("cost: \(formatPoints(reward.pointsCost)) pts")
            if let value = reward.valueMinor { print("value: \(Money(minorUnits: value, currency: session.currency))") }
            if let percent = reward.percent { print("percent off: \(percent)") }
            if let product = reward.productID { print("product: \(product)") }
            if reward.minimumOrderMinor > 0 { print("minimum order: \(Money(minorUnits: reward.minimumOrderMinor, currency: session.currency))") }
            if let days = reward.codeValidDays { print("codes valid for \(days) days") }
        }
    }

    struct Fields: ParsableArguments {
        @Option(help: "fixed_amount, percent_off, free_shipping or free_product.") var kind: String?
        @Option(help: "Points it costs.") var cost: Int64?
        @Option(help: "Amount off (fixed_amount), e.g. 5.00.") var amount: String?
        @Option(help: "Percent off (percent_off).") var percent: Int?
        @Option(help: "Product id (free_product).") var product: String?
        @Option(help: "Minimum order amount, e.g. 25.00.") var minOrder: String?
        @Option(help: "Issued codes expire after this many days.") var validDays: Int?
        @Option(help: "active or inactive.") var state: String?

        func apply(to r: inout RewardDefinition, session: Session) throws {
            if let kind {
                guard let parsed = RewardKind(rawValue: kind) else {
                    throw CLIError("--kind \(kind) is not fixed_amount, percent_off, free_shipping or free_product")
                }
                r.kind = parsed
            }
            if let cost { r.pointsCost = cost }
            if let amount { r.valueMinor = try money(amount, option: "--amount", session: session) }
            if let percent { r.percent = percent }
            if let product { r.productID = product }
            if let minOrder { r.minimumOrderMinor = try money(minOrder, option: "--min-order", session: session) }
            if let validDays { r.codeValidDays = validDays }
            if let state {
                guard state == "active" || state == "inactive" else { throw CLIError("--state \(state) is not active or inactive") }
                r.active = state == "active"
            }
        }

        func money(_ text: String, option: String, session: Session) throws -> Int64 {
            guard case .success(let parsed) = DecimalAmount.parse(text), let minor = parsed.minorUnits(in: session.currency) else {
                throw CLIError("\(option) \(text) is not an amount in \(session.currency.code)")
            }
            return minor
        }
    }

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a reward (staff and above).", aliases: ["add"])
        @OptionGroup var global: GlobalOptions
        @Argument var name: String
        @OptionGroup var fields: Fields

        func run() throws {
            guard fields.kind != nil, fields.cost != nil else { throw CLIError("--kind and --cost are required") }
            let store = try global.openStore()
            let session = try global.session(store)
            var definition = RewardDefinition(name: name, kind: .fixedAmount, pointsCost: 0)
            try fields.apply(to: &definition, session: session)
            let reward = try store.addReward(session, definition, now: try Clock.now())
            print("reward \(reward.id) added: \(reward.name), \(formatPoints(reward.pointsCost)) pts")
        }
    }

    struct Update: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Change a reward; only the options given change. Issued codes keep their terms.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Reward id.") var id: Int64
        @Option(help: "New name.") var name: String?
        @OptionGroup var fields: Fields

        func run() throws {
            let store = try global.openStore()
            let session = try global.session(store)
            guard let info = try store.rewards(session).first(where: { $0.id == id }) else { throw StoreError.rewardNotFound(id) }
            var definition = RewardDefinition(info)
            if let name { definition.name = name }
            try fields.apply(to: &definition, session: session)
            let reward = try store.updateReward(session, id: id, definition, now: try Clock.now())
            print("reward \(reward.id) updated: \(reward.name), \(formatPoints(reward.pointsCost)) pts")
        }
    }

    struct Delete: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a reward from the catalogue; issued codes stay valid.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Reward id.") var id: Int64

        func run() throws {
            let store = try global.openStore()
            try store.deleteReward(try global.session(store), id: id, now: try Clock.now())
            print("reward \(id) deleted")
        }
    }
}

extension RewardDefinition {
    init(_ info: RewardInfo) {
        self.init(name: info.name, kind: RewardKind(rawValue: info.kind) ?? .fixedAmount, pointsCost: info.pointsCost,
                  valueMinor: info.valueMinor, percent: info.percent, productID: info.productID,
                  minimumOrderMinor: info.minimumOrderMinor, active: info.active, codeValidDays: info.codeValidDays)
    }
}
