import LoyaltyCore

/// Everything the store refuses, phrased for the person at the keyboard: what happened and what to do.
public enum StoreError: Error, Equatable, Sendable, CustomStringConvertible {
    case missingDatabase(path: String)
    case notADatabase(path: String)
    case foreignDatabase(path: String)
    case newerSchema(path: String, unknown: [String])
    case noMerchant
    case unknownMerchant(String)
    case merchantExists(String)
    case unknownOperator(name: String, merchant: String)
    case operatorExists(String)
    case permissionDenied(operator: String, role: Role, action: String)
    case adjustLimit(operator: String, limit: Int64)
    case customerNotFound(String)
    case ambiguousCustomer(String, count: Int)
    case insufficientBalance(requested: Int64, available: Int64)
    case entryNotFound(Int64)
    case undoOfUndo(entry: Int64, original: Int64?)
    case alreadyUndone(entry: Int64, by: Int64)
    case nothingToUndo(entry: Int64)
    case rewardNotFound(Int64)
    case rewardInactive(String)
    case belowRewardMinimum(reward: String, minimum: String)
    case redemptionNotFound(String)
    case redemptionNotCancellable(code: String, status: RedemptionStatus)
    case batchNotFound(Int64)
    case batchAlreadyUndone(Int64)
    case invalid(String)
    /// A tier, campaign or referral rule that cannot be saved; each problem names its field.
    case rules(entity: String, [RuleProblem])
    /// Program settings the current tiers cannot live with (e.g. an earning rate whose multipliers could overflow).
    case settingsRules([RuleProblem])
    /// Program settings LoyaltyCore refuses on their own (a currency, time zone or limit out of range).
    case settingsProblems([RuleProblem])
    /// A catalogue reward LoyaltyCore refuses: a new one (`id` nil) or reward `id`'s new definition.
    case rewardProblems(id: Int64?, [RuleProblem])
    case tierNotFound(String)
    case campaignNotFound(Int64)

    /// The rule problems this error carries, for a front end that shows each in its own language.
    public var ruleProblems: [RuleProblem] {
        switch self {
        case .rules(_, let problems), .settingsRules(let problems), .settingsProblems(let problems),
             .rewardProblems(_, let problems):
            return problems
        default: return []
        }
    }

    public var description: String {
        switch self {
        case .missingDatabase(let path):
            return "no LoyalNest database at \(path). Create one with `loyalnest demo init` or `loyalnest merchant add SHOP_DOMAIN`, or point --db at an existing file."
        case .notADatabase(let path):
            return "\(path) is not an SQLite database. Check the --db path; LoyalNest never overwrites a file it does not recognise."
        case .foreignDatabase(let path):
            return "\(path) is an SQLite database, but not LoyalNest's (it has other tables and no LoyalNest schema). Use a new --db path."
        case .newerSchema(let path, let unknown):
            return "\(path) was written by a newer LoyalNest (schema \(unknown.joined(separator: ", "))). Upgrade LoyalNest to open it; nothing was changed."
        case .noMerchant:
            return "the database has no merchant yet. Add one with `loyalnest merchant add SHOP_DOMAIN` or run `loyalnest demo init`."
        case .unknownMerchant(let domain):
            return "no merchant \"\(domain)\" in this database. `loyalnest merchant list` shows the ones there are."
        case .merchantExists(let domain):
            return "merchant \"\(domain)\" already exists."
        case .unknownOperator(let name, let merchant):
            return "no operator \"\(name)\" for \(merchant). `loyalnest operator list` shows them; an admin adds one with `loyalnest operator add NAME --role ROLE`."
        case .operatorExists(let name):
            return "operator \"\(name)\" already exists."
        case .permissionDenied(let name, let role, let action):
            return "\(name) (\(role.rawValue)) may not \(action). Ask an operator whose role allows it."
        case .adjustLimit(let name, let limit):
            return "\(name) (support) may adjust at most \(limit) points per entry. Ask staff or an admin for larger corrections."
        case .customerNotFound(let query):
            return "no customer matches \"\(query)\". Search by id, email or external id."
        case .ambiguousCustomer(let query, let count):
            return "\"\(query)\" matches \(count) customers. Use the customer id instead."
        case .insufficientBalance(let requested, let available):
            return "the balance cannot cover this: \(requested) points needed, \(available) available. Nothing was changed."
        case .entryNotFound(let id):
            return "no ledger entry \(id) for this merchant."
        case .undoOfUndo(let entry, let original):
            return "entry \(entry) is itself an undo" + (original.map { " of entry \($0)" } ?? "")
                + "; an undo cannot be undone. Post an adjustment instead (`loyalnest points adjust`)."
        case .alreadyUndone(let entry, let by):
            return "entry \(entry) was already undone by entry \(by)."
        case .nothingToUndo(let entry):
            return "entry \(entry) has no points left to undo."
        case .rewardNotFound(let id):
            return "no reward \(id) for this merchant. `loyalnest reward list` shows the catalogue."
        case .rewardInactive(let name):
            return "reward \"\(name)\" is not active."
        case .belowRewardMinimum(let reward, let minimum):
            return "reward \"\(reward)\" needs an order of at least \(minimum)."
        case .redemptionNotFound(let code):
            return "no redemption with code \(code)."
        case .redemptionNotCancellable(let code, let status):
            return "redemption \(code) is \(status.rawValue) and cannot be cancelled."
        case .batchNotFound(let id):
            return "no import batch \(id) for this merchant. `loyalnest import list` shows them."
        case .batchAlreadyUndone(let id):
            return "import batch \(id) was already undone."
        case .invalid(let message):
            return message
        case .rules(let entity, let problems):
            return "\(entity) not saved: " + problems.map(\.message).joined(separator: "; ") + ". Nothing was changed."
        case .settingsRules(let problems):
            return "program settings: " + problems.map(\.message).joined(separator: "; ") + ". Nothing was changed."
        case .settingsProblems(let problems):
            return "program settings: " + problems.map(\.message).joined(separator: "; ")
        case .rewardProblems(nil, let problems):
            return "reward: " + problems.map(\.message).joined(separator: "; ")
        case .rewardProblems(let id?, let problems):
            return "reward \(id) not saved: " + problems.map(\.message).joined(separator: "; ") + ". Nothing was changed."
        case .tierNotFound(let key):
            return "no tier \"\(key)\" for this merchant. `loyalnest tiers list` shows them."
        case .campaignNotFound(let id):
            return "no campaign \(id) for this merchant. `loyalnest campaigns list` shows them."
        }
    }
}
