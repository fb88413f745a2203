import Foundation
import GRDB
import LoyaltyCore

/// One line of the Customers table: the customer and what the table shows beside them.
public struct CustomerRow: Codable, Hashable, Sendable {
    public var customer: CustomerInfo
    /// Ledger total (available + pending; negative when points are owed).
    public var pointsBalance: Int64
    public var referralCode: String?
}

public enum CustomerSearchField: String, Codable, Hashable, Sendable {
    case email, referralCode, orderNumber, orderID, customerID, name, phone
}

/// Why a customer was found: the field, the value that matched (e.g. the order "#1001"), and whether it matched
/// the whole query exactly.
public struct CustomerSearchMatch: Codable, Hashable, Sendable {
    public var field: CustomerSearchField
    public var value: String
    public var exact: Bool
}

public struct CustomerSearchHit: Codable, Hashable, Sendable {
    public var row: CustomerRow
    public var match: CustomerSearchMatch
}

public struct CustomerSort: Hashable, Sendable {
    public enum Key: String, Codable, Hashable, Sendable, CaseIterable { case name, spend, balance, lastOrder }
    public var key: Key
    public var descending: Bool

    public init(_ key: Key, descending: Bool? = nil) {
        self.key = key
        self.descending = descending ?? (key != .name)
    }
}

extension LoyaltyStore {
    public static let maximumSearchResults = 200

    /// Type-ahead search over name, email, phone, referral code, order number / order id and the shop's customer id
    /// (docs/decisions/0011). Exact hits come first, then whole-field prefixes, word prefixes, and substrings.
    /// Terms of 1-2 characters match the start of a word; substrings need 3. Redacted customers are never found.
    /// When a query matches very many customers, the ranking covers the first `rankedCandidates` of them.
    public func searchCustomers(merchant: MerchantInfo, query: String, limit: Int = 50) throws -> [CustomerSearchHit] {
        let query = CustomerSearchQuery(query)
        let limit = min(max(limit, 0), Self.maximumSearchResults)
        guard !query.terms.isEmpty, limit > 0 else { return [] }
        if try read({ db in try CustomerSearchIndex.isBehind(db) }) {
            try write { db in try CustomerSearchIndex.catchUp(db) }
        }
        return try read { db in
            var hits = SearchHits(query: query)
            for lookup in query.exactLookups() {
                for row in try Row.fetchAll(db, sql: lookup.sql, arguments: [merchant.id] + lookup.arguments) {
                    hits.add(row, tier: 0, match: CustomerSearchMatch(field: lookup.field, value: row["matched"], exact: true))
                }
            }
            if let prefixes = query.orderNamePrefixes {
                for prefix in prefixes {
                    for row in try Row.fetchAll(db, sql: """
                        SELECT c.*, o.name AS matched FROM orders o CROSS JOIN customers c ON c.id = o.customer_id
                        WHERE o.merchant_id = ? AND o.name >= ? AND o.name < ? AND c.redacted_at IS NULL
                        ORDER BY o.name LIMIT ?
                        """, arguments: [merchant.id, prefix.lower, prefix.upper, limit]) {
                        hits.add(row, tier: 2, match: CustomerSearchMatch(field: .orderNumber, value: row["matched"], exact: false))
                    }
                }
            }
            // One match query, the widest reading of the terms, ranked here: a separate word-start query costs most
            // when it finds least (its trigrams common, the phrase rare), so tiers are decided on the candidates.
            func fullText(_ expression: String, check: ((CustomerRow) -> Bool)?) throws {
                guard hits.count < limit else { return }
                let candidates = max(limit, check == nil ? CustomerSearchQuery.rankedCandidates : CustomerSearchQuery.checkedCandidates)
                for row in try Row.fetchAll(db, sql: Self.fullTextSQL, arguments: [expression, merchant.id, candidates]) {
                    let candidate = CustomerRow(row: row)
                    if let check, !check(candidate) { continue }
                    hits.add(row, tier: query.matches(candidate, wordStart: true) ? 2 : 3, match: nil)
                }
            }
            if let phone = query.phoneExpression { try fullText(phone, check: nil) }
            let shortened = query.terms.contains { $0.unicodeScalars.count > CustomerSearchQuery.longestIndexedTerm }
            try fullText(query.substringExpression ?? query.wordStartExpression,
                         check: shortened ? { query.matches($0, wordStart: false) } : nil)
            return hits.ranked(limit: limit)
        }
    }

    /// CROSS JOIN keeps the FTS match as the outer loop: otherwise SQLite may walk the merchant's customers and
    /// probe the index once for each of them.
    static let fullTextSQL = """
        SELECT c.* FROM customer_search CROSS JOIN customers c ON c.id = customer_search.rowid
        WHERE customer_search MATCH ? AND c.merchant_id = ? AND c.redacted_at IS NULL LIMIT ?
        """

    /// A page of the merchant's customers (redacted ones included, flagged), for the Customers table with no query.
    public func customersPage(merchant: MerchantInfo, sort: CustomerSort = CustomerSort(.name), offset: Int = 0,
                              limit: Int = 100) throws -> [CustomerRow] {
        try read { db in
            try Row.fetchAll(db, sql: Self.customersPageSQL(sort), arguments: [merchant.id, max(0, limit), max(0, offset)])
                .map(CustomerRow.init(row:))
        }
    }

    /// Each order is the column list of one customers_sort_* index, so a page is an index walk, not a sort.
    static func customersPageSQL(_ sort: CustomerSort) -> String {
        let direction = sort.descending ? "DESC" : "ASC"
        let key: String
        switch sort.key {
        case .name: key = Schema.customerNameSortKey
        case .spend: key = "total_spent_minor"
        case .balance: key = "points_balance"
        case .lastOrder: key = "last_order_at"
        }
        return "SELECT * FROM customers WHERE merchant_id = ? ORDER BY \(key) \(direction), id \(direction) LIMIT ? OFFSET ?"
    }

    public func customerCount(merchant: MerchantInfo) throws -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM customers WHERE merchant_id = ?", arguments: [merchant.id]) ?? 0 }
    }
}

/// Adds the customers created since the last catch-up to customer_search in one statement. Every path that
/// creates customers calls it before its transaction commits (order and customer imports); a search that finds the
/// index behind catches up first.
enum CustomerSearchIndex {
    static func isBehind(_ db: Database) throws -> Bool {
        try Bool.fetchOne(db, sql: """
            SELECT COALESCE((SELECT MAX(id) FROM customers), 0) > last_customer_id FROM customer_search_state WHERE id = 1
            """) ?? false
    }

    static func catchUp(_ db: Database) throws {
        let last = try Int64.fetchOne(db, sql: "SELECT last_customer_id FROM customer_search_state WHERE id = 1") ?? 0
        guard let newest = try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM customers"), newest > last else { return }
        try db.execute(sql: """
            INSERT INTO customer_search (rowid, name, email, phone, code)
            SELECT \(Schema.customerSearchRow("c")) FROM customers c WHERE c.id > ? AND c.id <= ? AND c.redacted_at IS NULL
            """, arguments: [last, newest])
        try db.execute(sql: "UPDATE customer_search_state SET last_customer_id = ? WHERE id = 1", arguments: [newest])
    }
}

extension CustomerRow {
    init(row: Row) {
        self.init(customer: CustomerInfo(row: row), pointsBalance: row["points_balance"], referralCode: row["referral_code"])
    }
}

/// A typed query, cleaned and turned into the lookups and FTS5 expressions the search runs. Every term is quoted
/// as an FTS5 string, so query syntax in the input ("a OR b", "NEAR(", "*", quotes) is matched as text.
struct CustomerSearchQuery {
    static let maximumLength = 100
    static let maximumTerms = 8
    /// Precedes every indexed word (see Schema's v2-search migration).
    static let wordMark: Character = "\u{1}"

    let text: String
    let terms: [String]

    init(_ raw: String) {
        let cleaned = raw.precomposedStringWithCanonicalMapping.unicodeScalars
            .map { CharacterSet.controlCharacters.contains($0) || CharacterSet.whitespacesAndNewlines.contains($0) ? " " : Character($0) }
        let words = String(cleaned).split(separator: " ").map(String.init)
        var kept: [String] = []
        var length = 0
        for word in words.prefix(Self.maximumTerms) {
            let room = Self.maximumLength - length
            guard room > 0 else { break }
            let piece = String(word.unicodeScalars.prefix(room))
            kept.append(piece)
            length += piece.unicodeScalars.count + 1
        }
        terms = kept
        text = kept.joined(separator: " ")
    }

    struct Lookup {
        var field: CustomerSearchField
        var sql: String
        var arguments: StatementArguments
    }

    /// Exact matches, each an index lookup. The first argument (the merchant id) is supplied by the caller.
    func exactLookups() -> [Lookup] {
        guard terms.count == 1 else { return [] }
        func customers(_ field: CustomerSearchField, matched: String, _ condition: String, _ value: String) -> Lookup {
            Lookup(field: field, sql: """
                SELECT c.*, \(matched) AS matched FROM customers c
                WHERE c.merchant_id = ? AND c.redacted_at IS NULL AND \(condition)
                """, arguments: [value])
        }
        func orders(_ field: CustomerSearchField, matched: String, _ condition: String, _ values: StatementArguments) -> Lookup {
            Lookup(field: field, sql: """
                SELECT c.*, \(matched) AS matched FROM orders o CROSS JOIN customers c ON c.id = o.customer_id
                WHERE o.merchant_id = ? AND c.redacted_at IS NULL AND \(condition)
                """, arguments: values)
        }
        var lookups: [Lookup] = []
        if text.contains("@") {
            lookups.append(customers(.email, matched: "c.email", "c.email_normalized = ?", Customers.normalizeEmail(text)))
        }
        lookups.append(customers(.referralCode, matched: "c.referral_code", "c.referral_code = ?", text))
        lookups.append(customers(.customerID, matched: "c.external_id", "c.external_id = ?", text))
        let bare = text.hasPrefix("#") ? String(text.dropFirst()) : text
        lookups.append(orders(.orderNumber, matched: "o.name", "o.name IN (?, ?)", [text, "#" + bare]))
        if !bare.isEmpty { lookups.append(orders(.orderID, matched: "o.external_id", "o.external_id = ?", [bare])) }
        return lookups
    }

    /// Order names starting with the query ("#10" finds "#1001"), as half-open ranges, when it looks like one.
    var orderNamePrefixes: [(lower: String, upper: String)]? {
        guard terms.count == 1, text.contains(where: \.isNumber), text.count <= 32 else { return nil }
        let candidates = text.hasPrefix("#") ? [text] : [text, "#" + text]
        return candidates.map { ($0, Self.successor(of: $0)) }
    }

    /// The digits, when the query reads as a phone number written with separators ("555 01", "(555) 0123").
    var phoneDigits: String? {
        let separators = Set(" -()+./")
        guard text.allSatisfy({ $0.isASCII && ($0.isNumber || separators.contains($0)) }),
              text.contains(where: { separators.contains($0) }) else { return nil }
        let digits = text.filter(\.isNumber)
        return digits.count >= 3 ? digits : nil
    }

    var phoneExpression: String? {
        phoneDigits.map { "phone : " + Self.quoted($0) }
    }

    /// Terms are looked up by at most this many characters. A long phrase of trigrams common to most rows (say
    /// "…@example.com") costs tens of milliseconds even when nothing matches, while its start alone is selective;
    /// the candidates are then checked against the whole term.
    static let longestIndexedTerm = 16
    static let checkedCandidates = 2_000
    /// Candidates ranked per match query: when more rows match, the query is too broad for ranking to matter much.
    static let rankedCandidates = 200

    private static func indexed(_ term: String) -> String {
        String(String.UnicodeScalarView(term.unicodeScalars.prefix(longestIndexedTerm)))
    }

    /// Every term at the start of a word of some field.
    var wordStartExpression: String {
        terms.map { term in
            let marks = term.unicodeScalars.count == 1 ? 2 : 1
            return Self.quoted(String(repeating: Self.wordMark, count: marks) + Self.indexed(term))
        }.joined(separator: " AND ")
    }

    /// Every term of 3 or more characters anywhere in a field (shorter ones still at a word start); nil when no
    /// term is long enough to differ from `wordStartExpression`.
    var substringExpression: String? {
        guard terms.contains(where: { $0.unicodeScalars.count >= 3 }) else { return nil }
        return terms.map { term in
            term.unicodeScalars.count >= 3 ? Self.quoted(Self.indexed(term))
                : Self.quoted(String(repeating: Self.wordMark, count: term.unicodeScalars.count == 1 ? 2 : 1) + term)
        }.joined(separator: " AND ")
    }

    /// The full-text rule applied to one row in Swift, for terms longer than `longestIndexedTerm`: every term
    /// starts a word of the name or starts the email, phone digits or code (`wordStart`), or — from 3 characters —
    /// occurs anywhere in one of them.
    func matches(_ row: CustomerRow, wordStart: Bool) -> Bool {
        let c = row.customer
        let name = [c.firstName, c.lastName].compactMap { $0 }.joined(separator: " ").lowercased()
        let wholes = [name, (c.email ?? "").lowercased(), Self.phoneIndexForm(c.phone), (row.referralCode ?? "").lowercased()]
        let starts = name.split(separator: " ").map(String.init) + wholes.dropFirst()
        return terms.allSatisfy { term in
            let term = term.lowercased()
            if wordStart || term.unicodeScalars.count < 3 { return starts.contains { $0.hasPrefix(term) } }
            return wholes.contains { $0.contains(term) }
        }
    }

    /// The phone as the index holds it (see the v2-search migration): without spaces and - ( ) + . /
    static func phoneIndexForm(_ phone: String?) -> String {
        (phone ?? "").filter { !" -()+./".contains($0) }.lowercased()
    }

    static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// The smallest string greater than every string starting with `prefix` (its last scalar incremented).
    static func successor(of prefix: String) -> String {
        var scalars = Array(prefix.unicodeScalars)
        while let last = scalars.popLast() {
            var next = last.value + 1
            if next == 0xD800 { next = 0xE000 }
            if let scalar = Unicode.Scalar(next) {
                scalars.append(scalar)
                return String(String.UnicodeScalarView(scalars))
            }
        }
        return prefix + "\u{10FFFF}"
    }
}

/// Collects hits, keeps each customer's best match, and ranks: tier (0 exact, 1 whole-field prefix, 2 word prefix,
/// 3 substring), then the most recent order first.
struct SearchHits {
    let query: CustomerSearchQuery
    private var best: [Int64: (tier: Int, hit: CustomerSearchHit)] = [:]

    init(query: CustomerSearchQuery) { self.query = query }

    var count: Int { best.count }

    mutating func add(_ row: Row, tier: Int, match: CustomerSearchMatch?) {
        let customerRow = CustomerRow(row: row)
        let found = match.map { (tier, $0) } ?? classify(customerRow, fallbackTier: tier)
        let id = customerRow.customer.id
        if let existing = best[id], existing.tier <= found.0 { return }
        best[id] = (found.0, CustomerSearchHit(row: customerRow, match: found.1))
    }

    func ranked(limit: Int) -> [CustomerSearchHit] {
        best.values.sorted { a, b in
            if a.tier != b.tier { return a.tier < b.tier }
            let aLast = a.hit.row.customer.lastOrderAt ?? .min, bLast = b.hit.row.customer.lastOrderAt ?? .min
            if aLast != bLast { return aLast > bLast }
            return a.hit.row.customer.id < b.hit.row.customer.id
        }.prefix(limit).map(\.hit)
    }

    /// Which field a full-text hit matched, and whether the whole query equals or starts that field.
    private func classify(_ row: CustomerRow, fallbackTier: Int) -> (Int, CustomerSearchMatch) {
        let c = row.customer
        let name = [c.firstName, c.lastName].compactMap { $0 }.joined(separator: " ")
        let phone = c.phone ?? ""
        let digits = phone.filter(\.isNumber)
        let fields: [(CustomerSearchField, String, String)] = [
            (.name, name, name.lowercased()),
            (.email, c.email ?? "", (c.email ?? "").lowercased()),
            (.phone, phone, digits),
            (.referralCode, row.referralCode ?? "", (row.referralCode ?? "").lowercased()),
        ]
        let whole = query.text.lowercased()
        let queryDigits = query.phoneDigits ?? whole
        for (field, value, searched) in fields where !searched.isEmpty {
            let target = field == .phone ? queryDigits : whole
            if searched == target { return (field == .name ? 1 : 0, CustomerSearchMatch(field: field, value: value, exact: true)) }
            if searched.hasPrefix(target) { return (1, CustomerSearchMatch(field: field, value: value, exact: false)) }
        }
        let first = query.terms.first?.lowercased() ?? ""
        let field = fields.first { field, _, searched in
            !searched.isEmpty && searched.contains(field == .phone ? (query.phoneDigits ?? first) : first)
        } ?? fields[0]
        return (fallbackTier, CustomerSearchMatch(field: field.0, value: field.1, exact: false))
    }
}
