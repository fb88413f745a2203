/// A translated text with `{placeholder}` slots. `{{` and `}}` stand for literal braces.
public struct TextTemplate: Sendable, Hashable {
    enum Segment: Sendable, Hashable {
        case literal(String)
        case placeholder(String)
    }

    let segments: [Segment]
    /// The source text, as written in the locale file.
    public let source: String

    public var placeholders: Set<String> {
        Set(segments.compactMap { if case .placeholder(let name) = $0 { name } else { nil } })
    }

    /// Why a text is not a valid template, in words a translator can act on.
    public struct SyntaxError: Error, Equatable, Sendable {
        public let reason: String
    }

    static let empty = TextTemplate(segments: [], source: "")

    init(segments: [Segment], source: String) {
        self.segments = segments
        self.source = source
    }

    public init(parsing text: String) throws(SyntaxError) {
        var segments: [Segment] = []
        var literal = ""
        var chars = text[...]
        while let c = chars.popFirst() {
            switch c {
            case "{" where chars.first == "{":
                chars.removeFirst()
                literal.append("{")
            case "}" where chars.first == "}":
                chars.removeFirst()
                literal.append("}")
            case "{":
                guard let close = chars.firstIndex(of: "}") else {
                    throw SyntaxError(reason: "“{” has no closing “}” (write {{ for a literal brace)")
                }
                let name = String(chars[..<close])
                guard TextTemplate.isValidName(name) else {
                    throw SyntaxError(reason: "“{\(name)}” is not a placeholder name (letters, digits, _; "
                        + "write {{ for a literal brace)")
                }
                if !literal.isEmpty { segments.append(.literal(literal)); literal = "" }
                segments.append(.placeholder(name))
                chars = chars[chars.index(after: close)...]
            case "}":
                throw SyntaxError(reason: "“}” without an opening “{” (write }} for a literal brace)")
            default:
                literal.append(c)
            }
        }
        if !literal.isEmpty { segments.append(.literal(literal)) }
        self.segments = segments
        self.source = text
    }

    /// The text with each placeholder replaced; a placeholder without a value stays visible as `{name}` and is
    /// returned in `missing` so the caller can report it.
    public func render(_ args: [String: String]) -> (text: String, missing: [String]) {
        var out = ""
        var missing: [String] = []
        for segment in segments {
            switch segment {
            case .literal(let text): out += text
            case .placeholder(let name):
                if let value = args[name] { out += value } else { out += "{\(name)}"; missing.append(name) }
            }
        }
        return (out, missing)
    }

    static func isValidName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first == "_" || first.properties.isAlphabetic,
              first.isASCII else { return false }
        return name.unicodeScalars.allSatisfy { $0.isASCII && ($0 == "_" || $0.properties.isAlphabetic
                                                                || ("0"..."9").contains($0)) }
    }
}
