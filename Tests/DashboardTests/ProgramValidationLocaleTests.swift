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
