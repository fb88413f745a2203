import Foundation

/// Quasi-Newton minimisation of a smooth function of four variables: BFGS with an inverse-Hessian update and a
/// backtracking (Armijo) line search; the update is skipped when the curvature condition sᵀy > 0 fails, so the
/// inverse Hessian stays positive definite.
struct BFGS {
    var gradientTolerance = 1e-8
    /// Near the optimum rounding in the objective stops progress before the gradient reaches `gradientTolerance`:
    /// a gradient this small is then accepted as converged.
    var precisionLimitedGradient = 1e-6
    var maxIterations = 500
    /// Longest step, per coordinate (the fit works in log-parameters: e⁵ ≈ 150× in one step at most).
    var maxStep = 5.0
    /// Stop as diverged when a coordinate leaves ±this.
    var bound = 14.0

    enum Stop: Hashable, Sendable {
        case converged, iterationLimit, lineSearchFailed, diverged, nonFinite
    }

    struct Outcome {
        var point: SIMD4<Double>
        var value: Double
        var gradient: SIMD4<Double>
        var iterations: Int
        var stop: Stop
    }

    typealias Matrix = (SIMD4<Double>, SIMD4<Double>, SIMD4<Double>, SIMD4<Double>)

    func minimize(from start: SIMD4<Double>, _ f: (SIMD4<Double>) -> (Double, SIMD4<Double>)) -> Outcome {
        var point = start
        var (value, gradient) = f(point)
        guard value.isFinite, gradient.allFinite else {
            return Outcome(point: point, value: value, gradient: gradient, iterations: 0, stop: .nonFinite)
        }
        var inverse = Self.identity
        var scaled = false
        for iteration in 0..<maxIterations {
            if gradient.maxMagnitude <= gradientTolerance {
                return Outcome(point: point, value: value, gradient: gradient, iterations: iteration, stop: .converged)
            }
            var direction = -Self.multiply(inverse, gradient)
            if (direction * gradient).sum() >= 0 {
                inverse = Self.identity
                direction = -gradient
            }
            if direction.maxMagnitude > maxStep { direction *= maxStep / direction.maxMagnitude }
            let slope = (direction * gradient).sum()
            var step = 1.0
            var accepted: (SIMD4<Double>, Double, SIMD4<Double>)?
            while step > 1e-10 {
                let candidate = point + step * direction
                let (v, g) = f(candidate)
                if v.isFinite, g.allFinite, v <= value + 1e-4 * step * slope {
                    accepted = (candidate, v, g)
                    break
                }
                step *= 0.5
            }
            guard let (next, nextValue, nextGradient) = accepted else {
                // No decrease left at this precision: at the optimum if the gradient is nearly zero.
                let stop: Stop = gradient.maxMagnitude <= precisionLimitedGradient ? .converged : .lineSearchFailed
                return Outcome(point: point, value: value, gradient: gradient, iterations: iteration, stop: stop)
            }
            let s = next - point
            let y = nextGradient - gradient
            let decrease = value - nextValue
            point = next
            value = nextValue
            gradient = nextGradient
            if point.maxMagnitude > bound {
                return Outcome(point: point, value: value, gradient: gradient, iterations: iteration + 1, stop: .diverged)
            }
            if decrease <= 1e-15 * abs(value), gradient.maxMagnitude <= precisionLimitedGradient {
                return Outcome(point: point, value: value, gradient: gradient, iterations: iteration + 1, stop: .converged)
            }
            let sy = (s * y).sum()
            if sy > 1e-12 * (s * s).sum().squareRoot() * (y * y).sum().squareRoot() {
                if !scaled {
                    // Nocedal & Wright (6.20): scale the first inverse Hessian to the curvature just seen.
                    let gamma = sy / (y * y).sum()
                    inverse = (Self.identity.0 * gamma, Self.identity.1 * gamma, Self.identity.2 * gamma,
                               Self.identity.3 * gamma)
                    scaled = true
                }
                inverse = Self.update(inverse, s: s, y: y, sy: sy)
            }
        }
        let stop: Stop = gradient.maxMagnitude <= gradientTolerance ? .converged : .iterationLimit
        return Outcome(point: point, value: value, gradient: gradient, iterations: maxIterations, stop: stop)
    }

    static let identity: Matrix = (SIMD4(1, 0, 0, 0), SIMD4(0, 1, 0, 0), SIMD4(0, 0, 1, 0), SIMD4(0, 0, 0, 1))

    static func rows(_ m: Matrix) -> [SIMD4<Double>] { [m.0, m.1, m.2, m.3] }

    static func multiply(_ m: Matrix, _ v: SIMD4<Double>) -> SIMD4<Double> {
        SIMD4((m.0 * v).sum(), (m.1 * v).sum(), (m.2 * v).sum(), (m.3 * v).sum())
    }

    /// H⁺ = (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ, ρ = 1/sᵀy, expanded: H − ρ(s (Hy)ᵀ + (Hy) sᵀ) + (ρ² yᵀHy + ρ) s sᵀ.
    static func update(_ h: Matrix, s: SIMD4<Double>, y: SIMD4<Double>, sy: Double) -> Matrix {
        let rho = 1 / sy
        let hy = multiply(h, y)
        let yhy = (y * hy).sum()
        let k = rho * rho * yhy + rho
        var out = rows(h)
        for i in 0..<4 {
            out[i] = out[i] - rho * (s[i] * hy + hy[i] * s) + k * s[i] * s
        }
        return (out[0], out[1], out[2], out[3])
    }
}

extension SIMD4 where Scalar == Double {
    var maxMagnitude: Double { Swift.max(Swift.max(abs(x), abs(y)), Swift.max(abs(z), abs(w))) }
    var allFinite: Bool { x.isFinite && y.isFinite && z.isFinite && w.isFinite }
}
