import ArgumentParser
import Foundation
import LoyaltyCore
import LoyaltyStore

struct ReferralsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "referrals",
        abstract: "Referrals: list, show, create (a customer's code), update (the referral settings), delete (a code); record clicks and signups; the funnel.",
        subcommands: [List.self, Show.self, Create.self, Update.self, Delete.self, Click.self, Signup.self, Settle.self, Funnel.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Referrals, newest first, with status and rejection reason.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "signed_up, completed or rejected.") var status: String?
        @Flag(help: "JSON output.") var json = false

        func run() throws {
            let filter = try status.map { raw in
                guard let s = ReferralInfo.Status(rawValue: raw) else { throw CLIError("--status \(raw) is not signed_up, completed or rejected") }
                return s
            }
            let store = try global.openStore()
            let referrals = try store.referrals(try global.session(store), status: filter)
            if json { return try printJSON(referrals) }
            if referrals.isEmpty { print("no referrals") }
            for r in referrals {
                print("\(r.id)\t\(r.code)\t\(r.advocateName) → \(r.friendName)\t\(r.status.rawValue)" + (r.rejectionReason.map { "\t\($0)" } ?? ""))
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A referral code: its owner, clicks and referrals.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Referral code.") var code: String
        @Flag(help: "JSON output.") var json = false

        struct Output: Encodable { var link: ReferralLinkInfo; var referrals: [ReferralInfo] }

        func run() throws {
            let store = try global.openStore()
            let (link, referrals) = try store.referralLink(try global.session(store), code: code)
            if json { return try printJSON(Output(link: link, referrals: referrals)) }
            print("code \(link.code) of customer \(link.customerID): \(link.clicks) clicks, \(referrals.count) referrals")
            for r in referrals { print("  \(r.friendName): \(r.status.rawValue)" + (r.rejectionReason.map { " (\($0))" } ?? "")) }
        }
    }

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Give a customer a referral code (or print the one they have).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Customer id, email, or shop customer id.") var customer: String

        func run() throws {
            let store = try global.openStore()
            let session = try global.session(store)
            let link = try store.referralLink(session, customerID: try store.findCustomer(session, customer).id, now: try Clock.now())
            print(link.code)
        }
    }

    struct Update: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Change the referral settings (a new settings version; admins).")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Points for the advocate.") var advocatePoints: Int64?
        @Option(help: "Points for the friend.") var friendPoints: Int64?
        @Option(help: "The friend's first order must be at least this amount, e.g. 25.00.") var minOrder: String?
        @Option(help: "Rewarded referrals per advocate per week (0 = no limit).") var weeklyLimit: Int?
        @Option(help: "Why (stored with the settings version).") var reason: String

        func run() throws {
            let store = try global.openStore()
            let session = try global.session(store)
            var settings = try store.settings(session).settings
            if let advocatePoints { settings.referralAdvocatePoints = advocatePoints }
            if let friendPoints { settings.referralFriendPoints = friendPoints }
            if let minOrder {
                guard case .success(let amount) = DecimalAmount.parse(minOrder), let minor = amount.minorUnits(in: session.currency) else {
                    throw CLIError("--min-order \(minOrder) is not an amount in \(session.currency.code)")
                }
                settings.referralMinimumOrderMinor = minor
            }
            if let weeklyLimit { settings.referralWeeklyLimit = weeklyLimit }
            let version = try store.updateSettings(session, settings, reason: reason, now: try Clock.now())
            print("referral settings saved as settings version \(version)")
        }
    }

    struct Delete: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Disable a referral code; referrals already made keep their course.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Referral code.") var code: String

        func run() throws {
            let store = try global.openStore()
            try store.disableReferralLink(try global.session(store), code: code, now: try Clock.now())
            print("code \(code.uppercased()) disabled")
        }
    }

    struct Click: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Record a click on a shared code.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Referral code.") var code: String

        func run() throws {
            let store = try global.openStore()
            let link = try store.recordReferralClick(try global.session(store), code: code, now: try Clock.now())
            print("code \(link.code): \(link.clicks) clicks")
        }
    }

    struct Signup: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Record that a customer signed up through a code.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Referral code.") var code: String
        @Option(help: "The friend: customer id, email, or shop customer id.") var friend: String

        func run() throws {
            let store = try global.openStore()
            let session = try global.session(store)
            let referral = try store.recordReferralSignup(session, code: code, friendCustomerID: try store.findCustomer(session, friend).id,
                                                          now: try Clock.now())
            print("referral \(referral.id): \(referral.status.rawValue)" + (referral.rejectionReason.map { " (\($0))" } ?? ""))
        }
    }

    struct Settle: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Complete or reject the referrals whose friend has ordered (the daily job).")
        @OptionGroup var global: GlobalOptions

        func run() throws {
            let store = try global.openStore()
            print("\(try store.settleReferrals(try global.session(store), now: try Clock.now())) referrals settled")
        }
    }

    struct Funnel: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Codes shared → signups → purchases → rewarded, with conversion rates.")
        @OptionGroup var global: GlobalOptions
        @Flag(help: "JSON output.") var json = false

        func run() throws {
            let store = try global.openStore()
            let f = try store.referralFunnel(try global.session(store))
            if json { return try printJSON(f) }
            func rate(_ a: Int, _ b: Int) -> String { ReferralFunnel.rate(a, of: b).map { String(format: "%.1f %%", $0 * 100) } ?? "—" }
            print("shared \(f.shared) (\(f.clicks) clicks) → signups \(f.signups) (\(rate(f.signups, f.shared)) of shared) → purchases \(f.purchases) (\(rate(f.purchases, f.signups))) → rewarded \(f.rewarded) (\(rate(f.rewarded, f.purchases))); rejected \(f.rejected)")
        }
    }
}
