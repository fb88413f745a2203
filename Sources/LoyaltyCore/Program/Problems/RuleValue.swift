/// A value a `RuleProblem` names, typed so that each front end can write it its own way: the CLI in plain English
/// (`english`), the dashboard with the locale's digits, lists and words.
public enum RuleValue: Hashable, Sendable {
    /// Text shown as it is: what the merchant typed, a tier or segment key.
    case text(String)
    case integer(Int64)
    case integers([Int64])
    /// A decimal such as a multiplier limit ("100", "1.25").
    case amount(DecimalAmount)
    case money(minorUnits: Int64, currency: String)
    case points(Int64)
    case orders(Int64)
    /// Keys or codes shown as they are, as a list.
    case list([String])
    /// A rule field named in the sentence ("multiplier", "tier_name"); front ends translate it.
    case field(String)
    case campaignStatus(CampaignStatus)
    case campaignAction(CampaignAction)
    case campaignKind(CampaignKind)

    /// How the CLI writes it.
    public var english: String {
        switch self {
        case .text(let text): return text
        case .integer(let value): return String(value)
        case .integers(let values): return values.map(String.init).joined(separator: ", ")
        case .amount(let amount): return Earning.format(amount)
        case .money(let minor, let code):
            guard let currency = Currency(code: code) else { return "\(minor) \(code)" }
            return Money(minorUnits: minor, currency: currency).description
        case .points(let value): return "\(value) points"
        case .orders(let value): return "\(value) orders"
        case .list(let items): return items.joined(separator: ", ")
        case .field(let id): return RuleValue.englishFieldNames[id] ?? id.split(separator: "_").joined(separator: " ")
        case .campaignStatus(let status): return status.rawValue
        case .campaignAction(let action): return action.pastTense
        case .campaignKind(let kind): return kind.rawValue
        }
    }

    /// Field ids whose English name is not the id with spaces.
    static let englishFieldNames = ["campaign_name": "campaign name", "tier_name": "tier name"]
}
