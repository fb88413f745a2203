import Foundation
import LoyaltyCore
import LoyaltyStore
import TOMLKit

/// A what-if proposal written as TOML (`loyalnest whatif FILE.toml`; docs/whatif.md shows every key). Unknown keys
/// and values of the wrong kind are refused with the file, the key and what to write instead.
public enum WhatIfFile {
    static let topKeys: Set<String> = ["as_of", "settings", "tiers", "campaign"]
    static let settingsKeys: Set<String> = ["points_per_unit", "earn_base", "minimum_order", "daily_cap", "stacking",
                                            "tier_basis", "tier_window", "tier_downgrade"]
    static let tierKeys: Set<String> = ["key", "name", "threshold", "multiplier", "perks", "entry_reward_points"]
    static let campaignKeys: Set<String> = ["id", "name", "kind", "multiplier", "bonus_points", "trigger", "starts", "ends",
                                            "time_zone", "segments", "tiers", "min_order", "first_order_only", "max_awards"]

    public struct Parsed: Sendable {
        public var proposal: WhatIfProposal
        /// The as-of date written in the file, if any (YYYY-MM-DD: the end of that day, UTC).
        public var asOf: UnixTime?
    }

    public static func parse(_ text: String, source: String, current: ProgramSettings, currency: Currency) throws -> Parsed {
        let root: TOMLTable
        do { root = try TOMLTable(string: text) } catch let error as TOMLParseError {
            throw WhatIfFileError(file: source, message: "line \(error.source.begin.line): \(error.description); fix the TOML syntax")
        }
        var reader = Reader(source: source, currency: currency)
        try reader.checkKeys(root, allowed: topKeys, path: "")
        var parsed = Parsed(proposal: WhatIfProposal())
        if let text = try reader.string(root, "as_of", path: "") {
            guard let time = Timestamp.parse(text) else {
                throw reader.problem("as_of", "\"\(text)\" is not a date; write as_of = \"2026-11-21\"")
            }
            parsed.asOf = text.count == 10 ? time + Timestamp.secondsPerDay - 1 : time
        }
        var settings = current
        if let table = try reader.table(root, "settings") {
            try reader.checkKeys(table, allowed: settingsKeys, path: "settings.")
            try reader.readSettings(table, into: &settings)
            parsed.proposal.settings = settings
        }
        if let value = root["tiers"] {
            guard let array = value.array else {
                throw reader.problem("tiers", "must be a list of tables: write [[tiers]] before each tier")
            }
            parsed.proposal.tiers = try array.enumerated().map { index, item in
                guard let table = item.table else { throw reader.problem("tiers[\(index + 1)]", "must be a table ([[tiers]])") }
                try reader.checkKeys(table, allowed: tierKeys, path: "tiers[\(index + 1)].")
                return try reader.readTier(table, basis: settings.tiers.basis, path: "tiers[\(index + 1)].")
            }
        }
        if let table = try reader.table(root, "campaign") {
            try reader.checkKeys(table, allowed: campaignKeys, path: "campaign.")
            parsed.proposal.campaign = try reader.readCampaign(table, zone: settings.timeZone)
        }
        return parsed
    }

    struct Reader {
        let source: String
        let currency: Currency

        func problem(_ key: String, _ message: String) -> WhatIfFileError {
            WhatIfFileError(file: source, message: "\(key): \(message)")
        }

        func checkKeys(_ table: TOMLTable, allowed: Set<String>, path: String) throws {
            for key in table.keys.sorted() where !allowed.contains(key) {
                throw WhatIfFileError(file: source, message: "unknown key \"\(path)\(key)\"; known keys here: \(allowed.sorted().joined(separator: ", "))")
            }
        }

        func table(_ root: TOMLTable, _ key: String) throws -> TOMLTable? {
            guard let value = root[key] else { return nil }
            guard let table = value.table else { throw problem(key, "must be a table: write [\(key)] on its own line") }
            return table
        }

        func string(_ table: TOMLTable, _ key: String, path: String) throws -> String? {
            guard let value = table[key] else { return nil }
            if let s = value.string { return s }
            if let i = value.int { return String(i) }
            if let d = value.double { return String(d) }
            throw problem(path + key, "must be text in quotes, e.g. \(key) = \"…\"")
        }

        func int(_ table: TOMLTable, _ key: String, path: String) throws -> Int? {
            guard let value = table[key] else { return nil }
            guard let i = value.int else { throw problem(path + key, "must be a whole number, e.g. \(key) = 100") }
            return i
        }

        func bool(_ table: TOMLTable, _ key: String, path: String) throws -> Bool? {
            guard let value = table[key] else { return nil }
            guard let b = value.bool else { throw problem(path + key, "must be true or false") }
            return b
        }

        func strings(_ table: TOMLTable, _ key: String, path: String) throws -> [String]? {
            guard let value = table[key] else { return nil }
            guard let array = value.array, case let items = array.compactMap(\.string), items.count == array.count else {
                throw problem(path + key, "must be a list of text, e.g. \(key) = [\"a\", \"b\"]")
            }
            return items
        }

        func money(_ text: String, key: String) throws -> Int64 {
            guard case .success(let amount) = DecimalAmount.parse(text), let minor = amount.minorUnits(in: currency) else {
                throw problem(key, "\"\(text)\" is not an amount in \(currency.code), e.g. \"25.00\"")
            }
            return minor
        }

        func choice<T: RawRepresentable & CaseIterable>(_ table: TOMLTable, _ key: String, path: String, _: T.Type) throws -> T?
        where T.RawValue == String {
            guard let text = try string(table, key, path: path) else { return nil }
            guard let value = T(rawValue: text) else {
                throw problem(path + key, "\"\(text)\" is not one of \(T.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return value
        }

        func localized(_ table: TOMLTable, _ key: String, path: String) throws -> LocalizedText? {
            guard let value = table[key] else { return nil }
            if let text = value.string { return LocalizedText(en: text) }
            if let inner = value.table {
                var values: [String: String] = [:]
                for language in inner.keys {
                    guard let text = inner[language]?.string else { throw problem(path + key + "." + language, "must be text") }
                    values[language] = text
                }
                return LocalizedText(values)
            }
            throw problem(path + key, "must be text, or a table of languages: \(key) = { en = \"…\", ja = \"…\" }")
        }

        func readSettings(_ table: TOMLTable, into s: inout ProgramSettings) throws {
            let p = "settings."
            if let v = try string(table, "points_per_unit", path: p) { s.pointsPerUnit = v }
            if let v = try choice(table, "earn_base", path: p, ProgramSettings.EarnBase.self) { s.earnBase = v }
            if let v = try string(table, "minimum_order", path: p) { s.minimumOrderMinor = try money(v, key: p + "minimum_order") }
            if let v = try int(table, "daily_cap", path: p) { s.dailyCap = v == 0 ? nil : Int64(v) }
            if let v = try choice(table, "stacking", path: p, ProgramSettings.MultiplierStacking.self) { s.multiplierStacking = v }
            if let v = try choice(table, "tier_basis", path: p, TierBasis.self) { s.tiers.basis = v }
            if let v = try choice(table, "tier_window", path: p, TierWindow.self) { s.tiers.window = v }
            if let v = try choice(table, "tier_downgrade", path: p, DowngradePolicy.self) { s.tiers.downgrade = v }
        }

        func readTier(_ table: TOMLTable, basis: TierBasis, path p: String) throws -> TierDefinition {
            guard let key = try string(table, "key", path: p) else { throw problem(p + "key", "is required, e.g. key = \"gold\"") }
            guard let thresholdText = try string(table, "threshold", path: p) else {
                throw problem(p + "threshold", "is required (an amount for a spend basis, else a whole number)")
            }
            let threshold: Int64
            if basis == .spend {
                threshold = try money(thresholdText, key: p + "threshold")
            } else {
                guard let value = Int64(thresholdText) else { throw problem(p + "threshold", "must be a whole number") }
                threshold = value
            }
            return TierDefinition(key: key, name: try localized(table, "name", path: p) ?? LocalizedText(), threshold: threshold,
                                  multiplier: try string(table, "multiplier", path: p) ?? "1",
                                  perks: try localized(table, "perks", path: p) ?? LocalizedText(),
                                  entryRewardPoints: Int64(try int(table, "entry_reward_points", path: p) ?? 0))
        }

        func readCampaign(_ table: TOMLTable, zone: String) throws -> CampaignChange {
            let p = "campaign."
            guard let starts = try string(table, "starts", path: p), let ends = try string(table, "ends", path: p) else {
                throw problem("campaign", "needs starts and ends, e.g. starts = \"2026-12-01\" and ends = \"2026-12-08\"")
            }
            var d = CampaignDefinition(name: try localized(table, "name", path: p) ?? LocalizedText(),
                                       kind: try choice(table, "kind", path: p, CampaignKind.self) ?? .multiplier,
                                       multiplier: try string(table, "multiplier", path: p),
                                       bonusPoints: try int(table, "bonus_points", path: p).map(Int64.init),
                                       startsAt: starts, endsAt: ends, timeZone: try string(table, "time_zone", path: p) ?? zone)
            if let text = try string(table, "trigger", path: p) {
                guard let trigger = LifecycleTrigger(text) else {
                    throw problem(p + "trigger", "\"\(text)\" is not segment:KEY, tier:KEY or tier:*")
                }
                d.trigger = trigger
            }
            d.conditions.segments = try strings(table, "segments", path: p) ?? []
            d.conditions.tiers = try strings(table, "tiers", path: p) ?? []
            if let v = try string(table, "min_order", path: p) { d.conditions.minimumOrderMinor = try money(v, key: p + "min_order") }
            d.conditions.firstOrderOnly = try bool(table, "first_order_only", path: p) ?? false
            d.maxAwardsPerCustomer = try int(table, "max_awards", path: p)
            return CampaignChange(id: try int(table, "id", path: p).map(Int64.init), definition: d)
        }
    }
}

/// A what-if file that cannot be read: the file, the key, and what to write instead. Nothing is replayed.
public struct WhatIfFileError: Error, CustomStringConvertible, Sendable {
    public var file: String
    public var message: String
    public var description: String { "what-if file \(file): \(message)" }
}
