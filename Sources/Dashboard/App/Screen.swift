import LoyaltyCore
import TerminalUI

/// The screens of the dashboard, in sidebar order. A screen appears only once its issue has built it.
public enum ScreenID: String, CaseIterable, Sendable, Hashable {
    case overview, customers, program, tiers, campaigns, referrals, rfm, integrations

    /// Locale key of the screen's title.
    public var titleKey: String { "screen.\(rawValue)" }
    public var scope: KeyScope {
        switch self {
        case .overview: return DashboardScope.overview
        case .customers: return DashboardScope.customers
        case .program: return DashboardScope.program
        case .tiers: return DashboardScope.tiers
        case .campaigns: return DashboardScope.campaigns
        case .referrals: return DashboardScope.referrals
        case .rfm: return DashboardScope.rfm
        case .integrations: return DashboardScope.integrations
        }
    }

    /// Integrations is for the operators who may change it (admins and owners); others have no sidebar entry
    /// (docs/decisions/0034-integrations-screen.md).
    public func isVisible(to role: Role) -> Bool {
        switch self {
        // Every operator reads the program and RFM screens; the keys that change a rule or recompute need a permission.
        case .overview, .customers, .program, .tiers, .campaigns, .referrals, .rfm: return true
        case .integrations: return role.allows(.editIntegrations)
        }
    }

    /// The screens an operator with `role` sees, in sidebar order.
    public static func visible(to role: Role) -> [ScreenID] { allCases.filter { $0.isVisible(to: role) } }
}
