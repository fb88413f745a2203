import Foundation
import ShopifyKit
import TOMLKit

/// The user's settings file, `$XDG_CONFIG_HOME/loyalnest/config.toml`. Every key is optional; unknown keys are
/// errors (a typo should not be silently ignored).
public struct AppConfig: Sendable, Hashable {
    public var theme: String?
    public var lang: String?
    public var merchant: String?
    public var operatorName: String?
    public var database: String?
    /// The raw text of the file, handed to the keymap loader which reads its `[keys]` table.
    public var keysTOML: String?
    /// The `[shopify]` table: shop_url, api_version, token_file, client_id, client_secret_file,
    /// webhook_secret_file, sync_interval (seconds).
    public var shopify: [String: String] = [:]
    public var syncInterval: Int?
    public var source: String

    public init(theme: String? = nil, lang: String? = nil, merchant: String? = nil, operatorName: String? = nil,
                database: String? = nil, keysTOML: String? = nil, source: String = "(defaults)") {
        self.theme = theme; self.lang = lang; self.merchant = merchant; self.operatorName = operatorName
        self.database = database; self.keysTOML = keysTOML; self.source = source
    }

    static let knownKeys: Set<String> = ["theme", "lang", "merchant", "operator", "database", "keys", "shopify"]
    static let shopifyKeys: Set<String> = ["shop_url", "api_version", "token_file", "client_id", "client_secret_file",
                                           "webhook_secret_file", "sync_interval"]

    /// `$XDG_CONFIG_HOME/loyalnest` (or `~/.config/loyalnest`): config.toml and user themes in themes/.
    public static func directory(environment: [String: String]) -> URL {
        let base = environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? ((environment["HOME"] ?? NSHomeDirectory()) + "/.config")
        return URL(fileURLWithPath: base).appendingPathComponent("loyalnest")
    }

    /// Reads the config file; a missing file is the defaults, a broken one is an error naming the line and key.
    public static func load(from url: URL) throws -> AppConfig {
        guard FileManager.default.fileExists(atPath: url.path) else { return AppConfig(source: url.path) }
        let text: String
        do { text = try String(contentsOf: url, encoding: .utf8) } catch {
            throw ConfigError(file: url.path, message: "cannot be read as UTF-8 text (\(error.localizedDescription))")
        }
        return try parse(text, source: url.path)
    }

    public static func parse(_ text: String, source: String) throws -> AppConfig {
        let table: TOMLTable
        do { table = try TOMLTable(string: text) } catch let error as TOMLParseError {
            throw ConfigError(file: source, message: "line \(error.source.begin.line): \(error.description); fix the TOML syntax")
        }
        var config = AppConfig(source: source)
        for key in table.keys where !knownKeys.contains(key) {
            throw ConfigError(file: source, message: "unknown setting \"\(key)\"; known settings: \(knownKeys.sorted().joined(separator: ", "))")
        }
        func string(_ key: String) throws -> String? {
            guard let value = table[key] else { return nil }
            guard let s = value.string, !s.isEmpty else {
                throw ConfigError(file: source, message: "\"\(key)\" must be a non-empty string, e.g. \(key) = \"…\"")
            }
            return s
        }
        config.theme = try string("theme")
        config.lang = try string("lang")
        config.merchant = try string("merchant")
        config.operatorName = try string("operator")
        config.database = try string("database")
        if let keys = table["keys"] {
            guard keys.table != nil else {
                throw ConfigError(file: source, message: "\"keys\" must be a table: [keys] then action = [\"key\", …]")
            }
            config.keysTOML = text
        }
        if let shopify = table["shopify"] {
            guard let section = shopify.table else {
                throw ConfigError(file: source, message: "\"shopify\" must be a table: [shopify] then token_file = \"…\"")
            }
            for key in section.keys {
                guard shopifyKeys.contains(key) else {
                    throw ConfigError(file: source, message: "unknown setting \"shopify.\(key)\"; known: \(shopifyKeys.sorted().joined(separator: ", "))")
                }
                if key == "sync_interval" {
                    guard let seconds = section[key]?.int, (5...86_400).contains(seconds) else {
                        throw ConfigError(file: source, message: "\"shopify.sync_interval\" must be a whole number of seconds from 5 to 86400")
                    }
                    config.syncInterval = seconds
                    continue
                }
                guard let value = section[key]?.string, !value.isEmpty else {
                    throw ConfigError(file: source, message: "\"shopify.\(key)\" must be a non-empty string")
                }
                config.shopify[key] = value
            }
        }
        return config
    }
}

extension AppConfig {
    /// The `[shopify]` table as ShopifyKit reads it (shared by `loyalnest sync`, the webhook receiver and the dashboard).
    public var shopifyConnection: ShopifyConnectionSettings {
        ShopifyConnectionSettings(shopURL: shopify["shop_url"], apiVersion: shopify["api_version"], tokenFile: shopify["token_file"],
                                  clientID: shopify["client_id"], clientSecretFile: shopify["client_secret_file"],
                                  webhookSecretFile: shopify["webhook_secret_file"])
    }
}

public struct ConfigError: Error, CustomStringConvertible, Sendable {
    public var file: String
    public var message: String
    public var description: String { "config \(file): \(message)" }
}
