import LoyaltyCore
import Testing

@Suite("At risk and valuable")
struct AtRiskValuableTests {
    @Test func belowThresholdAndAboveTwiceTheAverage() {
        // Average monetary = (100 + 100 + 100 + 700 + 1000) / 5 = 400; twice = 800.
        let candidates = [
            ChurnRiskCandidate(customerID: 1, probabilityAlive: 0.9, monetaryMinor: 100),
            ChurnRiskCandidate(customerID: 2, probabilityAlive: 0.1, monetaryMinor: 100),
            ChurnRiskCandidate(customerID: 3, probabilityAlive: 0.1, monetaryMinor: 100),
            ChurnRiskCandidate(customerID: 4, probabilityAlive: 0.05, monetaryMinor: 700),
            ChurnRiskCandidate(customerID: 5, probabilityAlive: 0.2, monetaryMinor: 1000),
        ]
        #expect(AtRiskValuable.select(candidates, probabilityAliveBelow: 0.3).map(\.customerID) == [5])
        #expect(AtRiskValuable.select(candidates, probabilityAliveBelow: 0.2).isEmpty) // strictly below
    }

    @Test func exactlyTwiceTheAverageIsNotAbove() {
        let candidates = [ChurnRiskCandidate(customerID: 1, probabilityAlive: 0, monetaryMinor: 0),
                          ChurnRiskCandidate(customerID: 2, probabilityAlive: 0, monetaryMinor: 0),
                          ChurnRiskCandidate(customerID: 3, probabilityAlive: 0, monetaryMinor: 300)]
        #expect(AtRiskValuable.select(candidates, probabilityAliveBelow: 0.5).map(\.customerID) == [3])
        let even = [ChurnRiskCandidate(customerID: 1, probabilityAlive: 0, monetaryMinor: 0),
                    ChurnRiskCandidate(customerID: 2, probabilityAlive: 0, monetaryMinor: 100)]
        #expect(AtRiskValuable.select(even, probabilityAliveBelow: 0.5).isEmpty) // 100 == 2 × 50
    }

    @Test func sortedByValueAtRisk() {
        let candidates = [ChurnRiskCandidate(customerID: 1, probabilityAlive: 0.5, monetaryMinor: 10_000),
                          ChurnRiskCandidate(customerID: 2, probabilityAlive: 0.1, monetaryMinor: 9_000)]
            + (3...20).map { ChurnRiskCandidate(customerID: Int64($0), probabilityAlive: 0.9, monetaryMinor: 10) }
        #expect(AtRiskValuable.select(candidates, probabilityAliveBelow: 0.6).map(\.customerID) == [2, 1])
        #expect(AtRiskValuable.select([], probabilityAliveBelow: 0.5).isEmpty)
    }
}
