import Foundation

/// Where the chosen language came from.
public enum LocaleSource: Sendable, Hashable, CustomStringConvertible {
    case flag, config
    /// LC_ALL, LC_MESSAGES or LANG.
    case environment(String)
    case fallback

    public var description: String {
        switch self {
        case .flag: "--lang"
        case .config: "config.toml"
        case .environment(let variable): variable
        case .fallback: "default"
        }
    }
}

/// A language someone asked for that is not available.
public struct LocaleNotice: Sendable, Hashable {
    public let requested: String
    public let source: LocaleSource

    /// "Language “fr” is not available. Available: en, es, …", in `localizer`'s language. The text may also use
    /// {source} (where the request came from) and {name} (the language shown instead).
    public func message(_ localizer: Localizer, available: [String]) -> String {
        localizer.t("error.unknownLanguage", [
            "code": requested, "source": source.description, "name": localizer.name,
            "available": localizer.format.list(available),
        ])
    }
}

public struct LocaleChoice: Sendable, Hashable {
    public let code: String
    public let source: LocaleSource
    /// Requests that named a language not available, for the caller to show (`LocaleNotice.message`).
    public let notices: [LocaleNotice]
}

/// Picks the language: `--lang`, then the config file, then the environment (LC_ALL > LC_MESSAGES > LANG, the
/// first that is set and not empty, as POSIX does), then English. A request for an unavailable language adds a
/// notice and the next source decides.
public enum LocaleResolver {
    public static func resolve(flag: String?, config: String?, environment: [String: String],
                               available: [String]) -> LocaleChoice {
        var notices: [LocaleNotice] = []
        var requests: [(String, LocaleSource)] = []
        if let flag { requests.append((flag, .flag)) }
        if let config { requests.append((config, .config)) }
        if let (variable, value) = environmentLocale(environment) { requests.append((value, .environment(variable))) }
        for (requested, source) in requests where !requested.trimmed.isEmpty {
            if let code = match(requested, available: available) {
                return LocaleChoice(code: code, source: source, notices: notices)
            }
            notices.append(LocaleNotice(requested: requested.trimmed, source: source))
        }
        let fallback = available.contains("en") ? "en" : (available.first ?? "en")
        return LocaleChoice(code: fallback, source: .fallback, notices: notices)
    }

    /// The POSIX messages locale: the first non-empty of LC_ALL, LC_MESSAGES, LANG.
    public static func environmentLocale(_ environment: [String: String]) -> (variable: String, value: String)? {
        for variable in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            if let value = environment[variable], !value.trimmed.isEmpty { return (variable, value) }
        }
        return nil
    }

    /// The available code for a request such as "ja_JP.UTF-8", "es-MX", "pt_BR@euro" or "C", or nil.
    /// Tries the whole tag, then the language alone; "C" and "POSIX" mean English.
    public static func match(_ requested: String, available: [String]) -> String? {
        var tag = Substring(requested.trimmed)
        if let cut = tag.firstIndex(where: { $0 == "." || $0 == "@" }) { tag = tag[..<cut] }
        if tag == "C" || tag == "POSIX" { tag = "en" }
        let wanted = tag.replacingOccurrences(of: "_", with: "-").lowercased()
        guard !wanted.isEmpty else { return nil }
        if let exact = available.first(where: { $0.lowercased() == wanted }) { return exact }
        let language = wanted.split(separator: "-").first.map(String.init) ?? wanted
        return available.first { $0.lowercased() == language }
            ?? available.first { $0.lowercased().split(separator: "-").first.map(String.init) == language }
    }
}

private extension String {
    var trimmed: String { trimmingCharacters(in: .whitespacesAndNewlines) }
}
