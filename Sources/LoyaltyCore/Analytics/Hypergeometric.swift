import Foundation

/// A power series Σ tₙ kept as log|sum| and a sign, rescaled as it goes so that terms far beyond Double's range
/// (large counts make Pochhammer products explode) neither overflow nor lose the sum.
struct LogScaledSeries {
    var logMagnitude: Double
    var sign: Double
    var converged: Bool

    var value: Double { sign * exp(logMagnitude) }

    /// Sums t₀ = `first`, tₙ₊₁ = tₙ · ratio(n) until the tail is negligible: past the point where every Pochhammer
    /// factor is positive (`settleAfter`), the ratio below 1 and |tₙ| / (1 − |ratio|) below 1e-17 of the sum.
    static func sum(first: Double, settleAfter: Double, maxTerms: Int, ratio: (Double) -> Double) -> LogScaledSeries {
        var term = first
        var sum = first
        var logScale = 0.0
        let big = 1e250
        var n = 0
        while n < maxTerms {
            let k = ratio(Double(n))
            term *= k
            sum += term
            n += 1
            if term == 0 { return LogScaledSeries(total: sum, logScale: logScale, converged: true) }
            if abs(sum) > big || abs(term) > big {
                sum /= big
                term /= big
                logScale += log(big)
            }
            if Double(n) > settleAfter, abs(k) < 1, abs(term) <= 1e-17 * abs(sum) * (1 - abs(k)) {
                return LogScaledSeries(total: sum, logScale: logScale, converged: true)
            }
        }
        return LogScaledSeries(total: sum, logScale: logScale, converged: false)
    }

    private init(total: Double, logScale: Double, converged: Bool) {
        logMagnitude = total == 0 ? -.infinity : log(abs(total)) + logScale
        sign = total < 0 ? -1 : 1
        self.converged = converged
    }
}

public enum Hypergeometric {
    /// The series is cut after this many terms: enough for z ≤ 1 − 4·10⁻⁵ (terms shrink like zⁿ).
    static let maxTerms = 1_000_000

    /// The Gaussian hypergeometric function ₂F₁(a, b; c; z) for 0 ≤ z < 1 and c not a non-positive integer, as
    /// log|value| and sign. When c − a − b < 0 the function grows without bound as z → 1 and its series has huge
    /// early terms; Euler's transformation ₂F₁(a, b; c; z) = (1 − z)^(c−a−b) ₂F₁(c − a, c − b; c; z) turns it into one
    /// whose terms shrink (as lifetimes falls back to when scipy overflows).
    public static func logHyp2F1(a: Double, b: Double, c: Double, z: Double) -> (logMagnitude: Double, sign: Double) {
        precondition(z >= 0 && z < 1, "₂F₁ is summed for 0 ≤ z < 1")
        if c - a - b < 0 {
            let transformed = series(a: c - a, b: c - b, c: c, z: z)
            return (transformed.logMagnitude + (c - a - b) * log1p(-z), transformed.sign)
        }
        let direct = series(a: a, b: b, c: c, z: z)
        return (direct.logMagnitude, direct.sign)
    }

    public static func hyp2F1(a: Double, b: Double, c: Double, z: Double) -> Double {
        let (logMagnitude, sign) = logHyp2F1(a: a, b: b, c: c, z: z)
        return sign * exp(logMagnitude)
    }

    static func series(a: Double, b: Double, c: Double, z: Double) -> LogScaledSeries {
        LogScaledSeries.sum(first: 1, settleAfter: max(abs(a), abs(b), abs(c)) + 1, maxTerms: maxTerms) { n in
            (a + n) * (b + n) / ((c + n) * (n + 1)) * z
        }
    }
}
