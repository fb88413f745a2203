import ArgumentParser
import Foundation
import ShopifySimulator

struct SimulatorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulator",
        abstract: "A loopback Shopify for tests, benchmarks and the demo: serve it, or print its ground truth.",
        subcommands: [SimulatorServeCommand.self, SimulatorTruthCommand.self])
}

struct SimulatorServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the synthetic shop on 127.0.0.1 until SIGTERM or SIGINT.",
        discussion: """
            Prints one line: the base URL and the Admin access token. Faults: \
            \(Fault.allCases.map(\.rawValue).joined(separator: ", ")); add =RATE (0-1) to set how often, e.g. 5xx=0.2.
            """)
    @Option(help: "Port to listen on (0 picks a free one).") var port: UInt16 = 0
    @Option(help: "Orders in the synthetic history.") var orders = 1_000
    @Option(help: "Seed of the synthetic store and of the faults.") var seed: UInt64 = 1
    @Option(help: "Faults to inject, comma separated.") var faults = ""
    @Option(help: "GraphQL cost bucket size (points).") var bucket: Double = 1_000
    @Option(help: "GraphQL bucket restore rate (points per second).") var restoreRate: Double = 50
    @Flag(help: "Unlimited buckets (GraphQL and REST).") var noThrottle = false
    @Option(help: "New orders per minute (0 = none).") var liveOrdersPerMinute: Double = 0
    @Option(help: "The Admin access token to accept (default: derived from the seed).") var token: String?

    func validate() throws {
        guard orders >= 0, orders <= 50_000_000 else { throw ValidationError("--orders must be from 0 to 50000000") }
        guard bucket > 0, restoreRate > 0 else { throw ValidationError("--bucket and --restore-rate must be positive") }
        guard liveOrdersPerMinute >= 0 else { throw ValidationError("--live-orders-per-minute must be 0 or more") }
    }

    func run() throws {
        let plan: FaultPlan
        do { plan = try FaultPlan(parsing: faults) } catch { throw CLIError("--faults: \(error)") }
        let simulator = ShopifySimulator(options: SimulatorOptions(
            orders: orders, seed: seed, faults: plan, bucketSize: bucket, restoreRate: restoreRate,
            throttling: !noThrottle, liveOrdersPerMinute: liveOrdersPerMinute, accessToken: token))
        _ = try blockingAwait { try await simulator.start(port: port) }
        FileHandle.standardOutput.write(Data("\(simulator.baseURL) \(simulator.accessToken)\n".utf8))
        printError("client id \(simulator.clientID), client secret \(simulator.clientSecret); Ctrl-C or SIGTERM stops")
        waitForTermination()
        blockingAwait { await simulator.stop() }
    }
}

struct SimulatorTruthCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "truth",
        abstract: "The simulator's initial ground truth: every order, total, refunds, cancellation and deletion.")
    @Option(help: "Orders in the synthetic history.") var orders = 1_000
    @Option(help: "Seed of the synthetic store.") var seed: UInt64 = 1
    @Flag(help: "Stream the whole truth as JSON (otherwise a summary).") var json = false

    func validate() throws {
        guard orders >= 0, orders <= 50_000_000 else { throw ValidationError("--orders must be from 0 to 50000000") }
    }

    func run() throws {
        let simulator = ShopifySimulator(options: SimulatorOptions(orders: orders, seed: seed))
        if json {
            let out = FileHandle.standardOutput
            simulator.streamTruth { out.write($0) }
            return
        }
        let truth = simulator.truth()
        let refunds = truth.orders.reduce(0) { $0 + $1.refunds.count }
        let cancelled = truth.orders.filter { $0.cancelledAt != nil }.count
        let guests = truth.orders.filter { $0.customerId == nil }.count
        print("\(truth.shop): \(truth.orders.count) orders (\(cancelled) cancelled, \(guests) guest checkouts), \(refunds) refunds, \(truth.customers.count) customers; seed \(seed)")
    }
}
