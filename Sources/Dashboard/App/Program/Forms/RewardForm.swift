import LoyaltyCore
import LoyaltyStore
import TerminalUI

/// A catalogue reward as an editor (staff): the value field shown is the one the kind needs.
enum RewardForm {
    static let kinds: [RewardKind] = [.fixedAmount, .percentOff, .freeShipping, .freeProduct]

    static func make(_ reward: RewardInfo?, currency: Currency, _ l: Localizer) -> EditorForm {
        let kind = reward.flatMap { RewardKind(rawValue: $0.kind) } ?? .fixedAmount
        var form = EditorForm(title: l.t(reward == nil ? "rewards.editor.newTitle" : "rewards.editor.editTitle"), fields: [
            .text("name", l.t("rewards.field.name"), reward?.name ?? ""),
            .choice("kind", l.t("rewards.field.kind"), kinds.map { l.t("rewards.kind.\($0.rawValue)") },
                    selected: kinds.firstIndex(of: kind) ?? 0),
            .text("points_cost", l.t("rewards.field.cost"), reward.map { String($0.pointsCost) } ?? ""),
            .text("value", l.t("rewards.field.amount", ["currency": currency.code]),
                  reward?.valueMinor.map { plainAmount($0, currency) } ?? ""),
            .text("percent", l.t("rewards.field.percent"), reward?.percent.map(String.init) ?? ""),
            .text("product_id", l.t("rewards.field.product"), reward?.productID ?? ""),
            .text("minimum_order", l.t("rewards.field.minimumOrder"), plainAmount(reward?.minimumOrderMinor ?? 0, currency)),
            .choice("active", l.t("rewards.field.active"), [l.t("dialog.yes"), l.t("dialog.no")],
                    selected: reward?.active == false ? 1 : 0),
            .text("code_valid_days", l.t("rewards.field.validDays"), reward?.codeValidDays.map(String.init) ?? "",
                  placeholder: l.t("rewards.value.noExpiry")),
        ])
        refresh(&form)
        return form
    }

    static func refresh(_ form: inout EditorForm) {
        let kind = kinds[safe: form.choice("kind")] ?? .fixedAmount
        form.update("value") { $0.isHidden = kind != .fixedAmount }
        form.update("percent") { $0.isHidden = kind != .percentOff }
        form.update("product_id") { $0.isHidden = kind != .freeProduct }
    }

    static func read(_ form: EditorForm, currency: Currency, _ l: Localizer) -> (RewardDefinition?, [(field: String, message: String)]) {
        var r = FieldReader(form, l, currency: currency)
        let kind = kinds[safe: r.choice("kind")] ?? .fixedAmount
        var reward = RewardDefinition(name: r.requiredText("name"), kind: kind,
                                      pointsCost: r.integer("points_cost", min: 1, max: PointFactor.maximumFixedPoints) ?? 0)
        switch kind {
        case .fixedAmount:
            reward.valueMinor = r.amount("value")
            if reward.valueMinor == 0 { r.fail("value", l.t("form.aboveZero")) }
        case .percentOff: reward.percent = r.integer("percent", min: 1, max: 100).map(Int.init)
        case .freeProduct: reward.productID = r.requiredText("product_id")
        case .freeShipping: break
        }
        reward.minimumOrderMinor = r.amount("minimum_order", optional: true) ?? 0
        reward.active = r.choice("active") == 0
        reward.codeValidDays = r.integer("code_valid_days", min: 1, max: 36_500, optional: true).map(Int.init)
        guard r.isValid else { return (nil, r.errors) }
        let problems = reward.ruleProblems()
        return problems.isEmpty ? (reward, []) : (nil, [("", RuleProblemText.joined(problems, l))])
    }
}
