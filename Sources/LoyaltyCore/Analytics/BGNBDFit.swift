import Foundation

/// Why a fit gave no usable parameters.
public enum BGNBDFitFailure: Hashable, Sendable, CustomStringConvertible {
    case noCustomers
    /// No customer bought on a second day: the likelihood grows without bound as r → 0 and says nothing of a, b.
    case noRepeatPurchases
    case invalidSummary(index: Int)
    /// A parameter ran off towards 0 or infinity (beyond e^±14): the data do not pin the model down (too few
    /// customers, or no heterogeneity to measure).
    case parametersDiverged
    case iterationLimit
    case lineSearchFailed
    case nonFinite

    public var description: String {
        switch self {
        case .noCustomers: "no customer with a purchase in the calibration period"
        case .noRepeatPurchases: "no customer bought on a second day, so churn cannot be estimated yet"
        case .invalidSummary(let index): "customer summary \(index) is inconsistent (need 0 ≤ t_x ≤ T, x ≥ 0)"
        case .parametersDiverged: "the model does not fit these customers (a parameter ran off to 0 or infinity)"
        case .iterationLimit: "the fit did not converge within its iteration limit"
        case .lineSearchFailed: "the optimizer could not improve the fit further before converging"
        case .nonFinite: "the likelihood was not finite at the starting point"
        }
    }
}

public struct BGNBDFitResult: Hashable, Sendable {
    /// When `converged` is false these are the last finite iterate, for diagnosis only (keep the last good fit);
    /// nil when the fit did not start (no customers, no repeat purchases, inconsistent data). Never NaN.
    public var parameters: BGNBDParameters?
    /// Total over customers (not the mean), at `parameters`.
    public var logLikelihood: Double?
    public var iterations: Int
    public var converged: Bool
    public var failure: BGNBDFitFailure?
    public var customerCount: Int
}

public enum BGNBDFit {
    /// Maximum-likelihood fit by BFGS over (log r, log α, log a, log b), so every parameter stays positive, on the
    /// mean log-likelihood (so the tolerance does not depend on the number of customers). Starts at r = a = b = 1 and
    /// α = ΣT / Σx, which puts the mean purchase rate r/α where the data have it.
    public static func fit(_ summaries: [BGNBDSummary]) -> BGNBDFitResult {
        let likelihood: BGNBDLikelihood
        do {
            likelihood = try BGNBDLikelihood(summaries)
        } catch {
            switch error {
            case .invalidSummary(let index): return failed(.invalidSummary(index: index), count: summaries.count)
            }
        }
        return fit(likelihood)
    }

    public static func fit(_ likelihood: BGNBDLikelihood) -> BGNBDFitResult {
        let count = likelihood.customerCount
        guard count > 0 else { return failed(.noCustomers, count: 0) }
        guard likelihood.totalRepeatPurchases > 0 else { return failed(.noRepeatPurchases, count: count) }
        let n = Double(count)
        let alpha0 = max(likelihood.totalT / Double(likelihood.totalRepeatPurchases), 1e-3)
        let start = SIMD4<Double>(0, log(alpha0), 0, 0)
        let outcome = BFGS().minimize(from: start) { theta in
            let p = parameters(theta)
            let (ll, gradient) = likelihood.evaluate(p)
            // d(−ℓ/n)/d log p = −p · dℓ/dp / n
            return (-ll / n, -SIMD4(p.r, p.alpha, p.a, p.b) * gradient / n)
        }
        let p = parameters(outcome.point)
        let ll = -outcome.value * n
        let failure: BGNBDFitFailure? = switch outcome.stop {
        case .converged: p.isValid && ll.isFinite ? nil : .nonFinite
        case .iterationLimit: .iterationLimit
        case .lineSearchFailed: .lineSearchFailed
        case .diverged: .parametersDiverged
        case .nonFinite: .nonFinite
        }
        guard p.isValid, ll.isFinite else { return failed(failure ?? .nonFinite, count: count) }
        return BGNBDFitResult(parameters: p, logLikelihood: ll, iterations: outcome.iterations,
                              converged: failure == nil, failure: failure, customerCount: count)
    }

    static func parameters(_ theta: SIMD4<Double>) -> BGNBDParameters {
        BGNBDParameters(r: exp(theta.x), alpha: exp(theta.y), a: exp(theta.z), b: exp(theta.w))
    }

    private static func failed(_ failure: BGNBDFitFailure, count: Int) -> BGNBDFitResult {
        BGNBDFitResult(parameters: nil, logLikelihood: nil, iterations: 0, converged: false, failure: failure,
                       customerCount: count)
    }
}
