import Foundation
import Synchronization
import Testing
import TerminalUI
@testable import Dashboard

// MARK: - Helpers

private func parse(_ text: String, file: String) throws(LocaleFileError) -> LocaleFile {
    try LocaleFile.parse(text, fileName: file)
}

/// The issues a broken file produces (fails the test if it parses).
private func parseIssues(_ text: String, file: String = "xx.toml") -> [LocaleIssue] {
    do {
        _ = try parse(text, file: file)
        Issue.record("\(file) parsed although it is broken")
        return []
    } catch {
        return error.issues
    }
}

private let miniEnglish = """
    [locale]
    code = "en"
    name = "English"
    direction = "ltr"

    [strings]
    "greeting" = "Hello {name}"
    "age.days" = { one = "{count} day ago", other = "{count} days ago" }
    "items" = { one = "{count} item in {place}", other = "{count} items in {place}" }
    """

private func header(_ code: String, direction: String = "ltr") -> String {
    "[locale]\ncode = \"\(code)\"\nname = \"X\"\ndirection = \"\(direction)\"\n\n[strings]\n"
}

private func issues(of body: String, code: String) throws -> [LocaleIssue] {
    let english = try parse(miniEnglish, file: "en.toml")
    let file = try parse(header(code) + body, file: "\(code).toml")
    return LocaleCheck.issues(of: file, reference: english)
}


// MARK: - Shipped locale files

@Suite("Shipped locale files")
struct ShippedLocaleTests {
    @Test("every bundled locale loads", arguments: BundledLocaleFiles.codes)
    func loads(code: String) throws {
        let file = try BundledLocaleFiles.load(code)
        #expect(file.code == code)
        #expect(file.direction == (["ar", "he", "fa"].contains(code) ? .rightToLeft : .leftToRight))
        #expect(!file.entries.isEmpty)
    }

    @Test("every locale has exactly en's keys, placeholders and its language's plural forms",
          arguments: BundledLocaleFiles.codes)
    func complete(code: String) throws {
        let english = try BundledLocaleFiles.load("en")
        let file = try BundledLocaleFiles.load(code)
        let issues = LocaleCheck.issues(of: file, reference: english)
        #expect(issues.isEmpty, "\(issues.map(\.description).joined(separator: "\n"))")
    }

    @Test("the shipped locales are the ones the brief asks for, English first")
    func shippedCodes() {
        #expect(BundledLocaleFiles.codes.first == "en")
        #expect(Set(BundledLocaleFiles.codes) == ["en", "es", "ar", "he", "ja"])
    }

    @Test("every ledger entry kind and role has a text")
    func domainKeys() throws {
        let english = try BundledLocaleFiles.load("en")
        // Raw values of LoyaltyCore's EntryKind and Role (this target may not import LoyaltyCore).
        let kinds = ["earn", "signup", "birthday", "referral", "campaign_bonus", "tier_reward", "redeem",
                     "refund_clawback", "cancel_reversal", "redemption_cancel", "expire", "adjust", "undo", "import"]
        for kind in kinds { #expect(english.entries["journey.entryKind.\(kind)"] != nil, "entry kind \(kind)") }
        for role in ["owner", "admin", "staff", "support", "viewer"] {
            #expect(english.entries["role.\(role)"] != nil, "role \(role)")
        }
    }
}

// MARK: - Bad files

@Suite("Bad locale files")
struct BadLocaleFileTests {
    @Test("a TOML syntax error names the file, line and column")
    func syntaxError() {
        let issues = parseIssues(header("xx") + "\"greeting\" = \"Hello\n", file: "xx.toml")
        #expect(issues.count == 1)
        #expect(issues.first?.kind == .syntax)
        #expect(issues.first?.line == 7)
        #expect(issues.first?.description.hasPrefix("xx.toml:7: not valid TOML at column") == true)
    }

    @Test("a file without [locale] says to add it")
    func missingLocale() {
        let issues = parseIssues("[strings]\n\"a\" = \"b\"\n")
        #expect(issues.map(\.kind) == [.missingLocaleTable])
        #expect(issues.first?.description
            == "xx.toml: locale: the [locale] table is missing. Add [locale] with code = \"xx\", name = \"…\" and "
               + "direction = \"ltr\" or \"rtl\"")
    }

    @Test("a bad direction names its line and the allowed values")
    func badDirection() {
        let issues = parseIssues(header("xx", direction: "up") + "\"a\" = \"b\"\n")
        #expect(issues.map(\.kind) == [.badDirection])
        #expect(issues.first?.description
            == "xx.toml:4: locale.direction: “up” is not a direction. Use \"ltr\" (left to right) or \"rtl\" "
               + "(right to left)")
    }

    @Test("plural forms without other are rejected")
    func pluralWithoutOther() {
        let issues = parseIssues(header("xx") + "\"a\" = \"b\"\n\"age.days\" = { one = \"{count} day\" }\n")
        #expect(issues.map(\.kind) == [.pluralMissingOther])
        #expect(issues.first?.description
            == "xx.toml:8: strings.\"age.days\": plural forms lack “other”. Add other = \"…\", the form used for "
               + "every number no other form covers")
    }

    @Test("an unknown plural category is rejected with the valid ones")
    func unknownCategory() {
        let issues = parseIssues(header("xx") + "\"age.days\" = { single = \"a day\", other = \"{count} days\" }\n")
        #expect(issues.map(\.kind) == [.unknownPluralCategory])
        #expect(issues.first?.description
            == "xx.toml:7: strings.\"age.days\": “single” is not a plural category. Use the CLDR categories zero, "
               + "one, two, few, many, other")
    }

    @Test("an unquoted dotted key gets a hint about quotes")
    func unquotedDottedKey() {
        let issues = parseIssues(header("xx") + "overview.title = \"Overview\"\n")
        #expect(issues.map(\.kind) == [.badValue])
        #expect(issues.first?.line == 7)
        #expect(issues.first?.fix.contains("Quote keys that contain dots") == true)
    }

    @Test("a broken placeholder is rejected")
    func brokenPlaceholder() {
        let issues = parseIssues(header("xx") + "\"a\" = \"Hello {name\"\n\"b\" = \"x } y\"\n")
        #expect(issues.map(\.kind) == [.badTemplate, .badTemplate])
        #expect(issues.map(\.line) == [7, 8])
    }

    @Test("the code must match the file name, and missing fields are each named")
    func headerFields() {
        let issues = parseIssues("[locale]\ncode = \"es\"\ndirection = \"ltr\"\nspeed = 3\n[strings]\n", file: "fr.toml")
        #expect(Set(issues.map(\.key)) == ["locale.code", "locale.name", "locale.speed"])
        #expect(issues.contains { $0.description.contains("does not match the file name fr.toml") })
    }

    @Test("an unsupported numbering system is rejected; a supported one is kept")
    func numbers() throws {
        let bad = parseIssues(header("ar").replacingOccurrences(of: "[strings]", with: "numbers = \"roman\"\n[strings]"),
                              file: "ar.toml")
        #expect(bad.map(\.kind) == [.badNumbers])
        let good = try parse(header("ar").replacingOccurrences(of: "[strings]", with: "numbers = \"arab\"\n[strings]"),
                             file: "ar.toml")
        #expect(good.numbers == "arab")
    }

    @Test("a missing file is reported, not a crash")
    func unreadable() {
        #expect(throws: LocaleFileError.self) {
            try LocaleFile.load(contentsOf: URL(fileURLWithPath: "/nonexistent/xx.toml"))
        }
        #expect(throws: LocaleFileError.self) { try BundledLocaleFiles.load("xx") }
    }
}

// MARK: - Completeness against English

@Suite("Completeness against en")
struct CompletenessTests {
    @Test("a missing key, an extra key and a placeholder mismatch are each reported with the key's line")
    func keysAndPlaceholders() throws {
        let found = try issues(of: """
            "greeting" = "Hola {nombre}"
            "items" = { one = "{count} cosa en {place}", other = "{count} cosas en {place}" }
            "farewell" = "Adiós"
            """, code: "es")
        #expect(found.map(\.kind) == [.missingKey, .placeholderMismatch, .missingPluralForm, .extraKey])
        #expect(found[0].entry == "age.days")
        #expect(found[1].description
            == "es.toml:7: strings.\"greeting\": uses {nombre} but en.toml uses {name}. Use exactly {name}, "
               + "spelled as in en.toml")
        #expect(found[2].description.contains("lacks the “many” form es needs"))
        #expect(found[3].line == 9)
    }

    @Test("forms for exactly one number may leave {count} out; other forms may not")
    func countInForms() throws {
        let arabic = try issues(of: """
            "greeting" = "مرحبا {name}"
            "age.days" = { zero = "{count}", one = "منذ يوم", two = "منذ يومين", few = "{count}", many = "{count}", other = "{count}" }
            "items" = { zero = "{count} {place}", one = "{place}", two = "{place}", few = "{count} {place}", many = "{count} {place}", other = "{count} {place}" }
            """, code: "ar")
        #expect(arabic.isEmpty, "\(arabic)")

        // Russian "one" covers 1, 21, 31…: the number must be shown.
        let russian = try issues(of: """
            "greeting" = "Привет {name}"
            "age.days" = { one = "день назад", few = "{count} дня назад", many = "{count} дней назад", other = "{count} дня назад" }
            "items" = { one = "{count} в {place}", few = "{count} в {place}", many = "{count} в {place}", other = "{count} {place}" }
            """, code: "ru")
        #expect(russian.map(\.kind) == [.placeholderMismatch])
        #expect(russian.first?.problem.contains("form “one”") == true)

        // A non-count placeholder may never be left out.
        let hebrew = try issues(of: """
            "greeting" = "שלום {name}"
            "age.days" = { one = "לפני יום", two = "לפני יומיים", other = "לפני {count} ימים" }
            "items" = { one = "פריט אחד", two = "{count} ב{place}", other = "{count} ב{place}" }
            """, code: "he")
        #expect(hebrew.map(\.kind) == [.placeholderMismatch])
    }

    @Test("a form the language never uses, and a text where English has plural forms, are reported")
    func unusedAndShape() throws {
        let found = try issues(of: """
            "greeting" = { one = "{name}", other = "{name}" }
            "age.days" = { one = "{count}", two = "{count}", other = "{count}" }
            "items" = "{count} {place}"
            """, code: "de")
        #expect(Set(found.map(\.kind)) == [.shapeMismatch, .unusedPluralForm])
        #expect(found.contains { $0.entry == "age.days" && $0.problem == "has a “two” form de never uses" })
    }

    @Test("a language without a built-in rule needs only other")
    func unknownLanguage() throws {
        let found = try issues(of: """
            "greeting" = "Sawasdee {name}"
            "age.days" = { other = "{count}" }
            "items" = { other = "{count} {place}" }
            """, code: "th")
        #expect(found.isEmpty, "\(found)")
    }
}

// MARK: - Plural rules

@Suite("CLDR plural rules")
struct PluralRuleTests {
    // Expected categories from CLDR 42+ (the same ICU 72 gives), for numbers that tell the rules apart.
    static let samples: [(String, [PluralCategory: [Int]])] = [
        ("en", [.one: [1], .other: [0, 2, 11, 21, 101, 1_000_000]]),
        ("de", [.one: [1], .other: [0, 2, 21, 1_000_000]]),
        ("es", [.one: [1], .many: [1_000_000, 2_000_000, 1_000_000_000], .other: [0, 2, 21, 1_000, 1_000_001]]),
        ("it", [.one: [1], .many: [1_000_000, 3_000_000], .other: [0, 2, 1_000_001]]),
        ("fr", [.one: [0, 1], .many: [1_000_000, 10_000_000], .other: [2, 21, 1_000_001]]),
        ("pt", [.one: [0, 1], .many: [1_000_000], .other: [2, 101, 1_000_001]]),
        ("ar", [.zero: [0], .one: [1], .two: [2], .few: [3, 10, 103, 110, 1_003], .many: [11, 26, 99, 111, 1_011],
                .other: [100, 101, 102, 200, 1_000, 1_000_000]]),
        ("he", [.one: [1], .two: [2], .other: [0, 3, 10, 20, 100, 1_000_000]]),
        ("ru", [.one: [1, 21, 101, 1_001], .few: [2, 4, 22, 102], .many: [0, 5, 11, 12, 14, 20, 111, 1_000_000]]),
        ("uk", [.one: [1, 21, 31], .few: [2, 3, 24], .many: [0, 5, 11, 13, 25, 100]]),
        ("pl", [.one: [1], .few: [2, 3, 4, 22, 102], .many: [0, 5, 11, 12, 14, 21, 101, 1_000]]),
        ("cs", [.one: [1], .few: [2, 3, 4], .other: [0, 5, 21, 22, 100]]),
        ("fa", [.one: [0, 1], .other: [2, 10, 1_000_000]]),
        ("tr", [.one: [1], .other: [0, 2]]), ("hu", [.one: [1], .other: [0, 2]]),
        ("nl", [.one: [1], .other: [0, 2]]), ("sv", [.one: [1], .other: [0, 2]]),
        ("ja", [.other: [0, 1, 2, 1_000_000]]), ("zh", [.other: [0, 1, 2]]), ("ko", [.other: [0, 1, 2]]),
        ("vi", [.other: [0, 1, 2]]), ("id", [.other: [0, 1, 2]]),
    ]

    @Test("each language's rule puts known numbers in the right category",
          arguments: samples.map(\.0))
    func knownNumbers(language: String) throws {
        let rule = try #require(PluralRule.forLocale(language))
        let expected = try #require(Self.samples.first { $0.0 == language }?.1)
        for (category, numbers) in expected {
            for n in numbers {
                #expect(rule.category(for: n) == category, "\(language) \(n)")
                #expect(rule.category(for: -n) == category, "\(language) \(-n)")
            }
        }
    }

    @Test("every language the product plans has a rule")
    func coverage() {
        #expect(Set(PluralRule.languages) == Set(Self.samples.map(\.0)))
    }

    @Test("declared categories are exactly those whole numbers reach, and single-valued ones hold one number",
          arguments: PluralRule.languages)
    func declaredCategories(language: String) throws {
        let rule = try #require(PluralRule.forLocale(language))
        let numbers = Array(0...2_500) + [1_000_000, 2_000_000, 1_000_001, 1_000_000_000, Int.max]
        var seen: [PluralCategory: Set<Int>] = [:]
        for n in numbers { seen[rule.category(for: n), default: []].insert(n) }
        #expect(Set(seen.keys).subtracting([.other]) == rule.categories.subtracting([.other]))
        for (category, value) in rule.singleValued {
            #expect(seen[category] == [value], "\(language) \(category)")
        }
    }

    @Test("a region or script does not change the rule; unknown languages have none")
    func lookup() {
        #expect(PluralRule.forLocale("pt-BR")?.language == "pt")
        #expect(PluralRule.forLocale("zh_Hant")?.language == "zh")
        #expect(PluralRule.forLocale("xx") == nil)
        #expect(PluralRule.otherOnly.category(for: 1) == .other)
    }
}

// MARK: - Locale resolution

@Suite("Choosing the locale")
struct LocaleResolverTests {
    static let available = ["en", "es", "ar", "he", "ja"]

    @Test("the environment's locale maps to a shipped one", arguments: [
        ("ja_JP.UTF-8", "ja"), ("es_MX", "es"), ("he_IL", "he"), ("ar_EG.utf8", "ar"), ("en_GB.UTF-8@euro", "en"),
        ("C", "en"), ("POSIX", "en"), ("C.UTF-8", "en"), ("es", "es"), ("ES_es", "es"),
    ])
    func fromLang(value: String, code: String) {
        let choice = LocaleResolver.resolve(flag: nil, config: nil, environment: ["LANG": value],
                                            available: Self.available)
        #expect(choice.code == code)
        #expect(choice.source == .environment("LANG"))
        #expect(choice.notices.isEmpty)
    }

    @Test("LC_ALL beats LC_MESSAGES beats LANG; empty ones do not count")
    func precedence() {
        let all = ["LC_ALL": "he_IL.UTF-8", "LC_MESSAGES": "ja_JP.UTF-8", "LANG": "es_ES.UTF-8"]
        #expect(LocaleResolver.resolve(flag: nil, config: nil, environment: all, available: Self.available).code == "he")
        var messages = all
        messages["LC_ALL"] = ""
        let choice = LocaleResolver.resolve(flag: nil, config: nil, environment: messages, available: Self.available)
        #expect(choice.code == "ja")
        #expect(choice.source == .environment("LC_MESSAGES"))
        messages["LC_MESSAGES"] = nil
        #expect(LocaleResolver.resolve(flag: nil, config: nil, environment: messages, available: Self.available).code == "es")
    }

    @Test("--lang beats the config, which beats the environment")
    func explicitChoices() {
        let env = ["LANG": "es_ES.UTF-8"]
        #expect(LocaleResolver.resolve(flag: "ja", config: "he", environment: env, available: Self.available).source == .flag)
        let config = LocaleResolver.resolve(flag: nil, config: "he", environment: env, available: Self.available)
        #expect(config.code == "he")
        #expect(config.source == .config)
    }

    @Test("an unknown language gives a notice and the next source decides; nothing known means English")
    func unknown() throws {
        let fallThrough = LocaleResolver.resolve(flag: "fr", config: nil, environment: ["LANG": "ja_JP.UTF-8"],
                                                 available: Self.available)
        #expect(fallThrough.code == "ja")
        #expect(fallThrough.notices == [LocaleNotice(requested: "fr", source: .flag)])

        let english = LocaleResolver.resolve(flag: nil, config: nil, environment: ["LANG": "de_DE.UTF-8"],
                                             available: Self.available)
        #expect(english.code == "en")
        #expect(english.source == .fallback)
        let localizer = try Localizer.bundled("en")
        #expect(english.notices.map { $0.message(localizer, available: Self.available) }
            == ["Language “de_DE.UTF-8” is not available. Available: en, es, ar, he, ja"])
        #expect(english.notices == [LocaleNotice(requested: "de_DE.UTF-8", source: .environment("LANG"))])

        let nothing = LocaleResolver.resolve(flag: nil, config: nil, environment: [:], available: Self.available)
        #expect(nothing.code == "en")
        #expect(nothing.notices.isEmpty)
    }
}

// MARK: - Localizer

@Suite("Localizer")
struct LocalizerTests {
    @Test("texts, placeholders and direction per locale")
    func texts() throws {
        let en = try Localizer.bundled("en")
        #expect(en.t("header.operator", ["name": "Ana", "role": en.t("role.owner")]) == "Ana · Owner")
        #expect(en.t("terminal.tooSmall", ["minWidth": "80", "minHeight": "24", "width": "60", "height": "20"])
            == "Enlarge the terminal to at least 80×24 (now 60×20)")
        #expect(en.direction == .leftToRight)
        let ar = try Localizer.bundled("ar")
        #expect(ar.direction == .rightToLeft)
        #expect(ar.code == "ar")
        #expect(try Localizer.bundled("he").direction == .rightToLeft)
        #expect(try Localizer.bundled("es").t("customers.noResults", ["query": "zz"]) == "Ningún cliente coincide con «zz»")
    }

    @Test("plural forms per locale, with the count in the locale's digits", arguments: [
        ("en", 1, "1 customer"), ("en", 1234, "1,234 customers"),
        ("es", 1, "1 cliente"), ("es", 1_000_000, "1.000.000 de clientes"), ("es", 2_000, "2000 clientes"),
        ("ar", 0, "لا يوجد عملاء"), ("ar", 1, "عميل واحد"), ("ar", 2, "عميلان"), ("ar", 3, "3 عملاء"),
        ("ar", 11, "11 عميلًا"), ("ar", 100, "100 عميل"),
        ("he", 1, "לקוח אחד"), ("he", 2, "שני לקוחות"), ("he", 7, "7 לקוחות"),
        ("ja", 1, "1件"), ("ja", 25_000, "25,000件"),
    ])
    func plurals(code: String, count: Int, expected: String) throws {
        #expect(try Localizer.bundled(code).plural("customers.results", count: count) == expected)
    }

    static let ageCases: [(String, Int64, String)] = [
        ("en", 30, "just now"), ("en", 60, "1 min ago"), ("en", 5 * 60 + 59, "5 min ago"), ("en", 3_600, "1 hour ago"),
        ("en", 7_200, "2 hours ago"), ("en", 86_400, "1 day ago"), ("en", 3 * 86_400, "3 days ago"),
        ("en", -500, "just now"),
        ("es", 300, "hace 5 min"), ("es", 3_600, "hace 1 hora"), ("es", 3 * 86_400, "hace 3 días"),
        ("ar", 60, "منذ دقيقة"), ("ar", 120, "منذ دقيقتين"), ("ar", 300, "منذ 5 دقائق"),
        ("ar", 15 * 3_600, "منذ 15 ساعة"), ("ar", 3 * 86_400, "منذ 3 أيام"), ("ar", 11 * 86_400, "منذ 11 يومًا"),
        ("ar", 100 * 86_400, "منذ 100 يوم"),
        ("he", 60, "לפני דקה"), ("he", 2 * 86_400, "לפני יומיים"), ("he", 5 * 3_600, "לפני 5 שעות"),
        ("ja", 0, "たった今"), ("ja", 300, "5分前"), ("ja", 3 * 86_400, "3日前"),
    ]

    @Test("relative ages", arguments: ageCases)
    func ages(code: String, seconds: Int64, expected: String) throws {
        #expect(try Localizer.bundled(code).age(seconds: seconds) == expected)
    }

    @Test("age from two timestamps")
    func ageBetween() throws {
        #expect(try Localizer.bundled("en").age(since: 1_000, now: 1_000 + 2 * 86_400 + 5) == "2 days ago")
    }

    @Test("an explicit count text keeps the sign while the number picks the form")
    func signedCount() throws {
        let en = try Localizer.bundled("en")
        let points = en.plural("unit.points", count: 50, args: ["count": en.format.signedPoints(50)])
        #expect(points == "+50 points")
        #expect(en.plural("unit.points", count: 1) == "1 point")
        #expect(en.t("confirm.adjust", ["points": en.format.signedPoints(-20), "name": "Ana", "reason": "gift"])
            == "Adjust Ana’s balance by -20? Reason: gift")
    }

    @Test("a key the locale lacks shows English and is reported once; unknown keys show themselves")
    func fallback() throws {
        let english = try parse(miniEnglish, file: "en.toml")
        let spanish = try parse(header("es") + "\"greeting\" = \"Hola {name}\"\n", file: "es.toml")
        let reports = ReportLog()
        let es = Localizer(file: spanish, english: english, reporter: MissingTextReporter { reports.append($0) })
        #expect(es.t("greeting", ["name": "Ana"]) == "Hola Ana")
        #expect(es.plural("age.days", count: 3) == "3 days ago")
        #expect(es.plural("age.days", count: 1) == "1 day ago")
        #expect(es.t("nope.key") == "nope.key")
        #expect(es.t("nope.key") == "nope.key")
        #expect(reports.all == [
            .init(locale: "es", key: "age.days", kind: .missingKey(shownInEnglish: true)),
            .init(locale: "es", key: "nope.key", kind: .missingKey(shownInEnglish: false)),
        ])
        #expect(es.reporter.reports.count == 2)
    }

    @Test("a translation with wrong placeholders is not shown; English is")
    func brokenEntryFallsBack() throws {
        let english = try parse(miniEnglish, file: "en.toml")
        let spanish = try parse(header("es") + "\"greeting\" = \"Hola {nombre}\"\n", file: "es.toml")
        let es = Localizer(file: spanish, english: english)
        #expect(es.t("greeting", ["name": "Ana"]) == "Hello Ana")
    }

    @Test("a missing argument stays visible and is reported; a missing plural form uses other")
    func missingArgumentAndForm() throws {
        let english = try parse(miniEnglish, file: "en.toml")
        let arabic = try parse(header("ar", direction: "rtl")
                                   + "\"age.days\" = { one = \"منذ يوم\", other = \"منذ {count} يوم\" }\n",
                               file: "ar.toml")
        let ar = Localizer(file: arabic, english: english)
        #expect(ar.plural("age.days", count: 5) == "منذ 5 يوم")
        #expect(ar.t("greeting") == "Hello {name}")
        #expect(ar.reporter.reports.contains(.init(locale: "ar", key: "age.days", kind: .missingPluralForm(.few))))
        #expect(ar.reporter.reports.contains(.init(locale: "ar", key: "greeting", kind: .missingArgument("name"))))
    }

    @Test("templates: literal braces, and every bad brace is caught")
    func templates() throws {
        #expect(try TextTemplate(parsing: "{{x}} {y}").render(["y": "1"]).text == "{x} 1")
        #expect(try TextTemplate(parsing: "a {b} c {d}").placeholders == ["b", "d"])
        for bad in ["{", "}", "{a", "{ a }", "{1a}", "{é}"] {
            #expect(throws: TextTemplate.SyntaxError.self, "\(bad)") { try TextTemplate(parsing: bad) }
        }
    }
}

/// Collects reports from the reporter's sink (which runs on the caller's thread).
private final class ReportLog: Sendable {
    private let storage = MutexBox<[MissingTextReporter.Report]>([])
    func append(_ report: MissingTextReporter.Report) { storage.withLock { $0.append(report) } }
    var all: [MissingTextReporter.Report] { storage.withLock { $0 } }
}

private final class MutexBox<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>
    init(_ value: Value) { mutex = Mutex(value) }
    func withLock<R>(_ body: (inout Value) -> R) -> R { mutex.withLock { body(&$0) } }
}

// MARK: - Formatting

@Suite("Locale formatting")
struct LocaleFormatTests {
    // 2024-06-10 06:13:20 UTC; 02:13 in New York, the same day; 2024-06-09 in Honolulu.
    static let instant: Int64 = 1_718_000_000

    static func format(_ code: String, numbers: String? = nil, zone: String = "UTC") -> LocaleFormat {
        LocaleFormat(code: code, numbers: numbers, timeZone: TimeZone(identifier: zone)!)
    }

    @Test("integers with the locale's grouping", arguments: [
        ("en", "1,234,567"), ("es", "1.234.567"), ("ar", "1,234,567"), ("he", "1,234,567"), ("ja", "1,234,567"),
    ])
    func integers(code: String, expected: String) {
        #expect(Self.format(code).integer(1_234_567) == expected)
    }

    @Test("Arabic-Indic digits when the file asks for them")
    func arabicDigits() {
        #expect(Self.format("ar", numbers: "arab").integer(1_234_567) == "١٬٢٣٤٬٥٦٧")
        #expect(Self.format("ar", numbers: "roman").integer(1_234) == "1,234")  // unsupported: CLDR default
    }

    @Test("Spanish groups only from five digits (CLDR minimumGroupingDigits = 2)")
    func spanishGrouping() {
        #expect(Self.format("es").integer(1234) == "1234")
        #expect(Self.format("es").integer(12345) == "12.345")
    }

    @Test("signed points", arguments: [
        ("en", "+50", "-20"), ("es", "+50", "-20"), ("ja", "+50", "-20"),
        ("ar", "\u{200E}+50", "\u{200E}-20"), ("he", "\u{200E}+50", "\u{200E}-20"),
    ])
    func signed(code: String, plus: String, minus: String) {
        let f = Self.format(code)
        #expect(f.signedPoints(50) == plus)
        #expect(f.signedPoints(-20) == minus)
        #expect(f.signedPoints(0) == "0")
    }

    @Test("percentages", arguments: [
        ("en", "12.5%"), ("es", "12,5\u{00A0}%"), ("ar", "12.5\u{200E}%\u{200E}"), ("he", "12.5%"), ("ja", "12.5%"),
    ])
    func percentages(code: String, expected: String) {
        let f = Self.format(code)
        #expect(f.percent(0.125) == expected)
        #expect(f.percent(.nan) == "—")
    }

    @Test("money in USD, EUR and JPY", arguments: [
        ("en", "$1,234.50", "€1,234.50", "¥1,235"),
        ("es", "1234,50\u{00A0}US$", "1234,50\u{00A0}€", "1235\u{00A0}JPY"),
        ("ar", "\u{200F}1,234.50\u{00A0}US$", "\u{200F}1,234.50\u{00A0}€", "\u{200F}1,235\u{00A0}JP¥"),
        ("he", "\u{200F}1,234.50\u{00A0}\u{200F}$", "\u{200F}1,234.50\u{00A0}\u{200F}€", "\u{200F}1,235\u{00A0}\u{200F}¥"),
        ("ja", "$1,234.50", "€1,234.50", "¥1,235"),
    ])
    func money(code: String, usd: String, eur: String, jpy: String) {
        let f = Self.format(code)
        #expect(f.money(minorUnits: 123_450, currency: "USD", exponent: 2) == usd)
        #expect(f.money(minorUnits: 123_450, currency: "EUR", exponent: 2) == eur)
        #expect(f.money(minorUnits: 1_235, currency: "JPY", exponent: 0) == jpy)
    }

    @Test("money is exact for every Int64, negative amounts and odd codes")
    func moneyEdges() {
        let en = Self.format("en")
        #expect(en.money(minorUnits: .max, currency: "USD", exponent: 2) == "$92,233,720,368,547,758.07")
        #expect(en.money(minorUnits: .min, currency: "USD", exponent: 2) == "-$92,233,720,368,547,758.08")
        #expect(en.money(minorUnits: -5, currency: "usd", exponent: 2) == "-$0.05")
        #expect(en.money(minorUnits: 1_234_567, currency: "KWD", exponent: 3) == "KWD\u{00A0}1,234.567")
        #expect(en.money(minorUnits: 1_250, currency: "points", exponent: 2) == "12.50 points")
    }

    @Test("short dates in UTC", arguments: [
        ("en", "6/10/2024"), ("es", "10/6/2024"), ("ar", "10\u{200F}/6\u{200F}/2024"), ("he", "10.6.2024"),
        ("ja", "2024/6/10"),
    ])
    func dates(code: String, expected: String) {
        #expect(Self.format(code).date(unixSeconds: Self.instant) == expected)
    }

    @Test("date-times in UTC", arguments: [
        ("en", "6/10/2024, 6:13\u{202F}AM"), ("es", "10/6/2024, 6:13"),
        ("ar", "10\u{200F}/6\u{200F}/2024\u{060C} 6:13\u{00A0}ص"), ("he", "10.6.2024, 6:13"), ("ja", "2024/6/10 6:13"),
    ])
    func dateTimes(code: String, expected: String) {
        #expect(Self.format(code).dateTime(unixSeconds: Self.instant) == expected)
    }

    @Test("the time zone parameter decides the day, not the machine")
    func timeZones() throws {
        #expect(Self.format("en", zone: "America/New_York").dateTime(unixSeconds: Self.instant) == "6/10/2024, 2:13\u{202F}AM")
        #expect(Self.format("en", zone: "Pacific/Honolulu").date(unixSeconds: Self.instant) == "6/9/2024")
        let tokyo = try Localizer.bundled("ja").inTimeZone(TimeZone(identifier: "Asia/Tokyo")!)
        #expect(tokyo.format.dateTime(unixSeconds: Self.instant) == "2024/6/10 15:13")
    }

    @Test("lists", arguments: [("en", "en, es, ja"), ("ja", "en、es、ja")])
    func lists(code: String, expected: String) {
        #expect(Self.format(code).list(["en", "es", "ja"]) == expected)
    }

    @Test("every allowed numbering system formats digits (none crashes or comes back empty)",
          arguments: LocaleFile.numberingSystems.sorted())
    func numberingSystems(numbers: String) {
        let f = Self.format("ar", numbers: numbers)
        let text = f.integer(1_234)
        #expect(text.unicodeScalars.contains { $0.properties.numericType != nil }, "\(text)")
        #expect(!f.date(unixSeconds: Self.instant).isEmpty)
    }

    @Test("formatting is fast enough to run per visible cell per frame")
    func speed() {
        let f = Self.format("ar")
        let start = ContinuousClock.now
        for i in 0..<2_000 {
            _ = f.integer(i * 1_234)
            _ = f.money(minorUnits: Int64(i) * 99, currency: "EUR", exponent: 2)
            _ = f.date(unixSeconds: Self.instant + Int64(i) * 3_600)
        }
        // 6,000 calls; about 20 ms in a debug build here. The bound catches a formatter rebuilt per call.
        #expect(ContinuousClock.now - start < .seconds(2))
    }
}
