import Foundation
import GRDB
import LoyaltyCore
@testable import LoyaltyStore
import Testing

@Suite struct ReferralStoreTests {
    let now = StoreHarness.t0 + 86_400

    func harness() throws -> StoreHarness {
        var settings = ProgramSettings()
        settings.referralAdvocatePoints = 500
        settings.referralFriendPoints = 250
        settings.referralMinimumOrderMinor = 2_000
        settings.referralWeeklyLimit = 1
        let h = try StoreHarness(settings: settings)
        try addCustomers(h, ["ana@example.com,Ana", "ben@example.com,Ben", "cy@example.com,Cy", "Ana+2@Example.com,Ana2"],
                         at: StoreHarness.t0)
        return h
    }

    func addCustomers(_ h: StoreHarness, _ lines: [String], at time: UnixTime) throws {
        let csv = (["email,first_name"] + lines).joined(separator: "\n") + "\n"
        try h.store.importCustomers(h.owner, data: Data(csv.utf8), source: "test", now: time)
    }

    func id(_ h: StoreHarness, _ email: String) throws -> Int64 { try h.store.findCustomer(h.owner, email).id }

    func referralPoints(_ h: StoreHarness) throws -> [Int64] {
        try h.store.read { db in try Int64.fetchAll(db, sql: "SELECT points FROM points_transactions WHERE kind = 'referral' ORDER BY id") }
    }

    @Test func aReferralCompletesOnceOnTheFriendsFirstQualifyingOrder() throws {
        let h = try harness()
        let link = try h.store.referralLink(h.owner, customerID: try id(h, "ana@example.com"), now: now)
        #expect(link.code.hasPrefix("REF-") && link.code.count == 12)
        #expect(try h.store.referralLink(h.owner, customerID: try id(h, "ana@example.com"), now: now) == link)
        try h.store.recordReferralClick(h.owner, code: link.code.lowercased(), now: now)
        let ben = try id(h, "ben@example.com")
        let referral = try h.store.recordReferralSignup(h.owner, code: link.code, friendCustomerID: ben, now: now + 10)
        #expect(referral.status == .signedUp)
        try h.importOrders([h.order("small", customer: "ben-shop", amount: 1_500, at: now + 100)].map {
            var o = $0; o.customer = IncomingCustomer(email: "ben@example.com"); return o })
        #expect(try h.store.settleReferrals(h.owner, now: now + 200) == 0)
        try h.importOrders([h.order("big", customer: "ben-shop", amount: 3_000, at: now + 300)].map {
            var o = $0; o.customer = IncomingCustomer(email: "ben@example.com"); return o })
        // The import settled it in its own transaction; the daily job, run again, pays nothing more.
        #expect(try h.store.referrals(h.owner).first?.status == .completed)
        #expect(try h.store.settleReferrals(h.owner, now: now + 400) == 0)
        #expect(try h.store.settleReferrals(h.owner, now: now + 500) == 0)
        #expect(try referralPoints(h) == [500, 250])
        let done = try h.store.referrals(h.owner).first!
        #expect(done.status == .completed && done.orderID != nil)
        let funnel = try h.store.referralFunnel(h.owner)
        #expect(funnel == ReferralFunnel(shared: 1, clicks: 1, signups: 1, purchases: 1, rewarded: 1, rejected: 0))
        #expect(try h.allChecksPass())
    }

    @Test func selfReferralByAnotherSpellingOfTheEmailIsRejectedAndRecorded() throws {
        let h = try harness()
        let link = try h.store.referralLink(h.owner, customerID: try id(h, "ana@example.com"), now: now)
        let twin = try h.store.recordReferralSignup(h.owner, code: link.code, friendCustomerID: try id(h, "ana+2@example.com"), now: now)
        #expect(twin.status == .rejected && twin.rejectionReason?.contains("self-referral") == true)
        #expect(try referralPoints(h).isEmpty)
    }

    @Test func guessedAndReusedCodesAreRefusedAndWriteNothing() throws {
        let h = try harness()
        let link = try h.store.referralLink(h.owner, customerID: try id(h, "ana@example.com"), now: now)
        let events = try h.count("referral_events")
        for guess in ["REF-AAAAAAAA", "", "REF-", "'; DROP TABLE referrals; --"] {
            #expect(throws: StoreError.self) { try h.store.recordReferralClick(h.owner, code: guess, now: now) }
            #expect(throws: StoreError.self) {
                try h.store.recordReferralSignup(h.owner, code: guess, friendCustomerID: try id(h, "ben@example.com"), now: now)
            }
        }
        #expect(try h.count("referral_events") == events && h.count("referrals") == 0)
        let ben = try id(h, "ben@example.com")
        try h.store.recordReferralSignup(h.owner, code: link.code, friendCustomerID: ben, now: now)
        let other = try h.store.referralLink(h.owner, customerID: try id(h, "cy@example.com"), now: now)
        do {
            try h.store.recordReferralSignup(h.owner, code: other.code, friendCustomerID: ben, now: now)
            Issue.record("referred twice")
        } catch {
            #expect("\(error)".contains("already referred"))
        }
        #expect(try h.count("referrals") == 1)
    }

    @Test func aFriendWhoAlreadyOrderedAndTheWeeklyLimitAreRejectedWithReasons() throws {
        let h = try harness()
        let ana = try id(h, "ana@example.com")
        let link = try h.store.referralLink(h.owner, customerID: ana, now: now)
        // Ben ordered before being referred.
        try h.importOrders([h.order("early", customer: "x", amount: 5_000, at: now - 3_600)].map {
            var o = $0; o.customer = IncomingCustomer(email: "ben@example.com"); return o })
        let ben = try h.store.recordReferralSignup(h.owner, code: link.code, friendCustomerID: try id(h, "ben@example.com"), now: now)
        #expect(ben.status == .rejected && ben.rejectionReason?.contains("already ordered") == true)
        // Cy completes; a third friend the same week goes over the limit of 1.
        try h.store.recordReferralSignup(h.owner, code: link.code, friendCustomerID: try id(h, "cy@example.com"), now: now)
        try h.importOrders([h.order("cy1", customer: "x", amount: 5_000, at: now + 60)].map {
            var o = $0; o.customer = IncomingCustomer(email: "cy@example.com"); return o })
        try addCustomers(h, ["dee@example.com,"], at: now)
        try h.store.recordReferralSignup(h.owner, code: link.code, friendCustomerID: try id(h, "dee@example.com"), now: now + 120)
        try h.importOrders([h.order("dee1", customer: "x", amount: 5_000, at: now + 180)].map {
            var o = $0; o.customer = IncomingCustomer(email: "dee@example.com"); return o })
        try h.store.settleReferrals(h.owner, now: now + 240)
        let byFriend = Dictionary(uniqueKeysWithValues: try h.store.referrals(h.owner).map { ($0.friendName, $0) })
        #expect(byFriend["Cy"]?.status == .completed)
        #expect(byFriend["dee@example.com"]?.status == .rejected && byFriend["dee@example.com"]?.rejectionReason?.contains("weekly limit") == true)
        #expect(try referralPoints(h) == [500, 250])
    }
}
