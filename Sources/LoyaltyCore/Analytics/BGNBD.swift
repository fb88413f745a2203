import Foundation

/// BG/NBD parameters (Fader, Hardie & Lee 2005) with time in weeks: purchase rates are Gamma(r, α) across customers,
/// the dropout probability after each repeat purchase Beta(a, b).
public struct BGNBDParameters: Hashable, Sendable, Codable {
    public var r: Double
    public var alpha: Double
    public var a: Double
    public var b: Double

    public init(r: Double, alpha: Double, a: Double, b: Double) {
        self.r = r
        self.alpha = alpha
        self.a = a
        self.b = b
    }

    public var isValid: Bool { [r, alpha, a, b].allSatisfy { $0.isFinite && $0 > 0 } }
}

/// One customer's calibration summary, in weeks: `x` repeat purchase days (days with a purchase after the first
/// one; several orders on one day count once), `tx` the time from the first to the last purchase, `T` the time from
/// the first purchase to the end of calibration. 0 ≤ tx ≤ T; x = 0 ⇔ tx = 0.
public struct BGNBDSummary: Hashable, Sendable {
    public var x: Int
    public var tx: Double
    public var T: Double

    public init(x: Int, tx: Double, T: Double) {
        self.x = x
        self.tx = tx
        self.T = T
    }

    public var isValid: Bool { x >= 0 && tx.isFinite && T.isFinite && tx >= 0 && T >= tx && (x > 0 || tx == 0) }
}

public enum BGNBD {
    /// One customer's log-likelihood (paper eq. 6), in log space: log L = A₁ + A₂ + log(e^A₃ + δ₍ₓ₎₀₎ e^A₄) with
    /// A₁ = log Γ(r+x) − log Γ(r) + r log α, A₂ = log B(a, b+x) − log B(a, b), A₃ = −(r+x) log(α+T),
    /// A₄ = log a − log(b+x−1) − (r+x) log(α+tₓ), the last sum taken as log-sum-exp so it neither overflows nor
    /// underflows to log 0 for extreme customers.
    public static func logLikelihood(_ s: BGNBDSummary, _ p: BGNBDParameters) -> Double {
        let x = Double(s.x)
        let a1 = logGamma(p.r + x) - logGamma(p.r) + p.r * log(p.alpha)
        let a2 = logGamma(p.a + p.b) + logGamma(p.b + x) - logGamma(p.b) - logGamma(p.a + p.b + x)
        let a3 = -(p.r + x) * log(p.alpha + s.T)
        guard s.x > 0 else { return a1 + a2 + a3 }
        let a4 = log(p.a) - log(p.b + x - 1) - (p.r + x) * log(p.alpha + s.tx)
        return a1 + a2 + max(a3, a4) + log1p(exp(-abs(a3 - a4)))
    }

    /// P(alive | x, tₓ, T) = 1 / (1 + δ₍ₓ₎₀₎ · a/(b+x−1) · ((α+T)/(α+tₓ))^(r+x)), taken through its log so that
    /// it goes smoothly to 1e-300 and below instead of overflowing to 1/∞ or NaN.
    public static func probabilityAlive(_ s: BGNBDSummary, _ p: BGNBDParameters) -> Double {
        guard s.x > 0 else { return 1 }
        let x = Double(s.x)
        let logOdds = log(p.a) - log(p.b + x - 1) + (p.r + x) * (log(p.alpha + s.T) - log(p.alpha + s.tx))
        return exp(-softplus(logOdds))
    }

    /// E[X(t) | x, tₓ, T]: purchases expected in the next `horizon` weeks (paper eq. 10).
    ///
    /// Eq. 10 is (a+b+x−1)/(a−1) · [1 − ((α+T)/(α+T+t))^(r+x) ₂F₁(r+x, b+x; a+b+x−1; z)] · P(alive), z = t/(α+T+t).
    /// With Euler's transformation the bracket is 1 − (1−z)^(a−1) ₂F₁(a+b−1−r, a−1; a+b+x−1; z), and since (a−1)
    /// divides every term but the first of that series, the whole is computed as
    /// P(alive) · [−C·L·(e^((a−1)L) − 1)/((a−1)L) − e^((a−1)L) · H], C = a+b+x−1, L = log(1−z),
    /// H = Σₙ≥₁ (a+b−1−r)ₙ (a)ₙ₋₁ / ((C+1)ₙ₋₁ n!) zⁿ:
    /// no division by a − 1 (finite at a = 1), terms that shrink for any x, and no overflow for large x.
    public static func expectedPurchases(_ s: BGNBDSummary, _ p: BGNBDParameters, horizon t: Double) -> Double {
        guard t > 0 else { return 0 }
        let x = Double(s.x)
        let c = p.a + p.b + x - 1
        let first = p.a + p.b - 1 - p.r
        let z = t / (p.alpha + s.T + t)
        let logOneMinusZ = -log1p(t / (p.alpha + s.T))
        let u = (p.a - 1) * logOneMinusZ
        let h = LogScaledSeries.sum(first: first * z, settleAfter: max(abs(first), abs(c), p.a) + 1,
                                    maxTerms: Hypergeometric.maxTerms) { k in
            let n = k + 1
            return (first + n) * (p.a + n - 1) / ((c + n) * (n + 1)) * z
        }
        let bracket = -c * logOneMinusZ * expm1OverX(u) - h.sign * exp(u + h.logMagnitude)
        return max(bracket, 0) * probabilityAlive(s, p)
    }
}
