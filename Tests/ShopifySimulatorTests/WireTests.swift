import Foundation
import Testing
@testable import ShopifySimulator

@Suite struct WireTests {
    @Test func stringsAreEscaped() throws {
        let nasty = "Jo \"JJ\" O'Brien \\ back\nnew\ttab \u{01} Zoë 山田 🎉"
        var w = JSONBuffer()
        w.raw("{\"v\":"); w.string(nasty); w.byte(125)
        let decoded = try JSONSerialization.jsonObject(with: w.data) as? [String: String]
        #expect(decoded?["v"] == nasty)
        #expect(w.string.contains("\\u0001"))
    }

    @Test func numbersMoneyAndTimes() {
        var w = JSONBuffer()
        w.int(Int64.max); w.byte(32); w.int(-42); w.byte(32); w.money(cents: 5); w.byte(32); w.decimal(cents: 12_345)
        w.byte(32); w.double(1000); w.byte(32); w.double(50.5)
        #expect(w.string == "9223372036854775807 -42 \"0.05\" 123.45 1000.0 50.5")
        #expect(SimTime.isoUTC(SimTime.historyEnd) == "2026-11-01T00:00:00Z")
        #expect(SimTime.isoShop(SimTime.historyEnd) == "2026-10-31T19:00:00-05:00")
        #expect(SimTime.parse("2026-10-31T19:00:00-05:00") == SimTime.historyEnd)
        #expect(SimTime.parse("2026-11-01T00:00:00.250Z") == SimTime.historyEnd)
        #expect(SimTime.parse("2026-11-01") == SimTime.historyEnd)
        #expect(SimTime.parse("1999-02-29x") == nil)
        #expect(SimTime.parse("2024-02-29T12:34:56Z").map(SimTime.isoUTC) == "2024-02-29T12:34:56Z")
        #expect(SimTime.parse("1969-12-31T23:59:59Z") == -1)
    }

    @Test func cursorsAndSearchQueries() throws {
        let key = OrderKey(updatedAt: 1_790_000_000, id: 5_100_000_000_000_000_123)
        #expect(GraphQLCursor.decode(GraphQLCursor.encode(key)) == key)
        #expect(String(data: Data(base64Encoded: GraphQLCursor.encode(key)) ?? Data(), encoding: .utf8) == "1790000000:5100000000000000123")
        #expect(GraphQLCursor.decode("nope!") == nil)
        let w = try SearchQuery.window("updated_at:>='2026-01-01T00:00:00Z' AND updated_at:<'2026-02-01T00:00:00Z'")
        #expect(w.from == SimTime.parse("2026-01-01T00:00:00Z"))
        #expect(w.to == SimTime.parse("2026-02-01T00:00:00Z"))
        #expect(try SearchQuery.window(nil) == UpdatedWindow())
        #expect(throws: SearchQuery.Unsupported.self) { try SearchQuery.window("updated_at:>='yesterday'") }
        let info = RESTPageInfo(resource: "orders", direction: .previous, key: key, window: UpdatedWindow(from: 5, to: nil), status: "any")
        #expect(RESTPageInfo.decode(info.encode()) == info)
    }

    @Test func faultPlansParse() throws {
        let plan = try FaultPlan(parsing: "throttle, 5xx=0.2,truncate,version=1")
        #expect(plan.rate(.throttle) == Fault.throttle.defaultRate)
        #expect(plan.rate(.serverError) == 0.2)
        #expect(plan.isOn(.truncate))
        #expect(plan.rate(.version) == 1)
        #expect(!plan.isOn(.auth))
        #expect(try FaultPlan(parsing: "").isEmpty)
        #expect(throws: FaultPlanError.self) { try FaultPlan(parsing: "throttle,meteor") }
        #expect(throws: FaultPlanError.self) { try FaultPlan(parsing: "5xx=2") }
        #expect(throws: FaultPlanError.self) { try FaultPlan(parsing: "5xx=lots") }
        for fault in Fault.allCases { #expect(try FaultPlan(parsing: fault.rawValue).isOn(fault)) }
    }

    @Test func faultDecisionsFollowTheSeed() {
        func draws(_ seed: UInt64) -> [Bool] {
            var f = FaultInjector(plan: FaultPlan([.serverError: 0.3]), seed: seed)
            return (0..<200).map { _ in f.roll(.serverError) }
        }
        #expect(draws(1) == draws(1))
        #expect(draws(1) != draws(2))
        let hits = draws(1).filter { $0 }.count
        #expect((30...90).contains(hits))
    }

    @Test func leakyBucketAdmitsDeductsRefundsAndRestores() {
        var b = LeakyBucket(capacity: 1_000, restoreRate: 50, now: 0)
        let first = b.admit(cost: 752, now: 0)
        #expect(first)
        #expect(b.available == 248)
        b.giveBack(752 - 8, now: 0)                      // actual cost 8
        #expect(b.available == 992)
        let second = b.admit(cost: 752, now: 0)
        let third = b.admit(cost: 752, now: 0)           // 240 left: throttled, nothing taken
        #expect(second && !third)
        #expect(b.available == 240)
        #expect(b.secondsUntil(752) == (752 - 240) / 50.0)
        let at2 = b.currentlyAvailable(now: 2), at1 = b.currentlyAvailable(now: 1), at100 = b.currentlyAvailable(now: 100)
        #expect(at2 == 340)      // 2 s × 50
        #expect(at1 == 340)      // time never runs backwards
        #expect(at100 == 1_000)  // capped at capacity
        b.giveBack(500, now: 100)
        #expect(b.available == 1_000)
    }

    @Test func webhooksAreSignedWithHMACSHA256() throws {
        // RFC 4231 test case 2.
        let vector = ShopifySimulator.sign(body: Data("what do ya want for nothing?".utf8), secret: "Jefe")
        let expected = Data(hex: "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843").base64EncodedString()
        #expect(vector == expected)

        let sim = ShopifySimulator(options: SimulatorOptions(orders: 200, seed: 2))
        let truth = sim.truth()
        let refunded = try #require(truth.orders.first { !$0.refunds.isEmpty })
        let id = try #require(Int64(refunded.id))
        for topic in WebhookTopic.allCases {
            let hook = try #require(sim.makeWebhook(topic: topic, order: id))
            #expect(hook.headers["X-Shopify-Topic"] == topic.rawValue)
            #expect(hook.headers["X-Shopify-Hmac-Sha256"] == sim.signWebhook(body: hook.body))
            #expect(hook.headers["X-Shopify-Webhook-Id"] != nil)
            #expect(hook.headers["X-Shopify-Shop-Domain"] == sim.shopDomain)
            let text = String(decoding: hook.body, as: UTF8.self)
            switch topic {
            case .ordersDelete: #expect(text == "{\"id\":\(id)}")
            case .refundsCreate:
                #expect(text.contains("\"order_id\":\(id)"))
                #expect(text.contains("\"subtotal\":"))
            default:
                #expect(text.hasPrefix("{\"id\":\(id),"))
                #expect(text.contains("-05:00\""))
            }
            #expect((try? JSONSerialization.jsonObject(with: hook.body)) != nil)
        }
        var altered = try #require(sim.makeWebhook(topic: .ordersCreate, order: id))
        altered.body.append(contentsOf: Array(" ".utf8))
        #expect(sim.signWebhook(body: altered.body) != altered.headers["X-Shopify-Hmac-Sha256"])
        let unrefunded = try #require(truth.orders.first { $0.refunds.isEmpty })
        #expect(sim.makeWebhook(topic: .refundsCreate, order: try #require(Int64(unrefunded.id))) == nil)
    }
}

extension Data {
    init(hex: String) {
        var bytes: [UInt8] = []
        var chars = Array(hex.utf8)[...]
        while chars.count >= 2 {
            bytes.append(UInt8(String(decoding: chars.prefix(2), as: UTF8.self), radix: 16) ?? 0)
            chars = chars.dropFirst(2)
        }
        self.init(bytes)
    }
}
