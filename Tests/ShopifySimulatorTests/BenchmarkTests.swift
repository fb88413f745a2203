import Foundation
import Testing
@testable import ShopifySimulator

/// Serving speed at a million orders. Off by default (it is a measurement, not a check of behaviour):
/// `SIM_BENCH=1 swift test --filter ShopifySimulatorTests.BenchmarkTests` (use -c release for real figures).
@Suite struct BenchmarkTests {
    @Test(.enabled(if: ProcessInfo.processInfo.environment["SIM_BENCH"] != nil))
    func pagesPerSecondAtAMillionOrders() async throws {
        let built = Date()
        try await withSimulator(SimulatorOptions(orders: 1_000_000, seed: 1, throttling: false)) { sim in
            let setup = Date().timeIntervalSince(built)
            let start = Date()
            var after: Any = NSNull()
            var pages = 0, orders = 0, bytes = 0
            while Date().timeIntervalSince(start) < 5 {
                let r = try await TestHTTP.graphQL(sim, fullOrdersQuery, ["first": 250, "after": after])
                let page = try JSONDecoder().decode(OrdersPage.self, from: r.body)
                pages += 1
                orders += page.data.orders.edges.count
                bytes += r.body.count
                after = page.data.orders.pageInfo.endCursor ?? NSNull()
            }
            let seconds = Date().timeIntervalSince(start)
            let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
            let memory = status.split(separator: "\n").filter { $0.hasPrefix("VmRSS") || $0.hasPrefix("VmHWM") }
            print(String(format: "simulator bench: setup %.2fs, %d pages in %.2fs = %.1f pages/s, %.0f orders/s, %.0f bytes/order; %@",
                         setup, pages, seconds, Double(pages) / seconds, Double(orders) / seconds,
                         Double(bytes) / Double(max(orders, 1)), memory.joined(separator: " ")))
            #expect(orders == pages * 250)
        }
    }
}
