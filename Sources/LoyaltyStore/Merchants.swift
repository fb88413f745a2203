import Foundation
import GRDB
import LoyaltyCore

public struct MerchantInfo: Hashable, Sendable, Codable {
    public var id: Int64
    public var shopDomain: String
    public var name: String
    public var currency: String
    public var timeZone: String
}

/// The merchant and operator an operation runs as; resolved once per command.
public struct Session: Hashable, Sendable {
    public var merchant: MerchantInfo
    public var actor: Operator

    public var currency: Currency { Currency(code: merchant.currency) ?? .usd }
}

extension LoyaltyStore {
    /// Adds a merchant with default program settings and its first operator, an owner named `ownerName`.
    @discardableResult
    public func addMerchant(shopDomain rawDomain: String, name: String? = nil, currency: String = "USD",
                            timeZone: String = "UTC", ownerName: String, settings: ProgramSettings? = nil,
                            now: UnixTime) throws -> Session {
        let domain = rawDomain.trimmingCharacters(in: .whitespaces).lowercased()
        guard !domain.isEmpty, !domain.contains(" "), domain.count <= 255 else {
            throw StoreError.invalid("shop domain \"\(rawDomain)\" is not valid: use the myshopify.com domain, e.g. acme.myshopify.com")
        }
        guard let currencyCode = Currency(code: currency) else {
            throw StoreError.invalid("currency \"\(currency)\" is not a 3-letter ISO 4217 code (e.g. USD, EUR, JPY)")
        }
        guard TimeZone(identifier: timeZone) != nil else {
            throw StoreError.invalid("time zone \"\(timeZone)\" is unknown: use an IANA name such as Europe/Paris")
        }
        var settings = settings ?? ProgramSettings()
        settings.currency = currencyCode.code
        settings.timeZone = timeZone
        let problems = settings.ruleProblems()
        guard problems.isEmpty else { throw StoreError.settingsProblems(problems) }
        return try write { db in
            if try Int64.fetchOne(db, sql: "SELECT id FROM merchants WHERE shop_domain = ?", arguments: [domain]) != nil {
                throw StoreError.merchantExists(domain)
            }
            try db.execute(sql: "INSERT INTO merchants (shop_domain, name, currency, time_zone, created_at) VALUES (?, ?, ?, ?, ?)",
                           arguments: [domain, name ?? domain, currencyCode.code, timeZone, now])
            let merchantID = db.lastInsertedRowID
            try db.execute(sql: "INSERT INTO operators (merchant_id, name, role, created_at) VALUES (?, ?, 'owner', ?)",
                           arguments: [merchantID, ownerName, now])
            let owner = Operator(id: db.lastInsertedRowID, merchantID: merchantID, name: ownerName, role: .owner)
            let merchant = MerchantInfo(id: merchantID, shopDomain: domain, name: name ?? domain,
                                        currency: currencyCode.code, timeZone: timeZone)
            let session = Session(merchant: merchant, actor: owner)
            try insertSettings(db, session: session, settings: settings, reason: "merchant created", now: now)
            try Audit.record(db, session: session, action: "merchant.create", entity: "merchant", entityID: merchantID,
                             before: nil as MerchantInfo?, after: merchant, now: now)
            return session
        }
    }

    public func merchants() throws -> [MerchantInfo] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM merchants ORDER BY id").map(MerchantInfo.init(row:))
        }
    }

    /// Resolves who is acting: the merchant by domain (or the only/first merchant) and the operator by name
    /// (or the merchant's first owner).
    public func session(merchant domain: String?, operator name: String?) throws -> Session {
        try read { db in
            let row: Row?
            if let domain {
                row = try Row.fetchOne(db, sql: "SELECT * FROM merchants WHERE shop_domain = ?", arguments: [domain.lowercased()])
                guard row != nil else { throw StoreError.unknownMerchant(domain) }
            } else {
                row = try Row.fetchOne(db, sql: "SELECT * FROM merchants ORDER BY id LIMIT 1")
                guard row != nil else { throw StoreError.noMerchant }
            }
            let merchant = MerchantInfo(row: row!)
            let operatorRow: Row?
            if let name {
                operatorRow = try Row.fetchOne(db, sql: "SELECT * FROM operators WHERE merchant_id = ? AND name = ?",
                                               arguments: [merchant.id, name])
                guard operatorRow != nil else { throw StoreError.unknownOperator(name: name, merchant: merchant.shopDomain) }
            } else {
                operatorRow = try Row.fetchOne(db, sql: "SELECT * FROM operators WHERE merchant_id = ? AND role = 'owner' ORDER BY id LIMIT 1",
                                               arguments: [merchant.id])
                guard operatorRow != nil else { throw StoreError.unknownOperator(name: "(owner)", merchant: merchant.shopDomain) }
            }
            return Session(merchant: merchant, actor: Operator(row: operatorRow!))
        }
    }

    public func addOperator(_ session: Session, name: String, role: Role, now: UnixTime) throws -> Operator {
        try require(session, .manageOperators)
        if role == .owner && session.actor.role != .owner {
            throw StoreError.permissionDenied(operator: session.actor.name, role: session.actor.role, action: "create an owner")
        }
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, trimmed.count <= 64 else { throw StoreError.invalid("operator name must be 1 to 64 characters") }
        return try write { db in
            if try Int64.fetchOne(db, sql: "SELECT id FROM operators WHERE merchant_id = ? AND name = ?",
                                  arguments: [session.merchant.id, trimmed]) != nil {
                throw StoreError.operatorExists(trimmed)
            }
            try db.execute(sql: "INSERT INTO operators (merchant_id, name, role, created_at) VALUES (?, ?, ?, ?)",
                           arguments: [session.merchant.id, trimmed, role.rawValue, now])
            let created = Operator(id: db.lastInsertedRowID, merchantID: session.merchant.id, name: trimmed, role: role)
            try Audit.record(db, session: session, action: "operator.create", entity: "operator", entityID: created.id,
                             before: nil as [String: String]?, after: ["name": trimmed, "role": role.rawValue], now: now)
            return created
        }
    }

    public func operators(_ session: Session) throws -> [Operator] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM operators WHERE merchant_id = ? ORDER BY id",
                             arguments: [session.merchant.id]).map(Operator.init(row:))
        }
    }

    // MARK: Program settings

    public func settings(_ session: Session) throws -> (version: Int64, settings: ProgramSettings) {
        try read { db in try currentSettings(db, merchantID: session.merchant.id) }
    }

    /// Saves a new settings version (the old ones stay, so every ledger explanation can name the version it used).
    @discardableResult
    public func updateSettings(_ session: Session, _ settings: ProgramSettings, reason: String, now: UnixTime) throws -> Int64 {
        try require(session, .editSettings)
        let problems = settings.ruleProblems()
        guard problems.isEmpty else { throw StoreError.settingsProblems(problems) }
        guard settings.currency == session.merchant.currency else {
            throw StoreError.invalid("program settings: the currency is the shop's (\(session.merchant.currency)) and cannot be changed here")
        }
        return try write { db in
            let tierProblems = TierTable.problems(try tierDefinitions(db, merchantID: session.merchant.id), settings: settings)
            guard tierProblems.isEmpty else {
                throw StoreError.settingsRules(tierProblems)
            }
            return try insertSettings(db, session: session, settings: settings, reason: reason, now: now)
        }
    }

    @discardableResult
    func insertSettings(_ db: Database, session: Session, settings: ProgramSettings, reason: String, now: UnixTime) throws -> Int64 {
        let before = try? currentSettings(db, merchantID: session.merchant.id)
        let version = (before?.version ?? 0) + 1
        let json = String(decoding: try JSONEncoder.sorted.encode(settings), as: UTF8.self)
        try db.execute(sql: """
            INSERT INTO program_settings (merchant_id, version, settings_json, created_at, operator_id, reason)
            VALUES (?, ?, ?, ?, ?, ?)
            """, arguments: [session.merchant.id, version, json, now, session.actor.id, reason])
        try Audit.record(db, session: session, action: "settings.update", entity: "program_settings", entityID: version,
                         before: before?.settings, after: settings, now: now)
        return version
    }

    func currentSettings(_ db: Database, merchantID: Int64) throws -> (version: Int64, settings: ProgramSettings) {
        guard let row = try Row.fetchOne(db, sql: """
            SELECT version, settings_json FROM program_settings WHERE merchant_id = ? ORDER BY version DESC LIMIT 1
            """, arguments: [merchantID]) else {
            throw StoreError.invalid("the merchant has no program settings; the database may be damaged (run `loyalnest doctor`)")
        }
        let json: String = row["settings_json"]
        return (row["version"], try JSONDecoder().decode(ProgramSettings.self, from: Data(json.utf8)))
    }

    func require(_ session: Session, _ permission: Permission) throws {
        guard session.actor.role.allows(permission) else {
            throw StoreError.permissionDenied(operator: session.actor.name, role: session.actor.role, action: permission.rawValue)
        }
    }
}

extension MerchantInfo {
    init(row: Row) {
        self.init(id: row["id"], shopDomain: row["shop_domain"], name: row["name"], currency: row["currency"],
                  timeZone: row["time_zone"])
    }
}

extension Operator {
    init(row: Row) {
        self.init(id: row["id"], merchantID: row["merchant_id"], name: row["name"],
                  role: Role(rawValue: row["role"]) ?? .viewer)
    }
}

extension JSONEncoder {
    static var sorted: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}
