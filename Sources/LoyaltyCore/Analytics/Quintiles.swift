import Foundation

/// The 20/40/60/80 % quantiles of a list of integers, with linear interpolation between order statistics (numpy's
/// default, R's type 7): for n sorted values and p = k/5, h = (n − 1)·k/5 and q = x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋]).
///
/// The fraction h − ⌊h⌋ is always a multiple of 1/5, so each breakpoint is kept exactly as the integer 5·q and a
/// value v is compared as 5·v against it: no floating point, so "strictly below" is exact even when a breakpoint
/// lands on a value.
public struct QuintileBreakpoints: Hashable, Sendable {
    let q1Times5: Int64
    let q2Times5: Int64
    let q3Times5: Int64
    let q4Times5: Int64

    /// Values are clamped to ±`limit` so that 5·value never overflows (about 1.8e17; money in minor units,
    /// days and order counts are far below).
    public static let limit: Int64 = Int64.max / 16

    /// - Parameter sorted: ascending, not empty.
    public init(sorted: UnsafeBufferPointer<Int64>) {
        precondition(!sorted.isEmpty, "quintiles of no values")
        let n = sorted.count
        func quantileTimes5(_ k: Int) -> Int64 {
            let h5 = (n - 1) * k
            let lo = h5 / 5
            let lower = Self.clamp(sorted[lo])
            let fifths = Int64(h5 % 5)
            guard fifths > 0 else { return 5 * lower }
            return 5 * lower + fifths * (Self.clamp(sorted[lo + 1]) - lower)
        }
        q1Times5 = quantileTimes5(1)
        q2Times5 = quantileTimes5(2)
        q3Times5 = quantileTimes5(3)
        q4Times5 = quantileTimes5(4)
    }

    /// - Parameter values: any order, not empty. Sorts a copy.
    public init(values: [Int64]) {
        var copy = values
        copy.sort()
        self = copy.withUnsafeBufferPointer { QuintileBreakpoints(sorted: $0) }
    }

    /// 5·q1 ... 5·q4, exact: what to store to score against these breakpoints later.
    public var timesFive: [Int64] { [q1Times5, q2Times5, q3Times5, q4Times5] }

    /// From stored `timesFive`; nil unless four non-decreasing values within ±5·`limit`.
    public init?(timesFive: [Int64]) {
        guard timesFive.count == 4, zip(timesFive, timesFive.dropFirst()).allSatisfy({ $0 <= $1 }),
              timesFive.allSatisfy({ $0.magnitude <= 5 * Self.limit.magnitude }) else { return nil }
        q1Times5 = timesFive[0]
        q2Times5 = timesFive[1]
        q3Times5 = timesFive[2]
        q4Times5 = timesFive[3]
    }

    /// q1..q4 for display.
    public var values: [Double] { [q1Times5, q2Times5, q3Times5, q4Times5].map { Double($0) / 5 } }

    /// 1 + the number of breakpoints strictly below `value`: 1...5, equal values always score the same.
    public func score(_ value: Int64) -> Int {
        let v5 = 5 * Self.clamp(value)
        return 1 + (q1Times5 < v5 ? 1 : 0) + (q2Times5 < v5 ? 1 : 0) + (q3Times5 < v5 ? 1 : 0) + (q4Times5 < v5 ? 1 : 0)
    }

    static func clamp(_ v: Int64) -> Int64 { min(max(v, -limit), limit) }
}
