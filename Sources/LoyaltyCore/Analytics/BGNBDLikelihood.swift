import Foundation

/// The BG/NBD log-likelihood of many customers and its analytic gradient, with identical (x, tₓ, T) summaries
/// grouped and weighted, and every term that depends only on x, only on T or only on tₓ computed once per
/// evaluation: per group there is one exp and one log1p left.
public struct BGNBDLikelihood: Sendable {
    struct Group {
        var txIndex: Int32
        var tIndex: Int32
        var weight: Double
    }

    struct Block {
        var x: Int
        var groups: Range<Int>
        var weight: Double
    }

    let groups: [Group]
    let blocks: [Block]
    let txValues: [Double]
    let tValues: [Double]
    public let customerCount: Int
    public let totalRepeatPurchases: Int
    /// Σ T over customers, for a starting point of the fit.
    let totalT: Double
    public var groupCount: Int { groups.count }

    public enum DataError: Error, Hashable, Sendable {
        /// Index of the first summary with x < 0, tₓ > T, tₓ > 0 with x = 0, or a non-finite time.
        case invalidSummary(index: Int)
    }

    public init(_ summaries: [BGNBDSummary]) throws(DataError) {
        if let bad = summaries.firstIndex(where: { !$0.isValid }) { throw .invalidSummary(index: bad) }
        // Sorting (rather than hashing) keeps the summation order, and so the last bits of the fit, reproducible.
        // + 0 turns −0.0 into 0.0, so equal times have one bit pattern.
        let sorted = summaries.map { BGNBDSummary(x: $0.x, tx: $0.tx + 0, T: $0.T + 0) }
            .sorted { ($0.x, $0.tx, $0.T) < ($1.x, $1.tx, $1.T) }
        let txValues = Self.distinct(sorted.map(\.tx))
        let tValues = Self.distinct(sorted.map(\.T))
        let txIndex = Self.indexByValue(txValues)
        let tIndex = Self.indexByValue(tValues)
        var groups: [Group] = []
        var blocks: [Block] = []
        var repeats = 0
        var i = 0
        while i < sorted.count {
            let s = sorted[i]
            var j = i + 1
            while j < sorted.count, sorted[j] == s { j += 1 }
            if blocks.last?.x != s.x {
                blocks.append(Block(x: s.x, groups: groups.count..<groups.count, weight: 0))
            }
            groups.append(Group(txIndex: txIndex[s.tx.bitPattern]!, tIndex: tIndex[s.T.bitPattern]!,
                                weight: Double(j - i)))
            blocks[blocks.count - 1].groups = blocks[blocks.count - 1].groups.lowerBound..<groups.count
            blocks[blocks.count - 1].weight += Double(j - i)
            repeats += s.x * (j - i)
            i = j
        }
        self.groups = groups
        self.blocks = blocks
        self.txValues = txValues
        self.tValues = tValues
        customerCount = summaries.count
        totalRepeatPurchases = repeats
        totalT = sorted.reduce(0) { $0 + $1.T }
    }

    /// The total log-likelihood and its gradient with respect to (r, α, a, b).
    public func evaluate(_ p: BGNBDParameters) -> (logLikelihood: Double, gradient: SIMD4<Double>) {
        // (log(α + t), 1/(α + t)) side by side: one cache line per lookup.
        let alphaT = tValues.map { SIMD2(log(p.alpha + $0), 1 / (p.alpha + $0)) }
        let alphaTx = txValues.map { SIMD2(log(p.alpha + $0), 1 / (p.alpha + $0)) }
        let logA = log(p.a)
        let logGammaR = logGamma(p.r), logGammaB = logGamma(p.b), logGammaAB = logGamma(p.a + p.b)
        let psiR = digamma(p.r), psiB = digamma(p.b)
        let psiAB = digamma(p.a + p.b)
        let logAlpha = log(p.alpha)

        var total = 0.0
        var gradient = SIMD4<Double>(repeating: 0)
        for block in blocks {
            let x = Double(block.x)
            let rx = p.r + x
            let w = block.weight
            // A₁ + A₂ and their derivatives depend on x only.
            total += w * (logGamma(rx) - logGammaR + p.r * logAlpha
                          + logGammaAB + logGamma(p.b + x) - logGammaB - logGamma(p.a + p.b + x))
            let psiABX = digamma(p.a + p.b + x)
            gradient += w * SIMD4(digamma(rx) - psiR + logAlpha, p.r / p.alpha,
                                  psiAB - psiABX, psiAB + digamma(p.b + x) - psiB - psiABX)
            var sumLSE = 0.0, sumDR = 0.0, sumDAlpha = 0.0, sumS4 = 0.0
            if block.x == 0 {
                for g in groups[block.groups] {
                    let t = alphaT[Int(g.tIndex)]
                    sumLSE -= g.weight * rx * t.x
                    sumDR -= g.weight * t.x
                    sumDAlpha -= g.weight * rx * t.y
                }
            } else {
                let logA4 = logA - log(p.b + x - 1)
                for g in groups[block.groups] {
                    let t = alphaT[Int(g.tIndex)], tx = alphaTx[Int(g.txIndex)]
                    let u3 = -rx * t.x
                    let u4 = logA4 - rx * tx.x
                    let e = exp(-abs(u3 - u4))
                    let share = 1 / (1 + e)
                    // s3, s4: the shares of the two terms in e^A₃ + e^A₄ (softmax weights).
                    let (s3, s4) = u3 >= u4 ? (share, e * share) : (e * share, share)
                    sumLSE += g.weight * (max(u3, u4) + log1p(e))
                    sumDR -= g.weight * (s3 * t.x + s4 * tx.x)
                    sumDAlpha -= g.weight * rx * (s3 * t.y + s4 * tx.y)
                    sumS4 += g.weight * s4
                }
            }
            total += sumLSE
            gradient += SIMD4(sumDR, sumDAlpha, sumS4 / p.a, block.x == 0 ? 0 : -sumS4 / (p.b + x - 1))
        }
        return (total, gradient)
    }

    private static func distinct(_ values: [Double]) -> [Double] {
        var sorted = values
        sorted.sort()
        var result: [Double] = []
        for v in sorted where result.last != v { result.append(v) }
        return result
    }

    private static func indexByValue(_ values: [Double]) -> [UInt64: Int32] {
        var index: [UInt64: Int32] = [:]
        index.reserveCapacity(values.count)
        for (i, v) in values.enumerated() { index[v.bitPattern] = Int32(i) }
        return index
    }
}
