import LoyaltyCore
import TerminalUI

/// The referral settings as an editor (admins): points for each side, the friend's minimum order, the weekly limit.
enum ReferralSettingsForm {
    static func make(_ settings: ProgramSettings, currency: Currency, _ l: Localizer) -> EditorForm {
        EditorForm(title: l.t("referrals.editor.title"), fields: [
            .text("advocate_points", l.t("referrals.field.advocate"), String(settings.referralAdvocatePoints)),
            .text("friend_points", l.t("referrals.field.friend"), String(settings.referralFriendPoints)),
            .text("minimum_order", l.t("referrals.field.minimumOrder"), plainAmount(settings.referralMinimumOrderMinor, currency)),
            .text("weekly_limit", l.t("referrals.field.weeklyLimit"), String(settings.referralWeeklyLimit),
                  placeholder: "0"),
        ])
    }

    static func read(_ form: EditorForm, base: ProgramSettings, currency: Currency, _ l: Localizer)
        -> (ProgramSettings?, [(field: String, message: String)]) {
        var r = FieldReader(form, l, currency: currency)
        var s = base
        s.referralAdvocatePoints = r.integer("advocate_points", min: 0, max: PointFactor.maximumFixedPoints) ?? 0
        s.referralFriendPoints = r.integer("friend_points", min: 0, max: PointFactor.maximumFixedPoints) ?? 0
        s.referralMinimumOrderMinor = r.amount("minimum_order") ?? 0
        s.referralWeeklyLimit = Int(r.integer("weekly_limit", min: 0, max: 10_000, optional: true) ?? 0)
        guard r.isValid else { return (nil, r.errors) }
        let problems = s.ruleProblems()
        return problems.isEmpty ? (s, []) : (nil, [("", RuleProblemText.joined(problems, l))])
    }
}
