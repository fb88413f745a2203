import Foundation
/// A line typed in the `:` command palette, parsed.
public enum DashboardCommand: Hashable, Sendable {
    case customer(query: String)
    case theme(name: String)
    case lang(code: String)
    case screen(name: String)
    case help
    case refresh
    case quit

    /// Every command word with the locale key describing it, for the palette's suggestions.
    public static let catalogue: [(word: String, descriptionKey: String, takesArgument: Bool)] = [
        ("customer", "command.customer", true),
        ("theme", "command.theme", true),
        ("lang", "command.lang", true),
        ("screen", "command.screen", true),
        ("refresh", "command.refresh", false),
        ("help", "command.help", false),
        ("quit", "command.quit", false),
    ]

    public enum ParseError: Error, Hashable, Sendable {
        case unknown(String)
        case missingArgument(String)
    }

    /// Parses `customer alice@`, `theme light`, `lang ar`, `q`… A unique prefix of a command word is accepted.
    public static func parse(_ line: String) -> Result<DashboardCommand, ParseError> {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        let word = String(trimmed.prefix { $0 != " " })
        let argument = String(trimmed.dropFirst(word.count)).trimmingCharacters(in: .whitespaces)
        guard !word.isEmpty else { return .failure(.unknown(line)) }
        if word == "q" { return .success(.quit) }
        let matches = catalogue.filter { $0.word.hasPrefix(word.lowercased()) }
        guard matches.count == 1, let command = matches.first else { return .failure(.unknown(word)) }
        if command.takesArgument && argument.isEmpty { return .failure(.missingArgument(command.word)) }
        switch command.word {
        case "customer": return .success(.customer(query: argument))
        case "theme": return .success(.theme(name: argument))
        case "lang": return .success(.lang(code: argument))
        case "screen": return .success(.screen(name: argument))
        case "refresh": return .success(.refresh)
        case "help": return .success(.help)
        default: return .success(.quit)
        }
    }
}
