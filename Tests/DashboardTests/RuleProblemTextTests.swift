import Foundation
import LoyaltyCore
import Testing
@testable import Dashboard

/// LoyaltyCore's rule problems on the dashboard: a sentence per code in every shipped locale, every placeholder
/// filled, numbers in the locale's way; the CLI's English stays LoyaltyCore's.
@Suite struct RuleProblemTextTests {
    /// A value of the type a placeholder of this name carries in LoyaltyCore, so that each kind of value is drawn.
    static func sampleValue(_ name: String) -> RuleValue {
        switch name {
        case "field": return .field("multiplier")
        case "status": return .campaignStatus(.draft)
        case "action": return .campaignAction(.pause)
        case "kind": return .campaignKind(.fixedBonus)
        case "threshold": return .money(minorUnits: 123_450, currency: "USD")
        case "count", "maximum", "minimum", "decimals", "id": return .integer(1_234)
        case "campaigns": return .integers([3, 1_005])
        case "segments", "languages": return .list(["champions", "at_risk"])
        default: return .text("gold")
        }
    }

    /// Every placeholder LoyaltyCore's English sentence for `code` names, each with a sample value.
    static func sample(_ code: RuleProblemCode) -> RuleProblem {
        let names = ((try? TextTemplate(parsing: code.english))?.placeholders ?? [])
        return RuleProblem(field: "x", code, Dictionary(uniqueKeysWithValues: names.map { ($0, sampleValue($0)) }))
    }

    @Test("every rule problem code has its sentence in every shipped locale", arguments: BundledLocaleFiles.codes)
    func everyCodeHasAKey(locale: String) throws {
        let file = try BundledLocaleFiles.load(locale)
        for code in RuleProblemCode.allCases {
            #expect(file.entries[RuleProblemText.key(code)] != nil, "\(locale).toml lacks rule.\(code.rawValue)")
        }
        for action in CampaignAction.allCases {
            #expect(file.entries["rule.action.\(action.rawValue)"] != nil, "\(locale).toml lacks rule.action.\(action)")
        }
    }

    @Test("the dashboard's sentences only name values LoyaltyCore gives")
    func placeholdersAreValuesCoreGives() throws {
        let english = try BundledLocaleFiles.load("en")
        for code in RuleProblemCode.allCases {
            let core = ((try? TextTemplate(parsing: code.english))?.placeholders ?? [])
            let shown = english.entries[RuleProblemText.key(code)]?.placeholders ?? []
            #expect(shown.isSubset(of: core), "rule.\(code.rawValue) uses \(shown.subtracting(core)) that LoyaltyCore never fills")
        }
    }

    @Test("several problems are joined the language's way")
    func severalProblemsJoin() throws {
        let problems = [Self.sample(RuleProblemCode.allCases[0]), Self.sample(RuleProblemCode.allCases[1])]
        for (locale, separator) in [("en", "; "), ("ar", "؛ "), ("ja", "。")] {
            let l = try Localizer.bundled(locale, reporter: MissingTextReporter())
            let parts = problems.map { RuleProblemText.text($0, l) }
            #expect(RuleProblemText.joined(problems, l) == parts.joined(separator: separator), "\(locale)")
        }
    }

    @Test("every code renders in every locale with nothing left unfilled", arguments: BundledLocaleFiles.codes)
    func everyCodeRenders(locale: String) throws {
        let reporter = MissingTextReporter()
        let l = try Localizer.bundled(locale, reporter: reporter)
        for code in RuleProblemCode.allCases {
            for problem in [Self.sample(code), Self.sample(code).inTier("silver")] {
                let text = RuleProblemText.text(problem, l)
                #expect(!text.isEmpty && !text.contains("rule."), "\(locale) \(code): \(text)")
                #expect(!text.contains("{") && !text.contains("}"), "\(locale) \(code): \(text)")
            }
        }
        #expect(reporter.reports.isEmpty, "\(reporter.reports.map(\.description))")
    }

    /// Problems LoyaltyCore's validators really produce, so every field name and value they use is covered.
    static var producedProblems: [RuleProblem] {
        let settings = ProgramSettings()
        let tiers = [
            TierDefinition(key: "Bad Key", name: LocalizedText(), threshold: -1, multiplier: "-1",
                           perks: LocalizedText(["xx": "perk", "en": String(repeating: "a", count: 201)]), entryRewardPoints: -5),
            TierDefinition(key: "silver", name: LocalizedText(en: "Silver"), threshold: 10_000, multiplier: "1.00001"),
            TierDefinition(key: "gold", name: LocalizedText(en: "silver"), threshold: 10_000, multiplier: "abc"),
            TierDefinition(key: "gold", name: LocalizedText(en: "Gold\u{7}"), threshold: 0, multiplier: "0", entryRewardPoints: 50),
        ]
        let campaign = CampaignDefinition(name: LocalizedText(), kind: .lifecycle, multiplier: "101", trigger: nil,
                                          startsAt: "soon", endsAt: "later", timeZone: "Mars/Olympus",
                                          conditions: CampaignConditions(segments: ["whales"], tiers: ["platinum"], minimumOrderMinor: -1),
                                          maxAwardsPerCustomer: 0)
        let window = CampaignWindow(start: 100, end: 200)
        let refusals = [CampaignLifecycle.apply(.resume, to: .draft, window: window, now: 150),
                        CampaignLifecycle.apply(.pause, to: .ended, window: window, now: 150),
                        CampaignLifecycle.apply(.launch, to: .draft, window: window, now: 300)]
            .compactMap { if case .failure(let problem) = $0 { problem } else { nil } }
        let badSettings = ProgramSettings(currency: "DOLLARS", timeZone: "Mars/Olympus", pointsPerUnit: "abc",
                                          minimumOrderMinor: -1, signupPoints: -1, birthdayPoints: -1,
                                          referralAdvocatePoints: -1, referralFriendPoints: -1, dailyCap: 0,
                                          pendingDays: 400, expiry: .daysAfterEarned(0), supportAdjustLimit: -1,
                                          referralMinimumOrderMinor: -1, referralWeeklyLimit: -1)
        let settingsProblems = badSettings.ruleProblems() + ProgramSettings(pointsPerUnit: "0").ruleProblems()
            + ProgramSettings(pointsPerUnit: "20000").ruleProblems()
            + ExpiryPolicy.endOfCalendarYear(yearsAfter: 11).ruleProblems()
        let rewardProblems = RewardDefinition(name: "", kind: .fixedAmount, pointsCost: 0, minimumOrderMinor: -1,
                                              codeValidDays: 0).ruleProblems()
            + RewardDefinition(name: "x", kind: .percentOff, pointsCost: 1, percent: 0).ruleProblems()
            + RewardDefinition(name: "x", kind: .freeProduct, pointsCost: 1).ruleProblems()
        return TierTable.problems(tiers, settings: settings)
            + campaign.problems(settings: settings, tiers: tiers, segmentKeys: ["champions"]) + refusals
            + settingsProblems + rewardProblems
    }

    @Test("problems the validators produce render in every locale", arguments: BundledLocaleFiles.codes)
    func producedProblemsRender(locale: String) throws {
        let problems = Self.producedProblems
        #expect(problems.count >= 40, "\(problems.map(\.message))")
        let codes = Set(problems.map(\.code))
        for code in RuleProblemCode.allCases where code.rawValue.hasPrefix("settings") || code.rawValue.hasPrefix("reward") {
            #expect(codes.contains(code) || code == .settingsRateNotPositive || code == .settingsTimeZoneUnknown,
                    "no validator case produces \(code)")
        }
        let reporter = MissingTextReporter()
        let l = try Localizer.bundled(locale, reporter: reporter)
        for problem in problems {
            let text = RuleProblemText.text(problem, l)
            #expect(!text.contains("{") && !text.contains("rule."), "\(locale): \(text)")
        }
        #expect(reporter.reports.isEmpty, "\(reporter.reports.map(\.description))")
    }

    @Test func numbersAndWordsFollowTheLocaleWhileTheCLIKeepsItsEnglish() throws {
        let en = try Localizer.bundled("en"), es = try Localizer.bundled("es"), ja = try Localizer.bundled("ja")
        let ar = try Localizer.bundled("ar"), he = try Localizer.bundled("he")
        let problem = RuleProblem(field: "bonus_points", .campaignBonusPointsOutOfRange,
                                  ["minimum": .integer(1), "maximum": .integer(PointFactor.maximumFixedPoints)])
        #expect(problem.message == "bonus points must be between 1 and 1000000000")
        #expect(RuleProblemText.text(problem, en) == "bonus points must be between 1 and 1,000,000,000")
        #expect(RuleProblemText.text(problem, es) == "los puntos de bono deben estar entre 1 y 1.000.000.000")
        #expect(RuleProblemText.text(problem, ja) == "ボーナスポイントは1〜1,000,000,000の範囲にしてください")

        let refused = RuleProblem(field: "status", .campaignTransitionRefused,
                                  ["status": .campaignStatus(.draft), "action": .campaignAction(.pause)])
        #expect(refused.message == "a draft campaign cannot be paused")
        let arabic = RuleProblemText.text(refused, ar)
        #expect(arabic.contains("إيقاف") && arabic.contains(ar.t("campaigns.status.draft")))

        let signup = RuleProblem(field: "signup_points", .settingsPointsOutOfRange,
                                 ["field": .field("signup_points"), "minimum": .integer(0), "maximum": .integer(1_000_000_000)])
        #expect(signup.message == "signup points must be between 0 and 1000000000")
        #expect(RuleProblemText.text(signup, en) == "signup points must be between 0 and 1,000,000,000")
        #expect(RuleProblemText.text(signup, ja) == "会員登録ポイントは0〜1,000,000,000の範囲にしてください")
        let rate = ProgramSettings(pointsPerUnit: "10000.5").ruleProblems()[0]
        #expect(rate.message == "points per unit 10000.5 is above the maximum of 10000")
        #expect(RuleProblemText.text(rate, es) == "los puntos por unidad (10000.5) superan el máximo de 10.000")

        let duplicated = RuleProblem(field: "key", .tierKeyDuplicated, ["key": .text("gold"), "count": .integer(2)])
        #expect(duplicated.message == "tier key gold is used 2 times")
        #expect(RuleProblemText.text(duplicated, he) == "מפתח הדרגה gold מופיע פעמיים")
        #expect(RuleProblemText.text(duplicated.inTier("vip"), ja) == "vip：ランクキーgoldが2回使われています")
    }
}
