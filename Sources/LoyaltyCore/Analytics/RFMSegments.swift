import Foundation

/// The default R×F segment grid of spec/domain.md. The raw value is the stable key stored and exported; the
/// merchant may rename the display name (`RFMSegmentNames`) but not move the grid.
public enum RFMSegment: String, CaseIterable, Hashable, Sendable, Codable {
    case champions = "champions"
    case loyalCustomers = "loyal_customers"
    case potentialLoyalists = "potential_loyalists"
    case newCustomers = "new_customers"
    case promising = "promising"
    case needAttention = "need_attention"
    case aboutToSleep = "about_to_sleep"
    case atRisk = "at_risk"
    case cantLoseThem = "cant_lose_them"
    case hibernating = "hibernating"

    public var key: String { rawValue }

    /// The grid, from R and F scores in 1...5 (values outside are clamped into it).
    public init(r: Int, f: Int) {
        let r = min(max(r, 1), 5), f = min(max(f, 1), 5)
        switch (r, f) {
        case (1...2, 1...2): self = .hibernating
        case (1...2, 3...4): self = .atRisk
        case (1...2, 5): self = .cantLoseThem
        case (3, 1...2): self = .aboutToSleep
        case (3, 3): self = .needAttention
        case (3...4, 4...5): self = .loyalCustomers
        case (4, 1): self = .promising
        case (5, 1): self = .newCustomers
        case (4...5, 2...3): self = .potentialLoyalists
        default: self = .champions // (5, 4...5)
        }
    }

    /// The English name shown unless the merchant renamed the segment.
    public var defaultName: String {
        switch self {
        case .champions: "Champions"
        case .loyalCustomers: "Loyal Customers"
        case .potentialLoyalists: "Potential Loyalists"
        case .newCustomers: "New Customers"
        case .promising: "Promising"
        case .needAttention: "Need Attention"
        case .aboutToSleep: "About to Sleep"
        case .atRisk: "At Risk"
        case .cantLoseThem: "Can't Lose Them"
        case .hibernating: "Hibernating"
        }
    }
}
