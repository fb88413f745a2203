import Crypto
import Foundation

/// Shopify webhook signatures: `X-Shopify-Hmac-Sha256` = base64(HMAC-SHA256(app secret, raw body bytes)).
/// Always verify the raw bytes as received, before any JSON parsing.
public enum WebhookSignature {
    /// The header value Shopify would send for `body`.
    public static func sign(body: Data, secret: String) -> String {
        let key = SymmetricKey(data: Data(secret.utf8))
        return Data(HMAC<SHA256>.authenticationCode(for: body, using: key)).base64EncodedString()
    }

    /// Whether `header` is the signature of `body`; compared in constant time by Crypto. A missing or non-base64
    /// header is invalid.
    public static func isValid(body: Data, secret: String, header: String?) -> Bool {
        guard let header, let mac = Data(base64Encoded: header.trimmingCharacters(in: .whitespaces)),
              mac.count == SHA256.byteCount else { return false }
        let key = SymmetricKey(data: Data(secret.utf8))
        return HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: body, using: key)
    }
}
