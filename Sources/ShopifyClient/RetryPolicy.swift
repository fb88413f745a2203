import Foundation

/// When and how long to retry, and when to make pages smaller.
public struct RetryPolicy: Sendable, Hashable {
    /// HTTP attempts per call for server errors, 429 without THROTTLED, timeouts and bad bodies (THROTTLED retries
    /// are counted separately, up to `maxThrottledRetries`).
    public var maxAttempts: Int
    /// Backoff cap for attempt n (1-based) is min(maxDelay, baseDelay × 2^(n−1)); the wait is uniform in [0, cap]
    /// ("full jitter").
    public var baseDelay: Double
    public var maxDelay: Double
    public var maxThrottledRetries: Int
    /// Consecutive 5xx/timeouts on the same page before its size is halved.
    public var halveAfter: Int
    public var minimumPageSize: Int
    /// Successful pages in a row before a halved page size doubles again (towards the configured size).
    public var regrowAfter: Int

    public init(maxAttempts: Int = 6, baseDelay: Double = 0.5, maxDelay: Double = 30, maxThrottledRetries: Int = 30,
                halveAfter: Int = 2, minimumPageSize: Int = 10, regrowAfter: Int = 10) {
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.maxThrottledRetries = maxThrottledRetries
        self.halveAfter = halveAfter
        self.minimumPageSize = minimumPageSize
        self.regrowAfter = regrowAfter
    }

    /// Full-jitter backoff before retry number `attempt` (1 = the first retry); `unit` is uniform in [0, 1).
    public func backoff(attempt: Int, unit: Double) -> Double {
        let exponent = min(max(0, attempt - 1), 30)
        let cap = min(maxDelay, baseDelay * Double(1 << exponent))
        return cap * min(max(unit, 0), 1)
    }

    /// What a response status means for the retry loop.
    public enum Disposition: Sendable, Hashable {
        case success
        /// 429: honour Retry-After, or the pacer when the body says THROTTLED.
        case rateLimited
        /// 500, 502, 503, 504: back off and retry; counts towards page halving and the breaker.
        case serverError
        /// 401: refresh a client-credentials token once, else fail.
        case unauthorized
        /// 402, 403, 404 and other statuses: fail with a plain explanation.
        case fail
    }

    public static func disposition(status: Int) -> Disposition {
        switch status {
        case 200..<300: return .success
        case 429: return .rateLimited
        case 500, 502, 503, 504: return .serverError
        case 401: return .unauthorized
        default: return .fail
        }
    }

    /// Whether a transport failure is worth retrying (timeouts, refused/dropped connections, cut-off bodies).
    public static func isRetryable(_ error: TransportError) -> Bool {
        switch error {
        case .timeout, .couldNotConnect, .truncated: return true
        case .cancelled, .tls, .other: return false
        }
    }

    /// `Retry-After` in seconds (Shopify sends a decimal such as "2.0"); nil when absent or not a number.
    public static func retryAfterSeconds(_ header: String?) -> Double? {
        guard let text = header?.trimmingCharacters(in: .whitespaces), let value = Double(text), value.isFinite, value >= 0
        else { return nil }
        return value
    }
}
