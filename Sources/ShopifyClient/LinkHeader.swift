import Foundation

/// A parsed RFC 8288 `Link` header, as Shopify's REST pagination sends it:
/// `<https://shop/admin/api/2026-07/events.json?limit=50&page_info=abc>; rel="next", <...>; rel="previous"`.
public struct LinkHeader: Hashable, Sendable {
    public struct Link: Hashable, Sendable {
        public var url: String
        /// Parameters with lowercased names; quotes removed from values.
        public var parameters: [String: String]
        public var rel: String? { parameters["rel"] }
    }

    public var links: [Link]

    /// Parses every `<url>; param=value; ...` element; malformed elements are skipped. Commas inside `<...>` and
    /// inside quoted values do not split elements.
    public init(_ header: String?) {
        links = []
        guard let header else { return }
        var chars = Substring(header)[...]
        while true {
            guard let open = chars.firstIndex(of: "<") else { break }
            guard let close = chars[open...].firstIndex(of: ">") else { break }
            let url = String(chars[chars.index(after: open)..<close])
            chars = chars[chars.index(after: close)...]
            var parameters: [String: String] = [:]
            // Parameters run until the next top-level comma.
            var end = chars.startIndex
            var inQuotes = false
            while end < chars.endIndex {
                let c = chars[end]
                if c == "\"" { inQuotes.toggle() } else if c == ",", !inQuotes { break }
                end = chars.index(after: end)
            }
            for part in chars[..<end].split(separator: ";") {
                let pieces = part.split(separator: "=", maxSplits: 1)
                guard pieces.count == 2 else { continue }
                let name = pieces[0].trimmingCharacters(in: .whitespaces).lowercased()
                var value = pieces[1].trimmingCharacters(in: .whitespaces)
                if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = String(value.dropFirst().dropLast()) }
                parameters[name] = value
            }
            links.append(Link(url: url, parameters: parameters))
            chars = end < chars.endIndex ? chars[chars.index(after: end)...] : chars[end...]
        }
    }

    /// The URL of the first link whose rel (a space-separated list) contains `rel`.
    public func url(rel: String) -> String? {
        links.first { $0.rel?.split(separator: " ").contains { $0.lowercased() == rel.lowercased() } ?? false }?.url
    }

    public var next: String? { url(rel: "next") }
    public var previous: String? { url(rel: "previous") }

    /// The `page_info` query parameter of a URL, percent-decoded.
    public static func pageInfo(in url: String) -> String? {
        URLComponents(string: url)?.queryItems?.first { $0.name == "page_info" }?.value
    }
}
