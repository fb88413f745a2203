/// A campaign's status. `draft`, `paused` and `ended` are set by the merchant; `scheduled` and `active` follow from
/// a launched campaign's window and the clock (docs/decisions/0042-campaign-lifecycle.md).
public enum CampaignStatus: String, Codable, Sendable, CaseIterable {
    case draft, scheduled, active, paused, ended
}

/// What a merchant can do to a campaign.
public enum CampaignAction: String, Codable, Sendable, CaseIterable {
    case launch, pause, resume, end
}

public enum CampaignLifecycle {
    /// The status a stored status means at `now`: a launched campaign is scheduled before its window, active in it
    /// and ended after it; a paused one ends when its window does.
    public static func effective(_ stored: CampaignStatus, window: CampaignWindow, now: UnixTime) -> CampaignStatus {
        switch stored {
        case .draft, .ended: return stored
        case .paused: return now >= window.end ? .ended : .paused
        case .scheduled, .active:
            if now >= window.end { return .ended }
            return now >= window.start ? .active : .scheduled
        }
    }

    /// The status after `action`, or a sentence saying why the action is not allowed now.
    public static func apply(_ action: CampaignAction, to stored: CampaignStatus, window: CampaignWindow,
                             now: UnixTime) -> Result<CampaignStatus, RuleProblem> {
        let current = effective(stored, window: window, now: now)
        func refuse(_ code: RuleProblemCode, _ values: [String: RuleValue] = [:]) -> Result<CampaignStatus, RuleProblem> {
            .failure(RuleProblem(field: "status", code, values))
        }
        switch (action, current) {
        case (.launch, .draft):
            if now >= window.end { return refuse(.campaignWindowOver) }
            return .success(effective(.scheduled, window: window, now: now))
        case (.pause, .scheduled), (.pause, .active):
            return .success(.paused)
        case (.resume, .paused):
            return .success(effective(.scheduled, window: window, now: now))
        case (.end, .draft), (.end, .scheduled), (.end, .active), (.end, .paused):
            return .success(.ended)
        case (_, .ended):
            return refuse(.campaignEnded)
        default:
            return refuse(.campaignTransitionRefused, ["status": .campaignStatus(current), "action": .campaignAction(action)])
        }
    }

    /// Whether the definition may still be edited in this status (a running campaign must be paused first, so that
    /// the orders it already rewarded were rewarded under the rules shown).
    public static func isEditable(_ status: CampaignStatus) -> Bool {
        status == .draft || status == .scheduled || status == .paused
    }
}

extension CampaignAction {
    var pastTense: String {
        switch self {
        case .launch: return "launched"
        case .pause: return "paused"
        case .resume: return "resumed"
        case .end: return "ended"
        }
    }
}
