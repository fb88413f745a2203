import LoyaltyCore
import LoyaltyStore
import TerminalUI

/// A VIP tier as an editor (staff). Names and perks are edited in the dashboard's language; the tier's texts in
/// other languages are kept as they are. The threshold is typed in the basis' unit.
enum TierForm {
    static func make(_ tier: TierInfo?, basis: TierBasis, currency: Currency, _ l: Localizer) -> EditorForm {
        let language = EditorLanguage.code(l)
        let d = tier?.definition
        return EditorForm(title: l.t(tier == nil ? "tiers.editor.newTitle" : "tiers.editor.editTitle",
                                     ["key": tier?.key ?? ""]), fields: [
            .text("key", l.t("tiers.field.key"), d?.key ?? "", placeholder: "gold", readOnly: tier != nil),
            .text("name", l.t("tiers.field.name", ["language": language]), d?.name.values[language] ?? ""),
            .text("threshold", thresholdLabel(basis, currency, l), d.map { typed($0.threshold, basis, currency) } ?? ""),
            .text("multiplier", l.t("tiers.field.multiplier"), d?.multiplier ?? "1"),
            .text("perks", l.t("tiers.field.perks", ["language": language]), d?.perks.values[language] ?? ""),
            .text("entry_reward_points", l.t("tiers.field.entryReward"), String(d?.entryRewardPoints ?? 0)),
        ])
    }

    static func thresholdLabel(_ basis: TierBasis, _ currency: Currency, _ l: Localizer) -> String {
        l.t("tiers.field.threshold.\(basis.rawValue)", ["currency": currency.code])
    }

    static func typed(_ threshold: Int64, _ basis: TierBasis, _ currency: Currency) -> String {
        basis == .spend ? plainAmount(threshold, currency) : String(threshold)
    }

    /// The tier the form describes, on top of `base` (its texts in other languages stay).
    static func read(_ form: EditorForm, base: TierDefinition?, basis: TierBasis, currency: Currency, _ l: Localizer)
        -> (TierDefinition?, [(field: String, message: String)]) {
        var r = FieldReader(form, l, currency: currency)
        let language = EditorLanguage.code(l)
        let key = base?.key ?? r.requiredText("key")
        var tier = base ?? TierDefinition(key: key, name: LocalizedText(), threshold: 0)
        tier.name.values[language] = r.requiredText("name")
        let threshold = basis == .spend ? r.amount("threshold") : r.integer("threshold", min: 0, max: Int64.max)
        tier.threshold = threshold ?? 0
        tier.multiplier = r.requiredText("multiplier")
        let perks = r.text("perks")
        tier.perks.values[language] = perks.isEmpty ? nil : perks
        tier.entryRewardPoints = r.integer("entry_reward_points", min: 0, max: PointFactor.maximumFixedPoints) ?? 0
        return r.isValid ? (tier, []) : (nil, r.errors)
    }
}

/// The language merchant texts are edited in: the dashboard's, when it is one of the product's languages.
enum EditorLanguage {
    static func code(_ l: Localizer) -> String { LocalizedText.languages.contains(l.code) ? l.code : "en" }
}
