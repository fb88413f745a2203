import Testing
@testable import LoyaltyCore

/// Program settings' and rewards' problems carry codes now; their English (the CLI's) is exactly what it was.
@Suite struct SettingsRewardProblemsTests {
    @Test func settingsProblemsKeepTheirEnglish() {
        let bad = ProgramSettings(currency: "DOLLARS", timeZone: "Mars/Olympus", pointsPerUnit: "abc", minimumOrderMinor: -1,
                                  signupPoints: -1, birthdayPoints: 2_000_000_000, referralAdvocatePoints: -2,
                                  referralFriendPoints: -3, dailyCap: 0, pendingDays: 400, expiry: .daysAfterEarned(0),
                                  supportAdjustLimit: -1, referralMinimumOrderMinor: -1, referralWeeklyLimit: 10_001)
        #expect(bad.problems() == [
            "currency \"DOLLARS\" is not a 3-letter ISO 4217 code",
            "time zone \"Mars/Olympus\" is not a known IANA time zone (such as Europe/Paris or America/New_York)",
            "points per unit \"abc\" is not a positive decimal number",
            "minimum order cannot be negative",
            "signup points must be between 0 and 1000000000",
            "birthday points must be between 0 and 1000000000",
            "referral advocate points must be between 0 and 1000000000",
            "referral friend points must be between 0 and 1000000000",
            "daily cap must be above 0 (or unset)",
            "pending days must be between 0 and 365",
            "support adjust limit cannot be negative",
            "referral minimum order cannot be negative",
            "referral weekly limit must be between 0 (no limit) and 10000",
            "expiry days must be between 1 and 36500",
        ])
        #expect(bad.ruleProblems().map(\.field).first == "currency")
        #expect(ProgramSettings(pointsPerUnit: "0").problems() == ["points per unit must be above 0"])
        #expect(ProgramSettings(pointsPerUnit: "10000.5").problems() == ["points per unit 10000.5 is above the maximum of 10000"])
        #expect(ExpiryPolicy.endOfCalendarYear(yearsAfter: 11).problems() == ["expiry years after must be between 0 and 10"])
        #expect(ProgramSettings().ruleProblems().isEmpty)
    }

    @Test func rewardProblemsKeepTheirEnglish() {
        var reward = RewardDefinition(name: " ", kind: .fixedAmount, pointsCost: 0, minimumOrderMinor: -1, codeValidDays: 0)
        #expect(reward.problems() == ["a reward needs a name", "points cost must be above 0",
                                      "a fixed-amount reward needs an amount above 0", "minimum order cannot be negative",
                                      "code validity must be at least 1 day"])
        reward = RewardDefinition(name: "Ten off", kind: .percentOff, pointsCost: 100, percent: 101)
        #expect(reward.problems() == ["percent off must be between 1 and 100"])
        #expect(reward.ruleProblems() == [RuleProblem(field: "percent", .rewardPercentOutOfRange,
                                                      ["minimum": .integer(1), "maximum": .integer(100)])])
        reward = RewardDefinition(name: "Mug", kind: .freeProduct, pointsCost: 100)
        #expect(reward.problems() == ["a free-product reward needs a product id"])
    }
}
