import LoyaltyCore

/// "An order of 124.00 USD earns 124 pts = 124.00 × 1 pt/USD": LoyaltyCore's own earning rule applied to an
/// example order, so the merchant sees what a rate means before saving it.
enum EarningExample {
    static func text(_ settings: ProgramSettings, orderMinor: Int64, currency: Currency, _ l: Localizer) -> String {
        let order = Money(minorUnits: orderMinor, currency: currency)
        if orderMinor < settings.minimumOrderMinor {
            return l.t("points.example.belowMinimum", [
                "amount": order.description,
                "minimum": Money(minorUnits: settings.minimumOrderMinor, currency: currency).description,
            ])
        }
        let earned = Earning.pointsForOrder(settings: settings, eligible: order).points
        var uncappedSettings = settings
        uncappedSettings.dailyCap = nil
        let uncapped = Earning.pointsForOrder(settings: uncappedSettings, eligible: order).points
        var text = l.t("points.example", [
            "amount": order.description, "points": l.format.integer(uncapped),
            "formula": "\(order.plainString) × \(settings.pointsPerUnit) \(l.t("points.perUnit", ["currency": currency.code]))",
        ])
        if earned != uncapped, let cap = settings.dailyCap {
            text += " " + l.t("points.example.capped", ["cap": l.format.integer(cap), "points": l.format.integer(earned)])
        }
        return text
    }

    /// The example for the settings editor: the form's current values, or the first thing wrong with them.
    static func text(_ form: EditorForm, base: ProgramSettings, currency: Currency, _ l: Localizer) -> (String, isError: Bool) {
        let (settings, errors) = EarningForm.read(form, base: base, currency: currency, l)
        guard let settings else {
            let first = errors.first
            let label = first.flatMap { form[$0.field]?.label }
            return ((label.map { "\($0): " } ?? "") + (first?.message ?? ""), true)
        }
        switch EarningForm.exampleAmount(form, currency: currency, l) {
        case .success(let minor): return (text(settings, orderMinor: minor, currency: currency, l), false)
        case .failure(let error): return ((form["example_order"]?.label ?? "") + ": " + error.message, true)
        }
    }
}
