import Foundation
import Synchronization

/// One header field as received or sent.
public struct HTTPHeader: Hashable, Sendable {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// Header fields in arrival order; lookup by name ignores case, as HTTP requires.
public struct HTTPHeaders: Hashable, Sendable, ExpressibleByDictionaryLiteral {
    public private(set) var fields: [HTTPHeader]

    public init(_ fields: [HTTPHeader] = []) { self.fields = fields }

    public init(dictionaryLiteral elements: (String, String)...) {
        fields = elements.map { HTTPHeader($0.0, $0.1) }
    }

    /// The first value for `name` (case-insensitive), or nil.
    public subscript(name: String) -> String? {
        fields.first { $0.name.caseInsensitiveEquals(name) }?.value
    }

    /// Every value for `name` (case-insensitive), in order.
    public func values(for name: String) -> [String] {
        fields.filter { $0.name.caseInsensitiveEquals(name) }.map(\.value)
    }

    public mutating func add(_ name: String, _ value: String) { fields.append(HTTPHeader(name, value)) }

    /// Replaces every field called `name` with one.
    public mutating func set(_ name: String, _ value: String) {
        fields.removeAll { $0.name.caseInsensitiveEquals(name) }
        fields.append(HTTPHeader(name, value))
    }

    public var isEmpty: Bool { fields.isEmpty }
}

extension String {
    func caseInsensitiveEquals(_ other: String) -> Bool {
        let a = utf8, b = other.utf8
        guard a.count == b.count else { return false }
        for (x, y) in zip(a, b) where x != y {
            let lx = (x >= 65 && x <= 90) ? x + 32 : x
            let ly = (y >= 65 && y <= 90) ? y + 32 : y
            if lx != ly { return false }
        }
        return true
    }
}

public struct HTTPRequest: Sendable {
    public var method: String
    public var url: String
    public var headers: HTTPHeaders
    public var body: Data?
    /// Milliseconds allowed to establish the TCP (and TLS) connection.
    public var connectTimeoutMs: Int
    /// Milliseconds allowed for the whole transfer; 0 means no limit (bulk downloads).
    public var totalTimeoutMs: Int
    /// Sends `Accept-Encoding` for every encoding libcurl can decode (gzip, deflate) and decodes the body.
    public var acceptCompressed: Bool
    /// Certificate and host name verification. On unless a test turns it off.
    public var verifyTLS: Bool
    public var followRedirects: Bool

    public init(method: String = "GET", url: String, headers: HTTPHeaders = HTTPHeaders(), body: Data? = nil,
                connectTimeoutMs: Int = 10_000, totalTimeoutMs: Int = 60_000, acceptCompressed: Bool = true,
                verifyTLS: Bool = true, followRedirects: Bool = false) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.connectTimeoutMs = connectTimeoutMs
        self.totalTimeoutMs = totalTimeoutMs
        self.acceptCompressed = acceptCompressed
        self.verifyTLS = verifyTLS
        self.followRedirects = followRedirects
    }
}

public struct HTTPResponse: Sendable {
    public var status: Int
    public var headers: HTTPHeaders
    /// The decoded body. Empty for a successful streamed transfer (the chunks went to the closure).
    public var body: Data
    /// Body bytes as received on the wire (compressed size when the server compressed).
    public var bytesReceived: Int
    /// Seconds from start to end of the transfer.
    public var totalTime: Double
    /// New connections this transfer opened (0 when a kept-alive connection was reused).
    public var newConnections: Int

    public init(status: Int, headers: HTTPHeaders = HTTPHeaders(), body: Data = Data(), bytesReceived: Int? = nil,
                totalTime: Double = 0, newConnections: Int = 0) {
        self.status = status
        self.headers = headers
        self.body = body
        self.bytesReceived = bytesReceived ?? body.count
        self.totalTime = totalTime
        self.newConnections = newConnections
    }
}

/// Why a transfer produced no complete response. Messages never contain request headers (the access token).
public enum TransportError: Error, Sendable, Equatable, CustomStringConvertible {
    case timeout(whileConnecting: Bool, message: String)
    case couldNotConnect(String)
    /// The connection ended before the body was complete (Content-Length not reached, nothing received,
    /// or a receive error mid-body).
    case truncated(String)
    case cancelled
    case tls(String)
    case other(code: Int, message: String)

    public var description: String {
        switch self {
        case .timeout(let connecting, let message):
            return (connecting ? "connecting to Shopify timed out" : "Shopify did not answer in time") + " (\(message))"
        case .couldNotConnect(let message): return "could not connect to Shopify (\(message))"
        case .truncated(let message): return "the response was cut off before it was complete (\(message))"
        case .cancelled: return "the request was cancelled"
        case .tls(let message): return "the secure connection failed (\(message)); check the system's CA certificates and the shop URL"
        case .other(let code, let message): return "HTTP transfer failed (curl error \(code): \(message))"
        }
    }
}

/// A flag another thread sets to stop the current transfer and any wait. Sticky until `reset()`.
public final class CancellationFlag: Sendable {
    private let state = Atomic<Bool>(false)

    public init() {}

    public func cancel() { state.store(true, ordering: .releasing) }
    public func reset() { state.store(false, ordering: .releasing) }
    public var isCancelled: Bool { state.load(ordering: .acquiring) }
}

/// What the Admin client needs from HTTP; `CurlTransport` in production, a scripted fake in tests.
/// Implementations are used from one thread at a time.
public protocol HTTPTransport: AnyObject {
    func perform(_ request: HTTPRequest) throws(TransportError) -> HTTPResponse
    /// Delivers a 2xx body in chunks as they arrive; a non-2xx body is collected into the response instead.
    /// An error thrown by `onChunk` stops the transfer and is rethrown.
    func stream(_ request: HTTPRequest, onChunk: (UnsafeRawBufferPointer) throws -> Void) throws -> HTTPResponse
}
