import Foundation
import LoyaltyCore

/// LoyaltyCore's rule problems in the operator's language: each `RuleProblemCode` has the key `rule.<code>`, each
/// value fills the placeholder of its name, written the way this locale writes numbers, money, lists and words.
enum RuleProblemText {
    static func key(_ code: RuleProblemCode) -> String { "rule.\(code.rawValue)" }

    /// The sentence for `problem`, prefixed with its tier when a table-wide check found it in one.
    static func text(_ problem: RuleProblem, _ l: Localizer) -> String {
        var args: [String: String] = [:]
        for (name, value) in problem.values { args[name] = text(value, l) }
        let sentence: String
        if case .integer(let count)? = problem.values["count"] {
            sentence = l.plural(key(problem.code), count: Int(clamping: count), args: args)
        } else {
            sentence = l.t(key(problem.code), args)
        }
        guard let tier = problem.tier else { return sentence }
        return l.t("rule.inTier", ["tier": tier, "problem": sentence])
    }

    /// Each problem under the editor field it names.
    static func fieldErrors(_ problems: [RuleProblem], _ l: Localizer) -> [(field: String, message: String)] {
        problems.map { (field: $0.field, message: text($0, l)) }
    }

    /// Several problems as one message under a form (the ones no single field shows).
    static func joined(_ problems: [RuleProblem], _ l: Localizer) -> String {
        problems.map { text($0, l) }.joined(separator: l.t("rule.problemSeparator"))
    }

    static func text(_ value: RuleValue, _ l: Localizer) -> String {
        let format = l.format
        switch value {
        case .text(let text): return text
        case .integer(let value): return format.integer(value)
        case .integers(let values): return format.list(values.map { format.integer($0) })
        case .amount(let amount): return format.decimal(digits: amount.digits, scale: amount.scale)
        case .money(let minor, let code):
            return format.money(minorUnits: minor, currency: code, exponent: Currency(code: code)?.exponent ?? 2)
        case .points(let value): return l.plural("unit.points", count: Int(clamping: value))
        case .orders(let value): return l.plural("tiers.orders", count: Int(clamping: value))
        case .list(let items): return format.list(items)
        case .field(let id): return l.t("rule.field.\(id)")
        case .campaignStatus(let status): return l.t("campaigns.status.\(status.rawValue)")
        case .campaignAction(let action): return l.t("rule.action.\(action.rawValue)")
        case .campaignKind(let kind): return l.t("campaigns.kind.\(kind.rawValue)")
        }
    }
}

extension DashboardError {
    /// What to show the operator: the store's rule problems in their language, otherwise the store's message.
    func text(_ l: Localizer) -> String {
        guard !problems.isEmpty else { return message }
        return l.t("rule.notSaved", ["problems": RuleProblemText.joined(problems, l)])
    }
}
