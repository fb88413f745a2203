import Foundation
import LoyaltyCore
import LoyaltyStore
@testable import Dashboard

/// A demo store with a program set up through the store's API at the golden tests' fixed time: two tiers named
/// in every shipped language, campaigns in each status, and referrals that were rewarded, rejected or are waiting.
enum ProgramFixture {
    static let now = DemoFixture.now
    static let day: Int64 = 86_400

    static let shared: LoyaltyStore = try! make()

    static func make() throws -> LoyaltyStore {
        let store = try DemoFixture.make(customers: 60)
        let owner = try store.session(merchant: nil, operator: nil)
        try addTiers(store, owner)
        try addCampaigns(store, owner)
        try addReferrals(store, owner)
        return store
    }

    static let silver = TierDefinition(
        key: "silver", name: LocalizedText(["en": "Silver", "es": "Plata", "ar": "فضي", "he": "כסף", "ja": "シルバー"]),
        threshold: 25_000, multiplier: "1.25",
        perks: LocalizedText(["en": "Free shipping over $25", "es": "Envío gratis desde 25 $", "ar": "شحن مجاني فوق 25 دولارًا",
                              "ja": "25ドル以上で送料無料"]),
        entryRewardPoints: 100)
    static let gold = TierDefinition(
        key: "gold", name: LocalizedText(["en": "Gold", "es": "Oro", "ar": "ذهبي", "he": "זהב", "ja": "ゴールド"]),
        threshold: 100_000, multiplier: "1.5",
        perks: LocalizedText(["en": "Free shipping and early access", "es": "Envío gratis y acceso anticipado",
                              "ar": "شحن مجاني ووصول مبكر", "ja": "送料無料と先行アクセス"]),
        entryRewardPoints: 250)

    static func addTiers(_ store: LoyaltyStore, _ owner: Session) throws {
        try store.createTier(owner, silver, now: now - 40 * day)
        try store.createTier(owner, gold, now: now - 40 * day)
    }

    static func campaign(_ name: String, _ kind: CampaignKind, multiplier: String? = nil, bonus: Int64? = nil,
                         trigger: LifecycleTrigger? = nil, _ starts: String, _ ends: String,
                         conditions: CampaignConditions = CampaignConditions()) -> CampaignDefinition {
        CampaignDefinition(name: LocalizedText(en: name), kind: kind, multiplier: multiplier, bonusPoints: bonus, trigger: trigger,
                           startsAt: starts, endsAt: ends, timeZone: "America/New_York", conditions: conditions)
    }

    static func addCampaigns(_ store: LoyaltyStore, _ owner: Session) throws {
        let blackFriday = try store.createCampaign(owner, campaign("Black Friday bonus", .fixedBonus, bonus: 100, "2026-11-16", "2026-11-30",
                                                                   conditions: CampaignConditions(minimumOrderMinor: 2_000)), now: now - 20 * day)
        try store.changeCampaign(owner, id: blackFriday.id, .launch, now: now - 10 * day)
        let holiday = try store.createCampaign(owner, campaign("Holiday double points", .multiplier, multiplier: "2", "2026-12-07",
                                                               "2026-12-28", conditions: CampaignConditions(tiers: ["gold"])),
                                               now: now - 20 * day)
        try store.changeCampaign(owner, id: holiday.id, .launch, now: now - day)
        let winback = try store.createCampaign(owner, campaign("Win-back", .lifecycle, bonus: 200, trigger: .enteredSegment("at_risk"),
                                                               "2026-11-01", "2027-02-01"), now: now - 30 * day)
        try store.changeCampaign(owner, id: winback.id, .launch, now: now - 25 * day)
        try store.changeCampaign(owner, id: winback.id, .pause, now: now - 5 * day)
        let october = try store.createCampaign(owner, campaign("October welcome", .fixedBonus, bonus: 50, "2026-10-01", "2026-10-08",
                                                               conditions: CampaignConditions(firstOrderOnly: true)),
                                               now: now - 60 * day)
        try store.changeCampaign(owner, id: october.id, .launch, now: now - 58 * day)
        try store.createCampaign(owner, campaign("Spring preview", .multiplier, multiplier: "1.5", "2027-03-01", "2027-03-15"),
                                 now: now - 2 * day)
    }

    static func addReferrals(_ store: LoyaltyStore, _ owner: Session) throws {
        let customers = try store.customersPage(merchant: owner.merchant, sort: CustomerSort(.name), offset: 0, limit: 3)
        let advocate = customers[0].customer.id
        let link = try store.referralLink(owner, customerID: advocate, now: now - 12 * day)
        for i in 0..<5 { try store.recordReferralClick(owner, code: link.code, now: now - Int64(11 - i) * day) }
        // A customer who had ordered before being referred: rejected, with the reason recorded.
        try store.recordReferralSignup(owner, code: link.code, friendCustomerID: customers[1].customer.id, now: now - 9 * day)
        let csv = "email,first_name,last_name\nnoor.friend@example.com,Noor,Haddad\ntomas.friend@example.com,Tomás,Vega\n"
        _ = try store.importCustomers(owner, data: Data(csv.utf8), source: "fixture", now: now - 8 * day)
        let noor = try store.findCustomer(owner, "noor.friend@example.com").id
        let tomas = try store.findCustomer(owner, "tomas.friend@example.com").id
        try store.recordReferralSignup(owner, code: link.code, friendCustomerID: noor, now: now - 7 * day)
        try store.recordReferralSignup(owner, code: link.code, friendCustomerID: tomas, now: now - 6 * day)
        let order = IncomingOrder(externalID: "9100001", name: "#9100001", customer: IncomingCustomer(email: "noor.friend@example.com"),
                                  processedAt: now - 3 * day, currency: "USD", totalPrice: DecimalAmount(digits: 4_200, scale: 2),
                                  subtotalPrice: DecimalAmount(digits: 4_200, scale: 2))
        _ = try store.importOrders(owner, orders: [order], source: "fixture", now: now - 3 * day)
        try store.settleReferrals(owner, now: now - 3 * day)
    }
}
