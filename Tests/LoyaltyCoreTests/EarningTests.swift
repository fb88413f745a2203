import LoyaltyCore
import PropertyBased
import Testing

@Suite struct EarningTests {
    let usd = Currency.usd

    func money(_ minor: Int64) -> Money { Money(minorUnits: minor, currency: usd) }

    @Test func onePointPerDollarFloorsAndExplains() {
        let result = Earning.pointsForOrder(settings: ProgramSettings(), eligible: money(1240))
        #expect(result.points == 12)
        #expect(result.explanation == "12 pts = 12.40 USD × 1 pt/USD")
    }

    @Test func multipliersMultiplyOrBestOf() {
        let silver = Multiplier(label: "Silver", factor: DecimalAmount(digits: 15, scale: 1))
        let weekend = Multiplier(label: "Double Points", factor: DecimalAmount(digits: 2, scale: 0))
        var settings = ProgramSettings()
        let multiplied = Earning.pointsForOrder(settings: settings, eligible: money(1000), tier: silver, campaign: weekend)
        #expect(multiplied.points == 30)
        #expect(multiplied.explanation == "30 pts = 10.00 USD × 1 pt/USD × 1.5 Silver × 2 Double Points")
        settings.multiplierStacking = .bestOf
        let best = Earning.pointsForOrder(settings: settings, eligible: money(1000), tier: silver, campaign: weekend)
        #expect(best.points == 20)
        #expect(best.explanation.contains("1.5 Silver (not used: best-of)"))
    }

    @Test func minimumOrderAndDailyCap() {
        var settings = ProgramSettings(minimumOrderMinor: 500)
        let below = Earning.pointsForOrder(settings: settings, eligible: money(499))
        #expect(below.points == 0)
        #expect(below.explanation.contains("below the 5.00 minimum"))
        settings.dailyCap = 100
        let capped = Earning.pointsForOrder(settings: settings, eligible: money(9000), earnedToday: 70)
        #expect(capped.points == 30)
        #expect(capped.explanation.hasPrefix("30 pts (capped at 100/day, 70 already today"))
    }

    @Test func fractionalRatesAreExact() {
        let settings = ProgramSettings(pointsPerUnit: "0.1")
        // 0.1 × 29.99 = 2.999: floor gives 2, never 3 from binary rounding.
        #expect(Earning.pointsForOrder(settings: settings, eligible: money(2999)).points == 2)
        let yen = Currency(code: "JPY")!
        #expect(Earning.pointsForOrder(settings: ProgramSettings(currency: "JPY", pointsPerUnit: "0.01"),
                                       eligible: Money(minorUnits: 12_345, currency: yen)).points == 123)
    }

    @Test func hugeMultipliersSaturateInsteadOfOverflowing() {
        let huge = Multiplier(label: "x", factor: DecimalAmount(digits: 1_000_000_000, scale: 0))
        let result = Earning.pointsForOrder(settings: ProgramSettings(), eligible: money(Int64.max / 2), tier: huge, campaign: huge)
        #expect(result.points == Int64.max)
    }

    @Test func partialRefundsNeverClawBackMoreThanOneFullRefund() async {
        await propertyCheck(input: Gen.int(in: 0...5000), Gen.int(in: 1...100_000), Gen.int(in: 0...100_000).array(of: 1...6)) { earned, eligible, parts in
            var refunded: Int64 = 0
            var total: Int64 = 0
            for part in parts {
                total += Earning.clawback(earnedPoints: Int64(earned), eligibleMinor: Int64(eligible), refundedBeforeMinor: refunded,
                                          refundMinor: Int64(part))
                refunded += Int64(part)
            }
            let single = Earning.clawback(earnedPoints: Int64(earned), eligibleMinor: Int64(eligible), refundedBeforeMinor: 0,
                                          refundMinor: refunded)
            #expect(total == single)
            #expect(total <= Int64(earned))
            #expect(total >= 0)
        }
    }

    @Test func settingsProblemsAreNamed() {
        let bad = ProgramSettings(currency: "DOLLARS", pointsPerUnit: "-1", pendingDays: 400, expiry: .daysAfterEarned(0))
        let problems = bad.problems()
        #expect(problems.contains { $0.contains("currency") })
        #expect(problems.contains { $0.contains("points per unit") })
        #expect(problems.contains { $0.contains("pending days") })
        #expect(problems.contains { $0.contains("expiry days") })
        #expect(ProgramSettings().problems().isEmpty)
    }

    @Test func expiryPolicies() {
        let earned = Timestamp.make(year: 2025, month: 12, day: 30)
        #expect(ExpiryPolicy.never.expiresAt(earnedAt: earned) == nil)
        #expect(ExpiryPolicy.daysAfterEarned(10).expiresAt(earnedAt: earned) == earned + 10 * 86_400)
        #expect(ExpiryPolicy.endOfCalendarYear(yearsAfter: 0).expiresAt(earnedAt: earned) == Timestamp.make(year: 2026, month: 1, day: 1) - 1)
        #expect(ExpiryPolicy.endOfCalendarYear(yearsAfter: 1).expiresAt(earnedAt: earned) == Timestamp.make(year: 2027, month: 1, day: 1) - 1)
        #expect(ExpiryPolicy.daysAfterLastActivity(90).expiresAt(earnedAt: earned) == nil)
    }
}

@Suite struct MoneyAndTimeTests {
    @Test func decimalParsingIsStrict() throws {
        #expect(try DecimalAmount.parse("12.30").get() == DecimalAmount(digits: 1230, scale: 2))
        #expect(DecimalAmount.parse("-1") == .failure(.negative))
        #expect(DecimalAmount.parse("abc") == .failure(.notANumber))
        #expect(DecimalAmount.parse("1e5") == .failure(.notANumber))
        #expect(DecimalAmount.parse("") == .failure(.empty))
        #expect(DecimalAmount.parse("99999999999999999999") == .failure(.tooLarge))
        #expect(DecimalAmount(digits: 12300, scale: 3).minorUnits(in: .usd) == 1230)
        #expect(DecimalAmount(digits: 12345, scale: 3).minorUnits(in: .usd) == nil)
        #expect(DecimalAmount(digits: 5, scale: 1).minorUnits(in: Currency(code: "JPY")!) == nil)
        #expect(Money(minorUnits: -5, currency: .usd).plainString == "-0.05")
    }

    @Test func timestampShapes() {
        let t = Timestamp.make(year: 2008, month: 1, day: 10, hour: 16)
        #expect(Timestamp.parse("2008-01-10T11:00:00-05:00") == t)
        #expect(Timestamp.parse("2008-01-10T16:00:00Z") == t)
        #expect(Timestamp.parse("2008-01-10T16:00:00.250Z") == t)
        #expect(Timestamp.parse("2008-01-10 11:00:00 -0500") == t)
        #expect(Timestamp.parse("2008-01-10") == Timestamp.make(year: 2008, month: 1, day: 10))
        #expect(Timestamp.parse("2008-01-10", defaultOffsetSeconds: 3600) == Timestamp.make(year: 2008, month: 1, day: 9, hour: 23))
        for bad in ["2023-02-29", "2024-13-01", "yesterday", "2024-01-01T25:00:00Z", "01/02/2024", "2024-01-01T10:00:00+5"] {
            #expect(Timestamp.parse(bad) == nil, "\(bad) should be refused")
        }
        #expect(Timestamp.parse("2024-02-29") != nil)
        #expect(Timestamp.iso8601(t) == "2008-01-10T16:00:00Z")
    }

    @Test func civilDatesRoundTrip() async {
        await propertyCheck(input: Gen.int(in: -2_000_000_000...4_000_000_000)) { seconds in
            let text = Timestamp.iso8601(Int64(seconds))
            #expect(Timestamp.parse(text) == Int64(seconds))
        }
    }

    @Test func discountCodesAreUnambiguous() {
        var rng = SystemRandomNumberGenerator()
        var seen = Set<String>()
        for _ in 0..<2000 {
            let code = DiscountCode.make(using: &rng)
            #expect(DiscountCode.isWellFormed(code))
            #expect(!code.dropFirst(3).contains { "01OIL".contains($0) })
            seen.insert(code)
        }
        #expect(seen.count == 2000)
    }

    @Test func rolesFollowTheSpec() {
        #expect(!Role.viewer.allows(.adjustPoints))
        #expect(Role.support.allows(.adjustPoints) && Role.support.allows(.undoEntry) && !Role.support.allows(.editRewards))
        #expect(Role.staff.allows(.editRewards) && !Role.staff.allows(.editSettings))
        #expect(Role.admin.allows(.manageOperators) && !Role.admin.allows(.manageMerchants))
        #expect(Role.owner.allows(.manageMerchants))
        let support = Operator(id: 1, merchantID: 1, name: "sam", role: .support)
        #expect(support.mayAdjust(points: 500, settings: ProgramSettings()))
        #expect(!support.mayAdjust(points: -501, settings: ProgramSettings()))
        #expect(Operator(id: 2, merchantID: 1, name: "g", role: .staff).mayAdjust(points: 100_000, settings: ProgramSettings()))
    }
}
