import Foundation
import LoyaltyCore
import TerminalUI

/// The earning settings as an editor (admins): rate, base, minimum order, sign-up and birthday points, daily cap,
/// pending days, expiry, stacking, negative balances, and an example order that is never saved.
enum EarningForm {
    static let earnBases: [ProgramSettings.EarnBase] = [.subtotal, .total]
    static let stackings: [ProgramSettings.MultiplierStacking] = [.multiply, .bestOf]
    static let negativePolicies: [ProgramSettings.NegativeBalancePolicy] = [.allowNegative, .capAtZero]
    enum Expiry: Int, CaseIterable { case never, daysAfterEarned, daysAfterLastActivity, endOfYear }
    static let exampleOrderMinor: Int64 = 12_400

    static func make(_ settings: ProgramSettings, currency: Currency, _ l: Localizer) -> EditorForm {
        let expiry: (Expiry, Int?)
        switch settings.expiry {
        case .never: expiry = (.never, nil)
        case .daysAfterEarned(let d): expiry = (.daysAfterEarned, d)
        case .daysAfterLastActivity(let d): expiry = (.daysAfterLastActivity, d)
        case .endOfCalendarYear(let y): expiry = (.endOfYear, y)
        }
        var form = EditorForm(title: l.t("points.editor.title"), fields: [
            .text("points_per_unit", l.t("points.field.rate", ["currency": currency.code]), settings.pointsPerUnit),
            .choice("earn_base", l.t("points.field.base"), earnBases.map { l.t("points.base.\($0.rawValue)") },
                    selected: earnBases.firstIndex(of: settings.earnBase) ?? 0),
            .text("minimum_order", l.t("points.field.minimumOrder"), plainAmount(settings.minimumOrderMinor, currency)),
            .text("signup_points", l.t("points.field.signup"), String(settings.signupPoints)),
            .text("birthday_points", l.t("points.field.birthday"), String(settings.birthdayPoints)),
            .text("daily_cap", l.t("points.field.dailyCap"), settings.dailyCap.map(String.init) ?? "",
                  placeholder: l.t("points.value.noCap")),
            .text("pending_days", l.t("points.field.pendingDaysEditor"), String(settings.pendingDays)),
            .choice("expiry", l.t("points.field.expiry"), Expiry.allCases.map { l.t("points.expiryKind.\($0)") },
                    selected: expiry.0.rawValue),
            .text("expiry_value", "", expiry.1.map(String.init) ?? "365"),
            .choice("stacking", l.t("points.field.stacking"), stackings.map { l.t("points.stacking.\($0.rawValue)") },
                    selected: stackings.firstIndex(of: settings.multiplierStacking) ?? 0),
            .choice("negative_balance", l.t("points.field.negative"),
                    negativePolicies.map { l.t("points.negative.\($0.rawValue)") },
                    selected: negativePolicies.firstIndex(of: settings.negativeBalance) ?? 0),
            .text("example_order", l.t("points.field.example"), plainAmount(exampleOrderMinor, currency)),
        ])
        refresh(&form, l)
        return form
    }

    /// Shows the expiry's number only when the policy has one, labelled with its unit.
    static func refresh(_ form: inout EditorForm, _ l: Localizer) {
        let kind = Expiry(rawValue: form.choice("expiry")) ?? .never
        form.update("expiry_value") { field in
            field.isHidden = kind == .never
            field.label = l.t(kind == .endOfYear ? "points.field.expiryYears" : "points.field.expiryDays")
        }
    }

    /// The settings the form describes, on top of `base` (fields it does not show stay as they are).
    static func read(_ form: EditorForm, base: ProgramSettings, currency: Currency, _ l: Localizer)
        -> (ProgramSettings?, [(field: String, message: String)]) {
        var r = FieldReader(form, l, currency: currency)
        var s = base
        let rate = r.requiredText("points_per_unit")
        if !rate.isEmpty {
            switch DecimalAmount.parse(rate) {
            case .success(let value) where value.digits > 0:
                let maximum = ProgramSettings.maximumPointsPerUnit
                if value.decimal > maximum.decimal {
                    r.fail("points_per_unit", l.t("form.atMost", ["max": l.format.decimal(
                        NSDecimalNumber(decimal: maximum.decimal).doubleValue, fractionDigits: maximum.scale)]))
                }
            case .success: r.fail("points_per_unit", l.t("form.aboveZero"))
            case .failure(.negative): r.fail("points_per_unit", l.t("form.notNegative"))
            case .failure: r.fail("points_per_unit", l.t("form.decimal"))
            }
        }
        s.pointsPerUnit = rate
        s.earnBase = earnBases[safe: r.choice("earn_base")] ?? .subtotal
        s.minimumOrderMinor = r.amount("minimum_order") ?? 0
        s.signupPoints = r.integer("signup_points", min: 0, max: PointFactor.maximumFixedPoints) ?? 0
        s.birthdayPoints = r.integer("birthday_points", min: 0, max: PointFactor.maximumFixedPoints) ?? 0
        s.dailyCap = r.integer("daily_cap", min: 1, max: Int64.max, optional: true)
        s.pendingDays = Int(r.integer("pending_days", min: 0, max: 365) ?? 0)
        switch Expiry(rawValue: r.choice("expiry")) ?? .never {
        case .never: s.expiry = .never
        case .daysAfterEarned: s.expiry = .daysAfterEarned(Int(r.integer("expiry_value", min: 1, max: 36_500) ?? 1))
        case .daysAfterLastActivity:
            s.expiry = .daysAfterLastActivity(Int(r.integer("expiry_value", min: 1, max: 36_500) ?? 1))
        case .endOfYear: s.expiry = .endOfCalendarYear(yearsAfter: Int(r.integer("expiry_value", min: 0, max: 10) ?? 0))
        }
        s.multiplierStacking = stackings[safe: r.choice("stacking")] ?? .multiply
        s.negativeBalance = negativePolicies[safe: r.choice("negative_balance")] ?? .allowNegative
        guard r.isValid else { return (nil, r.errors) }
        // Anything the fields cannot show (a combination LoyaltyCore refuses) goes under the form.
        let problems = s.ruleProblems()
        return problems.isEmpty ? (s, []) : (nil, [("", RuleProblemText.joined(problems, l))])
    }

    /// The example order's amount, or its message.
    static func exampleAmount(_ form: EditorForm, currency: Currency, _ l: Localizer) -> Result<Int64, DashboardError> {
        var r = FieldReader(form, l, currency: currency)
        let minor = r.amount("example_order") ?? 0
        if let error = r.errors.first { return .failure(DashboardError(error.message)) }
        return .success(minor)
    }
}
