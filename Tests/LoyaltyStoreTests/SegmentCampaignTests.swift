import Foundation
import GRDB
import LoyaltyCore
@testable import LoyaltyStore
import Testing

/// Campaigns that use RFM segments (docs/decisions/0071), against real SQLite: a segment condition is checked against
/// the segment stored for the customer when the order is ingested; lifecycle campaigns "on entering a segment" pay
/// once per customer per entry after a recompute, and never twice for a recompute run again the same day.
@Suite struct SegmentCampaignTests {
    let t0 = StoreHarness.t0
    static let day: Int64 = 86_400

    /// Ten customers with spread-out recency and frequency, so the recompute's quintiles put them in several segments.
    func seed(_ h: StoreHarness) throws {
        var orders: [IncomingOrder] = []
        for c in 0..<10 {
            for n in 0...(c % 5) {
                orders.append(h.order("o\(c)-\(n)", customer: "c\(c)", amount: Int64(2_000 + c * 900),
                                      at: t0 + Int64(c * 3 + n) * Self.day + 3_600))
            }
        }
        try h.importOrders(orders, now: t0 + 40 * Self.day)
    }

    func storedSegments(_ h: StoreHarness) throws -> [String: String] {
        try h.store.read { db in
            var segments: [String: String] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT c.external_id, r.segment FROM customer_rfm r JOIN customers c ON c.id = r.customer_id
                WHERE r.segment IS NOT NULL
                """) {
                segments[row["external_id"]] = row["segment"]
            }
            return segments
        }
    }

    func bonuses(_ h: StoreHarness, campaignID: Int64) throws -> [String: [Int64]] {
        try h.store.read { db in
            var points: [String: [Int64]] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT c.external_id, t.points FROM points_transactions t JOIN customers c ON c.id = t.customer_id
                WHERE t.kind = 'campaign_bonus' AND t.campaign_id = ? ORDER BY t.id
                """, arguments: [campaignID]) {
                points[row["external_id"], default: []].append(row["points"])
            }
            return points
        }
    }

    func launch(_ h: StoreHarness, _ definition: CampaignDefinition) throws -> Int64 {
        let campaign = try h.store.createCampaign(h.owner, definition, now: t0)
        try h.store.changeCampaign(h.owner, id: campaign.id, .launch, now: t0)
        return campaign.id
    }

    func bonusCampaign(segments: [String]) -> CampaignDefinition {
        CampaignDefinition(name: LocalizedText(en: "Segment bonus"), kind: .fixedBonus, bonusPoints: 40, startsAt: "2026-01-01",
                           endsAt: "2027-01-01", timeZone: "UTC", conditions: CampaignConditions(segments: segments))
    }

    func entryCampaign(_ segment: String, maxAwards: Int?) -> CampaignDefinition {
        CampaignDefinition(name: LocalizedText(en: "Welcome to \(segment)"), kind: .lifecycle, bonusPoints: 200,
                           trigger: .enteredSegment(segment), startsAt: "2026-01-01", endsAt: "2027-01-01", timeZone: "UTC",
                           maxAwardsPerCustomer: maxAwards)
    }

    @Test func aSegmentConditionIsMetOnlyByCustomersStoredInTheSegment() throws {
        let h = try StoreHarness()
        try seed(h)
        try h.store.recomputeRFM(h.owner, asOf: t0 + 40 * Self.day, now: t0 + 40 * Self.day)
        let segments = try storedSegments(h)
        let target = try #require(segments["c9"])
        let inside = segments.filter { $0.value == target }.keys.sorted()
        let outside = segments.filter { $0.value != target }.keys.sorted()
        try #require(!outside.isEmpty, "the seed should spread the customers over several segments: \(segments)")
        let campaign = try launch(h, bonusCampaign(segments: [target]))
        let at = t0 + 41 * Self.day
        try h.importOrders((inside + outside).map { h.order("new-\($0)", customer: $0, amount: 5_000, at: at) }, now: at + 60)
        let paid = try bonuses(h, campaignID: campaign)
        #expect(paid == Dictionary(uniqueKeysWithValues: inside.map { ($0, [40]) }))
        let report = try h.store.campaignReport(h.owner, id: campaign)
        #expect(report.qualifyingOrders == inside.count && report.pointsAwarded == Int64(40 * inside.count))
        #expect(try h.allChecksPass())
    }

    @Test func withoutAStoredSegmentTheConditionIsNotMet() throws {
        let h = try StoreHarness()
        try seed(h)
        // Before the merchant's first recompute nobody has a segment: no segment condition can hold.
        let every = try launch(h, bonusCampaign(segments: RFMSegment.allCases.map(\.key)))
        let at = t0 + 41 * Self.day
        try h.importOrders([h.order("before", customer: "c9", amount: 5_000, at: at)], now: at + 60)
        #expect(try bonuses(h, campaignID: every).isEmpty)
        // After it, a customer whose first order comes later has no stored segment when that order is ingested.
        try h.store.recomputeRFM(h.owner, asOf: at + 3_600, now: at + 3_600)
        let later = at + Self.day
        try h.importOrders([h.order("newcomer-1", customer: "newcomer", amount: 5_000, at: later),
                            h.order("after", customer: "c9", amount: 5_000, at: later)], now: later + 60)
        #expect(try bonuses(h, campaignID: every) == ["c9": [40]])
        // Their row exists from then on (the incremental update), so their next order qualifies.
        #expect(try storedSegments(h)["newcomer"] != nil)
        try h.importOrders([h.order("newcomer-2", customer: "newcomer", amount: 5_000, at: later + 3_600)], now: later + 3_700)
        #expect(try bonuses(h, campaignID: every) == ["c9": [40], "newcomer": [40]])
        #expect(try h.allChecksPass())
    }

    @Test func enteringASegmentPaysOncePerEntryAndARecomputeTheSameDayPaysNothingMore() throws {
        let h = try StoreHarness()
        try seed(h)
        let first = t0 + 40 * Self.day
        let baseline = try h.store.recomputeRFM(h.owner, asOf: first, now: first)
        #expect(baseline.lifecycleAwards == 0)
        let before = try storedSegments(h)
        // Time passes and two one-order customers come back with four orders each: segments move.
        let second = first + 45 * Self.day
        try h.importOrders(["c0", "c5"].flatMap { c in (0..<4).map { h.order("back-\(c)-\($0)", customer: c, amount: 9_000,
                                                                            at: second - Int64($0 + 1) * Self.day) } },
                           now: second - 60)
        // Who will enter which segment, from the orders directly (nothing stored).
        let computed = try h.store.rfmTable(h.owner, asOf: second, now: second)
        var external: [Int64: String] = [:]
        for c in before.keys { external[try h.customerID(c)] = c }
        let after = Dictionary(uniqueKeysWithValues: computed.rows.map { (external[$0.customerID]!, $0.segment.key) })
        let entered = after.filter { before[$0.key] != $0.value }
        let target = try #require(entered.values.sorted().first, "the new orders and 45 days should move someone")
        let expected = entered.filter { $0.value == target }.keys.sorted()
        // A limit of 5 per customer: only the entry's key stands between a second recompute and a second award.
        let campaign = try launch(h, entryCampaign(target, maxAwards: 5))
        let report = try h.store.recomputeRFM(h.owner, asOf: second, now: second)
        #expect(report.lifecycleAwards == expected.count && report.lifecyclePoints == Int64(200 * expected.count))
        #expect(try bonuses(h, campaignID: campaign) == Dictionary(uniqueKeysWithValues: expected.map { ($0, [200]) }))
        let awards = try h.count("campaign_awards"), ledger = try h.ledgerCount()
        // Run again the same day (an hour later): the day's changes are there still; nobody is paid again.
        let again = try h.store.recomputeRFM(h.owner, asOf: second, now: second + 3_600)
        #expect(again.lifecycleAwards == 0)
        #expect(try h.count("campaign_awards") == awards && h.ledgerCount() == ledger)
        #expect(try bonuses(h, campaignID: campaign) == Dictionary(uniqueKeysWithValues: expected.map { ($0, [200]) }))
        let audited = try h.store.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM audit_logs WHERE action = 'campaign.segment_entry_awards'") ?? 0
        }
        #expect(audited == 1)
        #expect(try h.allChecksPass())
    }
}
