import LoyaltyCore
import PropertyBased
import Testing

@Suite struct AllocationTests {
    func grant(_ id: Int64, _ remaining: Int64, expires: Int64? = nil, available: Int64 = 0) -> OpenGrant {
        OpenGrant(entryID: id, remaining: remaining, availableAt: available, expiresAt: expires)
    }

    @Test func spendsSoonestExpiryFirstAndSkipsPending() throws {
        let grants = [grant(1, 100), grant(2, 50, expires: 500), grant(3, 70, expires: 300), grant(4, 999, available: 1_000)]
        let plan = try Allocation.planSpend(points: 130, grants: grants, debts: [], now: 100)
        #expect(plan.allocations == [PlannedAllocation(grantID: 3, points: 70), PlannedAllocation(grantID: 2, points: 50),
                                     PlannedAllocation(grantID: 1, points: 10)])
    }

    @Test func spendRefusesToOverdrawIncludingOwedPoints() {
        #expect(throws: LedgerRuleError.insufficientBalance(requested: 100, available: 60)) {
            try Allocation.planSpend(points: 100, grants: [grant(1, 80)], debts: [OpenDebt(entryID: 9, unallocated: 20)], now: 0)
        }
        #expect(throws: LedgerRuleError.nonPositiveAmount) { try Allocation.planSpend(points: 0, grants: [], debts: [], now: 0) }
    }

    @Test func correctionTakesItsOwnGrantFirstThenOwesOrForgives() throws {
        let grants = [grant(1, 30), grant(2, 20, available: 999)]
        let owed = try Allocation.planCorrection(points: 80, preferred: 2, grants: grants, now: 0, policy: .allowNegative)
        #expect(owed.allocations == [PlannedAllocation(grantID: 2, points: 20), PlannedAllocation(grantID: 1, points: 30)])
        #expect(owed.posted == 80 && owed.owed == 30 && owed.forgiven == 0)
        let capped = try Allocation.planCorrection(points: 80, preferred: 2, grants: grants, now: 0, policy: .capAtZero)
        #expect(capped.posted == 50 && capped.owed == 0 && capped.forgiven == 30)
    }

    @Test func repaymentPaysOldestDebtFirst() {
        let pairs = Allocation.planRepayment(grantPoints: 50, debts: [OpenDebt(entryID: 7, unallocated: 40), OpenDebt(entryID: 3, unallocated: 30)])
        #expect(pairs.map(\.debtID) == [3, 7])
        #expect(pairs.map(\.points) == [30, 20])
    }

    @Test func allocationsNeverExceedWhatIsThere() async {
        let grants = Gen.int(in: 0...500).array(of: 0...8)
        await propertyCheck(input: grants, Gen.int(in: 1...3000), Gen.int(in: 0...3000)) { remainders, request, debt in
            let open = remainders.enumerated().map { grant(Int64($0.offset + 1), Int64($0.element), expires: Int64($0.element % 3) * 100) }
            let debts = debt > 0 ? [OpenDebt(entryID: 100, unallocated: Int64(debt))] : []
            let available = Allocation.available(grants: open, debts: debts, now: 0)
            if let plan = try? Allocation.planSpend(points: Int64(request), grants: open, debts: debts, now: 0) {
                #expect(Int64(request) <= available)
                #expect(plan.allocations.reduce(0) { $0 + $1.points } == Int64(request))
            } else {
                #expect(Int64(request) > available)
            }
            let correction = try! Allocation.planCorrection(points: Int64(request), preferred: nil, grants: open, now: 0, policy: .allowNegative)
            for allocation in correction.allocations {
                #expect(allocation.points <= open.first { $0.entryID == allocation.grantID }!.remaining)
            }
            #expect(correction.allocations.reduce(0) { $0 + $1.points } + correction.owed == Int64(request))
        }
    }
}
