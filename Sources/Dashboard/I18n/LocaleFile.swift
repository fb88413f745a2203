import Foundation
import TOMLKit
import TerminalUI

/// A parsed and structurally valid locale file (format: docs/i18n.md).
///
/// `parse` rejects a file that cannot be used at all (bad TOML, no `[locale]`, a bad direction, a plural table
/// without `other`…). Gaps against English (missing keys, placeholders) are `LocaleCheck`'s business: a file with
/// gaps still loads and the gaps fall back to English at run time.
public struct LocaleFile: Sendable {
    public let fileName: String
    public let code: String
    /// The language's own name for itself ("Español").
    public let name: String
    public let direction: LayoutDirection
    /// A CLDR numbering system overriding the locale's default ("arab" for Arabic-Indic digits), or nil.
    public let numbers: String?
    public let entries: [String: LocaleEntry]
    /// Line of each string key, for messages about it.
    let lines: [String: Int]

    /// Numbering systems a file may ask for (all checked to format with Foundation on Linux).
    public static let numberingSystems: Set<String> = ["latn", "arab", "arabext", "deva", "beng", "thai",
                                                       "hanidec", "fullwide"]
    static let localeFields: Set<String> = ["code", "name", "direction", "numbers"]

    public static func load(contentsOf url: URL) throws(LocaleFileError) -> LocaleFile {
        let fileName = url.lastPathComponent
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw LocaleFileError(issues: [LocaleIssue(
                .unreadable, file: fileName, line: nil, key: nil,
                problem: "cannot be read as UTF-8 text (\(error.localizedDescription))",
                fix: "Check that the file exists, is readable and is saved as UTF-8")])
        }
        return try parse(text, fileName: fileName)
    }

    /// Parses `text`; `fileName` (e.g. "ja.toml") names the file in messages and must match `[locale] code`.
    public static func parse(_ text: String, fileName: String) throws(LocaleFileError) -> LocaleFile {
        let root: TOMLTable
        do {
            root = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw LocaleFileError(issues: [LocaleIssue(
                .syntax, file: fileName, line: error.source.begin.line, key: nil,
                problem: "not valid TOML at column \(error.source.begin.column): \(error.description)",
                fix: "Fix the syntax there (texts need double quotes; keys with dots need quotes: \"a.b\" = \"…\")")])
        } catch {
            throw LocaleFileError(issues: [LocaleIssue(.syntax, file: fileName, line: nil, key: nil,
                problem: "not valid TOML (\(error))", fix: "Fix the TOML syntax")])
        }
        var parser = Parser(fileName: fileName, source: SourceLines(text))
        let file = parser.parse(root)
        guard parser.issues.isEmpty, let file else {
            throw LocaleFileError(issues: parser.issues.sorted { ($0.line ?? 0) < ($1.line ?? 0) })
        }
        return file
    }

    private struct Parser {
        let fileName: String
        let source: SourceLines
        var issues: [LocaleIssue] = []

        init(fileName: String, source: SourceLines) { self.fileName = fileName; self.source = source }

        mutating func parse(_ root: TOMLTable) -> LocaleFile? {
            for key in root.keys where key != "locale" && key != "strings" {
                report(.unknownTable, line: source.line(ofTable: key) ?? source.line(ofKey: key, inTable: nil),
                       key: key, "is not part of a locale file",
                       "Keep only [locale] and [strings]; put texts under [strings]")
            }
            let header = parseHeader(root["locale"])
            let entries = parseStrings(root["strings"])
            guard let header, let entries else { return nil }
            return LocaleFile(fileName: fileName, code: header.code, name: header.name, direction: header.direction,
                              numbers: header.numbers, entries: entries.entries, lines: entries.lines)
        }

        private mutating func parseHeader(_ value: TOMLValueConvertible?)
            -> (code: String, name: String, direction: LayoutDirection, numbers: String?)? {
            guard let table = value?.table else {
                report(.missingLocaleTable, line: nil, key: "locale", "the [locale] table is missing",
                       "Add [locale] with code = \"xx\", name = \"…\" and direction = \"ltr\" or \"rtl\"")
                return nil
            }
            for key in table.keys where !LocaleFile.localeFields.contains(key) {
                report(.badLocaleField, line: line(key, in: "locale"), key: "locale.\(key)", "is not a [locale] field",
                       "Use only code, name, direction and numbers")
            }
            let expectedCode = fileName.hasSuffix(".toml") ? String(fileName.dropLast(5)) : nil
            let code = requiredText(table, "code", fix: "Add code = \"\(expectedCode ?? "xx")\" (the file's name)")
            if let code, !LocaleFile.isLocaleCode(code) {
                report(.badLocaleField, line: line("code", in: "locale"), key: "locale.code",
                       "“\(code)” is not a language code", "Use a code like \"es\", \"pt-BR\" or \"zh-Hant\"")
            } else if let code, let expectedCode, code != expectedCode {
                report(.badLocaleField, line: line("code", in: "locale"), key: "locale.code",
                       "“\(code)” does not match the file name \(fileName)",
                       "Rename the file to \(code).toml or set code = \"\(expectedCode)\"")
            }
            let name = requiredText(table, "name", fix: "Add name = \"…\", the language's name in itself")
            var direction: LayoutDirection?
            if let raw = requiredText(table, "direction", fix: "Add direction = \"ltr\" (or \"rtl\" for Arabic, Hebrew…)") {
                switch raw {
                case "ltr": direction = .leftToRight
                case "rtl": direction = .rightToLeft
                default:
                    report(.badDirection, line: line("direction", in: "locale"), key: "locale.direction",
                           "“\(raw)” is not a direction", "Use \"ltr\" (left to right) or \"rtl\" (right to left)")
                }
            }
            var numbers: String?
            if let value = table["numbers"] {
                if let raw = value.string, LocaleFile.numberingSystems.contains(raw) {
                    numbers = raw
                } else {
                    report(.badNumbers, line: line("numbers", in: "locale"), key: "locale.numbers",
                           "“\(value.string ?? value.debugDescription)” is not a supported numbering system",
                           "Use one of \(LocaleFile.numberingSystems.sorted().joined(separator: ", ")), "
                           + "or remove it to use the locale's default digits")
                }
            }
            guard let code, let name, let direction else { return nil }
            return (code, name, direction, numbers)
        }

        private mutating func parseStrings(_ value: TOMLValueConvertible?)
            -> (entries: [String: LocaleEntry], lines: [String: Int])? {
            guard let table = value?.table else {
                report(.missingStrings, line: nil, key: "strings", "the [strings] table is missing",
                       "Add [strings] with one \"dotted.key\" = \"text\" per line (copy the keys from en.toml)")
                return nil
            }
            var entries: [String: LocaleEntry] = [:]
            var lines: [String: Int] = [:]
            for key in table.keys {
                let line = source.line(ofKey: key, inTable: "strings")
                lines[key] = line
                if let text = table[key]?.string {
                    if let template = template(text, key: key, line: line) { entries[key] = .text(template) }
                } else if let forms = table[key]?.table {
                    if let plural = pluralForms(forms, key: key, line: line) { entries[key] = .plural(plural) }
                } else {
                    report(.badValue, line: line, key: LocaleIssue.stringKey(key), "is neither a text nor plural forms",
                           "Write \"\(key)\" = \"text\" or \"\(key)\" = { one = \"…\", other = \"…\" }")
                }
            }
            return (entries, lines)
        }

        private mutating func pluralForms(_ table: TOMLTable, key: String, line: Int?) -> [PluralCategory: TextTemplate]? {
            let path = LocaleIssue.stringKey(key)
            if !table.keys.contains(where: { PluralCategory(rawValue: $0) != nil }) {
                report(.badValue, line: line, key: path, "is a table but not plural forms",
                       "Quote keys that contain dots (\"\(key).…\" = \"text\"), or give plural forms "
                       + "(zero, one, two, few, many, other)")
                return nil
            }
            var forms: [PluralCategory: TextTemplate] = [:]
            for name in table.keys {
                guard let category = PluralCategory(rawValue: name) else {
                    report(.unknownPluralCategory, line: line, key: path, "“\(name)” is not a plural category",
                           "Use the CLDR categories zero, one, two, few, many, other")
                    continue
                }
                guard let text = table[name]?.string else {
                    report(.badValue, line: line, key: "\(path).\(name)", "is not a text", "Write \(name) = \"…\"")
                    continue
                }
                if let template = template(text, key: "\(key).\(name)", line: line) { forms[category] = template }
            }
            if table[PluralCategory.other.rawValue] == nil {
                report(.pluralMissingOther, line: line, key: path, "plural forms lack “other”",
                       "Add other = \"…\", the form used for every number no other form covers")
            }
            return forms
        }

        private mutating func template(_ text: String, key: String, line: Int?) -> TextTemplate? {
            do {
                return try TextTemplate(parsing: text)
            } catch {
                report(.badTemplate, line: line, key: LocaleIssue.stringKey(key), error.reason,
                       "Placeholders look like {name}; copy them from en.toml")
                return nil
            }
        }

        private mutating func requiredText(_ table: TOMLTable, _ field: String, fix: String) -> String? {
            if let text = table[field]?.string, !text.isEmpty { return text }
            report(.badLocaleField, line: line(field, in: "locale") ?? source.line(ofTable: "locale"),
                   key: "locale.\(field)", table[field] == nil ? "is missing" : "must be a non-empty text", fix)
            return nil
        }

        private func line(_ key: String, in table: String) -> Int? { source.line(ofKey: key, inTable: table) }

        private mutating func report(_ kind: LocaleIssue.Kind, line: Int?, key: String?, _ problem: String,
                                     _ fix: String) {
            issues.append(LocaleIssue(kind, file: fileName, line: line, key: key, problem: problem, fix: fix))
        }
    }

    /// A BCP 47 language tag of the shapes this app uses: "es", "pt-BR", "zh-Hant", "zh-Hant-TW".
    static func isLocaleCode(_ code: String) -> Bool {
        let parts = code.split(separator: "-", omittingEmptySubsequences: false)
        guard let language = parts.first, (2...3).contains(language.count),
              language.allSatisfy({ $0.isASCII && $0.isLowercase }) else { return false }
        var rest = parts.dropFirst()
        if let script = rest.first, script.count == 4, script.first!.isUppercase,
           script.allSatisfy({ $0.isASCII && $0.isLetter }) { rest = rest.dropFirst() }
        if let region = rest.first, (region.count == 2 && region.allSatisfy({ $0.isASCII && $0.isUppercase }))
            || (region.count == 3 && region.allSatisfy({ $0.isASCII && $0.isNumber })) { rest = rest.dropFirst() }
        return rest.isEmpty
    }
}
