import ArgumentParser
import Dashboard
import Foundation
import LoyaltyCore
import LoyaltyStore
import ShopifyClient
import ShopifyKit

/// Exit codes of `loyalnest sync` for cron (docs/decisions/0033): 0 done, 75 a transient failure (try again
/// later), 77 authentication refused, 78 configuration missing or wrong, 2 bad usage.
enum SyncExit {
    static let transient: Int32 = 75
    static let auth: Int32 = 77
    static let config: Int32 = 78
}

struct SyncCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Sync orders, customers and deletions from Shopify into the local store.",
        discussion: """
            Base URL: --shop-url, else LOYALNEST_SHOPIFY_URL, else shop_url in config.toml, else https://SHOP_DOMAIN.
            Token: LOYALNEST_SHOPIFY_TOKEN, else token_file (mode 0600) under [shopify] in config.toml, else
            client_id + client_secret_file (client credentials).
            Exit codes: 0 done, 75 a transient failure (retry later), 77 authentication refused, 78 configuration error.
            """)

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Run once and exit (the default is to keep syncing every --interval seconds).") var once = false
    @Flag(help: "Forget the bookmarks and read everything again.") var full = false
    @Flag(inversion: .prefixedNo, help: "Read orders with a bulk export when there is no bookmark yet (the first backfill).")
    var bulk = true
    @Flag(help: "Print a JSON summary.") var json = false
    @Option(help: ArgumentHelp("The shop's base URL, e.g. http://127.0.0.1:8080 for the simulator.", valueName: "URL"))
    var shopURL: String?
    @Option(help: "Seconds between runs when not --once.") var interval: Int?
    @Option(help: "Only these resources (orders, customers, deletions), comma-separated.") var only: String?

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let appConfig: AppConfig
        do {
            appConfig = try AppConfig.load(from: AppConfig.directory(environment: environment).appendingPathComponent("config.toml"))
        } catch let error as ConfigError {
            printError("loyalnest: \(error)")
            throw ExitCode(SyncExit.config)
        }
        var resources = SyncResource.allCases
        if let only {
            resources = try only.split(separator: ",").map { name in
                guard let resource = SyncResource(rawValue: name.trimmingCharacters(in: .whitespaces)) else {
                    throw CLIError("--only \(name) is not a resource; use orders, customers or deletions")
                }
                return resource
            }
        }
        let store = try global.openStore()
        let session = try store.syncSession(merchant: global.merchant ?? appConfig.merchant, now: try Clock.now())
        let apiConfig: AdminAPIConfig
        do {
            apiConfig = try ShopifyConnection.resolve(shopDomain: session.merchant.shopDomain,
                                                      settings: appConfig.shopifyConnection, shopURLFlag: shopURL,
                                                      environment: environment)
        } catch let error as ShopifyConfigError {
            printError("loyalnest: \(error)")
            throw ExitCode(SyncExit.config)
        }
        let reader = try AdminAPIReader(config: apiConfig)
        let engine = SyncEngine(store: store, session: session, reader: reader, clock: { UnixTime(Date().timeIntervalSince1970) })
        let options = SyncOptions(resources: resources, full: full, honourPause: !once, bulkBackfill: bulk)
        let pause = TimeInterval(interval ?? appConfig.syncInterval ?? 60)
        while true {
            let report = engine.run(options)
            if json { try printJSON(report) } else { printSummary(report) }
            if once {
                if let code = exitCode(report) { throw ExitCode(code) }
                return
            }
            Thread.sleep(forTimeInterval: pause)
        }
    }

    private func exitCode(_ report: SyncRunReport) -> Int32? {
        let failures = report.failed
        guard !failures.isEmpty else { return nil }
        if failures.contains(where: { $0.health == .authFailed }) { return SyncExit.auth }
        return SyncExit.transient
    }

    private func printSummary(_ report: SyncRunReport) {
        for resource in report.resources {
            let w = resource.written
            var line = "\(resource.resource.rawValue): "
            if let skipped = resource.skipped {
                line += "skipped (\(skipped))"
            } else {
                line += "\(resource.pages) page(s), \(resource.rowsRead) read"
                switch resource.resource {
                case .orders: line += "; orders new \(w.ordersNew), updated \(w.ordersUpdated), unchanged \(w.ordersKnown), guests \(w.guests), points \(w.pointsPosted)"
                case .customers: line += "; customers new \(w.customersCreated), updated \(w.customersUpdated)"
                case .deletions: line += "; orders deleted \(w.ordersDeleted), points \(w.pointsPosted)"
                }
                if w.rejected > 0 { line += "; \(w.rejected) refused: " + w.problems.prefix(3).joined(separator: "; ") }
                line += "; \(resource.health.rawValue)"
            }
            print(line)
            if let error = resource.error { printError("loyalnest: \(resource.resource.rawValue): \(error)") }
        }
        print("\(report.apiCalls) API call(s), \(report.bytes) bytes, \(report.finishedAt - report.startedAt) s")
    }
}

struct WebhooksCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "webhooks", abstract: "Receive Shopify webhooks.",
                                                    subcommands: [Serve.self])

    struct Serve: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Serve a webhook endpoint on loopback (put a TLS proxy in front of it in production).",
            discussion: "The app secret comes from LOYALNEST_WEBHOOK_SECRET, else webhook_secret_file (mode 0600) under [shopify] in config.toml.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Port to listen on (0 picks a free one).") var port: UInt16 = 8081
        @Option(help: "Address to listen on.") var host = "127.0.0.1"

        func run() throws {
            let environment = ProcessInfo.processInfo.environment
            let appConfig = try AppConfig.load(from: AppConfig.directory(environment: environment).appendingPathComponent("config.toml"))
            let secret: String
            if let value = environment["LOYALNEST_WEBHOOK_SECRET"], !value.isEmpty {
                secret = value
            } else if let file = appConfig.shopifyConnection.webhookSecretFile {
                secret = try ShopifyConnection.readSecret(file, what: "webhook_secret_file")
            } else {
                throw CLIError("no webhook secret: set LOYALNEST_WEBHOOK_SECRET or webhook_secret_file under [shopify] in config.toml")
            }
            let store = try global.openStore()
            let server = WebhookServer(store: store, options: WebhookServer.Options(appSecret: secret, host: host),
                                       clock: { UnixTime(Date().timeIntervalSince1970) })
            let bound = try blockingAwait { try await server.start(port: port) }
            FileHandle.standardOutput.write(Data("listening on http://\(host):\(bound)\n".utf8))
            waitForTermination()
            blockingAwait { await server.stop() }
        }
    }
}

