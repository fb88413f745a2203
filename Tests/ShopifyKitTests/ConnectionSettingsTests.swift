import Foundation
import ShopifyClient
@testable import ShopifyKit
import Testing

/// Where the shop is and how the sync authenticates: every bad setting is refused with what to do, and no message
/// ever shows the secret.
@Suite struct ConnectionSettingsTests {
    let directory: String = {
        let path = NSTemporaryDirectory() + "loyalnest-conn-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }()

    func secretFile(_ text: String, mode: Int) throws -> String {
        let path = directory + "/secret-\(UUID().uuidString)"
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
        return path
    }

    func refusal(_ settings: ShopifyConnectionSettings, url: String? = nil, environment: [String: String] = [:]) -> String? {
        do {
            _ = try ShopifyConnection.resolve(shopDomain: "acme.myshopify.com", settings: settings, shopURLFlag: url,
                                              environment: environment)
            return nil
        } catch {
            return "\(error)"
        }
    }

    @Test func aTokenFileMustBeOwnerOnlyAndItsSecretNeverShows() throws {
        let open = try secretFile("shpat_secret_in_file\n", mode: 0o644)
        let message = try #require(refusal(ShopifyConnectionSettings(tokenFile: open)))
        #expect(message.contains("chmod 600") && message.contains(open))
        #expect(!message.contains("shpat_secret_in_file"))
        let closed = try secretFile("shpat_secret_in_file\n", mode: 0o600)
        let config = try ShopifyConnection.resolve(shopDomain: "acme.myshopify.com", settings: ShopifyConnectionSettings(tokenFile: closed),
                                                   environment: [:])
        #expect(config.credentials == .accessToken("shpat_secret_in_file"))
        #expect(config.baseURL == "https://acme.myshopify.com")
        #expect(!"\(config)".contains("shpat_secret_in_file"))
    }

    @Test func missingEmptyAndAbsentCredentialsAreRefused() throws {
        #expect(refusal(ShopifyConnectionSettings(tokenFile: directory + "/nope"))?.contains("does not exist") == true)
        let empty = try secretFile("  \n", mode: 0o600)
        #expect(refusal(ShopifyConnectionSettings(tokenFile: empty))?.contains("is empty") == true)
        #expect(refusal(ShopifyConnectionSettings())?.contains("LOYALNEST_SHOPIFY_TOKEN") == true)
        #expect(refusal(ShopifyConnectionSettings(clientID: "app-1"))?.contains("client_secret_file") == true)
    }

    @Test func theEnvironmentTokenAndURLWinOverTheConfig() throws {
        let file = try secretFile("from-file", mode: 0o600)
        let config = try ShopifyConnection.resolve(
            shopDomain: "acme.myshopify.com", settings: ShopifyConnectionSettings(shopURL: "https://config.example", tokenFile: file),
            environment: ["LOYALNEST_SHOPIFY_TOKEN": "from-env", "LOYALNEST_SHOPIFY_URL": "http://127.0.0.1:9"])
        #expect(config.credentials == .accessToken("from-env"))
        #expect(config.baseURL == "http://127.0.0.1:9")
        let flagged = try ShopifyConnection.resolve(shopDomain: "acme.myshopify.com", settings: ShopifyConnectionSettings(),
                                                    shopURLFlag: "http://127.0.0.1:8/", environment: ["LOYALNEST_SHOPIFY_TOKEN": "t"])
        #expect(flagged.baseURL == "http://127.0.0.1:8")
        let secret = try secretFile("s3cret", mode: 0o600)
        let client = try ShopifyConnection.resolve(shopDomain: "acme.myshopify.com",
                                                   settings: ShopifyConnectionSettings(clientID: "app-1", clientSecretFile: secret),
                                                   environment: [:])
        #expect(client.credentials == .clientCredentials(id: "app-1", secret: "s3cret"))
    }

    @Test func badURLsAndVersionsAreRefused() {
        let env = ["LOYALNEST_SHOPIFY_TOKEN": "t"]
        for url in ["ftp://acme.example", "acme.myshopify.com", "http://", "not a url"] {
            #expect(refusal(ShopifyConnectionSettings(), url: url, environment: env)?.contains("is not an http(s) address") == true, "\(url)")
        }
        for version in ["2026-7", "latest", "26-07", ""] {
            #expect(refusal(ShopifyConnectionSettings(apiVersion: version), environment: env)?.contains("is not YYYY-MM") == true, "\(version)")
        }
    }
}
