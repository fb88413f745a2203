import Foundation
import LoyaltyCore
import Testing
@testable import ShopifyClient

@Suite struct FixtureDecodingTests {
    @Test func synthesizedOrdersPage() throws {
        let result = try ShopifyGraphQL.decodeOrdersPage(Fixture.data("graphql/orders_page__SYNTHESIZED_from_documented_shapes.json"))
        guard case .data(let page, let cost) = result else { Issue.record("expected data, got \(result)"); return }
        #expect(page.items.count == 1)
        #expect(page.hasNextPage == false)
        #expect(page.endCursor == "eyJsYXN0X2lkIjo0NTA3ODk0NjksImxhc3RfdmFsdWUiOiIyMDI1LTAxLTAyVDAzOjA0OjA1WiJ9")
        let order = try #require(page.items.first)
        #expect(order.id == 450_789_469)
        #expect(order.name == "#1001")
        #expect(order.total == DecimalAmount(digits: 40994, scale: 2))
        #expect(order.createdAt == Timestamp.make(year: 2025, month: 1, day: 2, hour: 3, minute: 4, second: 5))
        #expect(order.customer?.id == 207_119_551)
        #expect(order.financialStatus == "PAID")
        #expect(order.refunds.isEmpty)
        #expect(cost == QueryCost(requested: 52, actual: 4, throttleStatus: ThrottleStatus(maximumAvailable: 2000, currentlyAvailable: 1996, restoreRate: 100)))
    }

    @Test(arguments: [("graphql/throttled__community_shopify_254776.json", 752.0, 666.0),
                      ("graphql/throttled__go_shopify_test.json", 400.0, 300.0)])
    func throttledFixtures(file: String, requested: Double, available: Double) throws {
        let result = try ShopifyGraphQL.decodeOrdersPage(Fixture.data(file))
        guard case .throttled(let cost) = result else { Issue.record("expected THROTTLED, got \(result)"); return }
        #expect(cost?.requested == requested)
        #expect(cost?.actual == nil)
        #expect(cost?.throttleStatus == ThrottleStatus(maximumAvailable: 1000, currentlyAvailable: available, restoreRate: 50))
    }

    @Test func queryErrorFixture() throws {
        let result = try ShopifyGraphQL.decodeOrdersPage(Fixture.data("graphql/query_error__shopify_api_js_test.json"))
        guard case .queryErrors(let errors, let cost) = result else { Issue.record("expected query errors, got \(result)"); return }
        #expect(errors == [GraphQLError(message: "you must provide one of first or last", path: ["products"])])
        #expect(cost?.throttleStatus?.currentlyAvailable == 998)
    }

    @Test func successWithCostFixture() throws {
        let body = try Fixture.data("graphql/success_with_cost__admin_api_client_readme.json")
        struct Product: Decodable { let product: P; struct P: Decodable { let id: String; let title: String } }
        let result = try ShopifyGraphQL.decode(body, Product.self, what: "product") { data, _ in data.product.title }
        guard case .data(let title, let cost) = result else { Issue.record("expected data"); return }
        #expect(title == "Aera")
        #expect(cost == QueryCost(requested: 1, actual: 1, throttleStatus: ThrottleStatus(maximumAvailable: 1000, currentlyAvailable: 999, restoreRate: 50)))
        // Read as an orders page it is refused with a reason, not silently empty.
        #expect { try ShopifyGraphQL.decodeOrdersPage(body) } throws: { error in
            (error as? ResponseDecodingError)?.message.contains("no \"data.orders\"") == true
        }
    }

    @Test func bulkFixtures() throws {
        let run = try ShopifyGraphQL.decodeBulkRun(Fixture.data("graphql/bulk_run_query_response__airbyte.json"))
        guard case .data(let started, let cost) = run else { Issue.record("expected data, got \(run)"); return }
        #expect(started.id == "gid://shopify/BulkOperation/0")
        #expect(started.status == .created)
        #expect(cost?.requested == 10)

        let node = try ShopifyGraphQL.decodeBulkStatus(Fixture.data("graphql/bulk_node_completed__airbyte.json"))
        guard case .data(let found?, _) = node else { Issue.record("expected an operation, got \(node)"); return }
        #expect(found.status == .completed)
        #expect(found.status.isFinished)
        #expect(found.objectCount == 4)
        #expect(found.fileSize == 774)
        #expect(found.url == "https://storage.example/bulk-result.jsonl")
        #expect(found.partialDataUrl == nil)
    }

    @Test func bulkUserErrorsAreQueryErrors() throws {
        let body = #"{"data":{"bulkOperationRunQuery":{"bulkOperation":null,"userErrors":[{"field":["query"],"message":"A bulk query operation for this app and shop is already in progress"}]}},"extensions":\#(Generated.cost(requested: 10, actual: 10))}"#
        guard case .queryErrors(let errors, _) = try ShopifyGraphQL.decodeBulkRun(Data(body.utf8)) else { Issue.record("expected errors"); return }
        #expect(errors.first?.code == "USER_ERROR")
        #expect(errors.first?.message.contains("already in progress") == true)
    }

    @Test func restEventsFixtureHasNoDeletions() throws {
        #expect(try ShopifyREST.decodeDeletedOrderEvents(Fixture.data("rest/python_api__events.json")).isEmpty)
        let body = ##"{"events":[{"id":1234567890123,"subject_id":5100000000123,"subject_type":"Order","verb":"destroy","created_at":"2026-03-01T07:00:00-05:00","message":"Order #1001 was deleted.","arguments":["#1001"],"body":null,"path":"/admin/orders/5100000000123","author":"Shopify"},{"id":2,"subject_id":3,"subject_type":"Order","verb":"placed","created_at":"2026-03-01T07:00:00-05:00"}]}"##
        let events = try ShopifyREST.decodeDeletedOrderEvents(Data(body.utf8))
        #expect(events == [DeletedOrderEvent(eventID: 1_234_567_890_123, orderID: 5_100_000_000_123,
                                             createdAt: Timestamp.make(year: 2026, month: 3, day: 1, hour: 12), message: "Order #1001 was deleted.")])
    }

    @Test(arguments: ["rest/429__go_shopify_test.json", "rest/400__shopify_api_js_dummy_server.json", "rest/422__go_shopify_test.json"])
    func restErrorBodies(file: String) throws {
        let message = try #require(ShopifyREST.errorMessage(Fixture.data(file)))
        #expect(!message.isEmpty)
    }
}

@Suite struct ContractDecodingTests {
    @Test func contractNodeWithBigIdsMoneyAndRefunds() throws {
        let node = Generated.orderNode(id: Generated.bigID, refunds: [(id: Generated.bigID + 2, lines: ["10.10", "0.20"])],
                                       status: "PARTIALLY_REFUNDED", subtotal: "100.10", total: "9999999.99")
        let guest = Generated.orderNode(id: 5_100_000_000_002, customer: false)
        guard case .data(let page, _) = try ShopifyGraphQL.decodeOrdersPage(Data(Generated.ordersPage(nodes: [node, guest]).utf8)) else {
            Issue.record("expected data"); return
        }
        let order = page.items[0]
        #expect(order.id == 9_007_199_254_740_993)
        #expect(order.subtotal == DecimalAmount(digits: 10010, scale: 2))
        #expect(order.total == DecimalAmount(digits: 999_999_999, scale: 2))
        #expect(order.discountCodes == ["SPRING10"])
        #expect(order.customer == ShopifyOrderCustomer(id: 7_100_000_000_001, email: "ann@example.com", firstName: "Ann", lastName: "Lee", phone: "+15550001111"))
        #expect(order.refunds.count == 1)
        #expect(order.refunds[0].id == 9_007_199_254_740_995)
        #expect(order.refunds[0].amount == DecimalAmount(digits: 1030, scale: 2))
        #expect(order.processedAt == Timestamp.make(year: 2026, month: 3, day: 1, hour: 10, minute: 0, second: 5))
        #expect(order.cursor == "c0")
        #expect(page.items[1].customer == nil)

        let incoming = order.incomingOrder
        #expect(incoming.externalID == "9007199254740993")
        #expect(incoming.financialStatus == "partially_refunded")
        #expect(incoming.customer.externalID == "7100000000001")
        #expect(incoming.refunds == [IncomingRefund(externalID: "9007199254740995", createdAt: Timestamp.make(year: 2026, month: 3, day: 2, hour: 9, minute: 30),
                                                    amount: DecimalAmount(digits: 1030, scale: 2))])
        #expect(page.items[1].incomingOrder.customer == IncomingCustomer())
    }

    /// The same order through the REST importer and through GraphQL gives the same IncomingOrder.
    @Test func mappingMatchesTheRESTImporter() throws {
        let node = Generated.orderNode(id: 5_100_000_000_777, refunds: [(id: 88, lines: ["10.00", "2.50"])], status: "PARTIALLY_REFUNDED")
        guard case .data(let page, _) = try ShopifyGraphQL.decodeOrdersPage(Data(Generated.ordersPage(nodes: [node]).utf8)) else {
            Issue.record("expected data"); return
        }
        let rest = #"""
        {"orders":[{"id":5100000000777,"name":"#1777","created_at":"2026-03-01T05:00:00-05:00","processed_at":"2026-03-01T05:00:05-05:00",
          "currency":"USD","total_price":"112.50","subtotal_price":"100.00","financial_status":"partially_refunded","cancelled_at":null,
          "discount_codes":[{"code":"SPRING10","amount":"10.00","type":"percentage"}],
          "customer":{"id":7100000000001,"email":"ann@example.com","first_name":"Ann","last_name":"Lee","phone":"+15550001111"},
          "refunds":[{"id":88,"created_at":"2026-03-02T04:30:00-05:00","refund_line_items":[{"subtotal":10.00},{"subtotal":2.5}]}]}]}
        """#
        let (orders, errors) = ShopifyOrderJSON.decodeOrders(Data(rest.utf8), format: .shopifyJSON)
        #expect(errors.isEmpty)
        let fromREST = try #require(orders.first)
        let fromGraphQL = page.items[0].incomingOrder
        #expect(fromGraphQL.externalID == fromREST.externalID)
        #expect(fromGraphQL.customer == fromREST.customer)
        #expect(fromGraphQL.processedAt == fromREST.processedAt)
        #expect(fromGraphQL.financialStatus == fromREST.financialStatus)
        #expect(fromGraphQL.totalPrice.minorUnits(in: .usd) == fromREST.totalPrice.minorUnits(in: .usd))
        #expect(fromGraphQL.subtotalPrice?.minorUnits(in: .usd) == fromREST.subtotalPrice?.minorUnits(in: .usd))
        #expect(fromGraphQL.discountCodes == fromREST.discountCodes)
        #expect(fromGraphQL.refunds.map(\.externalID) == fromREST.refunds.map(\.externalID))
        #expect(fromGraphQL.refunds.map(\.createdAt) == fromREST.refunds.map(\.createdAt))
        #expect(fromGraphQL.refunds.map { $0.amount.minorUnits(in: .usd) } == fromREST.refunds.map { $0.amount.minorUnits(in: .usd) })
    }

    @Test func customersPage() throws {
        let body = #"{"data":{"customers":{"edges":[{"cursor":"a","node":{"id":"gid://shopify/Customer/9007199254740993","legacyResourceId":"9007199254740993","email":"bo@example.com","firstName":"Bo","lastName":null,"phone":null,"createdAt":"2026-01-01T00:00:00Z","updatedAt":"2026-02-01T00:00:00Z","numberOfOrders":"3"}}],"pageInfo":{"hasNextPage":false,"endCursor":"a"}}},"extensions":\#(Generated.cost(requested: 5, actual: 5))}"#
        guard case .data(let page, _) = try ShopifyGraphQL.decodeCustomersPage(Data(body.utf8)) else { Issue.record("expected data"); return }
        let customer = try #require(page.items.first)
        #expect(customer.id == 9_007_199_254_740_993)
        #expect(customer.numberOfOrders == 3)
        #expect(customer.updatedAt == Timestamp.make(year: 2026, month: 2, day: 1))
        #expect(customer.incomingCustomer == IncomingCustomer(externalID: "9007199254740993", email: "bo@example.com", firstName: "Bo"))
        #expect(customer.customerRecord?.email == "bo@example.com")
    }

    @Test func gidParsing() {
        #expect(ShopifyGID("gid://shopify/Order/5100000000123") == ShopifyGID(resource: "Order", id: 5_100_000_000_123))
        #expect(ShopifyGID("gid://shopify/Order/9223372036854775807")?.id == Int64.max)
        #expect(ShopifyGID("gid://shopify/Order/9223372036854775808") == nil)
        #expect(ShopifyGID("gid://shopify/LineItem/12?foo=bar")?.id == 12)
        #expect(ShopifyGID("gid://shopify/Order/") == nil)
        #expect(ShopifyGID("gid://shopify/Order/12a") == nil)
        #expect(ShopifyGID("5100000000123") == nil)
    }

    @Test(arguments: [
        ("not json at all", "not valid JSON"),
        ("[1,2,3]", "wrong type"),
        ("{}", "neither \"data\" nor \"errors\""),
        (#"{"data":{"orders":{"pageInfo":{"hasNextPage":false}}}}"#, "lacks \"edges\""),
        (#"{"data":{"orders":{"edges":[{"cursor":"x","node":{"id":"gid://shopify/Order/1","createdAt":"2026-03-01T00:00:00Z","updatedAt":"2026-03-01T00:00:00Z","totalPriceSet":{"shopMoney":{"amount":"12,34"}}}}],"pageInfo":{"hasNextPage":false}}}}"#,
         "data.orders.edges[0].node.totalPriceSet.shopMoney.amount \"12,34\" is not an amount"),
        (#"{"data":{"orders":{"edges":[{"cursor":"x","node":{"id":"Order 1","createdAt":"2026-03-01T00:00:00Z"}}],"pageInfo":{"hasNextPage":false}}}}"#,
         "is not an order id"),
        (#"{"data":{"orders":{"edges":[{"cursor":"x","node":{"id":"gid://shopify/Order/1","createdAt":"2026-03-01T00:00:00Z","totalPriceSet":{"shopMoney":{"amount":"1.00"}}}}],"pageInfo":{"hasNextPage":false}}}}"#,
         "data.orders.edges[0].node.updatedAt is missing"),
        (#"{"data":{"orders":{"edges":[{"cursor":"x","node":{"id":"gid://shopify/Order/1","createdAt":"2026-02-30T00:00:00Z","updatedAt":"2026-03-01T00:00:00Z","totalPriceSet":{"shopMoney":{"amount":"1.00"}}}}],"pageInfo":{"hasNextPage":false}}}}"#,
         "createdAt \"2026-02-30T00:00:00Z\" is not an ISO-8601 timestamp"),
        (#"{"data":{"orders":{"edges":[{"cursor":"x","node":{"id":"gid://shopify/Order/1","createdAt":"2026-03-01T00:00:00Z","updatedAt":"2026-03-01T00:00:00Z","totalPriceSet":{"shopMoney":{"amount":"1.00"}},"refunds":[{"id":"gid://shopify/Refund/2","createdAt":"2026-03-01T00:00:00Z"}]}}],"pageInfo":{"hasNextPage":false}}}}"#,
         "refunds[0].refundLineItems is missing"),
        (#"{"data":{"orders":{"edges":[{"cursor":"x","node":{"id":"gid://shopify/Order/1","legacyResourceId":9007199254740993}}],"pageInfo":{"hasNextPage":false}}}}"#,
         "wrong type"),
    ])
    func malformedEnvelopesAreRefusedWithAReason(body: String, expected: String) {
        do {
            let result = try ShopifyGraphQL.decodeOrdersPage(Data(body.utf8))
            Issue.record("expected a decoding error, got \(result)")
        } catch {
            #expect(error.message.contains(expected), "\(error.message)")
        }
    }

    @Test func timestampsFastAndSlowPathsAgree() {
        for text in ["2026-03-01T12:00:00Z", "2024-02-29T23:59:59Z", "2026-12-31T00:00:00Z", "1999-01-28T01:02:03Z"] {
            #expect(ShopifyGraphQL.fastTime(text) ?? Timestamp.parse(text) == Timestamp.parse(text))
        }
        #expect(ShopifyGraphQL.fastTime("2026-03-01T12:00:00+01:00") == nil)
        #expect(ShopifyGraphQL.fastTime("2026-13-01T12:00:00Z") == nil)
    }

    /// The fast reader and the JSONDecoder path agree on every well-formed page, including escapes and nulls.
    @Test func fastReaderMatchesTheReferenceDecoder() throws {
        let escaped = Generated.orderNode(id: 5_100_000_000_999).replacingOccurrences(of: ##""name":"#1999""##,
            with: ##""name":"#1\u00e9\"9\\\/\ud83d\ude00","extra":{"a":[1,2.5e3,true,false,null,{"b":"c"}]}"##)
        let bodies = [
            Generated.page(count: 250),
            Generated.ordersPage(nodes: [escaped, Generated.orderNode(id: 1, customer: false)], hasNext: false),
            String(decoding: try Fixture.data("graphql/orders_page__SYNTHESIZED_from_documented_shapes.json"), as: UTF8.self),
            Generated.ordersPage(nodes: []),
        ]
        for body in bodies {
            let data = Data(body.utf8)
            #expect(FastOrdersPage.parse(data) != nil)
            guard case .data(let fast, let fastCost) = try ShopifyGraphQL.decodeOrdersPage(data),
                  case .data(let slow, let slowCost) = try ShopifyGraphQL.decodeOrdersPageWithJSONDecoder(data) else {
                Issue.record("expected data"); continue
            }
            #expect(fast.items == slow.items)
            #expect(fast.hasNextPage == slow.hasNextPage)
            #expect(fast.endCursor == slow.endCursor)
            #expect(fastCost == slowCost)
        }
        guard case .data(let page, _) = try ShopifyGraphQL.decodeOrdersPage(Data(bodies[1].utf8)) else { return }
        #expect(page.items[0].name == "#1é\"9\\/😀")
        // Anything unusual goes to the reference path.
        #expect(FastOrdersPage.parse(Data(Generated.throttled.utf8)) == nil)
        #expect(FastOrdersPage.parse(Data(#"{"data":{"orders":null}}"#.utf8)) == nil)
        #expect(FastOrdersPage.parse(Data((Generated.page(count: 1) + "x").utf8)) == nil)
    }

    @Test func pageDecodingThroughput() throws {
        let body = Data(Generated.page(count: 250).utf8)
        let rounds = 8
        let start = Date()
        var decoded = 0
        for _ in 0..<rounds {
            guard case .data(let page, _) = try ShopifyGraphQL.decodeOrdersPage(body) else { Issue.record("no data"); return }
            decoded += page.items.count
        }
        let seconds = Date().timeIntervalSince(start)
        #expect(decoded == 250 * rounds)
        print("decode (debug build): \(Int(Double(decoded) / seconds)) orders/s, \(body.count / 250) bytes/order")
    }
}

@Suite struct QueryBuildingTests {
    @Test func searchAndVariables() throws {
        let min = Timestamp.make(year: 2026, month: 3, day: 1, hour: 12)
        let max = Timestamp.make(year: 2026, month: 3, day: 2)
        #expect(GraphQLQueries.updatedAtSearch(min: min, max: max) == "updated_at:>='2026-03-01T12:00:00Z' AND updated_at:<'2026-03-02T00:00:00Z'")
        #expect(GraphQLQueries.updatedAtSearch(min: min, max: nil) == "updated_at:>='2026-03-01T12:00:00Z'")
        #expect(GraphQLQueries.updatedAtSearch(min: nil, max: nil) == nil)

        let body = GraphQLQueries.body(query: GraphQLQueries.orders, variables: GraphQLQueries.pageVariables(first: 250, after: nil, search: "a\"b"))
        let object = try #require(try JSONSerialization.jsonObject(with: body) as? [String: Any])
        let variables = try #require(object["variables"] as? [String: Any])
        #expect(variables["first"] as? Int == 250)
        #expect(variables["after"] is NSNull)
        #expect(variables["query"] as? String == "a\"b")
        let query = try #require(object["query"] as? String)
        #expect(query.contains("orders(first: $first, after: $after, sortKey: UPDATED_AT, query: $query)"))
        for field in ["legacyResourceId", "displayFinancialStatus", "subtotalPriceSet", "discountCodes", "refundLineItems(first: 100)", "pageInfo { hasNextPage endCursor }"] {
            #expect(query.contains(field))
        }
        #expect(GraphQLQueries.customers.contains("customers(first: $first, after: $after, sortKey: UPDATED_AT, query: $query)"))
        #expect(GraphQLQueries.customers.contains("numberOfOrders"))
        #expect(JSONValue.string("line\nbreak\u{1}").serialized == #""line\nbreak\u0001""#)
    }
}
