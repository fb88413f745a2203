import Foundation
import Synchronization

/// Stops calling Shopify after `threshold` consecutive failed HTTP calls (5xx, timeouts, dropped connections, bad
/// bodies), stays open for `coolDown` seconds, then lets one probe through (half-open): success closes it, failure
/// opens it again. Sendable so the dashboard can read `state` while the sync thread uses it.
public final class CircuitBreaker: Sendable {
    public enum State: Sendable, Hashable, CustomStringConvertible {
        case closed
        /// Open until this monotonic time (the clock the breaker was built with).
        case open(until: Double)
        case halfOpen

        public var description: String {
            switch self {
            case .closed: return "closed"
            case .open: return "open"
            case .halfOpen: return "half-open"
            }
        }
    }

    private struct Box {
        var state: State = .closed
        var consecutiveFailures = 0
    }

    public let threshold: Int
    public let coolDown: Double
    private let clock: any ClientClock
    private let box = Mutex(Box())

    public init(threshold: Int = 8, coolDown: Double = 60, clock: any ClientClock = SystemClock()) {
        self.threshold = max(1, threshold)
        self.coolDown = coolDown
        self.clock = clock
    }

    public var state: State { box.withLock { $0.state } }
    public var consecutiveFailures: Int { box.withLock { $0.consecutiveFailures } }

    /// Whether a call may go out now. An open breaker whose cool-down has passed becomes half-open and lets this
    /// call through as the probe.
    public func allowCall() -> Bool {
        let now = clock.now()
        return box.withLock { box in
            switch box.state {
            case .closed, .halfOpen: return true
            case .open(let until):
                if now >= until {
                    box.state = .halfOpen
                    return true
                }
                return false
            }
        }
    }

    public func recordSuccess() {
        box.withLock {
            $0.state = .closed
            $0.consecutiveFailures = 0
        }
    }

    public func recordFailure() {
        let now = clock.now()
        box.withLock { box in
            box.consecutiveFailures += 1
            switch box.state {
            case .halfOpen:
                box.state = .open(until: now + coolDown)
            case .closed where box.consecutiveFailures >= threshold:
                box.state = .open(until: now + coolDown)
            default:
                break
            }
        }
    }

    /// Closes the breaker (e.g. "sync now" pressed by an admin).
    public func reset() { recordSuccess() }
}
