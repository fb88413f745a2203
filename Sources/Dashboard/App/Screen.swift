import TerminalUI

/// The screens of the dashboard, in sidebar order. A screen appears only once its issue has built it.
public enum ScreenID: String, CaseIterable, Sendable, Hashable {
    case overview, customers

    /// Locale key of the screen's title.
    public var titleKey: String { "screen.\(rawValue)" }
    public var scope: KeyScope {
        switch self {
        case .overview: return DashboardScope.overview
        case .customers: return DashboardScope.customers
        }
    }
}
