import Foundation
import LoyaltyCore
import Testing

@Suite("BG/NBD")
struct BGNBDTests {
    let cdnow = BGNBDParameters(r: 0.243, alpha: 4.414, a: 0.793, b: 2.426)

    func close(_ actual: Double, _ expected: Double, relative: Double = 1e-9) -> Bool {
        abs(actual - expected) <= relative * max(abs(expected), 1e-300)
    }

    @Test func summariesCountRepeatDaysNotOrders() {
        let day = Timestamp.make(year: 2025, month: 1, day: 1)
        let purchases = [
            BGNBDPurchase(customerID: 2, at: day + 3600), BGNBDPurchase(customerID: 2, at: day + 7200), // same day
            BGNBDPurchase(customerID: 2, at: day + 14 * 86_400 + 60),
            BGNBDPurchase(customerID: 2, at: day + 21 * 86_400), // after the calibration end day
            BGNBDPurchase(customerID: 1, at: day + 7 * 86_400),
            BGNBDPurchase(customerID: 3, at: day + 30 * 86_400), // first purchase after the end: left out
        ]
        let summaries = BGNBDSummary.summaries(of: purchases, calibrationEnd: day + 20 * 86_400 + 100)
        #expect(summaries == [
            BGNBDCustomerSummary(customerID: 1, summary: BGNBDSummary(x: 0, tx: 0, T: 13.0 / 7)),
            BGNBDCustomerSummary(customerID: 2, summary: BGNBDSummary(x: 1, tx: 2, T: 20.0 / 7)),
        ])
        // Days are the merchant's: 23:30 UTC on the 1st is already the 2nd at UTC+1.
        let late = BGNBDSummary.summaries(of: [BGNBDPurchase(customerID: 1, at: day + 23 * 3600 + 1800),
                                               BGNBDPurchase(customerID: 1, at: day + 86_400 + 3600)],
                                          calibrationEnd: day + 7 * 86_400, utcOffsetSeconds: 3600)
        #expect(late.map(\.summary.x) == [0])
    }

    @Test func probabilityAliveAndExpectedPurchasesMatchLifetimes() {
        // (x, tₓ, T, horizon, E[X(t)], P(alive)) from lifetimes 0.11.3 with the published CDNOW parameters.
        let cases: [(Int, Double, Double, Double, Double, Double)] = [
            (2, 30.43, 38.86, 39, 1.226028174767135, 0.72657857),
            (0, 0, 38.86, 39, 0.19509805201125396, 1),
            (0, 0, 0, 39, 1.1967231933207985, 1),
            (0, 0, 1000, 52, 0.012482354658518059, 1),
            (1, 1.71, 38.86, 39, 0.20318698707975183, 0.21210099),
            (50, 38.8, 38.86, 39, 34.23680669866078, 0.98373538),
            (20, 1, 200, 52, 1.5261797760912342e-30, 3.22560408e-31),
            (5, 10, 40, 1, 0.002545837858007224, 0.02171175),
        ]
        for (x, tx, T, t, expected, alive) in cases {
            let s = BGNBDSummary(x: x, tx: tx, T: T)
            #expect(close(BGNBD.expectedPurchases(s, cdnow, horizon: t), expected, relative: 1e-9), "\(s)")
            #expect(close(BGNBD.probabilityAlive(s, cdnow), alive, relative: 1e-7), "\(s)")
        }
    }

    @Test func expectedPurchasesWhereLifetimesBreaks() {
        // References from mpmath at 40 digits with the textbook formula.
        let s = BGNBDSummary(x: 2, tx: 30.43, T: 38.86)
        let aIsOne = BGNBDParameters(r: 0.243, alpha: 4.414, a: 1, b: 2.426) // lifetimes: inf (division by a − 1)
        #expect(close(BGNBD.expectedPurchases(s, aIsOne, horizon: 39), 1.1021367860399558, relative: 1e-12))
        let smallAB = BGNBDParameters(r: 0.243, alpha: 4.414, a: 0.2, b: 0.5) // lifetimes: NaN for x = 0
        #expect(close(BGNBD.expectedPurchases(BGNBDSummary(x: 0, tx: 0, T: 10), smallAB, horizon: 39),
                      0.5129845845169771, relative: 1e-12))
        #expect(close(BGNBD.expectedPurchases(BGNBDSummary(x: 3, tx: 5, T: 10), smallAB, horizon: 39),
                      5.605899524354944, relative: 1e-12))
        #expect(close(BGNBD.expectedPurchases(BGNBDSummary(x: 500, tx: 38.8, T: 38.86), cdnow, horizon: 39),
                      342.96190428262693, relative: 1e-12))
        #expect(close(BGNBD.expectedPurchases(BGNBDSummary(x: 0, tx: 0, T: 1e6), cdnow, horizon: 52),
                      1.2635843625564325e-5, relative: 1e-9))
        // z = 52/52.001: a horizon 52,000 times α + T, the series cut at its term limit.
        let tinyAlpha = BGNBDParameters(r: 0.243, alpha: 0.001, a: 0.793, b: 2.426)
        #expect(close(BGNBD.expectedPurchases(BGNBDSummary(x: 0, tx: 0, T: 0), tinyAlpha, horizon: 52),
                      36.92881428917353, relative: 1e-6))
    }

    @Test func hypergeometricMatchesScipy() {
        let cases: [(Double, Double, Double, Double, Double)] = [
            (2.243, 4.426, 4.219, 0.4740258161752194, 4.575315897643688),
            (1.5, 2.5, 3.5, 0.5, 2.033717023139629),
            (0.3, 0.7, 0.2, 0.9, 8.201851506091403),
            (10.2, 12.4, 12.2, 0.95, 32772421029921.74),
            (100.2, 102.4, 102.2, 0.7, 3.1320210588695153e+52),
            (0.5, 0.5, 3, 0.999, 1.131487407487048),
        ]
        for (a, b, c, z, expected) in cases {
            #expect(close(Hypergeometric.hyp2F1(a: a, b: b, c: c, z: z), expected, relative: 1e-11), "\(a) \(b) \(c) \(z)")
        }
        #expect(Hypergeometric.hyp2F1(a: 1, b: 1, c: 1, z: 0) == 1)
    }

    @Test func extremeCustomersNeverGiveNaN() {
        let xs = [0, 1, 2, 10, 100, 1_000, 100_000]
        let times: [Double] = [0, 1e-9, 1, 39, 1e4, 1e8]
        let horizons: [Double] = [0, 1e-6, 1, 52, 1e4]
        let parameterSets = [cdnow, BGNBDParameters(r: 1e-4, alpha: 1e-4, a: 1e-4, b: 1e4),
                             BGNBDParameters(r: 1e4, alpha: 1e4, a: 1e4, b: 1e-4), BGNBDParameters(r: 2, alpha: 3, a: 1, b: 1)]
        for p in parameterSets {
            for x in xs {
                for T in times {
                    for tx in times where tx <= T && (x > 0 || tx == 0) {
                        let s = BGNBDSummary(x: x, tx: tx, T: T)
                        let alive = BGNBD.probabilityAlive(s, p)
                        #expect(alive.isFinite && alive >= 0 && alive <= 1, "\(s) \(p)")
                        #expect(BGNBD.logLikelihood(s, p).isFinite, "\(s) \(p)")
                        for t in horizons {
                            let e = BGNBD.expectedPurchases(s, p, horizon: t)
                            #expect(e.isFinite && e >= 0, "\(s) \(p) t=\(t): \(e)")
                        }
                    }
                }
            }
        }
    }

    @Test func probabilityAliveOfLongGoneCustomers() {
        // 12 repeat days in the first 10 weeks, then nothing for 130: P(alive) ≈ 1e-11.
        let s = BGNBDSummary(x: 12, tx: 10, T: 140)
        let alive = BGNBD.probabilityAlive(s, cdnow)
        #expect(alive > 1e-12 && alive < 1e-10)
        let expected = BGNBD.expectedPurchases(s, cdnow, horizon: 52)
        #expect(expected.isFinite && expected > 0 && expected < 1e-9)
        #expect(BGNBD.logLikelihood(s, cdnow).isFinite)
        // Far beyond Double's range for the odds: exp(5000) would overflow.
        let gone = BGNBDSummary(x: 1_000, tx: 1, T: 100)
        #expect(BGNBD.probabilityAlive(gone, cdnow) == 0)
        #expect(BGNBD.expectedPurchases(gone, cdnow, horizon: 52) == 0)
    }

    @Test func gradientMatchesFiniteDifferences() throws {
        let summaries = [BGNBDSummary(x: 0, tx: 0, T: 30), BGNBDSummary(x: 0, tx: 0, T: 30), BGNBDSummary(x: 1, tx: 2, T: 30),
                         BGNBDSummary(x: 4, tx: 20, T: 35), BGNBDSummary(x: 30, tx: 39, T: 39), BGNBDSummary(x: 2, tx: 0.5, T: 60),
                         BGNBDSummary(x: 0, tx: 0, T: 0)]
        let likelihood = try BGNBDLikelihood(summaries)
        #expect(likelihood.groupCount == 6)
        for p in [cdnow, BGNBDParameters(r: 2.5, alpha: 0.3, a: 4, b: 0.7)] {
            let (ll, gradient) = likelihood.evaluate(p)
            #expect(close(ll, summaries.reduce(0) { $0 + BGNBD.logLikelihood($1, p) }, relative: 1e-12))
            let values = [p.r, p.alpha, p.a, p.b]
            for i in 0..<4 {
                let h = 1e-6 * values[i]
                func at(_ v: Double) -> Double {
                    var shifted = values
                    shifted[i] = v
                    let q = BGNBDParameters(r: shifted[0], alpha: shifted[1], a: shifted[2], b: shifted[3])
                    return likelihood.evaluate(q).logLikelihood
                }
                let numeric = (at(values[i] + h) - at(values[i] - h)) / (2 * h)
                #expect(abs(numeric - gradient[i]) <= 1e-6 * max(abs(numeric), 1), "∂/∂\(i): \(gradient[i]) vs \(numeric)")
            }
        }
    }

    @Test func fitsThatCannotConvergeAreReported() {
        let noRepeats = BGNBDFit.fit((0..<100).map { BGNBDSummary(x: 0, tx: 0, T: Double($0)) })
        #expect(!noRepeats.converged)
        #expect(noRepeats.failure == .noRepeatPurchases)
        #expect(noRepeats.parameters == nil && noRepeats.logLikelihood == nil)

        let empty = BGNBDFit.fit([])
        #expect(!empty.converged && empty.failure == .noCustomers)

        let inconsistent = BGNBDFit.fit([BGNBDSummary(x: 1, tx: 5, T: 4)])
        #expect(inconsistent.failure == .invalidSummary(index: 0))

        let single = BGNBDFit.fit([BGNBDSummary(x: 2, tx: 30.43, T: 38.86)])
        #expect(!single.converged)
        #expect(single.failure != nil)
        if let p = single.parameters { #expect(p.isValid) }
        if let ll = single.logLikelihood { #expect(ll.isFinite) }
    }

    @Test func fitRecoversSimulatedParametersWhateverTheInputOrder() throws {
        let truth = BGNBDParameters(r: 0.5, alpha: 5, a: 0.8, b: 2.5)
        var simulation = BGNBDSimulation(seed: 42)
        let summaries = simulation.customers(20_000, truth, observedWeeks: 20...80)
        let forward = BGNBDFit.fit(summaries)
        #expect(forward.converged)
        let p = try #require(forward.parameters)
        #expect(abs(p.r / truth.r - 1) < 0.1 && abs(p.alpha / truth.alpha - 1) < 0.1)
        #expect(abs(p.a / truth.a - 1) < 0.25 && abs(p.b / truth.b - 1) < 0.25)
        // Bit for bit, whatever the order the store reads customers in.
        #expect(BGNBDFit.fit(summaries.reversed()) == forward)
    }
}
