import Foundation
import GRDB
import LoyaltyCore

/// Lifecycle campaigns "on entering an RFM segment" (docs/decisions/0071), run in a recompute's transaction once its
/// segment changes are written: every customer whose rfm_segment_changes row of the recompute's day takes them into
/// a segment they were not in (from another segment or from none) is offered to the campaign engine, which checks
/// the trigger, the window and status at the recompute's as-of time, the tier condition and the per-customer limit.
/// Each award is a campaign_bonus entry and a campaign_awards row whose idempotency key names the campaign, the
/// customer, the segment entered and the day, so a second recompute on the same day never pays the entry again.
struct SegmentEntryAwards {
    let db: Database
    let session: Session
    let program: CompiledProgram

    struct Outcome: Equatable {
        var awards = 0
        var points: Int64 = 0
    }

    func fire(day: Int64, at time: UnixTime) throws -> Outcome {
        guard let campaigns = program.campaigns, !campaigns.triggerSegments.isEmpty else { return Outcome() }
        let merchantID = session.merchant.id
        let ledger = LedgerWriter(db: db, merchantID: merchantID)
        let awards = CampaignAwards(db: db)
        // Only entries into a segment some campaign fires on (a day after a long pause can move most customers);
        // redacted customers get no marketing awards, their segment history stays.
        let segments = campaigns.triggerSegments.sorted()
        let entries = try Row.fetchAll(db, sql: """
            SELECT ch.customer_id, ch.from_segment, ch.to_segment, c.tier_key
            FROM rfm_segment_changes ch JOIN customers c ON c.id = ch.customer_id
            WHERE ch.merchant_id = ? AND ch.day = ? AND ch.from_segment IS NOT ch.to_segment
              AND ch.to_segment IN (\(Array(repeating: "?", count: segments.count).joined(separator: ",")))
              AND c.redacted_at IS NULL
            ORDER BY ch.customer_id
            """, arguments: StatementArguments([merchantID, day]) + StatementArguments(segments))
        var outcome = Outcome()
        for row in entries {
            let customerID: Int64 = row["customer_id"]
            let segment: String = row["to_segment"]
            let fired = campaigns.lifecycleAwards(
                for: .segmentChanged(from: row["from_segment"], to: segment),
                customer: CampaignCustomerContext(at: time, tierKey: row["tier_key"], segmentKey: segment,
                                                  awardsSoFar: try awards.counts(customerID: customerID)))
            for bonus in fired where bonus.points > 0 {
                let key = "loyalnest:\(merchantID):campaign:\(bonus.campaignID):customer:\(customerID):segment:\(segment):day:\(day)"
                let name = RFMSegment(rawValue: segment)?.defaultName ?? segment
                guard let entryID = try ledger.credit(customerID: customerID, NewEntry(
                    kind: .campaignBonus, points: bonus.points, createdAt: time,
                    expiresAt: program.settings.expiry.expiresAt(earnedAt: time), operatorID: session.actor.id, key: key,
                    explanation: "\(bonus.points) pts from \(bonus.label) for entering \(name) (rules v\(program.settingsVersion))",
                    settingsVersion: program.settingsVersion, campaignID: bonus.campaignID)) else { continue }
                try awards.record(merchantID: merchantID, campaignID: bonus.campaignID, customerID: customerID, orderID: nil,
                                  entryID: entryID, points: bonus.points, revenueMinor: 0, at: time, key: key)
                outcome.awards += 1
                outcome.points += bonus.points
            }
        }
        return outcome
    }
}
