import Foundation
import ShopifyClient

/// Where the shop is and how to authenticate, resolved from flags, environment and config.toml:
/// base URL from --shop-url, else LOYALNEST_SHOPIFY_URL, else the config's `shop_url`, else https://SHOP;
/// token from LOYALNEST_SHOPIFY_TOKEN, else the config's `token_file` (mode 0600), else client credentials.
public struct ShopifyConnectionSettings: Sendable, Hashable {
    public var shopURL: String?
    public var apiVersion: String?
    public var tokenFile: String?
    public var clientID: String?
    public var clientSecretFile: String?
    public var webhookSecretFile: String?

    public init(shopURL: String? = nil, apiVersion: String? = nil, tokenFile: String? = nil, clientID: String? = nil,
                clientSecretFile: String? = nil, webhookSecretFile: String? = nil) {
        self.shopURL = shopURL
        self.apiVersion = apiVersion
        self.tokenFile = tokenFile
        self.clientID = clientID
        self.clientSecretFile = clientSecretFile
        self.webhookSecretFile = webhookSecretFile
    }

    public static let defaultAPIVersion = "2026-07"
}

public struct ShopifyConfigError: Error, Hashable, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

public enum ShopifyConnection {
    public static func resolve(shopDomain: String, settings: ShopifyConnectionSettings, shopURLFlag: String? = nil,
                               environment: [String: String]) throws -> AdminAPIConfig {
        let version = settings.apiVersion ?? ShopifyConnectionSettings.defaultAPIVersion
        guard version.range(of: #"^\d{4}-\d{2}$"#, options: .regularExpression) != nil else {
            throw ShopifyConfigError("api_version \"\(version)\" is not YYYY-MM (e.g. \(ShopifyConnectionSettings.defaultAPIVersion))")
        }
        let url = shopURLFlag ?? environment["LOYALNEST_SHOPIFY_URL"].flatMap { $0.isEmpty ? nil : $0 } ?? settings.shopURL
        if let url {
            guard let parsed = URL(string: url), let scheme = parsed.scheme, ["http", "https"].contains(scheme), parsed.host != nil else {
                throw ShopifyConfigError("shop URL \"\(url)\" is not an http(s) address such as https://\(shopDomain) or http://127.0.0.1:8080")
            }
        }
        return AdminAPIConfig(shopDomain: shopDomain, apiVersion: version,
                              credentials: try credentials(settings, environment: environment), baseURL: url)
    }

    static func credentials(_ settings: ShopifyConnectionSettings, environment: [String: String]) throws -> Credentials {
        if let token = environment["LOYALNEST_SHOPIFY_TOKEN"]?.trimmingCharacters(in: .whitespacesAndNewlines), !token.isEmpty {
            return .accessToken(token)
        }
        if let file = settings.tokenFile {
            return .accessToken(try readSecret(file, what: "token_file"))
        }
        if let id = settings.clientID {
            guard let secretFile = settings.clientSecretFile else {
                throw ShopifyConfigError("client_id is set but client_secret_file is not; point it at a 0600 file holding the app's client secret")
            }
            return .clientCredentials(id: id, secret: try readSecret(secretFile, what: "client_secret_file"))
        }
        throw ShopifyConfigError("no Shopify credentials: set LOYALNEST_SHOPIFY_TOKEN, or token_file (a 0600 file) under [shopify] in config.toml, or client_id and client_secret_file")
    }

    /// Reads a secret from a file only the owner can read; the secret itself never appears in a message.
    public static func readSecret(_ path: String, what: String) throws -> String {
        let expanded = (path as NSString).expandingTildeInPath
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: expanded) else {
            throw ShopifyConfigError("\(what) \(path) does not exist or cannot be read")
        }
        let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue ?? 0
        guard mode & 0o077 == 0 else {
            throw ShopifyConfigError("\(what) \(path) can be read by others (mode \(String(mode, radix: 8))); run: chmod 600 \(path)")
        }
        guard let data = FileManager.default.contents(atPath: expanded),
              let text = String(data: data, encoding: .utf8)?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else {
            throw ShopifyConfigError("\(what) \(path) is empty or not text")
        }
        return text
    }
}
