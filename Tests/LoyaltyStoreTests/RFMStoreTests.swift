import Foundation
import GRDB
import LoyaltyCore
@testable import LoyaltyStore
import Testing

/// RFM in the store: raw values from real orders (cancellations, refunds, deletions, future dates), stored scores
/// equal to LoyaltyCore's on the same inputs, the bad-input cases of issue 6, and who may do what.
@Suite struct RFMStoreTests {
    static let day: Int64 = 86_400
    static let t0 = StoreHarness.t0

    /// Five customers with different histories, one cancelled order, one refund, one order after the as-of date.
    func fiveCustomers(_ h: StoreHarness) throws -> RFMOracle {
        var oracle = RFMOracle()
        let d = Self.day, t0 = Self.t0
        oracle.orders = [
            .init(customer: "c1", at: t0 + 1 * d, amountMinor: 10_000),
            .init(customer: "c1", at: t0 + 20 * d, amountMinor: 5_000, refunds: [(t0 + 21 * d, 2_000)]),
            .init(customer: "c2", at: t0 + 2 * d, amountMinor: 3_000),
            .init(customer: "c2", at: t0 + 2 * d + 3600, amountMinor: 1_000),
            .init(customer: "c3", at: t0 + 5 * d, amountMinor: 50_000, cancelled: true),
            .init(customer: "c3", at: t0 + 6 * d, amountMinor: 700),
            .init(customer: "c4", at: t0 + 10 * d, amountMinor: 2_500),
            .init(customer: "c5", at: t0 + 15 * d, amountMinor: 9_900),
            .init(customer: "c5", at: t0 + 40 * d, amountMinor: 9_900),
        ]
        for (i, o) in oracle.orders.enumerated() { try h.importOrders([h.incoming(o, id: "o\(i)")], now: t0 + 41 * d) }
        return oracle
    }

    @Test func storedRawValuesAndScoresMatchTheOracle() throws {
        let h = try StoreHarness()
        let oracle = try fiveCustomers(h)
        let asOf = Self.t0 + 30 * Self.day
        let report = try h.store.recomputeRFM(h.owner, asOf: asOf, now: Self.t0 + 41 * Self.day)
        #expect(report.customers == 5 && report.segmentChanges == 5)
        #expect(report.segments.reduce(0) { $0 + $1.customers } == 5)
        let rows = try h.rows()
        let expected = oracle.scores(asOf: asOf)
        #expect(Set(rows.keys) == Set(expected.keys))
        for (id, want) in expected {
            let got = try #require(rows[id])
            #expect(got.recencyDays == want.recencyDays && got.frequency == want.frequency && got.monetary == want.monetary, "\(id)")
            #expect(got.scores == want.scores && got.segment == want.segment, "\(id)")
            #expect(got.asOf == asOf)
        }
        // c1: the refund is subtracted; c3: the cancelled order is not counted; c5: the order after the as-of date is not.
        #expect(rows["c1"]?.monetary == 13_000 && rows["c3"]?.frequency == 1 && rows["c3"]?.monetary == 700)
        #expect(rows["c5"]?.frequency == 1)
        // c2 ordered twice on one day: F counts orders, the churn summary counts days.
        #expect(rows["c2"]?.frequency == 2 && rows["c2"]?.churnSummary.x == 0)
        #expect(rows["c1"]?.churnSummary == BGNBDSummary(x: 1, tx: 19.0 / 7, T: 29.0 / 7))
        let stored = try #require(try h.store.latestRFMRun(h.owner))
        #expect(stored.breakpoints == RFM.compute(Array(oracle.customers(asOf: asOf).values.map(\.customer)), asOf: asOf).breakpoints)
        #expect(try h.failedChecks() == [])
    }

    @Test func gridAndDrillDownSumTheStoredRows() throws {
        let h = try StoreHarness()
        _ = try fiveCustomers(h)
        let empty = try h.store.rfmGrid(h.owner)
        #expect(empty.run == nil && empty.customers == 0 && empty.segments.count == RFMSegment.allCases.count)
        let asOf = Self.t0 + 30 * Self.day
        let report = try h.store.recomputeRFM(h.owner, asOf: asOf, now: asOf)
        let grid = try h.store.rfmGrid(h.owner)
        let rows = Array(try h.rows().values)
        #expect(grid.customers == 5 && grid.segments == report.segments && grid.run?.asOf == asOf)
        for r in 1...5 {
            for f in 1...5 { #expect(grid.counts[r - 1][f - 1] == rows.filter { $0.scores.r == r && $0.scores.f == f }.count) }
        }
        let cell = rows[0].scores
        let drilled = try h.store.rfmCustomers(h.owner, r: cell.r, f: cell.f)
        let expected = rows.filter { $0.scores.r == cell.r && $0.scores.f == cell.f }
            .sorted { ($0.totalSpentMinor, -$0.customerID) > ($1.totalSpentMinor, -$1.customerID) }
        #expect(drilled == expected)
        #expect(try h.store.rfmCustomers(h.owner, segment: rows[0].segment, limit: 1).count == 1)
    }

    @Test func anotherMerchantsCustomersAndOrdersAreNotCounted() throws {
        let h = try StoreHarness()
        let other = try h.store.addMerchant(shopDomain: "other.myshopify.com", ownerName: "oscar", now: Self.t0)
        // Customer ids of the two shops interleave, so each shop's id range holds the other's customers.
        for i in 0..<6 {
            try h.importOrders([h.order("a\(i)", customer: "a\(i)", amount: Int64(1_000 + i))])
            var theirs = h.order("b\(i)", customer: "b\(i)", amount: 9_000, at: Self.t0 + Int64(i) * Self.day)
            if i == 2 { theirs.cancelledAt = Self.t0 + 7 * Self.day }
            _ = try h.store.importOrders(other, orders: [theirs, h.order("c\(i)", customer: "b\(i)", amount: 10)], source: "test",
                                         now: Self.t0 + 8 * Self.day)
        }
        let asOf = Self.t0 + 9 * Self.day
        let ours = try h.store.recomputeRFM(h.owner, asOf: asOf, now: asOf)
        let ourIDs = Set(try h.rows().keys)
        #expect(ours.customers == 6 && ourIDs == Set((0..<6).map { "a\($0)" }))
        let theirs = try h.store.recomputeRFM(other, asOf: asOf, now: asOf)
        let rows = try h.store.rfmTable(other, asOf: nil, now: asOf).rows
        #expect(theirs.customers == 6 && rows.map(\.frequency).sorted() == [1, 2, 2, 2, 2, 2])
        #expect(rows.allSatisfy { $0.externalID?.hasPrefix("b") == true })
    }

    @Test func segmentOrdinalsFollowTheGridOrder() {
        #expect(RFMSegment.allCases.map(\.ordinal) == Array(RFMSegment.allCases.indices))
        #expect(RFMSegment.allCases.map { String(cString: $0.staticKey.pointer) } == RFMSegment.allCases.map(\.key))
    }

    @Test func aRefundMadeAfterTheAsOfDateDoesNotCountYet() throws {
        let h = try StoreHarness()
        let o = RFMOracle.Order(customer: "c1", at: Self.t0 + Self.day, amountMinor: 8_000, refunds: [(Self.t0 + 10 * Self.day, 3_000)])
        try h.importOrders([h.incoming(o, id: "o1")], now: Self.t0 + 11 * Self.day)
        #expect(try h.rows(asOf: Self.t0 + 5 * Self.day)["c1"]?.monetary == 8_000)
        #expect(try h.rows(asOf: Self.t0 + 10 * Self.day)["c1"]?.monetary == 5_000)
    }

    @Test func deletedOrdersAreLeftOut() throws {
        let h = try StoreHarness()
        try h.importOrders([h.order("o1", customer: "c1", amount: 1_000, at: Self.t0 + Self.day),
                            h.order("o2", customer: "c1", amount: 4_000, at: Self.t0 + 2 * Self.day)], now: Self.t0 + 3 * Self.day)
        _ = try h.store.applySyncPage(h.owner, resource: .orders, SyncPage(deletedOrders: [("o2", Self.t0 + 3 * Self.day)]),
                                      now: Self.t0 + 3 * Self.day)
        let row = try #require(try h.rows(asOf: Self.t0 + 4 * Self.day)["c1"])
        #expect(row.frequency == 1 && row.monetary == 1_000)
    }

    @Test func ordersDatedInTheFutureAreLeftOut() throws {
        let h = try StoreHarness()
        let now = Self.t0 + 10 * Self.day
        // The import accepts orders up to a day ahead of its clock (time zones); RFM as of now leaves them out.
        try h.importOrders([h.order("o1", customer: "c1", amount: 1_000, at: now - Self.day),
                            h.order("o2", customer: "c2", amount: 2_000, at: now + 6 * 3600)], now: now)
        let report = try h.store.recomputeRFM(h.owner, asOf: now, now: now)
        #expect(report.customers == 1)
        #expect(Set(try h.rows(now: now).keys) == ["c1"])
        #expect(try h.rows(asOf: now + 7 * 3600)["c2"] != nil)
    }

    @Test func aMerchantWithNoOrdersHasNoRowsAndNoBreakpoints() throws {
        let h = try StoreHarness()
        let computed = try h.store.rfmTable(h.owner, asOf: nil, now: Self.t0)
        #expect(computed.rows.isEmpty && computed.breakpoints == nil && computed.source == .computed)
        let report = try h.store.recomputeRFM(h.owner, asOf: Self.t0, now: Self.t0)
        #expect(report.customers == 0 && report.segments.allSatisfy { $0.customers == 0 })
        let run = try #require(try h.store.latestRFMRun(h.owner))
        #expect(run.breakpoints == nil && run.customers == 0)
        let status = try h.store.fitChurn(h.owner, now: Self.t0)
        #expect(status.latest?.converged == false && status.lastGood == nil)
        #expect(status.latest?.failure?.contains("no customer") == true)
        #expect(try h.count("customer_rfm") == 0)
    }

    @Test func oneOrderScoresAsANewCustomer() throws {
        let h = try StoreHarness()
        try h.importOrders([h.order("o1", customer: "c1", amount: 4_200)])
        _ = try h.store.recomputeRFM(h.owner, asOf: Self.t0 + 2 * Self.day, now: Self.t0 + 2 * Self.day)
        let row = try #require(try h.rows()["c1"])
        #expect(row.scores == RFMScores(r: 5, f: 1, m: 1) && row.segment == .newCustomers)
    }

    @Test func identicalCustomersAllScoreTheSame() throws {
        let h = try StoreHarness()
        try h.importOrders((1...7).map { h.order("o\($0)", customer: "c\($0)", amount: 2_000) })
        _ = try h.store.recomputeRFM(h.owner, asOf: Self.t0 + 2 * Self.day, now: Self.t0 + 2 * Self.day)
        let rows = try h.rows()
        #expect(rows.count == 7 && rows.values.allSatisfy { $0.scores == RFMScores(r: 5, f: 1, m: 1) })
    }

    @Test func allZeroMonetaryGivesMOneToEveryone() throws {
        let h = try StoreHarness()
        try h.importOrders([h.order("o1", customer: "c1", amount: 0, at: Self.t0 + 3600),
                            h.order("o2", customer: "c2", amount: 0, at: Self.t0 + 2 * Self.day),
                            h.order("o3", customer: "c2", amount: 0, at: Self.t0 + 3 * Self.day)], now: Self.t0 + 4 * Self.day)
        let rows = try h.rows(asOf: Self.t0 + 5 * Self.day)
        #expect(rows.count == 2 && rows.values.allSatisfy { $0.monetary == 0 && $0.scores.m == 1 })
        #expect(rows["c2"]?.scores.f == 5 && rows["c1"]?.scores.f == 1)
    }

    @Test func anAsOfDateBeforeTheFirstOrderHasNoRows() throws {
        let h = try StoreHarness()
        try h.importOrders([h.order("o1", customer: "c1", amount: 1_000, at: Self.t0 + 10 * Self.day)], now: Self.t0 + 11 * Self.day)
        #expect(try h.rows(asOf: Self.t0 + 5 * Self.day).isEmpty)
        let report = try h.store.recomputeRFM(h.owner, asOf: Self.t0 + 5 * Self.day, now: Self.t0 + 11 * Self.day)
        #expect(report.customers == 0)
    }

    @Test func averageOrderValueIsTheMerchantsOption() throws {
        let h = try StoreHarness()
        try h.importOrders([h.order("o1", customer: "c1", amount: 1_000, at: Self.t0 + 3600),
                            h.order("o2", customer: "c1", amount: 2_001, at: Self.t0 + 2 * Self.day)], now: Self.t0 + 3 * Self.day)
        try h.store.updateRFMSettings(h.owner, RFMSettings(monetaryMeasure: .averageOrderValue), now: Self.t0)
        let report = try h.store.recomputeRFM(h.owner, asOf: Self.t0 + 3 * Self.day, now: Self.t0 + 3 * Self.day)
        #expect(report.customers == 1)
        let row = try #require(try h.rows()["c1"])
        #expect(row.monetary == 1_501 && row.totalSpentMinor == 3_001)
        #expect(try h.store.latestRFMRun(h.owner)?.monetaryMeasure == .averageOrderValue)
        #expect(throws: StoreError.self) { try h.store.updateRFMSettings(h.owner, RFMSettings(atRiskBelow: 1.5), now: Self.t0) }
    }

    @Test func aRecomputeCannotGoBackBeforeTheLastOneNorPastToday() throws {
        let h = try StoreHarness()
        try h.importOrders([h.order("o1", customer: "c1", amount: 1_000)])
        let now = Self.t0 + 10 * Self.day
        _ = try h.store.recomputeRFM(h.owner, asOf: now, now: now)
        #expect(throws: StoreError.self) { try h.store.recomputeRFM(h.owner, asOf: now - 2 * Self.day, now: now) }
        #expect(throws: StoreError.self) { try h.store.recomputeRFM(h.owner, asOf: now + 2 * Self.day, now: now) }
        // Same day again is allowed and replaces that day's snapshot.
        _ = try h.store.recomputeRFM(h.owner, asOf: now + 60, now: now + 60)
        #expect(try h.count("rfm_segment_snapshots") == RFMSegment.allCases.count)
        #expect(try h.count("rfm_runs") == 2)
    }

    @Test func viewersReadStaffRecomputesAndRenames() throws {
        let h = try StoreHarness()
        try h.importOrders([h.order("o1", customer: "c1", amount: 1_000)])
        let viewer = try h.session(.viewer), support = try h.session(.support), staff = try h.session(.staff)
        let now = Self.t0 + 2 * Self.day
        for session in [viewer, support] {
            #expect(throws: StoreError.self) { try h.store.recomputeRFM(session, asOf: now, now: now) }
            #expect(throws: StoreError.self) { try h.store.renameRFMSegment(session, .atRisk, to: "Slipping", now: now) }
            #expect(throws: StoreError.self) { try h.store.updateRFMSettings(session, RFMSettings(), now: now) }
            #expect(throws: StoreError.self) { try h.store.fitChurn(session, now: now) }
        }
        _ = try h.store.recomputeRFM(staff, asOf: now, now: now)
        try h.store.renameRFMSegment(staff, .atRisk, to: "Slipping", now: now)
        #expect(try h.store.rfmTable(viewer, asOf: nil, now: now).rows.count == 1)
        #expect(try h.store.rfmWhatIf(viewer, customer: "c1", orderAmountMinor: 5_000, now: now).after.f == 5)
        #expect(try h.store.rfmSegmentNames(viewer).name(for: .atRisk) == "Slipping")
        let audit = try h.store.auditLog(h.owner).map(\.action)
        #expect(audit.contains("rfm.recompute") && audit.contains("rfm.rename"))
    }

    @Test func segmentNamesAreValidatedAndResettable() throws {
        let h = try StoreHarness()
        #expect(throws: StoreError.self) { try h.store.renameRFMSegment(h.owner, .atRisk, to: "champions", now: Self.t0) }
        #expect(throws: StoreError.self) { try h.store.renameRFMSegment(h.owner, .atRisk, to: "   ", now: Self.t0) }
        try h.store.renameRFMSegment(h.owner, .hibernating, to: "Asleep", now: Self.t0)
        #expect(try h.store.rfmSegmentNames(h.owner).name(for: .hibernating) == "Asleep")
        try h.store.renameRFMSegment(h.owner, .hibernating, to: nil, now: Self.t0)
        #expect(try h.store.rfmSegmentNames(h.owner) == .defaults)
        #expect(try h.count("rfm_segment_names") == 0)
    }

    @Test func whatIfScoresAHypotheticalOrderAgainstTheStoredBreakpoints() throws {
        let h = try StoreHarness()
        let oracle = try fiveCustomers(h)
        let asOf = Self.t0 + 30 * Self.day
        _ = try h.store.recomputeRFM(h.owner, asOf: asOf, now: asOf)
        let answer = try h.store.rfmWhatIf(h.owner, customer: "c4", orderAmountMinor: 100_000, now: asOf)
        let breakpoints = try #require(try h.store.latestRFMRun(h.owner)?.breakpoints)
        let c4 = try #require(oracle.customers(asOf: asOf)["c4"]).customer
        #expect(answer.before == breakpoints.scores(recencyDays: RFM.recencyDays(lastOrderAt: c4.lastOrderAt, asOf: asOf),
                                                    frequency: 1, monetary: 2_500))
        #expect(answer.after == breakpoints.scores(recencyDays: 0, frequency: 2, monetary: 102_500))
        #expect(answer.after.r == 5 && answer.frequency == 2 && answer.totalSpentMinor == 102_500)
        #expect(throws: StoreError.self) { try h.store.rfmWhatIf(h.owner, customer: "nobody", orderAmountMinor: 1, now: asOf) }
    }

    @Test func whatIfNeedsARecompute() throws {
        let h = try StoreHarness()
        try h.importOrders([h.order("o1", customer: "c1", amount: 1_000)])
        #expect(throws: StoreError.self) { try h.store.rfmWhatIf(h.owner, customer: "c1", orderAmountMinor: 1, now: Self.t0) }
    }

    @Test func exportIsFormulaSafe() throws {
        let h = try StoreHarness()
        try h.importOrders([h.order("o1", customer: "=cmd()", amount: 1_000), h.order("o2", customer: "c2", amount: 2_000)])
        try h.store.renameRFMSegment(h.owner, .newCustomers, to: "@New", now: Self.t0)
        var data = Data()
        #expect(try h.store.export(h.owner, .rfm, now: Self.t0 + 2 * Self.day) { data.append($0) } == 2)
        let text = String(decoding: data, as: UTF8.self)
        let lines = text.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(lines.first == RFMCSV.header.joined(separator: ","))
        #expect(lines.contains { $0.hasPrefix("'=cmd(),") })
        #expect(text.contains(",'@New,") && !text.contains(",=") && !text.contains(",@"))
    }
}
