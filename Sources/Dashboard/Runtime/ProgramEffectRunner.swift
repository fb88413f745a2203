import Dispatch
import Foundation
import LoyaltyCore
import LoyaltyStore
import TerminalUI

/// Latest-value mailboxes for the program screens' answers, one per kind.
final class ProgramMailboxes: Sendable {
    let points = Mailbox<Result<PointsData, DashboardError>>()
    let tiers = Mailbox<Result<TiersData, DashboardError>>()
    let campaigns = Mailbox<Result<CampaignsData, DashboardError>>()
    let referrals = Mailbox<(ReferralInfo.Status?, Result<ReferralsData, DashboardError>)>()
    let whatIf = Mailbox<(Int, Result<WhatIfReport, DashboardError>)>()

    func drain() -> [Msg] {
        var messages: [ProgramMsg] = []
        if let r = points.take() { messages.append(.pointsLoaded(r)) }
        if let r = tiers.take() { messages.append(.tiersLoaded(r)) }
        if let r = campaigns.take() { messages.append(.campaignsLoaded(r)) }
        if let (s, r) = referrals.take() { messages.append(.referralsLoaded(status: s, r)) }
        if let (t, r) = whatIf.take() { messages.append(.whatIfLoaded(token: t, r)) }
        return messages.map { .program($0) }
    }
}

extension EffectRunner {
    func runProgram(_ effect: ProgramEffect) {
        let store = store, session = session, clock = clock, mailboxes = mailboxes.program
        switch effect {
        case .loadPoints:
            programQueue.async {
                mailboxes.points.post(Self.catching {
                    PointsData(settings: try Self.settings(store, session), rewards: try store.rewards(session))
                })
            }
        case .loadTiers:
            programQueue.async {
                mailboxes.tiers.post(Self.catching {
                    let settings = try Self.settings(store, session)
                    let zone = LocalTime.zone(settings.settings.timeZone) ?? TimeZone(identifier: "UTC")!
                    return TiersData(settings: settings, tiers: try store.tiers(session),
                                     distribution: try store.tierDistribution(session),
                                     movement: try store.tierMovement(session, since: Self.monthStart(clock(), zone)))
                })
            }
        case .loadCampaigns:
            programQueue.async {
                mailboxes.campaigns.post(Self.catching {
                    let now = clock()
                    let campaigns = try store.campaigns(session, now: now)
                    var reports: [Int64: CampaignReport] = [:]
                    for campaign in campaigns { reports[campaign.id] = try store.campaignReport(session, id: campaign.id) }
                    return CampaignsData(settings: try Self.settings(store, session),
                                         tiers: try store.tiers(session).map(\.definition), campaigns: campaigns,
                                         reports: reports, asOf: now)
                })
            }
        case .loadReferrals(let status):
            programQueue.async {
                let result = Self.catching {
                    ReferralsData(settings: try Self.settings(store, session), funnel: try store.referralFunnel(session),
                                  referrals: try store.referrals(session, status: status))
                }
                mailboxes.referrals.post((status, result))
            }
        case .whatIf(let proposal, let token):
            whatIfQueue.async {
                mailboxes.whatIf.post((token, Self.catching { try WhatIfPreview.run(store, session, proposal, asOf: clock()) }))
            }
        }
    }

    static func settings(_ store: LoyaltyStore, _ session: Session) throws -> SettingsSnapshot {
        let current = try store.settings(session)
        let saved = try store.settingsVersions(session, limit: 1).first { $0.version == current.version }
        return SettingsSnapshot(version: current.version, settings: current.settings, saved: saved)
    }

    /// Local midnight of the first of the month `now` falls in.
    static func monthStart(_ now: UnixTime, _ zone: TimeZone) -> UnixTime {
        var fields = LocalTime.fields(of: now, in: zone)
        fields.day = 1
        fields.hour = 0
        fields.minute = 0
        return LocalTime.resolve(fields, in: zone)
    }
}

/// The one place the dashboard asks the store for a what-if, so pointing it elsewhere is a one-line change.
enum WhatIfPreview {
    /// How many per-customer changes the preview lists.
    static let largest = 20

    static func run(_ store: LoyaltyStore, _ session: Session, _ proposal: WhatIfProposal, asOf: UnixTime) throws -> WhatIfReport {
        try store.whatIf(session, proposal, asOf: asOf, largest: largest)
    }
}
