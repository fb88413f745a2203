/// Operator roles, from least to most powerful (spec/domain.md, Operators and audit).
public enum Role: String, Codable, Sendable, CaseIterable, Comparable {
    case viewer, support, staff, admin, owner

    public static func < (lhs: Role, rhs: Role) -> Bool { lhs.rank < rhs.rank }

    var rank: Int { Role.allCases.firstIndex(of: self)! }

    public func allows(_ permission: Permission) -> Bool { self >= permission.minimumRole }
}

public enum Permission: String, Sendable, CaseIterable {
    case read
    case adjustPoints = "adjust points"
    case undoEntry = "undo an entry"
    case redeemOnBehalf = "redeem on a customer's behalf"
    case answerPrivacyRequest = "answer a privacy request"
    case editRewards = "edit rewards"
    case editTiers = "edit tiers"
    case editCampaigns = "edit campaigns"
    case recomputeAnalytics = "recompute RFM scores and the churn model"
    case editAnalytics = "rename RFM segments or change the RFM options"
    case importData = "import or undo an import"
    case editSettings = "edit program settings"
    case editIntegrations = "edit integrations"
    case manageOperators = "manage operators"
    case manageMerchants = "manage merchants"

    public var minimumRole: Role {
        switch self {
        case .read: return .viewer
        case .adjustPoints, .undoEntry, .redeemOnBehalf, .answerPrivacyRequest: return .support
        case .editRewards, .editTiers, .editCampaigns, .recomputeAnalytics, .editAnalytics: return .staff
        case .importData, .editSettings, .editIntegrations, .manageOperators: return .admin
        case .manageMerchants: return .owner
        }
    }
}

/// Who is acting, as the store sees it.
public struct Operator: Hashable, Sendable {
    public var id: Int64
    public var merchantID: Int64
    public var name: String
    public var role: Role

    public init(id: Int64, merchantID: Int64, name: String, role: Role) {
        self.id = id
        self.merchantID = merchantID
        self.name = name
        self.role = role
    }

    /// The adjustment limit applies to support only; staff and above are trusted with any amount.
    public func mayAdjust(points: Int64, settings: ProgramSettings) -> Bool {
        guard role.allows(.adjustPoints) else { return false }
        return role > .support || points.magnitude <= settings.supportAdjustLimit.magnitude
    }
}
