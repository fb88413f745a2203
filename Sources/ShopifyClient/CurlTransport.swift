import CCurl
import Foundation

/// `curl_global_init` exactly once per process (a global `let` is initialised under swift_once).
private let curlGlobalInit: CURLcode = curl_global_init(3 /* CURL_GLOBAL_ALL */)

/// HTTP over one libcurl easy handle, reused for every request so connections are kept alive.
///
/// Not Sendable on purpose: an easy handle must be used by one thread at a time, so each worker thread owns its own
/// transport. The only cross-thread entry point is `cancellation` (an atomic flag, Sendable), checked by libcurl's
/// progress callback during the transfer.
public final class CurlTransport: HTTPTransport {
    private let handle: UnsafeMutableRawPointer
    private let errorBuffer: UnsafeMutablePointer<CChar>
    public let cancellation: CancellationFlag

    public init(cancellation: CancellationFlag = CancellationFlag()) throws(TransportError) {
        guard curlGlobalInit == CURLE_OK, let handle = curl_easy_init() else {
            throw .other(code: -1, message: "libcurl could not be initialised")
        }
        self.handle = handle
        self.cancellation = cancellation
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
    }

    deinit {
        curl_easy_cleanup(handle)
        errorBuffer.deallocate()
    }

    public func perform(_ request: HTTPRequest) throws(TransportError) -> HTTPResponse {
        let transfer = Transfer(cancellation: cancellation)
        do {
            return try run(request, transfer)
        } catch let error as TransportError {
            throw error
        } catch {
            throw .other(code: -1, message: "\(error)")  // unreachable: only streaming sinks throw other errors
        }
    }

    public func stream(_ request: HTTPRequest, onChunk: (UnsafeRawBufferPointer) throws -> Void) throws -> HTTPResponse {
        try withoutActuallyEscaping(onChunk) { sink in
            let transfer = Transfer(cancellation: cancellation)
            transfer.sink = sink
            defer { transfer.sink = nil }
            return try run(request, transfer)
        }
    }

    private func run(_ request: HTTPRequest, _ transfer: Transfer) throws -> HTTPResponse {
        if cancellation.isCancelled { throw TransportError.cancelled }
        let h = handle
        curl_easy_reset(h)  // keeps live connections, DNS and TLS session caches
        errorBuffer[0] = 0

        var list: UnsafeMutablePointer<curl_slist>?
        defer { curl_slist_free_all(list) }
        for field in request.headers.fields {
            list = curl_slist_append(list, "\(field.name): \(field.value)")
        }
        // No "Expect: 100-continue" round trip for POST bodies.
        list = curl_slist_append(list, "Expect:")

        _ = ln_curl_setopt_long(h, CURLOPT_NOSIGNAL, 1)
        _ = request.url.withCString { ln_curl_setopt_ptr(h, CURLOPT_URL, $0) }
        switch request.method.uppercased() {
        case "GET": _ = ln_curl_setopt_long(h, CURLOPT_HTTPGET, 1)
        case "HEAD": _ = ln_curl_setopt_long(h, CURLOPT_NOBODY, 1)
        case "POST": _ = ln_curl_setopt_long(h, CURLOPT_POST, 1)
        default: _ = request.method.withCString { ln_curl_setopt_ptr(h, CURLOPT_CUSTOMREQUEST, $0) }
        }
        if let body = request.body {
            _ = ln_curl_setopt_off_t(h, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count))
            _ = body.withUnsafeBytes { ln_curl_setopt_ptr(h, CURLOPT_COPYPOSTFIELDS, $0.baseAddress ?? UnsafeRawPointer(bitPattern: 1)) }
        } else if request.method.uppercased() == "POST" {
            _ = ln_curl_setopt_off_t(h, CURLOPT_POSTFIELDSIZE_LARGE, 0)
            _ = "".withCString { ln_curl_setopt_ptr(h, CURLOPT_COPYPOSTFIELDS, $0) }
        }
        _ = ln_curl_setopt_ptr(h, CURLOPT_HTTPHEADER, list)
        _ = ln_curl_setopt_long(h, CURLOPT_CONNECTTIMEOUT_MS, max(1, request.connectTimeoutMs))
        _ = ln_curl_setopt_long(h, CURLOPT_TIMEOUT_MS, max(0, request.totalTimeoutMs))
        if request.acceptCompressed {
            _ = "".withCString { ln_curl_setopt_ptr(h, CURLOPT_ACCEPT_ENCODING, $0) }
        }
        _ = ln_curl_setopt_long(h, CURLOPT_SSL_VERIFYPEER, request.verifyTLS ? 1 : 0)
        _ = ln_curl_setopt_long(h, CURLOPT_SSL_VERIFYHOST, request.verifyTLS ? 2 : 0)
        _ = ln_curl_setopt_long(h, CURLOPT_FOLLOWLOCATION, request.followRedirects ? 1 : 0)
        _ = ln_curl_setopt_long(h, CURLOPT_TCP_KEEPALIVE, 1)
        _ = ln_curl_setopt_ptr(h, CURLOPT_ERRORBUFFER, errorBuffer)

        let context = Unmanaged.passUnretained(transfer).toOpaque()
        _ = ln_curl_setopt_data_callback(h, CURLOPT_WRITEFUNCTION, curlWrite)
        _ = ln_curl_setopt_ptr(h, CURLOPT_WRITEDATA, context)
        _ = ln_curl_setopt_data_callback(h, CURLOPT_HEADERFUNCTION, curlHeader)
        _ = ln_curl_setopt_ptr(h, CURLOPT_HEADERDATA, context)
        _ = ln_curl_setopt_long(h, CURLOPT_NOPROGRESS, 0)
        _ = ln_curl_setopt_xferinfo_callback(h, curlProgress)
        _ = ln_curl_setopt_ptr(h, CURLOPT_XFERINFODATA, context)

        let code = withExtendedLifetime(transfer) { curl_easy_perform(h) }

        if code != CURLE_OK {
            if let sinkError = transfer.sinkError { throw sinkError }
            throw mapError(code)
        }
        var status = 0, connects = 0
        var time = 0.0
        var downloaded: curl_off_t = 0
        _ = ln_curl_getinfo_long(h, CURLINFO_RESPONSE_CODE, &status)
        _ = ln_curl_getinfo_long(h, CURLINFO_NUM_CONNECTS, &connects)
        _ = ln_curl_getinfo_double(h, CURLINFO_TOTAL_TIME, &time)
        _ = ln_curl_getinfo_off_t(h, CURLINFO_SIZE_DOWNLOAD_T, &downloaded)
        return HTTPResponse(status: status, headers: HTTPHeaders(transfer.headers), body: transfer.body,
                            bytesReceived: Int(downloaded), totalTime: time, newConnections: connects)
    }

    private func mapError(_ code: CURLcode) -> TransportError {
        let detail = errorBuffer[0] != 0 ? String(cString: errorBuffer) : String(cString: curl_easy_strerror(code))
        switch code {
        case CURLE_ABORTED_BY_CALLBACK:
            return .cancelled
        case CURLE_OPERATION_TIMEDOUT:
            var connectTime = 0.0
            _ = ln_curl_getinfo_double(handle, CURLINFO_CONNECT_TIME, &connectTime)
            return .timeout(whileConnecting: connectTime == 0, message: detail)
        case CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY:
            return .couldNotConnect(detail)
        case CURLE_PARTIAL_FILE, CURLE_GOT_NOTHING, CURLE_RECV_ERROR, CURLE_SEND_ERROR, CURLE_BAD_CONTENT_ENCODING:
            return .truncated(detail)
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CACERT_BADFILE, CURLE_SSL_CERTPROBLEM,
             CURLE_SSL_CIPHER, CURLE_SSL_ENGINE_NOTFOUND, CURLE_SSL_ENGINE_SETFAILED, CURLE_SSL_ISSUER_ERROR,
             CURLE_SSL_CRL_BADFILE, CURLE_SSL_PINNEDPUBKEYNOTMATCH, CURLE_SSL_INVALIDCERTSTATUS:
            return .tls(detail)
        default:
            return .other(code: Int(code.rawValue), message: detail)
        }
    }
}

/// Per-request state the C callbacks reach through an unretained pointer; it outlives `curl_easy_perform`.
private final class Transfer {
    var body = Data()
    var headers: [HTTPHeader] = []
    var status = 0
    let cancellation: CancellationFlag
    var sink: ((UnsafeRawBufferPointer) throws -> Void)?
    var sinkError: (any Error)?

    init(cancellation: CancellationFlag) { self.cancellation = cancellation }
}

private func curlWrite(_ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ context: UnsafeMutableRawPointer?) -> Int {
    let length = size * count
    guard let context else { return 0 }
    let transfer = Unmanaged<Transfer>.fromOpaque(context).takeUnretainedValue()
    guard let data, length > 0 else { return length }
    let bytes = UnsafeRawBufferPointer(start: data, count: length)
    if let sink = transfer.sink, (200..<300).contains(transfer.status) {
        do {
            try sink(bytes)
        } catch {
            transfer.sinkError = error
            return 0  // makes libcurl stop with CURLE_WRITE_ERROR
        }
    } else {
        transfer.body.append(contentsOf: bytes)
    }
    return length
}

private func curlHeader(_ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ context: UnsafeMutableRawPointer?) -> Int {
    let length = size * count
    guard let context, let data else { return length }
    let transfer = Unmanaged<Transfer>.fromOpaque(context).takeUnretainedValue()
    let line = String(decoding: UnsafeRawBufferPointer(start: data, count: length), as: UTF8.self)
    if line.hasPrefix("HTTP/") {
        // A new response (after 100 Continue or a redirect): forget the previous one's headers.
        transfer.headers.removeAll()
        let parts = line.split(separator: " ", maxSplits: 2)
        transfer.status = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
    } else if let colon = line.firstIndex(of: ":") {
        let name = line[..<colon].trimmingCharacters(in: .whitespaces)
        let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespacesAndNewlines)
        transfer.headers.append(HTTPHeader(name, value))
    }
    return length
}

private func curlProgress(_ context: UnsafeMutableRawPointer?, _ dlTotal: curl_off_t, _ dlNow: curl_off_t,
                          _ ulTotal: curl_off_t, _ ulNow: curl_off_t) -> Int32 {
    guard let context else { return 0 }
    let transfer = Unmanaged<Transfer>.fromOpaque(context).takeUnretainedValue()
    return transfer.cancellation.isCancelled ? 1 : 0
}
