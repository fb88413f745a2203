/// Completeness of a locale file against the reference (en.toml, the source of truth): every key, the same
/// placeholders, and the plural forms the file's language needs. A file with such gaps still loads (the gaps fall
/// back to English at run time); the test suite requires every shipped file to have none.
public enum LocaleCheck {
    public static func issues(of file: LocaleFile, reference: LocaleFile) -> [LocaleIssue] {
        var issues: [LocaleIssue] = []
        let rule = PluralRule.forLocale(file.code)
        func report(_ kind: LocaleIssue.Kind, _ key: String, _ problem: String, _ fix: String) {
            issues.append(LocaleIssue(kind, file: file.fileName, line: file.lines[key],
                                      key: LocaleIssue.stringKey(key), entry: key, problem: problem, fix: fix))
        }
        for key in reference.entries.keys where file.entries[key] == nil {
            let place = reference.lines[key].map { "\(reference.fileName):\($0)" } ?? reference.fileName
            report(.missingKey, key, "is missing", "Translate it (\(place) has the English text)")
        }
        for (key, entry) in file.entries {
            guard let expected = reference.entries[key] else {
                report(.extraKey, key, "is not in \(reference.fileName)",
                       "Remove it, or add it to \(reference.fileName) first (English is the source of truth)")
                continue
            }
            switch (entry, expected) {
            case (.text(let template), .text(let english)):
                if template.placeholders != english.placeholders {
                    report(.placeholderMismatch, key, "uses \(list(template.placeholders)) but "
                           + "\(reference.fileName) uses \(list(english.placeholders))",
                           "Use exactly \(list(english.placeholders)), spelled as in \(reference.fileName)")
                }
            case (.plural(let forms), .plural):
                let needed = (rule ?? .otherOnly).categories
                let language = rule?.language ?? file.code
                for category in needed.subtracting(forms.keys).sorted() {
                    report(.missingPluralForm, key, "lacks the “\(category.rawValue)” form \(language) needs",
                           "Add \(category.rawValue) = \"…\" (\(language) uses \(names(needed)))")
                }
                if rule != nil {
                    for category in Set(forms.keys).subtracting(needed).sorted() {
                        report(.unusedPluralForm, key, "has a “\(category.rawValue)” form \(language) never uses",
                               "Remove it (\(language) uses \(names(needed)))")
                    }
                }
                let all = expected.placeholders
                for (category, template) in forms.sorted(by: { $0.key < $1.key }) {
                    // A form for exactly one number may spell the number out ("منذ يومين" = two days ago).
                    let optional: Set<String> = rule?.singleValued[category] != nil ? ["count"] : []
                    let missing = all.subtracting(template.placeholders).subtracting(optional)
                    let unknown = template.placeholders.subtracting(all)
                    if !missing.isEmpty || !unknown.isEmpty {
                        report(.placeholderMismatch, key, "form “\(category.rawValue)” uses "
                               + "\(list(template.placeholders)) but \(reference.fileName) uses \(list(all))",
                               "Use exactly \(list(all)) in every form"
                               + (optional.isEmpty ? "" : " ({count} may be left out of this one)"))
                    }
                }
            case (.text, .plural):
                report(.shapeMismatch, key, "is a single text but plural forms in \(reference.fileName)",
                       "Write it as { \(names((rule ?? .otherOnly).categories, separator: " = \"…\", ")) = \"…\" }")
            case (.plural, .text):
                report(.shapeMismatch, key, "has plural forms but is a single text in \(reference.fileName)",
                       "Write it as one text: \"\(key)\" = \"…\"")
            }
        }
        return issues.sorted { ($0.line ?? 0, $0.key ?? "") < ($1.line ?? 0, $1.key ?? "") }
    }

    private static func list(_ placeholders: Set<String>) -> String {
        placeholders.isEmpty ? "no placeholders" : placeholders.sorted().map { "{\($0)}" }.joined(separator: " ")
    }

    private static func names(_ categories: Set<PluralCategory>, separator: String = ", ") -> String {
        categories.sorted().map(\.rawValue).joined(separator: separator)
    }
}
