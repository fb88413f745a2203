import Foundation
import Testing
@testable import ShopifySimulator

@Suite struct ServerTests {
    @Test func graphQLPagingVisitsEveryOrderOnceInOrder() async throws {
        try await withSimulator(SimulatorOptions(orders: 1_300, seed: 9, throttling: false)) { sim in
            var ids: [String] = []
            var keys: [(String, Int64)] = []
            var after: Any = NSNull()
            var pages = 0
            while true {
                let r = try await TestHTTP.graphQL(sim, fullOrdersQuery, ["first": 250, "after": after])
                #expect(r.status == 200)
                #expect(r.header("X-Request-Id")?.count == 36)
                let page = try JSONDecoder().decode(OrdersPage.self, from: r.body)
                pages += 1
                #expect(page.extensions.cost.requestedQueryCost == 752)
                #expect(page.extensions.cost.actualQueryCost == 2 + 3 * page.data.orders.edges.count)
                #expect(page.extensions.cost.throttleStatus.maximumAvailable == 1_000_000)
                for e in page.data.orders.edges {
                    ids.append(e.node.legacyResourceId)
                    keys.append((e.node.updatedAt, try #require(Int64(e.node.legacyResourceId))))
                    #expect(e.node.id == "gid://shopify/Order/\(e.node.legacyResourceId)")
                    let refundSum = e.node.refunds.flatMap { $0.refundLineItems?.nodes ?? [] }
                        .compactMap { Decimal(string: $0.subtotalSet.shopMoney.amount) }.reduce(0, +)
                    #expect(refundSum <= Decimal(string: e.node.subtotalPriceSet.shopMoney.amount) ?? 0)
                }
                guard page.data.orders.pageInfo.hasNextPage, let end = page.data.orders.pageInfo.endCursor else { break }
                after = end
            }
            #expect(pages == 6)
            #expect(ids.count == 1_300)
            #expect(Set(ids).count == 1_300)
            #expect(zip(keys, keys.dropFirst()).allSatisfy { a, b in a.0 < b.0 || (a.0 == b.0 && a.1 < b.1) })
            // Ids above 2^53 arrive intact (they are strings in GraphQL); the truth agrees.
            #expect(Set(sim.truth().orders.map(\.id)) == Set(ids))
            #expect(ids.allSatisfy { (Int64($0) ?? 0) > 9_007_199_254_740_992 })

            // A window: only orders updated inside it, still in order, across cursors.
            let truth = sim.truth().orders.map(\.updatedAt).sorted()
            let from = truth[400], to = truth[700]
            var windowed: [String] = []
            after = NSNull()
            while true {
                let r = try await TestHTTP.graphQL(sim, TestHTTP.ordersQuery,
                                                   ["first": 90, "after": after, "query": "updated_at:>='\(from)' AND updated_at:<'\(to)'"])
                let page = try JSONDecoder().decode(OrdersPage.self, from: r.body)
                windowed += page.data.orders.edges.map(\.node.updatedAt)
                guard page.data.orders.pageInfo.hasNextPage, let end = page.data.orders.pageInfo.endCursor else { break }
                after = end
            }
            #expect(windowed.count == truth.filter { $0 >= from && $0 < to }.count)
            #expect(windowed.allSatisfy { $0 >= from && $0 < to })
        }
    }

    @Test func queryErrorsForFirst() async throws {
        try await withSimulator(SimulatorOptions(orders: 10, seed: 1)) { sim in
            let tooMany = try await TestHTTP.graphQL(sim, TestHTTP.ordersQuery, ["first": 251])
            #expect(tooMany.status == 200)
            #expect(tooMany.json["data"] is NSNull)
            let errors = tooMany.json["errors"] as? [[String: Any]]
            #expect(errors?.first?["message"] as? String == "first: must be <= 250")
            let missing = try await TestHTTP.graphQL(sim, TestHTTP.ordersQuery, [:])
            #expect((missing.json["errors"] as? [[String: Any]])?.first?["message"] as? String == "you must provide one of first or last")
            #expect(missing.json["data"] is NSNull)
            let badCursor = try await TestHTTP.graphQL(sim, TestHTTP.ordersQuery, ["first": 5, "after": "garbage"])
            #expect(badCursor.json["errors"] != nil)
            let customers = try await TestHTTP.graphQL(sim, TestHTTP.customersQuery, ["first": 250])
            let edges = ((customers.json["data"] as? [String: Any])?["customers"] as? [String: Any])?["edges"] as? [Any]
            #expect(edges?.count == 1)
        }
    }

    @Test func bucketThrottlesWithShopifysEnvelope() async throws {
        let clock = ManualClock()
        try await withSimulator(SimulatorOptions(orders: 600, seed: 1, bucketSize: 1_000, restoreRate: 50, clock: clock.clock)) { sim in
            let ok = try await TestHTTP.graphQL(sim, TestHTTP.ordersQuery, ["first": 250])
            let okCost = (ok.json["extensions"] as? [String: Any])?["cost"] as? [String: Any]
            #expect(okCost?["requestedQueryCost"] as? Int == 752)
            #expect(okCost?["actualQueryCost"] as? Int == 752)
            #expect((okCost?["throttleStatus"] as? [String: Any])?["currentlyAvailable"] as? Int == 248)
            let throttled = try await TestHTTP.graphQL(sim, TestHTTP.ordersQuery, ["first": 250])
            #expect(throttled.status == 200)
            #expect(throttled.json["data"] == nil)
            let error = (throttled.json["errors"] as? [[String: Any]])?.first
            #expect(error?["message"] as? String == "Throttled")
            let ext = error?["extensions"] as? [String: Any]
            #expect(ext?["code"] as? String == "THROTTLED")
            #expect(ext?["documentation"] as? String == "https://shopify.dev/api/usage/rate-limits")
            let cost = (throttled.json["extensions"] as? [String: Any])?["cost"] as? [String: Any]
            #expect(cost?["requestedQueryCost"] as? Int == 752)
            #expect(cost?["actualQueryCost"] is NSNull)
            let status = cost?["throttleStatus"] as? [String: Any]
            #expect(status?["maximumAvailable"] as? Double == 1000)
            #expect(status?["restoreRate"] as? Double == 50)
            #expect(status?["currentlyAvailable"] as? Int == 248)
            #expect(throttled.text.contains("\"maximumAvailable\":1000.0"))
            clock.advance(10.1)                                // 248 + 505 ≥ 752
            let again = try await TestHTTP.graphQL(sim, TestHTTP.ordersQuery, ["first": 250])
            #expect(again.json["data"] is [String: Any])
            #expect(sim.counters.throttled == 1)
        }
    }

    @Test func authVersionsAndUnknownPaths() async throws {
        try await withSimulator(SimulatorOptions(orders: 20, seed: 1)) { sim in
            let wrong = try await TestHTTP.admin(sim, "shop.json", token: "shpat_wrong")
            #expect(wrong.status == 401)
            #expect(wrong.json["errors"] as? String == "[API] Invalid API key or access token (unrecognized login or wrong password)")
            let shop = try await TestHTTP.admin(sim, "shop.json")
            #expect(shop.status == 200)
            #expect((shop.json["shop"] as? [String: Any])?["iana_timezone"] as? String == "America/New_York")
            #expect(shop.header("X-Shopify-API-Version") == "2026-07")
            let retired = try await TestHTTP.admin(sim, "shop.json", version: "2023-01")
            #expect(retired.status == 200)
            #expect(retired.header("X-Shopify-API-Version") == "2025-07")
            let missing = try await TestHTTP.admin(sim, "products.json")
            #expect(missing.status == 404)
            #expect(missing.json["errors"] as? String == "Not Found")
            #expect(missing.header("X-Request-Id") != nil)

            let creds = try JSONSerialization.data(withJSONObject: ["client_id": sim.clientID, "client_secret": sim.clientSecret,
                                                                    "grant_type": "client_credentials"])
            let issued = try await TestHTTP.request("\(sim.baseURL)/admin/oauth/access_token", method: "POST",
                                                    headers: ["Content-Type": "application/json"], body: creds)
            #expect(issued.status == 200)
            let token = try #require(issued.json["access_token"] as? String)
            #expect(token.hasPrefix("shpat_"))
            #expect(issued.json["expires_in"] as? Int == 86399)
            #expect(try await TestHTTP.admin(sim, "shop.json", token: token).status == 200)
            let bad = try JSONSerialization.data(withJSONObject: ["client_id": sim.clientID, "client_secret": "nope",
                                                                  "grant_type": "client_credentials"])
            let refused = try await TestHTTP.request("\(sim.baseURL)/admin/oauth/access_token", method: "POST", body: bad)
            #expect(refused.status == 400)
            #expect(refused.json["error"] as? String == "invalid_client")
        }
    }

    @Test func restOrdersFollowLinkPagination() async throws {
        try await withSimulator(SimulatorOptions(orders: 700, seed: 4, throttling: false)) { sim in
            var url: String? = "\(sim.baseURL)/admin/api/2026-07/orders.json?status=any&updated_at_min=2020-01-01T00:00:00Z&limit=250"
            var ids: [Int64] = []
            var pages: [String] = []
            while let next = url {
                let r = try await TestHTTP.request(next, headers: ["X-Shopify-Access-Token": sim.accessToken])
                #expect(r.status == 200)
                pages.append(next)
                // Integers above 2^53 survive when decoded as Int64.
                struct Page: Decodable { struct O: Decodable { var id: Int64; var updated_at: String; var refunds: [R] }
                    struct R: Decodable { struct L: Decodable { var subtotal: Decimal }; var refund_line_items: [L] }
                    var orders: [O] }
                let page = try JSONDecoder().decode(Page.self, from: r.body)
                ids += page.orders.map(\.id)
                #expect(page.orders.allSatisfy { $0.updated_at.hasSuffix("-05:00") })
                url = r.header("Link").flatMap { link in
                    link.components(separatedBy: ", ").first { $0.hasSuffix("rel=\"next\"") }
                        .map { String($0.dropFirst().prefix { $0 != ">" }) }
                }
                if pages.count > 1 { #expect(r.header("Link")?.contains("rel=\"previous\"") == true) }
            }
            #expect(pages.count == 3)
            #expect(ids.count == 700)
            #expect(Set(ids) == Set(sim.truth().orders.compactMap { Int64($0.id) }))
            // status=open (the default) leaves cancelled orders out.
            let open = try await TestHTTP.admin(sim, "orders.json?limit=250")
            #expect(((open.json["orders"] as? [[String: Any]])?.allSatisfy { $0["cancelled_at"] is NSNull }) == true)
            // previous goes back to the page before.
            let second = try await TestHTTP.request(pages[1], headers: ["X-Shopify-Access-Token": sim.accessToken])
            let previousURL = try #require(second.header("Link")?.components(separatedBy: ", ")
                .first { $0.hasSuffix("rel=\"previous\"") }.map { String($0.dropFirst().prefix { $0 != ">" }) })
            let previous = try await TestHTTP.request(previousURL, headers: ["X-Shopify-Access-Token": sim.accessToken])
            let first = try await TestHTTP.request(pages[0], headers: ["X-Shopify-Access-Token": sim.accessToken])
            #expect(previous.body == first.body)
            // page_info may only come with limit and fields.
            let extra = try await TestHTTP.request(pages[1] + "&status=any", headers: ["X-Shopify-Access-Token": sim.accessToken])
            #expect(extra.status == 400)
            #expect(extra.json["errors"] is String)
            let tooBig = try await TestHTTP.admin(sim, "orders.json?limit=251")
            #expect(tooBig.status == 400)
        }
    }

    @Test func restCallLimitAnswers429() async throws {
        let clock = ManualClock()
        try await withSimulator(SimulatorOptions(orders: 10, seed: 1, clock: clock.clock)) { sim in
            var last: HTTPResult?
            for n in 1...40 {
                last = try await TestHTTP.admin(sim, "shop.json")
                #expect(last?.status == 200)
                #expect(last?.header("X-Shopify-Shop-Api-Call-Limit") == "\(n)/40")
            }
            let limited = try await TestHTTP.admin(sim, "orders.json?status=any")
            #expect(limited.status == 429)
            #expect(limited.header("Retry-After") == "2.0")
            #expect(limited.json["errors"] as? String == "Exceeded 2 calls per second for api client. Reduce request rates to resume uninterrupted service.")
            clock.advance(1)
            let after = try await TestHTTP.admin(sim, "shop.json")
            #expect(after.status == 200)
            #expect(after.header("X-Shopify-Shop-Api-Call-Limit") == "39/40")
            #expect(sim.counters.restThrottled == 1)
        }
    }

    @Test func deletedOrdersShowInTheEventsFeed() async throws {
        try await withSimulator(SimulatorOptions(orders: 50, seed: 1, throttling: false, wallClock: { SimTime.historyEnd + 60 })) { sim in
            let ids = sim.orderIDs()
            for id in ids.prefix(3) { #expect(sim.deleteOrder(id: id)) }
            let first = try await TestHTTP.admin(sim, "events.json?filter=Order&verb=destroy&created_at_min=2026-01-01T00:00:00Z&limit=2")
            let events = try #require(first.json["events"] as? [[String: Any]])
            #expect(events.count == 2)
            #expect(events.first?["verb"] as? String == "destroy")
            #expect(events.first?["subject_type"] as? String == "Order")
            #expect(events.first?["message"] as? String == "Order #1001 was deleted.")
            #expect(first.text.contains("\"subject_id\":\(ids[0])"))
            let next = try #require(first.header("Link")?.components(separatedBy: ", ").first { $0.hasSuffix("rel=\"next\"") })
            let rest = try await TestHTTP.request(String(next.dropFirst().prefix { $0 != ">" }),
                                                  headers: ["X-Shopify-Access-Token": sim.accessToken])
            #expect((rest.json["events"] as? [Any])?.count == 1)
            let orders = try await TestHTTP.admin(sim, "orders.json?status=any&limit=250")
            #expect((orders.json["orders"] as? [Any])?.count == 47)
        }
    }

    @Test func bulkOperationLifecycleAndJSONL() async throws {
        // Long enough that a loaded machine still sees the operation in progress when it asks again.
        try await withSimulator(SimulatorOptions(orders: 1_500, seed: 6, throttling: false, bulkDurationSeconds: 2)) { sim in
            let run = "mutation($query: String!) { bulkOperationRunQuery(query: $query) { bulkOperation { id status } userErrors { field message } } }"
            let started = try await TestHTTP.graphQL(sim, run, ["query": "{ orders { edges { node { id } } } }"])
            let op = ((started.json["data"] as? [String: Any])?["bulkOperationRunQuery"] as? [String: Any])?["bulkOperation"] as? [String: Any]
            #expect(op?["status"] as? String == "CREATED")
            let gid = try #require(op?["id"] as? String)
            let second = try await TestHTTP.graphQL(sim, run, ["query": "{ orders { edges { node { id } } } }"])
            let userErrors = ((second.json["data"] as? [String: Any])?["bulkOperationRunQuery"] as? [String: Any])?["userErrors"] as? [[String: Any]]
            #expect(userErrors?.count == 1)

            var url: String?
            var statuses: [String] = []
            for _ in 0..<300 {
                let poll = try await TestHTTP.graphQL(sim, "query($id: ID!) { node(id: $id) { ... on BulkOperation { id status url objectCount } } }", ["id": gid])
                let node = (poll.json["data"] as? [String: Any])?["node"] as? [String: Any]
                let status = node?["status"] as? String ?? "?"
                if statuses.last != status { statuses.append(status) }
                if status == "COMPLETED" { url = node?["url"] as? String; break }
                try await Task.sleep(for: .milliseconds(40))
            }
            #expect(statuses.first == "CREATED" || statuses.first == "RUNNING")
            #expect(statuses.last == "COMPLETED")
            let current = try await TestHTTP.graphQL(sim, "{ currentBulkOperation { id status } }")
            #expect(((current.json["data"] as? [String: Any])?["currentBulkOperation"] as? [String: Any])?["id"] as? String == gid)

            let file = try await TestHTTP.request(try #require(url))
            #expect(file.status == 200)
            let lines = file.text.split(separator: "\n")
            var orders = 0, children = 0
            var currentRefunds: Set<String> = []
            var seenOrders: Set<String> = []
            for line in lines {
                let obj = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
                if let parent = obj["__parentId"] as? String {
                    children += 1
                    #expect(obj["__typename"] as? String == "RefundLineItem")
                    #expect(currentRefunds.contains(parent), "child \(parent) is not under its order")
                } else {
                    orders += 1
                    let id = try #require(obj["id"] as? String)
                    #expect(seenOrders.insert(id).inserted)
                    let refunds = obj["refunds"] as? [[String: Any]] ?? []
                    #expect(refunds.allSatisfy { $0["refundLineItems"] == nil })
                    currentRefunds = Set(refunds.compactMap { $0["id"] as? String })
                }
            }
            let truth = sim.truth()
            #expect(orders == 1_500)
            #expect(children > 0)
            #expect(Set(truth.orders.map { "gid://shopify/Order/\($0.id)" }) == seenOrders)
            let third = try await TestHTTP.graphQL(sim, run, ["query": "{ orders { edges { node { id } } } }"])
            #expect((((third.json["data"] as? [String: Any])?["bulkOperationRunQuery"] as? [String: Any])?["userErrors"] as? [Any])?.isEmpty == true)
        }
    }
}
