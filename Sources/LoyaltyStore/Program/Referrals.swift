import Foundation
import GRDB
import LoyaltyCore

public struct ReferralLinkInfo: Codable, Hashable, Sendable {
    public var id: Int64
    public var customerID: Int64
    public var code: String
    public var createdAt: UnixTime
    public var clicks: Int
}

public struct ReferralInfo: Codable, Hashable, Sendable {
    public enum Status: String, Codable, Sendable, CaseIterable { case signedUp = "signed_up", completed, rejected }

    public var id: Int64
    public var code: String
    public var advocateID: Int64
    public var advocateName: String
    public var friendID: Int64?
    public var friendName: String
    public var status: Status
    public var rejectionReason: String?
    public var createdAt: UnixTime
    public var completedAt: UnixTime?
    public var orderID: Int64?
}

/// Codes shared → signups → purchases → rewarded, and the conversion between steps.
public struct ReferralFunnel: Codable, Hashable, Sendable {
    /// Referral links that were clicked at least once.
    public var shared: Int
    public var clicks: Int
    public var signups: Int
    /// Signups whose friend went on to order after signing up (rewarded or rejected at that point).
    public var purchases: Int
    public var rewarded: Int
    public var rejected: Int

    public static func rate(_ part: Int, of whole: Int) -> Double? { whole == 0 ? nil : Double(part) / Double(whole) }
}

extension LoyaltyStore {
    /// The customer's referral code, created on first use: "REF-" and 8 symbols of the unambiguous alphabet from
    /// the system's secure generator (40 bits: guessing one of a million codes takes ~10^6 tries on average).
    public func referralLink(_ session: Session, customerID: Int64, now: UnixTime) throws -> ReferralLinkInfo {
        try require(session, .redeemOnBehalf)
        var generator = SystemRandomNumberGenerator()
        return try write { db in try referralLink(db, session: session, customerID: customerID, now: now, generator: &generator) }
    }

    /// Records a click on a shared code. An unknown code (mistyped or guessed) is refused and nothing is written.
    @discardableResult
    public func recordReferralClick(_ session: Session, code: String, now: UnixTime) throws -> ReferralLinkInfo {
        try write { db in
            let link = try activeLink(db, session: session, code: code)
            try db.execute(sql: "INSERT INTO referral_events (merchant_id, link_id, kind, created_at) VALUES (?, ?, 'click', ?)",
                           arguments: [session.merchant.id, link.id, now])
            return try linkInfo(db, id: link.id)
        }
    }

    /// Records that `friendCustomerID` signed up through `code`. A customer is referred at most once; the referral's
    /// outcome is settled at once when the facts already decide it (self-referral, earlier orders).
    @discardableResult
    public func recordReferralSignup(_ session: Session, code: String, friendCustomerID: Int64, now: UnixTime) throws -> ReferralInfo {
        try write { db in
            let link = try activeLink(db, session: session, code: code)
            _ = try customerRow(db, session: session, id: friendCustomerID)
            if let existing = try Int64.fetchOne(db, sql: "SELECT id FROM referrals WHERE merchant_id = ? AND friend_id = ?",
                                                  arguments: [session.merchant.id, friendCustomerID]) {
                throw StoreError.invalid("customer \(friendCustomerID) was already referred (referral \(existing)); a customer can be referred only once. Nothing was changed.")
            }
            let email = try String.fetchOne(db, sql: "SELECT email FROM customers WHERE id = ?", arguments: [friendCustomerID])
            try db.execute(sql: """
                INSERT INTO referrals (merchant_id, link_id, advocate_id, friend_id, friend_email, status, created_at)
                VALUES (?, ?, ?, ?, ?, 'signed_up', ?)
                """, arguments: [session.merchant.id, link.id, link.customerID, friendCustomerID, email, now])
            let id = db.lastInsertedRowID
            try db.execute(sql: """
                INSERT INTO referral_events (merchant_id, link_id, referral_id, kind, created_at) VALUES (?, ?, ?, 'signup', ?)
                """, arguments: [session.merchant.id, link.id, id, now])
            try Audit.record(db, session: session, action: "referral.signup", entity: "referral", entityID: id,
                             before: nil as String?, after: ["code": link.code, "friend": String(friendCustomerID)], now: now)
            try settleReferral(db, session: session, id: id, now: now)
            return try referralInfo(db, id: id)
        }
    }

    /// Settles every referral still waiting (after imports and sync pages, and from the daily job): completes and
    /// rewards those whose friend has placed a qualifying order, rejects those the rules reject.
    @discardableResult
    public func settleReferrals(_ session: Session, now: UnixTime) throws -> Int {
        try write { db in try settleReferrals(db, session: session, now: now) }
    }

    func settleReferrals(_ db: Database, session: Session, now: UnixTime) throws -> Int {
        let waiting = try Int64.fetchAll(db, sql: "SELECT id FROM referrals WHERE merchant_id = ? AND status = 'signed_up'",
                                         arguments: [session.merchant.id])
        var settled = 0
        for id in waiting where try settleReferral(db, session: session, id: id, now: now).isFinal { settled += 1 }
        return settled
    }

    public func referrals(_ session: Session, status: ReferralInfo.Status? = nil, limit: Int = 500) throws -> [ReferralInfo] {
        try read { db in
            try Int64.fetchAll(db, sql: """
                SELECT id FROM referrals WHERE merchant_id = ? AND (? IS NULL OR status = ?) ORDER BY created_at DESC, id DESC LIMIT ?
                """, arguments: [session.merchant.id, status?.rawValue, status?.rawValue, limit]).map { try referralInfo(db, id: $0) }
        }
    }

    public func referralFunnel(_ session: Session) throws -> ReferralFunnel {
        try read { db in
            let m = session.merchant.id
            func count(_ sql: String) throws -> Int { try Int.fetchOne(db, sql: sql, arguments: [m]) ?? 0 }
            return ReferralFunnel(
                shared: try count("SELECT COUNT(DISTINCT link_id) FROM referral_events WHERE merchant_id = ? AND kind = 'click'"),
                clicks: try count("SELECT COUNT(*) FROM referral_events WHERE merchant_id = ? AND kind = 'click'"),
                signups: try count("SELECT COUNT(*) FROM referrals WHERE merchant_id = ?"),
                purchases: try count("SELECT COUNT(*) FROM referrals WHERE merchant_id = ? AND (status = 'completed' OR order_id IS NOT NULL)"),
                rewarded: try count("SELECT COUNT(*) FROM referrals WHERE merchant_id = ? AND status = 'completed'"),
                rejected: try count("SELECT COUNT(*) FROM referrals WHERE merchant_id = ? AND status = 'rejected'"))
        }
    }

    // MARK: Settling

    @discardableResult
    func settleReferral(_ db: Database, session: Session, id: Int64, now: UnixTime) throws -> ReferralOutcome {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM referrals WHERE id = ?", arguments: [id]),
              row["status"] as String == ReferralInfo.Status.signedUp.rawValue,
              let friendID = row["friend_id"] as Int64? else { return .pending }
        let advocateID: Int64 = row["advocate_id"]
        let signedUpAt: UnixTime = row["created_at"]
        let settings = try currentSettings(db, merchantID: session.merchant.id)
        let orders = try Row.fetchAll(db, sql: """
            SELECT id, processed_at, COALESCE(subtotal_minor, total_minor) AS eligible FROM orders
            WHERE customer_id = ? AND cancelled_at IS NULL AND deleted_at IS NULL ORDER BY processed_at, id
            """, arguments: [friendID])
        var facts = [ReferralFact(id: "signup", kind: .signup, time: signedUpAt)]
        facts += orders.map { ReferralFact(id: "order:\($0["id"] as Int64)", kind: .purchase, time: $0["processed_at"], amountMinor: $0["eligible"]) }
        let firstOrder = try UnixTime.fetchOne(db, sql: "SELECT MIN(processed_at) FROM orders WHERE customer_id = ? AND deleted_at IS NULL",
                                               arguments: [friendID])
        let week = try completedWeekCounter(db, advocateID: advocateID, excluding: id, zone: settings.settings.timeZone)
        let context = ReferralContext(advocate: try party(db, advocateID), friend: try party(db, friendID),
                                      friendFirstOrderAt: firstOrder, advocateCompletedInWeek: week)
        let outcome = ReferralRules.outcome(facts: facts, context: context, settings: settings.settings)
        switch outcome {
        case .pending:
            break
        case .rejected(let reason):
            try db.execute(sql: "UPDATE referrals SET status = 'rejected', rejection_reason = ? WHERE id = ?", arguments: [reason, id])
            try db.execute(sql: """
                INSERT INTO referral_events (merchant_id, link_id, referral_id, kind, created_at, detail) VALUES (?, ?, ?, 'reject', ?, ?)
                """, arguments: [session.merchant.id, row["link_id"], id, now, reason])
        case .completed(let fact, let at):
            let orderID = Int64(fact.dropFirst("order:".count))
            try db.execute(sql: "UPDATE referrals SET status = 'completed', completed_at = ?, order_id = ? WHERE id = ?",
                           arguments: [at, orderID, id])
            try db.execute(sql: """
                INSERT INTO referral_events (merchant_id, link_id, referral_id, kind, created_at) VALUES (?, ?, ?, 'purchase', ?)
                """, arguments: [session.merchant.id, row["link_id"], id, at])
            let keys = ReferralRules.rewardKeys(merchantID: session.merchant.id, friendCustomerID: friendID)
            let ledger = LedgerWriter(db: db, merchantID: session.merchant.id)
            let s = settings.settings
            for (customer, points, key, role) in [(advocateID, s.referralAdvocatePoints, keys.advocate, "referring customer \(friendID)"),
                                                  (friendID, s.referralFriendPoints, keys.friend, "joining through customer \(advocateID)'s referral")]
            where points > 0 {
                try ledger.credit(customerID: customer, NewEntry(
                    kind: .referral, points: points, createdAt: now, expiresAt: s.expiry.expiresAt(earnedAt: now),
                    orderID: orderID, key: key,
                    explanation: "\(points) pts for \(role) (rules v\(settings.version))",
                    settingsVersion: settings.version, referralID: id))
            }
            try db.execute(sql: """
                INSERT INTO referral_events (merchant_id, link_id, referral_id, kind, created_at) VALUES (?, ?, ?, 'reward', ?)
                """, arguments: [session.merchant.id, row["link_id"], id, now])
        }
        return outcome
    }

    private func completedWeekCounter(_ db: Database, advocateID: Int64, excluding id: Int64,
                                      zone: String) throws -> @Sendable (UnixTime) -> Int {
        let completions = try UnixTime.fetchAll(db, sql: """
            SELECT completed_at FROM referrals WHERE advocate_id = ? AND status = 'completed' AND id <> ?
            """, arguments: [advocateID, id])
        let timeZone = LocalTime.zone(zone) ?? TimeZone(identifier: "UTC")!
        return { instant in
            let week = LocalTime.weekStart(of: instant, in: timeZone)
            return completions.filter { LocalTime.weekStart(of: $0, in: timeZone) == week }.count
        }
    }

    private func party(_ db: Database, _ customerID: Int64) throws -> ReferralParty {
        let row = try Row.fetchOne(db, sql: "SELECT email, phone, first_name, last_name FROM customers WHERE id = ?", arguments: [customerID])
        let name = [row?["first_name"] as String?, row?["last_name"] as String?].compactMap { $0 }.joined(separator: " ")
        return ReferralParty(email: row?["email"], phone: row?["phone"], name: name.nonBlank)
    }

    // MARK: Links

    func referralLink<G: RandomNumberGenerator>(_ db: Database, session: Session, customerID: Int64, now: UnixTime,
                                                generator: inout G) throws -> ReferralLinkInfo {
        let customer = try customerRow(db, session: session, id: customerID)
        if let id = try Int64.fetchOne(db, sql: "SELECT id FROM referral_links WHERE customer_id = ? AND disabled_at IS NULL",
                                       arguments: [customerID]) {
            return try linkInfo(db, id: id)
        }
        func taken(_ code: String) throws -> Bool {
            try Bool.fetchOne(db, sql: """
                SELECT EXISTS (SELECT 1 FROM referral_links WHERE merchant_id = ? AND code = ?)
                    OR EXISTS (SELECT 1 FROM customers WHERE merchant_id = ? AND referral_code = ? AND id <> ?)
                """, arguments: [session.merchant.id, code, session.merchant.id, code, customerID]) ?? false
        }
        var code = (customer["referral_code"] as String?) ?? ""
        while try code.isEmpty || taken(code) { code = ReferralCode.make(using: &generator) }
        try db.execute(sql: "INSERT INTO referral_links (merchant_id, customer_id, code, created_at) VALUES (?, ?, ?, ?)",
                       arguments: [session.merchant.id, customerID, code, now])
        let id = db.lastInsertedRowID
        try db.execute(sql: "UPDATE customers SET referral_code = ? WHERE id = ? AND referral_code IS NOT ?", arguments: [code, customerID, code])
        return try linkInfo(db, id: id)
    }

    /// The link for `code`; a customer's demo or imported code becomes a link on first use.
    private func activeLink(_ db: Database, session: Session, code raw: String) throws -> ReferralLinkInfo {
        let code = raw.trimmingCharacters(in: .whitespaces).uppercased()
        if let id = try Int64.fetchOne(db, sql: "SELECT id FROM referral_links WHERE merchant_id = ? AND code = ? AND disabled_at IS NULL",
                                       arguments: [session.merchant.id, code]) {
            return try linkInfo(db, id: id)
        }
        if let owner = try Int64.fetchOne(db, sql: "SELECT id FROM customers WHERE merchant_id = ? AND referral_code = ?",
                                          arguments: [session.merchant.id, code]) {
            var generator = SystemRandomNumberGenerator()
            return try referralLink(db, session: session, customerID: owner, now: 0, generator: &generator)
        }
        throw StoreError.invalid("\"\(raw)\" is not a referral code of this shop. Check the spelling (codes look like REF-7K3QM9XP); nothing was recorded.")
    }

    func linkInfo(_ db: Database, id: Int64) throws -> ReferralLinkInfo {
        let row = try Row.fetchOne(db, sql: """
            SELECT l.*, (SELECT COUNT(*) FROM referral_events e WHERE e.link_id = l.id AND e.kind = 'click') AS clicks
            FROM referral_links l WHERE l.id = ?
            """, arguments: [id])!
        return ReferralLinkInfo(id: id, customerID: row["customer_id"], code: row["code"], createdAt: row["created_at"], clicks: row["clicks"])
    }

    func referralInfo(_ db: Database, id: Int64) throws -> ReferralInfo {
        let row = try Row.fetchOne(db, sql: """
            SELECT r.*, l.code,
                   COALESCE(NULLIF(trim(COALESCE(a.first_name,'') || ' ' || COALESCE(a.last_name,'')), ''), a.email, '#' || a.id) AS advocate_name,
                   COALESCE(NULLIF(trim(COALESCE(f.first_name,'') || ' ' || COALESCE(f.last_name,'')), ''), f.email, r.friend_email, '') AS friend_name
            FROM referrals r JOIN referral_links l ON l.id = r.link_id
            JOIN customers a ON a.id = r.advocate_id LEFT JOIN customers f ON f.id = r.friend_id
            WHERE r.id = ?
            """, arguments: [id])!
        return ReferralInfo(id: id, code: row["code"], advocateID: row["advocate_id"], advocateName: row["advocate_name"],
                            friendID: row["friend_id"], friendName: row["friend_name"],
                            status: ReferralInfo.Status(rawValue: row["status"]) ?? .signedUp,
                            rejectionReason: row["rejection_reason"], createdAt: row["created_at"],
                            completedAt: row["completed_at"], orderID: row["order_id"])
    }
}

extension LoyaltyStore {
    /// The link of `code` with its referrals, for `referrals show`.
    public func referralLink(_ session: Session, code: String) throws -> (link: ReferralLinkInfo, referrals: [ReferralInfo]) {
        try read { db in
            guard let id = try Int64.fetchOne(db, sql: "SELECT id FROM referral_links WHERE merchant_id = ? AND code = ?",
                                              arguments: [session.merchant.id, code.trimmingCharacters(in: .whitespaces).uppercased()]) else {
                throw StoreError.invalid("no referral link with code \"\(code)\". `loyalnest referrals create CUSTOMER` makes one.")
            }
            let referrals = try Int64.fetchAll(db, sql: "SELECT id FROM referrals WHERE link_id = ? ORDER BY id", arguments: [id])
            return (try linkInfo(db, id: id), try referrals.map { try referralInfo(db, id: $0) })
        }
    }

    /// Stops a code from being used for new referrals; referrals already made keep their course.
    public func disableReferralLink(_ session: Session, code: String, now: UnixTime) throws {
        try require(session, .redeemOnBehalf)
        try write { db in
            let normalized = code.trimmingCharacters(in: .whitespaces).uppercased()
            guard let id = try Int64.fetchOne(db, sql: """
                SELECT id FROM referral_links WHERE merchant_id = ? AND code = ? AND disabled_at IS NULL
                """, arguments: [session.merchant.id, normalized]) else {
                throw StoreError.invalid("no active referral link with code \"\(code)\". Nothing was changed.")
            }
            try db.execute(sql: "UPDATE referral_links SET disabled_at = ? WHERE id = ?", arguments: [now, id])
            try Audit.record(db, session: session, action: "referral.link.disable", entity: "referral_link", entityID: id,
                             before: ["code": normalized], after: nil as [String: String]?, now: now)
        }
    }
}
