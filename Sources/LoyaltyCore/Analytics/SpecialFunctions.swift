import Foundation

/// log Γ(x) for x > 0: the C library's, named so that the Double overload is picked over the one returning the sign.
func logGamma(_ x: Double) -> Double { lgamma(x) }

/// ψ(x) = d/dx log Γ(x) for x > 0: the recurrence ψ(x) = ψ(x + 1) − 1/x up to x ≥ 6, then the asymptotic series
/// (error below 1e-15 there).
func digamma(_ x: Double) -> Double {
    guard x > 0, x.isFinite else { return .nan }
    var x = x
    var shift = 0.0
    while x < 6 {
        shift -= 1 / x
        x += 1
    }
    let f = 1 / (x * x)
    let series = f * (1.0 / 12 - f * (1.0 / 120 - f * (1.0 / 252 - f * (1.0 / 240 - f * (1.0 / 132)))))
    return shift + log(x) - 0.5 / x - series
}

/// log(1 + eᵘ) without overflow.
func softplus(_ u: Double) -> Double { max(u, 0) + log1p(exp(-abs(u))) }

/// (eᵘ − 1) / u, 1 at u = 0, without cancellation near 0.
func expm1OverX(_ u: Double) -> Double { abs(u) < 1e-300 ? 1 : expm1(u) / u }
