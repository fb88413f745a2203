import Foundation
import LoyaltyCore

/// Customers drawn from the BG/NBD model itself, for parameter-recovery and reproducibility tests: each has a
/// purchase rate λ ~ Gamma(r, α) and a dropout probability p ~ Beta(a, b), buys at time 0, then as a Poisson
/// process with rate λ, dropping out after each repeat purchase with probability p, observed for T weeks.
struct BGNBDSimulation {
    var generator: SeededGenerator

    init(seed: UInt64) { generator = SeededGenerator(seed: seed) }

    mutating func customers(_ count: Int, _ p: BGNBDParameters, observedWeeks: ClosedRange<Double>) -> [BGNBDSummary] {
        (0..<count).map { _ in customer(p, T: uniform(observedWeeks)) }
    }

    mutating func customer(_ p: BGNBDParameters, T: Double) -> BGNBDSummary {
        let rate = gamma(shape: p.r) / p.alpha
        let dropout = { (g1: Double, g2: Double) in g1 / (g1 + g2) }(gamma(shape: p.a), gamma(shape: p.b))
        var time = 0.0, x = 0, last = 0.0
        while true {
            time += -log(1 - uniform(0...1)) / rate
            guard time <= T else { break }
            x += 1
            last = time
            if uniform(0...1) < dropout { break }
        }
        return BGNBDSummary(x: x, tx: last, T: T)
    }

    mutating func uniform(_ range: ClosedRange<Double>) -> Double {
        range.lowerBound + Double(generator.next() >> 11) / Double(1 << 53) * (range.upperBound - range.lowerBound)
    }

    /// Marsaglia & Tsang (2000), with the usual boost for shapes below 1.
    mutating func gamma(shape: Double) -> Double {
        if shape < 1 { return gamma(shape: shape + 1) * pow(uniform(0...1), 1 / shape) }
        let d = shape - 1.0 / 3, c = 1 / (9 * d).squareRoot()
        while true {
            var x = 0.0, v = 0.0
            repeat {
                x = normal()
                v = 1 + c * x
            } while v <= 0
            v = v * v * v
            let u = uniform(0...1)
            if log(u) < 0.5 * x * x + d - d * v + d * log(v) { return d * v }
        }
    }

    mutating func normal() -> Double {
        let u1 = max(uniform(0...1), 1e-300), u2 = uniform(0...1)
        return (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
    }
}

