import Foundation
import Testing
@testable import ShopifySimulator

@Suite struct FaultTests {
    private func options(_ fault: Fault, rate: Double = 1, orders: Int = 600) -> SimulatorOptions {
        SimulatorOptions(orders: orders, seed: 21, faults: .only(fault, rate: rate), throttling: false,
                         slowResponseSeconds: 0.6, authRevokedCalls: 2, wallClock: { SimTime.historyEnd + 7_200 })
    }

    @Test func serverErrorsComeInBursts() async throws {
        try await withSimulator(options(.serverError)) { sim in
            let r = try await TestHTTP.graphQL(sim, TestHTTP.ordersQuery, ["first": 10])
            #expect([500, 502, 503].contains(r.status))
            sim.setFaults(.none)
            #expect(try await TestHTTP.graphQL(sim, TestHTTP.ordersQuery, ["first": 10]).status == 200)
        }
    }

    @Test func retryAfterAndThrottleFaults() async throws {
        try await withSimulator(options(.retryAfter)) { sim in
            let r = try await TestHTTP.graphQL(sim, TestHTTP.ordersQuery, ["first": 10])
            #expect(r.status == 429)
            #expect(r.header("Retry-After") == "1.0")
            sim.setFaults(.only(.throttle, rate: 1))
            let t = try await TestHTTP.graphQL(sim, TestHTTP.ordersQuery, ["first": 10])
            #expect(t.status == 200)
            #expect((t.json["errors"] as? [[String: Any]])?.first?["message"] as? String == "Throttled")
            sim.setFaults(.only(.throttle429, rate: 1))
            let t429 = try await TestHTTP.graphQL(sim, TestHTTP.ordersQuery, ["first": 10])
            #expect(t429.status == 429)
            #expect(t429.text.contains("THROTTLED"))
            #expect(sim.counters.throttled == 2)
        }
    }

    @Test func slowResponsesOutlastAShortTimeout() async throws {
        try await withSimulator(options(.slow)) { sim in
            await #expect(throws: (any Error).self) {
                _ = try await TestHTTP.graphQL(sim, TestHTTP.ordersQuery, ["first": 1], timeout: 0.2)
            }
            let start = Date()
            _ = try await TestHTTP.graphQL(sim, TestHTTP.ordersQuery, ["first": 1])
            #expect(Date().timeIntervalSince(start) >= 0.55)
        }
    }

    @Test func truncatedAndInvalidBodies() async throws {
        try await withSimulator(options(.truncate)) { sim in
            do {
                let r = try await TestHTTP.graphQL(sim, TestHTTP.ordersQuery, ["first": 50], timeout: 3)
                // Some clients hand back what arrived; it must be short of the promised length.
                let promised = Int(r.header("Content-Length") ?? "") ?? Int.max
                #expect(r.body.count < promised)
            } catch {
                // The connection closed short of Content-Length: the expected outcome.
            }
            sim.setFaults(.only(.invalidJSON, rate: 1))
            let bad = try await TestHTTP.graphQL(sim, TestHTTP.ordersQuery, ["first": 50])
            #expect(bad.status == 200)
            #expect((try? JSONSerialization.jsonObject(with: bad.body)) == nil)
            sim.setFaults(.none)
            let good = try await TestHTTP.graphQL(sim, TestHTTP.ordersQuery, ["first": 50])
            #expect((try? JSONSerialization.jsonObject(with: good.body)) != nil)
        }
    }

    @Test func authRevokesThenRestores() async throws {
        try await withSimulator(options(.auth, rate: 1)) { sim in
            #expect(try await TestHTTP.admin(sim, "shop.json").status == 401)
            sim.setFaults(.none)                          // no new revocations; the window runs out
            #expect(try await TestHTTP.admin(sim, "shop.json").status == 200)

            sim.setFaults(.only(.auth, rate: 1))
            #expect(try await TestHTTP.admin(sim, "shop.json").status == 401)   // revoked, 1 call left
            // A client-credentials refresh gets a token that works during the window.
            let creds = try JSONSerialization.data(withJSONObject: ["client_id": sim.clientID, "client_secret": sim.clientSecret,
                                                                    "grant_type": "client_credentials"])
            let issued = try await TestHTTP.request("\(sim.baseURL)/admin/oauth/access_token", method: "POST", body: creds)
            let fresh = try #require(issued.json["access_token"] as? String)
            #expect(try await TestHTTP.admin(sim, "shop.json", token: fresh).status == 200)
            sim.setFaults(.none)
            #expect(try await TestHTTP.admin(sim, "shop.json").status == 200)
        }
    }

    @Test func versionFaultAnnouncesAnotherVersion() async throws {
        try await withSimulator(options(.version)) { sim in
            let r = try await TestHTTP.admin(sim, "shop.json", version: "2026-04")
            #expect(r.status == 200)
            #expect(r.header("X-Shopify-API-Version") != "2026-04")
            #expect(r.header("X-Shopify-API-Deprecated-Reason") != nil)
        }
    }

    @Test func duplicatePagesServeThePreviousPageOnce() async throws {
        try await withSimulator(options(.duplicatePages)) { sim in
            let p1 = try await TestHTTP.graphQL(sim, TestHTTP.ordersQuery, ["first": 100])
            let end = try #require(try JSONDecoder().decode(OrdersPage.self, from: p1.body).data.orders.pageInfo.endCursor)
            let p2 = try await TestHTTP.graphQL(sim, TestHTTP.ordersQuery, ["first": 100, "after": end])
            #expect(p2.body == p1.body)
            let p2again = try await TestHTTP.graphQL(sim, TestHTTP.ordersQuery, ["first": 100, "after": end])
            #expect(p2again.body != p1.body)
        }
    }

    /// update-during-sync, delete and late-refund change the shop while it is paged; the truth follows.
    @Test(arguments: [Fault.updateDuringSync, .delete, .lateRefund])
    func mutationFaultsChangeTheTruth(_ fault: Fault) async throws {
        try await withSimulator(options(fault, rate: 1)) { sim in
            let before = sim.truth()
            var after: Any = NSNull()
            for _ in 0..<3 {
                let r = try await TestHTTP.graphQL(sim, TestHTTP.ordersQuery, ["first": 100, "after": after])
                after = try JSONDecoder().decode(OrdersPage.self, from: r.body).data.orders.pageInfo.endCursor ?? NSNull()
            }
            let now = try #require(try? JSONDecoder().decode(SimulatorTruth.self, from: JSONEncoder().encode(sim.truth())))
            let changed = zip(before.orders, now.orders).filter { $0 != $1 }
            #expect(!changed.isEmpty)
            switch fault {
            case .delete: #expect(changed.allSatisfy { $1.deleted })
            case .lateRefund: #expect(changed.allSatisfy { $1.refunds.count > $0.refunds.count })
            default: #expect(changed.allSatisfy { $1.updatedAt == "2026-11-01T02:00:00Z" })
            }
            if fault == .updateDuringSync {
                // The touched orders were already served and come back at the end of the stream.
                let served = Set(changed.map(\.0.id))
                let tail = try await TestHTTP.graphQL(sim, TestHTTP.ordersQuery,
                                                      ["first": 250, "query": "updated_at:>='2026-11-01T02:00:00Z'"])
                let ids = try JSONDecoder().decode(OrdersPage.self, from: tail.body).data.orders.edges.map(\.node.legacyResourceId)
                #expect(served.isSubset(of: Set(ids)))
            }
        }
    }
}
