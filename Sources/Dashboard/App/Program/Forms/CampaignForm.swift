import Foundation
import LoyaltyCore
import LoyaltyStore
import TerminalUI

/// A bonus campaign as an editor (staff): the fields a kind does not use are hidden; dates are local times in the
/// campaign's time zone ("2026-12-24" or "2026-12-24T18:00"); segments and tiers are comma-separated keys.
enum CampaignForm {
    static let kinds: [CampaignKind] = [.multiplier, .fixedBonus, .lifecycle]

    static func make(_ campaign: CampaignInfo?, merchantZone: String, now: UnixTime, currency: Currency,
                     _ l: Localizer) -> EditorForm {
        let language = EditorLanguage.code(l)
        let d = campaign?.definition
        let (start, end) = d.map { ($0.startsAt, $0.endsAt) } ?? defaultWindow(zone: merchantZone, now: now)
        var form = EditorForm(title: l.t(campaign == nil ? "campaigns.editor.newTitle" : "campaigns.editor.editTitle"), fields: [
            .text("name", l.t("campaigns.field.name", ["language": language]), d?.name.values[language] ?? ""),
            .choice("kind", l.t("campaigns.field.kind"), kinds.map { l.t("campaigns.kind.\($0.rawValue)") },
                    selected: kinds.firstIndex(of: d?.kind ?? .multiplier) ?? 0),
            .text("multiplier", l.t("campaigns.field.multiplier"), d?.multiplier ?? "2"),
            .text("bonus_points", l.t("campaigns.field.bonus"), d?.bonusPoints.map(String.init) ?? ""),
            .text("trigger", l.t("campaigns.field.trigger"), d?.trigger?.description ?? "",
                  placeholder: "segment:champions / tier:gold / tier:*"),
            .text("starts_at", l.t("campaigns.field.start"), start, placeholder: "2026-12-24T00:00"),
            .text("ends_at", l.t("campaigns.field.end"), end, placeholder: "2026-12-27T00:00"),
            .text("time_zone", l.t("campaigns.field.timeZone"), d?.timeZone ?? merchantZone),
            .text("segments", l.t("campaigns.field.segments"), d?.conditions.segments.joined(separator: ", ") ?? "",
                  placeholder: l.t("campaigns.value.any")),
            .text("tiers", l.t("campaigns.field.tiers"), d?.conditions.tiers.joined(separator: ", ") ?? "",
                  placeholder: l.t("campaigns.value.any")),
            .text("minimum_order", l.t("campaigns.field.minimumOrder"), d.map { plainAmount($0.conditions.minimumOrderMinor, currency) } ?? "",
                  placeholder: plainAmount(0, currency)),
            .choice("first_order", l.t("campaigns.field.firstOrder"), [l.t("dialog.no"), l.t("dialog.yes")],
                    selected: d?.conditions.firstOrderOnly == true ? 1 : 0),
            .text("max_awards_per_customer", l.t("campaigns.field.maxAwards"), d?.maxAwardsPerCustomer.map(String.init) ?? "",
                  placeholder: l.t("campaigns.value.noLimit")),
        ])
        refresh(&form)
        return form
    }

    /// Tomorrow to a week later, midnight to midnight in the merchant's time zone.
    static func defaultWindow(zone: String, now: UnixTime) -> (String, String) {
        let tz = LocalTime.zone(zone) ?? TimeZone(identifier: "UTC")!
        func day(_ offset: Int64) -> String {
            var f = LocalTime.fields(of: now + offset * Timestamp.secondsPerDay, in: tz)
            f.hour = 0
            f.minute = 0
            return String(LocalTime.format(f).prefix(10))
        }
        return (day(1), day(8))
    }

    static func refresh(_ form: inout EditorForm) {
        let kind = kinds[safe: form.choice("kind")] ?? .multiplier
        form.update("multiplier") { $0.isHidden = kind != .multiplier }
        form.update("bonus_points") { $0.isHidden = kind == .multiplier }
        form.update("trigger") { $0.isHidden = kind != .lifecycle }
    }

    /// The campaign the form describes, on top of `base` (its names in other languages stay).
    static func read(_ form: EditorForm, base: CampaignDefinition?, currency: Currency, _ l: Localizer)
        -> (CampaignDefinition?, [(field: String, message: String)]) {
        var r = FieldReader(form, l, currency: currency)
        let language = EditorLanguage.code(l)
        let kind = kinds[safe: r.choice("kind")] ?? .multiplier
        var name = base?.name ?? LocalizedText()
        name.values[language] = r.requiredText("name")
        var campaign = CampaignDefinition(name: name, kind: kind, startsAt: r.requiredText("starts_at"),
                                          endsAt: r.requiredText("ends_at"), timeZone: r.requiredText("time_zone"))
        switch kind {
        case .multiplier: campaign.multiplier = r.requiredText("multiplier")
        case .fixedBonus, .lifecycle:
            campaign.bonusPoints = r.integer("bonus_points", min: 1, max: PointFactor.maximumFixedPoints)
        }
        if kind == .lifecycle {
            let text = r.requiredText("trigger")
            campaign.trigger = LifecycleTrigger(text)
            if !text.isEmpty, campaign.trigger == nil { r.fail("trigger", l.t("campaigns.form.trigger")) }
        }
        campaign.conditions = CampaignConditions(
            segments: keys(r.text("segments")), tiers: keys(r.text("tiers")),
            minimumOrderMinor: r.amount("minimum_order", optional: true) ?? 0, firstOrderOnly: r.choice("first_order") == 1)
        campaign.maxAwardsPerCustomer = r.integer("max_awards_per_customer", min: 1, max: 1_000_000, optional: true).map(Int.init)
        return r.isValid ? (campaign, []) : (nil, r.errors)
    }

    /// "champions, at_risk" → ["champions", "at_risk"].
    static func keys(_ text: String) -> [String] {
        text.split(whereSeparator: { $0 == "," || $0 == " " || $0 == "、" }).map(String.init)
    }
}
