/// One recorded fact about a referral. Facts may arrive late, twice, or out of order (webhooks, retries); the
/// outcome is computed from the set of facts, so it never depends on their arrival.
public struct ReferralFact: Hashable, Sendable {
    public enum Kind: Int, Hashable, Sendable, Comparable {
        case signup = 0, purchase = 1
        public static func < (a: Kind, b: Kind) -> Bool { a.rawValue < b.rawValue }
    }

    /// A stable id of the fact (the store's event id or the order id), so a repeated fact counts once.
    public var id: String
    public var kind: Kind
    public var time: UnixTime
    /// Purchases: the order's eligible amount (minor units).
    public var amountMinor: Int64

    public init(id: String, kind: Kind, time: UnixTime, amountMinor: Int64 = 0) {
        self.id = id
        self.kind = kind
        self.time = time
        self.amountMinor = amountMinor
    }
}

/// Where a referral stands.
public enum ReferralOutcome: Hashable, Sendable {
    /// Waiting for the friend to sign up or to place a qualifying order.
    case pending
    /// Completed by `orderFact`: advocate and friend are rewarded, once.
    case completed(orderFact: String, at: UnixTime)
    case rejected(reason: String)

    public var isFinal: Bool { if case .pending = self { return false } else { return true } }
}

/// What the rules need to know besides the facts.
public struct ReferralContext: Hashable, Sendable {
    public var advocate: ReferralParty
    public var friend: ReferralParty
    /// The friend's first order ever with the shop (any order, qualifying or not), if any.
    public var friendFirstOrderAt: UnixTime?
    /// Referrals of this advocate already completed in the week of each instant (Monday–Sunday, merchant's zone):
    /// the caller answers for the week the completing order falls in.
    public var advocateCompletedInWeek: @Sendable (UnixTime) -> Int

    public init(advocate: ReferralParty, friend: ReferralParty, friendFirstOrderAt: UnixTime?,
                advocateCompletedInWeek: @escaping @Sendable (UnixTime) -> Int) {
        self.advocate = advocate
        self.friend = friend
        self.friendFirstOrderAt = friendFirstOrderAt
        self.advocateCompletedInWeek = advocateCompletedInWeek
    }

    public static func == (a: ReferralContext, b: ReferralContext) -> Bool {
        a.advocate == b.advocate && a.friend == b.friend && a.friendFirstOrderAt == b.friendFirstOrderAt
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(advocate)
        hasher.combine(friend)
        hasher.combine(friendFirstOrderAt)
    }
}

/// The referral rules of spec/domain.md: a referral completes on the friend's first qualifying order after
/// signing up; it is rejected, with the reason recorded, when the friend is the advocate, when the friend had
/// ordered before being referred, or when the advocate has reached the weekly limit.
public enum ReferralRules {
    public static func outcome(facts: [ReferralFact], context: ReferralContext, settings: ProgramSettings) -> ReferralOutcome {
        var seen = Set<String>()
        let ordered = facts.filter { seen.insert($0.id).inserted }.sorted { ($0.time, $0.kind, $0.id) < ($1.time, $1.kind, $1.id) }
        guard let signup = ordered.first(where: { $0.kind == .signup }) else { return .pending }
        if let reason = ReferralIdentity.samePerson(context.advocate, context.friend) {
            return .rejected(reason: "self-referral: " + reason)
        }
        if let first = context.friendFirstOrderAt, first < signup.time {
            return .rejected(reason: "the friend had already ordered (\(Timestamp.date(first))) before being referred")
        }
        guard let purchase = ordered.first(where: {
            $0.kind == .purchase && $0.time >= signup.time && $0.amountMinor >= settings.referralMinimumOrderMinor
        }) else { return .pending }
        if settings.referralWeeklyLimit > 0, context.advocateCompletedInWeek(purchase.time) >= settings.referralWeeklyLimit {
            return .rejected(reason: "the advocate already had \(settings.referralWeeklyLimit) rewarded referrals that week (the weekly limit)")
        }
        return .completed(orderFact: purchase.id, at: purchase.time)
    }

    /// The idempotency keys of the two rewards of a completed referral. They name the friend, not the referral, so
    /// a friend can never be paid for twice even if two advocates claim them.
    public static func rewardKeys(merchantID: Int64, friendCustomerID: Int64) -> (advocate: String, friend: String) {
        ("loyalnest:\(merchantID):referral-friend:\(friendCustomerID):advocate-reward",
         "loyalnest:\(merchantID):referral-friend:\(friendCustomerID):friend-reward")
    }
}
