import Dashboard
import Foundation
import Testing

/// The `[shopify]` table of config.toml: known keys only, typed values, a sane sync interval.
@Suite struct ShopifyConfigTests {
    @Test func theShopifyTableOfConfigTomlIsChecked() throws {
        let config = try AppConfig.parse("""
            [shopify]
            shop_url = "http://127.0.0.1:8080"
            token_file = "/etc/loyalnest/token"
            sync_interval = 30
            """, source: "config.toml")
        #expect(config.shopifyConnection.shopURL == "http://127.0.0.1:8080")
        #expect(config.shopifyConnection.tokenFile == "/etc/loyalnest/token")
        #expect(config.syncInterval == 30)
        for (text, fragment) in [("[shopify]\ntoken = \"x\"", "unknown setting \"shopify.token\""),
                                 ("[shopify]\nsync_interval = 1", "5 to 86400"),
                                 ("[shopify]\nsync_interval = \"60\"", "5 to 86400"),
                                 ("[shopify]\nshop_url = 3", "non-empty string"),
                                 ("shopify = 3", "must be a table")] {
            #expect(throws: ConfigError.self) { try AppConfig.parse(text, source: "config.toml") }
            do { _ = try AppConfig.parse(text, source: "config.toml") } catch {
                #expect("\(error)".contains(fragment), "\(text): \(error)")
            }
        }
    }
}
