import Foundation
import LoyaltyCore
import LoyaltyStore
import Testing
@testable import Dashboard

/// An editor's validation messages in the operator's language: LoyaltyCore's problems, the store's refusals and
/// the lifecycle's, rendered from their codes (docs/decisions/0080-rule-problems-localized.md).
@Suite struct ProgramValidationLocaleTests {
    func open(_ screen: Character, lang: String, store: LoyaltyStore) throws -> DashboardHarness {
        var h = try DashboardHarness(width: 100, height: 30, lang: lang, store: store)
        h.press(.char(screen))
        return h
    }

    @Test(arguments: [("ar", "المضاعف: يجب أن يكون أكبر من 0"), ("ja", "倍率は0より大きくしてください"),
                      ("es", "multiplicador: debe ser mayor que 0")])
    func aCampaignMultiplierOfZeroIsRefusedInTheOperatorsLanguage(lang: String, expected: String) throws {
        let store = try ProgramFixture.make()
        var h = try open("5", lang: lang, store: store)
        h.press(.char("n"))
        h.fill("name", "Zero")
        h.fill("multiplier", "0")
        h.press(.enter)
        #expect(h.editor?.form["multiplier"]?.error == expected)
    }

    @Test(arguments: [
        ("ar", "للمستويين gold وbronze العتبة نفسها \u{200F}1,000.00\u{00A0}US$؛ يحتاج كل مستوى إلى عتبته الخاصة"),
        ("ja", "ランクgoldとbronzeのしきい値が同じ（$1,000.00）です。ランクごとに別のしきい値が必要です"),
    ])
    func aSharedTierThresholdNamesTheAmountInTheLocalesMoney(lang: String, expected: String) throws {
        let store = try ProgramFixture.make()
        var h = try open("4", lang: lang, store: store)
        h.press(.char("n"))
        h.fill("key", "bronze")
        h.fill("name", "Bronze")
        h.fill("threshold", "1000.00")
        h.press(.enter)
        #expect(h.editor?.form["threshold"]?.error == expected)
        #expect(h.whatIf == nil)
    }

    @Test func theStoresRefusalComesBackInJapanese() throws {
        let store = try ProgramFixture.make()
        var h = try open("4", lang: "ja", store: store)
        h.press(.char("j"), .char("d"))  // gold, named by a campaign
        h.press(.enter)
        let toast = try #require(h.state.toast)
        #expect(toast.level == .error)
        #expect(toast.message.contains("がこのランクを参照しています"), "\(toast.message)")
        #expect(!toast.message.contains("refers to this tier"))
    }

    @Test func aLifecycleRefusalIsAWarningInArabic() throws {
        let store = try ProgramFixture.make()
        var h = try open("5", lang: "ar", store: store)
        let l = h.state.localizer
        let ended = try #require(h.state.campaigns.rows.firstIndex { $0.status == .ended }, "October welcome has ended")
        h.program.selectProgramRowForTesting(ended)
        h.press(.char("x"))
        let expected = RuleProblemText.text(RuleProblem(field: "status", .campaignEnded), l)
        #expect(expected == "انتهت الحملة؛ أنشئ حملة جديدة بدلًا منها")
        #expect(h.state.toast?.message == expected)
    }
}

/// The earning, referral and reward editors: ProgramSettings' and RewardDefinition's problems in the operator's
/// language, and the store's refusals of them (the CLI's English unchanged).
@Suite struct SettingsRewardValidationLocaleTests {
    /// Settings only a damaged or hand-edited database could hold: the editors change other fields, and
    /// LoyaltyCore's check of the whole still refuses the time zone.
    static let badZone = ProgramSettings(timeZone: "Mars/Olympus")

    @Test(arguments: [
        ("ar", "المنطقة الزمنية «Mars/Olympus» ليست منطقة IANA معروفة (مثل Europe/Paris أو America/New_York)"),
        ("ja", "タイムゾーン「Mars/Olympus」は既知のIANAタイムゾーンではありません（Europe/ParisやAmerica/New_Yorkなど）"),
    ])
    func thePointsEditorTranslatesASettingsProblem(lang: String, expected: String) throws {
        let l = try Localizer.bundled(lang)
        var form = EarningForm.make(Self.badZone, currency: .usd, l)
        let (saved, errors) = EarningForm.read(form, base: Self.badZone, currency: .usd, l)
        #expect(saved == nil)
        form.show(errors: errors)
        #expect(form.formError == expected)
    }

    @Test(arguments: [
        ("ar", "يجب أن يكون الحد الأسبوعي للإحالات بين 0 (بلا حد) و10,000"),
        ("ja", "紹介の週間上限は0（上限なし）〜10,000の範囲にしてください"),
    ])
    func theReferralsEditorTranslatesASettingsProblem(lang: String, expected: String) throws {
        let l = try Localizer.bundled(lang)
        let problem = RuleProblem(field: "referral_weekly_limit", .settingsReferralWeeklyLimitOutOfRange,
                                  ["maximum": .integer(10_000)])
        #expect(problem.message == "referral weekly limit must be between 0 (no limit) and 10000")
        #expect(RuleProblemText.text(problem, l) == expected)
        // Through the editor: the base's own problem comes back under the form, translated.
        let form = ReferralSettingsForm.make(Self.badZone, currency: .usd, l)
        let (saved, errors) = ReferralSettingsForm.read(form, base: Self.badZone, currency: .usd, l)
        #expect(saved == nil)
        #expect(errors.map(\.message) == [RuleProblemText.text(Self.badZone.ruleProblems()[0], l)])
        #expect(!errors[0].message.contains("is not a known"))
    }

    @Test(arguments: [
        ("ar", "لم يُحفظ: تحتاج المكافأة إلى اسم؛ يجب أن تكون نسبة الخصم بين 1 و100. لم يتغير شيء."),
        ("ja", "保存されませんでした：特典には名前が必要です。割引率は1〜100の範囲にしてください。何も変更されていません。"),
    ])
    func theStoresRewardRefusalIsTranslatedWhileTheCLIKeepsItsEnglish(lang: String, expected: String) throws {
        let l = try Localizer.bundled(lang)
        let reward = RewardDefinition(name: "", kind: .percentOff, pointsCost: 10, percent: 0)
        let stored = StoreError.rewardProblems(id: 7, reward.ruleProblems())
        #expect(stored.description
            == "reward 7 not saved: a reward needs a name; percent off must be between 1 and 100. Nothing was changed.")
        #expect(StoreError.rewardProblems(id: nil, reward.ruleProblems()).description
            == "reward: a reward needs a name; percent off must be between 1 and 100")
        #expect(StoreError.settingsProblems(Self.badZone.ruleProblems()).description
            == "program settings: time zone \"Mars/Olympus\" is not a known IANA time zone (such as Europe/Paris or America/New_York)")
        let text = DashboardError(stored).text(l)
        #expect(!text.contains("a reward needs a name"), "\(text)")
        #expect(text == expected, "\(text)")
    }
}
