import ArgumentParser
import Foundation
import LoyaltyCore
import LoyaltyStore

struct CampaignsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "campaigns", abstract: "Bonus campaigns: list, show, create, update, delete, launch, pause, resume, end, report.",
        subcommands: [List.self, Show.self, Create.self, Update.self, Delete.self, Launch.self, Pause.self, Resume.self,
                      End.self, Report.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List campaigns with their status now.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Only this status: draft, scheduled, active, paused or ended.") var status: String?
        @Flag(help: "JSON output.") var json = false

        func run() throws {
            let filter = try status.map { raw in
                guard let status = CampaignStatus(rawValue: raw) else {
                    throw CLIError("--status \(raw) is not one of \(CampaignStatus.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                return status
            }
            let store = try global.openStore()
            let campaigns = try store.campaigns(try global.session(store), now: try Clock.now()).filter { filter == nil || $0.status == filter }
            if json { return try printJSON(campaigns) }
            if campaigns.isEmpty { print("no campaigns") }
            for c in campaigns {
                print("\(c.id)\t\(c.status.rawValue)\t\(CampaignText.award(c.definition))\t\(c.definition.startsAt) → \(c.definition.endsAt) \(c.definition.timeZone)\t\(c.definition.name.text(for: "en"))")
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one campaign and its report.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Campaign id.") var id: Int64
        @Flag(help: "JSON output.") var json = false

        func run() throws {
            let store = try global.openStore()
            let session = try global.session(store)
            let campaign = try store.campaign(session, id: id, now: try Clock.now())
            if json { return try printJSON(campaign) }
            let d = campaign.definition
            print("campaign \(campaign.id): \(d.name.text(for: "en")) (\(campaign.status.rawValue))")
            print("award: \(CampaignText.award(d))")
            print("window: \(d.startsAt) → \(d.endsAt) \(d.timeZone) (\(Timestamp.iso8601(campaign.window.start)) → \(Timestamp.iso8601(campaign.window.end)))")
            print("conditions: \(CampaignText.conditions(d.conditions, session: session))")
            if let cap = d.maxAwardsPerCustomer { print("at most \(cap) awards per customer") }
            try CampaignText.printReport(try store.campaignReport(session, id: id), session: session)
        }
    }

    struct Fields: ParsableArguments {
        @Option(help: "Name (English).") var name: String?
        @Option(help: ArgumentHelp("Name in another language (repeatable).", valueName: "LANG=TEXT")) var nameIn: [String] = []
        @Option(help: "multiplier, fixed_bonus or lifecycle.") var kind: String?
        @Option(help: "Multiplier for multiplier campaigns, e.g. 2.") var multiplier: String?
        @Option(help: "Points per qualifying order (fixed_bonus) or per trigger (lifecycle).") var bonusPoints: Int64?
        @Option(help: "Lifecycle trigger: segment:KEY, tier:KEY or tier:*.") var trigger: String?
        @Option(help: "Start, local time: YYYY-MM-DD or YYYY-MM-DDTHH:MM (inclusive).") var starts: String?
        @Option(help: "End, local time (exclusive).") var ends: String?
        @Option(help: "IANA time zone of the window (default: the merchant's).") var timeZone: String?
        @Option(help: "Only customers in this RFM segment (repeatable).") var segment: [String] = []
        @Option(help: "Only customers in this tier (repeatable).") var tier: [String] = []
        @Option(help: "Minimum order amount, e.g. 50.00.") var minOrder: String?
        @Flag(help: "Only the customer's first order qualifies.") var firstOrderOnly = false
        @Option(help: "At most this many awards per customer.") var maxAwards: Int?

        func apply(to d: inout CampaignDefinition, session: Session) throws {
            if let name { d.name.values["en"] = name }
            try LocalizedOption.merge(nameIn, into: &d.name, option: "--name-in")
            if let kind {
                guard let parsed = CampaignKind(rawValue: kind) else {
                    throw CLIError("--kind \(kind) is not multiplier, fixed_bonus or lifecycle")
                }
                d.kind = parsed
            }
            if let multiplier { d.multiplier = multiplier }
            if let bonusPoints { d.bonusPoints = bonusPoints }
            if let trigger {
                guard let parsed = LifecycleTrigger(trigger) else {
                    throw CLIError("--trigger \(trigger) is not segment:KEY, tier:KEY or tier:*")
                }
                d.trigger = parsed
            }
            if let starts { d.startsAt = starts }
            if let ends { d.endsAt = ends }
            if let timeZone { d.timeZone = timeZone }
            if !segment.isEmpty { d.conditions.segments = segment }
            if !tier.isEmpty { d.conditions.tiers = tier }
            if let minOrder {
                guard case .success(let amount) = DecimalAmount.parse(minOrder), let minor = amount.minorUnits(in: session.currency) else {
                    throw CLIError("--min-order \(minOrder) is not an amount in \(session.currency.code)")
                }
                d.conditions.minimumOrderMinor = minor
            }
            if firstOrderOnly { d.conditions.firstOrderOnly = true }
            if let maxAwards { d.maxAwardsPerCustomer = maxAwards }
        }
    }

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a campaign as a draft (staff and above); `launch` schedules it.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var fields: Fields
        @Flag(help: "Launch it at once.") var launch = false
        @Flag(help: "JSON output.") var json = false

        func run() throws {
            let store = try global.openStore()
            let session = try global.session(store)
            guard fields.starts != nil, fields.ends != nil else { throw CLIError("--starts and --ends are required") }
            let zone = try store.settings(session).settings.timeZone
            var definition = CampaignDefinition(name: LocalizedText(), kind: .multiplier, startsAt: "", endsAt: "", timeZone: zone)
            try fields.apply(to: &definition, session: session)
            let now = try Clock.now()
            var campaign = try store.createCampaign(session, definition, now: now)
            if launch { campaign = try store.changeCampaign(session, id: campaign.id, .launch, now: now) }
            if json { return try printJSON(campaign) }
            print("campaign \(campaign.id) created (\(campaign.status.rawValue))")
        }
    }

    struct Update: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Change a campaign; only the options given change (not while active: pause it first).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Campaign id.") var id: Int64
        @OptionGroup var fields: Fields
        @Flag(help: "JSON output.") var json = false

        func run() throws {
            let store = try global.openStore()
            let session = try global.session(store)
            let now = try Clock.now()
            var definition = try store.campaign(session, id: id, now: now).definition
            try fields.apply(to: &definition, session: session)
            let campaign = try store.updateCampaign(session, id: id, definition, now: now)
            if json { return try printJSON(campaign) }
            print("campaign \(campaign.id) updated (\(campaign.status.rawValue))")
        }
    }

    struct Delete: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a campaign that never awarded points.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Campaign id.") var id: Int64

        func run() throws {
            let store = try global.openStore()
            try store.deleteCampaign(try global.session(store), id: id, now: try Clock.now())
            print("campaign \(id) deleted")
        }
    }

    struct Launch: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Launch a draft: scheduled until its start, then active.")
        @OptionGroup var action: CampaignActionOptions
        func run() throws { try action.perform(.launch) }
    }

    struct Pause: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Pause a scheduled or active campaign.")
        @OptionGroup var action: CampaignActionOptions
        func run() throws { try action.perform(.pause) }
    }

    struct Resume: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Resume a paused campaign.")
        @OptionGroup var action: CampaignActionOptions
        func run() throws { try action.perform(.resume) }
    }

    struct End: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "End a campaign now (final).")
        @OptionGroup var action: CampaignActionOptions
        func run() throws { try action.perform(.end) }
    }

    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Qualifying orders, points awarded and revenue of a campaign.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Campaign id.") var id: Int64
        @Flag(help: "JSON output.") var json = false

        func run() throws {
            let store = try global.openStore()
            let session = try global.session(store)
            let report = try store.campaignReport(session, id: id)
            if json { return try printJSON(report) }
            try CampaignText.printReport(report, session: session)
        }
    }
}

struct CampaignActionOptions: ParsableArguments {
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Campaign id.") var id: Int64

    func perform(_ action: CampaignAction) throws {
        let store = try global.openStore()
        let campaign = try store.changeCampaign(try global.session(store), id: id, action, now: try Clock.now())
        print("campaign \(campaign.id): \(campaign.status.rawValue)")
    }
}

enum CampaignText {
    static func award(_ d: CampaignDefinition) -> String {
        switch d.kind {
        case .multiplier: return "×\(d.multiplier ?? "?") points"
        case .fixedBonus: return "+\(formatPoints(d.bonusPoints ?? 0)) pts per order"
        case .lifecycle: return "+\(formatPoints(d.bonusPoints ?? 0)) pts on \(d.trigger.map(String.init(describing:)) ?? "?")"
        }
    }

    static func conditions(_ c: CampaignConditions, session: Session) -> String {
        var parts: [String] = []
        if !c.segments.isEmpty { parts.append("segments " + c.segments.joined(separator: ", ")) }
        if !c.tiers.isEmpty { parts.append("tiers " + c.tiers.joined(separator: ", ")) }
        if c.minimumOrderMinor > 0 { parts.append("orders from \(Money(minorUnits: c.minimumOrderMinor, currency: session.currency))") }
        if c.firstOrderOnly { parts.append("first order only") }
        return parts.isEmpty ? "every order" : parts.joined(separator: "; ")
    }

    static func printReport(_ r: CampaignReport, session: Session) throws {
        print("qualifying orders: \(formatPoints(Int64(r.qualifyingOrders))) from \(formatPoints(Int64(r.customers))) customers")
        print("points awarded: \(formatPoints(r.pointsAwarded))")
        print("revenue of those orders: \(Money(minorUnits: r.revenueMinor, currency: session.currency))")
        if r.lifecycleAwards > 0 { print("lifecycle awards: \(formatPoints(Int64(r.lifecycleAwards)))") }
    }
}
