import Foundation
import LoyaltyCore
import Testing

/// The published BG/NBD result on the CDNOW sample (Fader, Hardie & Lee 2005; the lifetimes documentation).
///
/// Convention that reproduces it: calibration = purchases dated 1997-01-01 ... 1997-09-30 inclusive; x = distinct
/// purchase days − 1; tₓ and T in days ÷ 7, T measured from the first purchase day to 1997-09-30 itself (not to
/// 1997-10-01), no rounding of tₓ or T. Maximising that likelihood gives r = 0.24259, α = 4.41360, a = 0.79292,
/// b = 2.42591 (lifetimes, fitted on the same unrounded summaries, agrees to five decimals); its shipped summary
/// file, rounded to 0.01 week, gives the same to three decimals. The near misses do not: T to 1997-10-01 gives
/// a = 0.815, b = 2.477; tₓ and T rounded to whole weeks give a = 0.808, b = 2.475.
@Suite("BG/NBD on CDNOW")
struct BGNBDCDNOWTests {
    static func calibrationSummaries() throws -> [BGNBDCustomerSummary] {
        let root = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
        let text = try String(contentsOf: root.appendingPathComponent("cdnow/CDNOW_sample.txt"), encoding: .utf8)
        var purchases: [BGNBDPurchase] = []
        for line in text.split(whereSeparator: \.isNewline) {
            let fields = line.split(separator: " ")
            guard fields.count == 5, let id = Int64(fields[1]), fields[2].count == 8, let ymd = Int(fields[2]) else {
                Issue.record("unreadable line: \(line)")
                continue
            }
            let at = Timestamp.make(year: ymd / 10_000, month: ymd / 100 % 100, day: ymd % 100)
            purchases.append(BGNBDPurchase(customerID: id, at: at))
        }
        #expect(purchases.count == 6_919)
        return BGNBDSummary.summaries(of: purchases, calibrationEnd: Timestamp.make(year: 1997, month: 9, day: 30))
    }

    @Test func summariesMatchThePublishedOnes() throws {
        let summaries = try Self.calibrationSummaries()
        #expect(summaries.count == 2_357)
        // Customer 1 of the sample, as in the lifetimes summary file: x = 2, tₓ = 30.43, T = 38.86.
        let first = try #require(summaries.first { $0.customerID == 1 }?.summary)
        #expect(first.x == 2)
        #expect(abs(first.tx - 30.43) < 0.005 && abs(first.T - 38.86) < 0.005)
    }

    @Test func fitReproducesThePublishedParameters() throws {
        let fit = BGNBDFit.fit(try Self.calibrationSummaries().map(\.summary))
        #expect(fit.converged)
        #expect(fit.failure == nil)
        let p = try #require(fit.parameters)
        func thousandths(_ v: Double) -> Int { Int((v * 1000).rounded()) }
        #expect(thousandths(p.r) == 243)
        #expect(thousandths(p.alpha) == 4_414)
        #expect(thousandths(p.a) == 793)
        #expect(thousandths(p.b) == 2_426)
        let ll = try #require(fit.logLikelihood)
        #expect(abs(ll - -9_582.4) < 0.05)
        #expect(fit.customerCount == 2_357)
    }

    @Test func workedExampleExpectsPurchases() throws {
        let published = BGNBDParameters(r: 0.243, alpha: 4.414, a: 0.793, b: 2.426)
        let customer = BGNBDSummary(x: 2, tx: 30.43, T: 38.86)
        let expected = BGNBD.expectedPurchases(customer, published, horizon: 39)
        #expect(abs(expected - 1.226028174767135) < 1e-9) // lifetimes' value; 1.226 in the paper
        let fitted = try #require(BGNBDFit.fit(try Self.calibrationSummaries().map(\.summary)).parameters)
        #expect(Int((BGNBD.expectedPurchases(customer, fitted, horizon: 39) * 1000).rounded()) == 1_226)
    }
}
