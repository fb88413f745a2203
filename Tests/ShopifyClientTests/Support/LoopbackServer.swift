import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A tiny HTTP/1.1 server on 127.0.0.1 over raw POSIX sockets, one thread per connection, keep-alive by default.
/// Raw sockets (rather than an async server) give exact control over broken responses (truncated bodies, delays)
/// and never compete with Swift Testing's cooperative threads, which the blocking libcurl calls occupy.
final class LoopbackServer: Sendable {
    struct Request: Sendable {
        var method: String
        var target: String
        var headers: [String: String]  // lowercased names
        var body: Data
    }

    indirect enum Reply: Sendable {
        case respond(status: Int, headers: [(String, String)] = [], body: Data = Data(), close: Bool = false)
        /// Headers claim `declaredLength` bytes, then only `sent` is written and the connection closes.
        case truncated(declaredLength: Int, sent: Data)
        case delayed(seconds: Double, then: Reply)
        /// Close without answering.
        case hangUp
    }

    let port: Int
    private let listener: Int32
    private let handler: @Sendable (Request) -> Reply
    private let acceptedCount = Atomic<Int>(0)

    var connectionsAccepted: Int { acceptedCount.load(ordering: .relaxed) }
    var baseURL: String { "http://127.0.0.1:\(port)" }

    init(backlog: Int32 = 64, accepting: Bool = true, handler: @escaping @Sendable (Request) -> Reply) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EIO) }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, backlog) == 0 else { close(fd); throw POSIXError(.EADDRINUSE) }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        port = Int(UInt16(bigEndian: address.sin_port))
        listener = fd
        self.handler = handler
        if accepting {
            let thread = Thread { [self] in acceptLoop() }
            thread.start()
        }
    }

    func stop() {
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }

    private func acceptLoop() {
        while true {
            let connection = accept(listener, nil, nil)
            if connection < 0 {
                if errno == EINTR { continue }
                return
            }
            acceptedCount.add(1, ordering: .relaxed)
            let thread = Thread { [self] in serve(connection) }
            thread.start()
        }
    }

    private func serve(_ fd: Int32) {
        defer { close(fd) }
        var buffer = [UInt8]()
        while true {
            guard let request = readRequest(fd, &buffer) else { return }
            if !send(handler(request), to: fd) { return }
        }
    }

    /// false: the connection was closed.
    private func send(_ reply: Reply, to fd: Int32) -> Bool {
        switch reply {
        case .respond(let status, let headers, let body, let closeAfter):
            var head = "HTTP/1.1 \(status) \(status == 200 ? "OK" : "Status")\r\n"
            for (name, value) in headers { head += "\(name): \(value)\r\n" }
            if !headers.contains(where: { $0.0.lowercased() == "content-length" }) { head += "Content-Length: \(body.count)\r\n" }
            if closeAfter { head += "Connection: close\r\n" }
            head += "\r\n"
            writeAll(fd, Data(head.utf8) + body)
            return !closeAfter
        case .truncated(let declared, let sent):
            let head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: \(declared)\r\n\r\n"
            writeAll(fd, Data(head.utf8) + sent)
            shutdown(fd, Int32(SHUT_RDWR))
            return false
        case .delayed(let seconds, let then):
            Thread.sleep(forTimeInterval: seconds)
            return send(then, to: fd)
        case .hangUp:
            shutdown(fd, Int32(SHUT_RDWR))
            return false
        }
    }

    private func writeAll(_ fd: Int32, _ data: Data) {
        data.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = Glibc.send(fd, raw.baseAddress! + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
                if n <= 0 { return }
                offset += n
            }
        }
    }

    private func readRequest(_ fd: Int32, _ buffer: inout [UInt8]) -> Request? {
        func fill() -> Bool {
            var chunk = [UInt8](repeating: 0, count: 65536)
            let n = recv(fd, &chunk, chunk.count, 0)
            if n <= 0 { return false }
            buffer.append(contentsOf: chunk[0..<n])
            return true
        }
        let separator: [UInt8] = [13, 10, 13, 10]
        var headerEnd: Int?
        while headerEnd == nil {
            if buffer.count >= 4 {
                for i in 0...(buffer.count - 4) where Array(buffer[i..<i + 4]) == separator { headerEnd = i; break }
            }
            if headerEnd == nil, !fill() { return nil }
        }
        let head = String(decoding: buffer[0..<headerEnd!], as: UTF8.self)
        var lines = head.components(separatedBy: "\r\n")
        let requestLine = lines.removeFirst().split(separator: " ")
        var headers: [String: String] = [:]
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let length = Int(headers["content-length"] ?? "0") ?? 0
        let bodyStart = headerEnd! + 4
        while buffer.count < bodyStart + length { if !fill() { return nil } }
        let body = Data(buffer[bodyStart..<bodyStart + length])
        buffer.removeFirst(bodyStart + length)
        return Request(method: requestLine.first.map(String.init) ?? "", target: requestLine.count > 1 ? String(requestLine[1]) : "",
                       headers: headers, body: body)
    }
}

/// A port nothing listens on (bound once, then closed).
func closedPort() throws -> Int {
    let server = try LoopbackServer(accepting: false) { _ in .hangUp }
    let port = server.port
    server.stop()
    return port
}
