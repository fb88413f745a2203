import Foundation
import LoyaltyCore
import LoyaltyStore

/// Texts a support person would type, taken from the store itself: parts of emails, full and last names, phone
/// digits (bare and with dashes), order numbers with and without "#", referral codes.
struct SearchSamples {
    struct Text {
        var kind: String
        var text: String
    }

    var texts: [Text]
    /// A first name in the store, for the search typed into the real dashboard.
    var firstName: String

    static let kinds = ["email", "name", "last name", "phone", "order number", "referral code"]

    static func collect(store: LoyaltyStore, merchant: MerchantInfo, customers: Int, now: UnixTime) throws -> SearchSamples {
        let total = try store.customerCount(merchant: merchant)
        var rng = SeededGenerator(seed: 0xBE7C_5EA2)
        var rows: [CustomerRow] = []
        // Pages spread over the whole list in name order, so the names are not all from one letter.
        let pages = 12
        for p in 0..<pages {
            let offset = max(0, min(total - 40, total * p / pages + Int(rng.next() % 1000)))
            let page = try store.customersPage(merchant: merchant, sort: CustomerSort(.name), offset: offset, limit: 40)
            rows += page.enumerated().filter { $0.offset % 5 == 0 }.map(\.element)
        }
        rows = rows.filter { !$0.customer.redacted }
        var byKind: [String: [String]] = [:]
        for (n, row) in rows.enumerated() {
            let c = row.customer
            if let email = c.email {
                // Usually the start of the address; every fourth one typed out in full (an exact lookup).
                byKind["email", default: []].append(n % 4 == 0 ? email : String(email.prefix(12)))
            }
            if let first = c.firstName, let last = c.lastName {
                byKind["name", default: []].append(first + " " + last)
                byKind["last name", default: []].append(last)
            }
            if let phone = c.phone {
                let digits = String(phone.filter(\.isNumber).suffix(10))
                if digits.count == 10 {
                    let dashed = digits.prefix(3) + "-" + digits.dropFirst(3).prefix(3) + "-" + digits.dropFirst(6)
                    byKind["phone", default: []].append(n % 2 == 0 ? digits : String(dashed))
                }
            }
            if let code = row.referralCode {
                byKind["referral code", default: []].append(n % 2 == 0 ? code : code.lowercased())
            }
            if c.ordersCount > 0, (byKind["order number"]?.count ?? 0) < 40 {
                let journey = try store.customerJourney(merchant: merchant, customerID: c.id, limit: 12, now: now)
                for event in journey.events {
                    if case .order(let order) = event, let name = order.name {
                        byKind["order number", default: []].append(n % 2 == 0 ? name : String(name.drop { $0 == "#" }))
                        break
                    }
                }
            }
        }
        var texts: [Text] = []
        var index = 0
        while true {
            var added = false
            for kind in kinds {
                if let list = byKind[kind], index < list.count {
                    texts.append(Text(kind: kind, text: list[index]))
                    added = true
                }
            }
            if !added { break }
            index += 1
        }
        guard !texts.isEmpty else { throw StoreError.invalid("the benchmark store has no customers to search for") }
        let firstName = rows.compactMap(\.customer.firstName).first ?? "a"
        return SearchSamples(texts: texts, firstName: firstName)
    }

    /// Types each text character by character and times every `searchCustomers` call the dashboard would make
    /// (a query that did not change after trimming, such as a trailing space, is not sent again).
    static func measure(store: LoyaltyStore, merchant: MerchantInfo, texts: [Text],
                        minimumQueries: Int) throws -> UIBenchmarkResult.Search {
        var results: [UIBenchmarkResult.SearchQuery] = []
        var typed = 0
        var round = 0
        while results.count < minimumQueries {
            for sample in texts where results.count < minimumQueries {
                typed += 1
                var previous = ""
                var prefix = ""
                for character in sample.text {
                    prefix.append(character)
                    let query = prefix.trimmingCharacters(in: .whitespaces)
                    guard !query.isEmpty, query != previous else { continue }
                    previous = query
                    let (hits, ms) = try Stopwatch.time {
                        try store.searchCustomers(merchant: merchant, query: query, limit: Reducer.searchLimit)
                    }
                    results.append(.init(kind: sample.kind, query: query, ms: ms, hits: hits.count))
                }
            }
            round += 1
            if round > 20 { break }
        }
        var byKind: [String: LatencySummary] = [:]
        for kind in Set(results.map(\.kind)) {
            byKind[kind] = LatencySummary(results.filter { $0.kind == kind }.map(\.ms))
        }
        return UIBenchmarkResult.Search(queries: results.count, typedTexts: typed, latency: LatencySummary(results.map(\.ms)),
                                        byKind: byKind, slowest: Array(results.sorted { $0.ms > $1.ms }.prefix(12)))
    }
}
