import FlyingFox
import FlyingSocks
import Foundation

/// A response before it becomes FlyingFox's: status, headers, and either bytes or a stream.
struct SimResponse: Sendable {
    enum Body: Sendable {
        case bytes(Data)
        case stream(BulkJSONLSequence)
    }

    var status: Int
    var headers: [(String, String)] = [("Content-Type", "application/json; charset=utf-8")]
    var body: Body
    /// Content-Length says the full size, only this many bytes go out, then the connection drops.
    var truncateTo: Int?

    init(status: Int, json: Data, headers extra: [(String, String)] = []) {
        self.status = status
        body = .bytes(json)
        headers.append(contentsOf: extra)
    }

    init(status: Int, json: JSONBuffer, headers extra: [(String, String)] = []) {
        self.init(status: status, json: json.data, headers: extra)
    }

    /// `{"errors":"message"}` — Shopify's REST error shape.
    static func errors(_ status: Int, _ message: String, headers: [(String, String)] = []) -> SimResponse {
        var w = JSONBuffer(capacity: 128)
        w.raw("{\"errors\":"); w.string(message); w.byte(125)
        return SimResponse(status: status, json: w, headers: headers)
    }

    static let unauthorizedMessage = "[API] Invalid API key or access token (unrecognized login or wrong password)"

    var bodyCount: Int {
        if case .bytes(let d) = body { return d.count }
        return 0
    }

    func http() -> HTTPResponse {
        var h = HTTPHeaders()
        for (name, value) in headers { h.addValue(value, for: HTTPHeader(name)) }
        let code = HTTPStatusCode(status, phrase: Self.phrase(status))
        switch body {
        case .bytes(let data):
            if let cut = truncateTo, cut < data.count {
                return HTTPResponse(statusCode: code, headers: h,
                                    body: HTTPBodySequence(from: TruncatedBytes(bytes: Array(data.prefix(cut))), count: data.count))
            }
            return HTTPResponse(statusCode: code, headers: h, body: HTTPBodySequence(data: data, suggestedBufferSize: max(4096, data.count)))
        case .stream(let sequence):
            return HTTPResponse(statusCode: code, headers: h, body: HTTPBodySequence(from: sequence, suggestedBufferSize: 64 * 1024))
        }
    }

    static func phrase(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 429: "Too Many Requests"
        case 500: "Internal Server Error"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        default: "Status"
        }
    }
}

/// Sends its bytes, then fails, so FlyingFox closes the connection short of the promised Content-Length.
struct TruncatedBytes: AsyncBufferedSequence {
    typealias Element = UInt8
    let bytes: [UInt8]

    func makeAsyncIterator() -> Iterator { Iterator(bytes: bytes) }

    struct Iterator: AsyncBufferedIteratorProtocol {
        let bytes: [UInt8]
        var offset = 0

        mutating func next() async throws -> UInt8? {
            guard offset < bytes.count else { throw SimulatorError("truncated on purpose") }
            defer { offset += 1 }
            return bytes[offset]
        }

        mutating func nextBuffer(suggested count: Int) async throws -> ArraySlice<UInt8>? {
            guard offset < bytes.count else { throw SimulatorError("truncated on purpose") }
            let end = Swift.min(bytes.count, offset + Swift.max(1, count))
            defer { offset = end }
            return bytes[offset..<end]
        }
    }
}
