import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Time for pacing, backoff and the circuit breaker: a monotonic clock and a cancellable sleep.
/// Tests inject `ManualClock` so nothing really sleeps.
public protocol ClientClock: Sendable {
    /// Monotonic seconds (any origin).
    func now() -> Double
    /// Sleeps `seconds`; returns false when `cancellation` was set before the time was up.
    func sleep(_ seconds: Double, cancellation: CancellationFlag) -> Bool
}

public struct SystemClock: ClientClock {
    public init() {}

    public func now() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    /// Sleeps in slices of at most 20 ms so a cancel ends the wait promptly.
    public func sleep(_ seconds: Double, cancellation: CancellationFlag) -> Bool {
        let end = now() + seconds
        while true {
            if cancellation.isCancelled { return false }
            let left = end - now()
            if left <= 0 { return true }
            let slice = min(left, 0.02)
            var spec = timespec(tv_sec: Int(slice), tv_nsec: Int((slice - Double(Int(slice))) * 1e9))
            nanosleep(&spec, nil)
        }
    }
}

/// A clock that only moves when slept on or advanced; records every sleep.
public final class ManualClock: ClientClock {
    private struct State {
        var time: Double
        var sleeps: [Double] = []
    }
    private let state: Mutex<State>

    public init(start: Double = 1_000) { state = Mutex(State(time: start)) }

    public func now() -> Double { state.withLock { $0.time } }

    public func sleep(_ seconds: Double, cancellation: CancellationFlag) -> Bool {
        if cancellation.isCancelled { return false }
        state.withLock {
            $0.sleeps.append(seconds)
            $0.time += max(0, seconds)
        }
        return true
    }

    public func advance(_ seconds: Double) { state.withLock { $0.time += seconds } }

    /// Every sleep so far, in order.
    public var sleeps: [Double] { state.withLock { $0.sleeps } }
}
