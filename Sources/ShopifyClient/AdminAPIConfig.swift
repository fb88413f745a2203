import Foundation

/// How the app authenticates. Printing, dumping or interpolating it never shows the secret parts.
public enum Credentials: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// A fixed Admin API access token (custom apps, token file, LOYALNEST_SHOPIFY_TOKEN).
    case accessToken(String)
    /// Dev Dashboard apps: a token from `POST /admin/oauth/access_token` (grant_type client_credentials), cached and
    /// refreshed once when Shopify answers 401.
    case clientCredentials(id: String, secret: String)

    public var description: String {
        switch self {
        case .accessToken: return "accessToken(<redacted>)"
        case .clientCredentials(let id, _): return "clientCredentials(id: \(id), secret: <redacted>)"
        }
    }

    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .enum) }

    /// Strings that must never appear in any text LoyalNest writes.
    var secrets: [String] {
        switch self {
        case .accessToken(let token): return [token]
        case .clientCredentials(_, let secret): return [secret]
        }
    }
}

public struct AdminAPIConfig: Sendable, Hashable, CustomStringConvertible {
    /// Scheme and host (and port), no trailing slash: `https://my-shop.myshopify.com` or `http://127.0.0.1:PORT`.
    public var baseURL: String
    /// `my-shop.myshopify.com`; recorded, and used for the base URL when none is given.
    public var shopDomain: String
    /// `YYYY-MM`.
    public var apiVersion: String
    public var credentials: Credentials
    public var connectTimeoutMs: Int
    public var totalTimeoutMs: Int
    /// The largest `first` for GraphQL pages (≤ 250).
    public var pageSize: Int
    public var verifyTLS: Bool
    public var userAgent: String

    public init(shopDomain: String, apiVersion: String = "2026-07", credentials: Credentials, baseURL: String? = nil,
                connectTimeoutMs: Int = 10_000, totalTimeoutMs: Int = 60_000, pageSize: Int = 250, verifyTLS: Bool = true,
                userAgent: String = "LoyalNest/1.0") {
        self.shopDomain = shopDomain
        self.apiVersion = apiVersion
        self.credentials = credentials
        var base = baseURL ?? "https://\(shopDomain)"
        while base.hasSuffix("/") { base.removeLast() }
        self.baseURL = base
        self.connectTimeoutMs = connectTimeoutMs
        self.totalTimeoutMs = totalTimeoutMs
        self.pageSize = min(250, max(1, pageSize))
        self.verifyTLS = verifyTLS
        self.userAgent = userAgent
    }

    public var adminBase: String { "\(baseURL)/admin/api/\(apiVersion)" }
    public var graphQLURL: String { "\(adminBase)/graphql.json" }
    public var tokenURL: String { "\(baseURL)/admin/oauth/access_token" }

    public var description: String {
        "AdminAPIConfig(shop: \(shopDomain), base: \(baseURL), version: \(apiVersion), credentials: \(credentials))"
    }
}

/// One HTTP call, as the sync engine writes it to api_logs. Never contains the token.
public struct APICallRecord: Hashable, Sendable {
    /// Wall-clock seconds since 1970 when the call started.
    public var startedAt: Double
    /// e.g. "graphql orders", "graphql customers", "graphql bulk run", "rest events", "oauth token", "bulk download".
    public var endpoint: String
    /// HTTP status; nil when no response arrived (timeout, connection failure).
    public var status: Int?
    public var latencyMs: Double
    public var requestedCost: Double?
    public var actualCost: Double?
    /// GraphQL bucket after the call; for REST calls the call-limit bucket (`X-Shopify-Shop-Api-Call-Limit`,
    /// available = limit − used).
    public var bucketAvailable: Double?
    public var bucketMaximum: Double?
    public var restoreRate: Double?
    public var requestID: String?
    /// `ShopifyError.Kind` raw value (e.g. "rateLimited", "serverError", "timeout"); "throttled" for a THROTTLED
    /// GraphQL answer; nil for a success.
    public var errorClass: String?
    /// Short explanation of the failure (redacted).
    public var errorMessage: String?
    public var bytes: Int
    /// `X-Shopify-API-Version` when it differs from the version asked for (fall-forward).
    public var servedVersion: String?
    /// `X-Shopify-API-Deprecated-Reason`.
    public var deprecationReason: String?
    /// 1 for the first attempt of a call, 2 for its first retry, ...
    public var attempt: Int
    /// `first` for page calls.
    public var pageSize: Int?

    public var isThrottled: Bool { errorClass == "throttled" }
    public var is429: Bool { status == 429 }
}
