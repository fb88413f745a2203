import Foundation

/// Why an Admin API call failed, in words a merchant or admin can act on. `message` says what happened and what to
/// do; it never contains the access token or the client secret (they are redacted even if a server echoes them).
public struct ShopifyError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case authFailed, paymentRequired, forbidden, notFound, badRequest
        case rateLimited, serverError, timeout, connection, truncated, tls
        case invalidResponse, queryError, bulkUserError, circuitOpen, cancelled, other

        /// Worth retrying later (by the sync engine) without changing anything.
        public var isTransient: Bool {
            switch self {
            case .rateLimited, .serverError, .timeout, .connection, .truncated, .invalidResponse, .circuitOpen: return true
            default: return false
            }
        }
    }

    public var kind: Kind
    public var message: String
    public var status: Int?
    /// `X-Request-Id` of the failing response, for Shopify support.
    public var requestID: String?
    /// HTTP attempts made for this call.
    public var attempts: Int

    public init(_ kind: Kind, _ message: String, status: Int? = nil, requestID: String? = nil, attempts: Int = 1) {
        self.kind = kind
        self.message = message
        self.status = status
        self.requestID = requestID
        self.attempts = attempts
    }

    public var description: String {
        var text = message
        if let status { text += " [HTTP \(status)]" }
        if let requestID { text += " [request id \(requestID)]" }
        return text
    }

    /// The plain explanation for a status that is not retried (see the wire spec, "Errors and retries").
    static func forStatus(_ status: Int, shopifyMessage: String?, requestID: String?, attempts: Int) -> ShopifyError {
        let said = shopifyMessage.map { " Shopify said: \($0)." } ?? ""
        switch status {
        case 401:
            return ShopifyError(.authFailed, "Shopify refused the access token (401): it was revoked, expired or is wrong."
                + said + " Reinstall or reauthorise the app, or update the token (token file or LOYALNEST_SHOPIFY_TOKEN).",
                status: status, requestID: requestID, attempts: attempts)
        case 402:
            return ShopifyError(.paymentRequired, "The shop is frozen or its plan is unpaid (402), so Shopify refuses API calls."
                + said + " The store owner must settle the bill in Shopify admin; syncing resumes after that.",
                status: status, requestID: requestID, attempts: attempts)
        case 403:
            return ShopifyError(.forbidden, "Shopify denied access (403): the app lacks a scope (read_orders, read_customers) "
                + "or protected customer data access." + said
                + " Grant the scopes and protected customer data access in the app's configuration, then reinstall it.",
                status: status, requestID: requestID, attempts: attempts)
        case 404:
            return ShopifyError(.notFound, "Shopify has no such resource (404): the shop domain or API path is wrong, "
                + "or orders older than 60 days need the read_all_orders scope." + said
                + " Check the shop URL and API version, and request read_all_orders for a full history.",
                status: status, requestID: requestID, attempts: attempts)
        case 429:
            return ShopifyError(.rateLimited, "Shopify kept rate-limiting the calls (429) after every retry." + said
                + " Another app may be using the shop's API budget; the next sync continues where this one stopped.",
                status: status, requestID: requestID, attempts: attempts)
        case 500...599:
            return ShopifyError(.serverError, "Shopify had a server error (\(status)) on every retry." + said
                + " This is usually temporary; the next sync continues where this one stopped.",
                status: status, requestID: requestID, attempts: attempts)
        default:
            return ShopifyError(.badRequest, "Shopify rejected the request (\(status))." + said
                + " This is likely a LoyalNest bug or an unsupported API version; report it with the request id.",
                status: status, requestID: requestID, attempts: attempts)
        }
    }

    static func forTransport(_ error: TransportError, attempts: Int) -> ShopifyError {
        switch error {
        case .timeout:
            return ShopifyError(.timeout, "\(error) on every retry. Check the network; large pages are made smaller automatically.",
                                attempts: attempts)
        case .couldNotConnect:
            return ShopifyError(.connection, "\(error). Check the network connection and the shop URL.", attempts: attempts)
        case .truncated:
            return ShopifyError(.truncated, "\(error) on every retry. The connection keeps dropping; check the network.",
                                attempts: attempts)
        case .cancelled:
            return ShopifyError(.cancelled, "The call was cancelled.", attempts: attempts)
        case .tls:
            return ShopifyError(.tls, "\(error).", attempts: attempts)
        case .other:
            return ShopifyError(.other, "\(error).", attempts: attempts)
        }
    }
}
