import Foundation

/// GraphQL cursors: opaque base64 of "updatedAtSeconds:id".
enum GraphQLCursor {
    static func encode(_ key: OrderKey) -> String {
        Data("\(key.updatedAt):\(key.id)".utf8).base64EncodedString()
    }

    static func decode(_ cursor: String) -> OrderKey? {
        guard let data = Data(base64Encoded: cursor), let text = String(data: data, encoding: .utf8) else { return nil }
        let parts = text.split(separator: ":")
        guard parts.count == 2, let u = Int64(parts[0]), let id = Int64(parts[1]) else { return nil }
        return OrderKey(updatedAt: u, id: id)
    }
}

/// The REST `page_info` token: everything the first request's filters said, plus where the page ended, because
/// a page_info request may not repeat the filters.
struct RESTPageInfo: Equatable {
    enum Direction: String { case next = "n", previous = "p" }
    var resource: String
    var direction: Direction
    var key: OrderKey
    var window: UpdatedWindow
    var status: String

    func encode() -> String {
        let text = [resource, direction.rawValue, String(key.updatedAt), String(key.id),
                    window.from.map(String.init) ?? "", window.to.map(String.init) ?? "", status].joined(separator: "|")
        return Data(text.utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func decode(_ token: String) -> RESTPageInfo? {
        var b64 = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while b64.count % 4 != 0 { b64 += "=" }
        guard let data = Data(base64Encoded: b64), let text = String(data: data, encoding: .utf8) else { return nil }
        let p = text.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        guard p.count == 7, let dir = Direction(rawValue: p[1]), let u = Int64(p[2]), let id = Int64(p[3]) else { return nil }
        return RESTPageInfo(resource: p[0], direction: dir, key: OrderKey(updatedAt: u, id: id),
                            window: UpdatedWindow(from: Int64(p[4]), to: Int64(p[5])), status: p[6])
    }
}

/// The only search terms the simulator understands: `updated_at:>='ISO'` / `>` / `<` / `<=` joined by AND.
enum SearchQuery {
    struct Unsupported: Error { let term: String }

    static func window(_ query: String?) throws -> UpdatedWindow {
        var window = UpdatedWindow()
        guard let query, !query.trimmingCharacters(in: .whitespaces).isEmpty else { return window }
        let terms = query.components(separatedBy: " AND ").flatMap { $0.components(separatedBy: " and ") }
        for raw in terms {
            let term = raw.trimmingCharacters(in: .whitespaces)
            if term.isEmpty { continue }
            guard term.hasPrefix("updated_at:") else { throw Unsupported(term: term) }
            var rest = Substring(term.dropFirst("updated_at:".count))
            var op = ""
            while let c = rest.first, c == ">" || c == "<" || c == "=" { op.append(c); rest.removeFirst() }
            let value = rest.trimmingCharacters(in: CharacterSet(charactersIn: "'\""))
            guard let t = SimTime.parse(value) else { throw Unsupported(term: term) }
            switch op {
            case ">=": window.from = max(window.from ?? .min, t)
            case ">": window.from = max(window.from ?? .min, t + 1)
            case "<": window.to = min(window.to ?? .max, t)
            case "<=": window.to = min(window.to ?? .max, t + 1)
            default: throw Unsupported(term: term)
            }
        }
        return window
    }
}
