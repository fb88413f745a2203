import Foundation
import Testing
@testable import ShopifyClient
#if canImport(Glibc)
import Glibc
#endif

/// Real libcurl against a loopback server. Serialized: each test blocks its thread in libcurl, and the machine is small.
@Suite(.serialized) struct CurlTransportTests {
    @Test func statusHeadersAndBodyRoundTrip() throws {
        let server = try LoopbackServer { request in
            let echo = "\(request.method) \(request.target) token=\(request.headers["x-test"] ?? "-") body=\(String(decoding: request.body, as: UTF8.self))"
            return .respond(status: 201, headers: [("X-Request-Id", "abc-123"), ("x-shopify-api-version", "2026-07"),
                                                   ("Set-Cookie", "a=1"), ("Set-Cookie", "b=2")], body: Data(echo.utf8))
        }
        defer { server.stop() }
        let transport = try CurlTransport()
        let response = try transport.perform(HTTPRequest(method: "POST", url: server.baseURL + "/x?y=1", headers: ["X-Test": "t1"],
                                                         body: Data(#"{"a":1}"#.utf8)))
        #expect(response.status == 201)
        #expect(String(decoding: response.body, as: UTF8.self) == #"POST /x?y=1 token=t1 body={"a":1}"#)
        #expect(response.headers["x-request-id"] == "abc-123")
        #expect(response.headers["X-SHOPIFY-API-VERSION"] == "2026-07")
        #expect(response.headers.values(for: "set-cookie") == ["a=1", "b=2"])
        #expect(response.totalTime > 0)

        let get = try transport.perform(HTTPRequest(url: server.baseURL + "/g"))
        #expect(String(decoding: get.body, as: UTF8.self) == "GET /g token=- body=")
    }

    @Test func gzipBodiesAreDecoded() throws {
        let plain = Data(String(repeating: ##"{"order":"#1001","amount":"12.34"}"##, count: 400).utf8)
        let compressed = try gzip(plain)
        let server = try LoopbackServer { request in
            guard request.headers["accept-encoding"]?.contains("gzip") == true else { return .respond(status: 406) }
            return .respond(status: 200, headers: [("Content-Encoding", "gzip")], body: compressed)
        }
        defer { server.stop() }
        let response = try CurlTransport().perform(HTTPRequest(url: server.baseURL + "/z"))
        #expect(response.status == 200)
        #expect(response.body == plain)
        #expect(response.bytesReceived == compressed.count)
        #expect(compressed.count < plain.count / 10)
    }

    @Test func oneConnectionIsReusedAcrossRequests() throws {
        let server = try LoopbackServer { _ in .respond(status: 200, body: Data("ok".utf8)) }
        defer { server.stop() }
        let transport = try CurlTransport()
        var connects: [Int] = []
        for _ in 0..<5 {
            connects.append(try transport.perform(HTTPRequest(url: server.baseURL + "/k")).newConnections)
        }
        #expect(connects == [1, 0, 0, 0, 0])
        #expect(server.connectionsAccepted == 1)
    }

    @Test func totalTimeout() throws {
        let server = try LoopbackServer { _ in .delayed(seconds: 2, then: .respond(status: 200)) }
        defer { server.stop() }
        let start = Date()
        #expect(throws: TransportError.self) { try CurlTransport().perform(HTTPRequest(url: server.baseURL, totalTimeoutMs: 300)) }
        do {
            _ = try CurlTransport().perform(HTTPRequest(url: server.baseURL, totalTimeoutMs: 300))
        } catch {
            guard case .timeout(let connecting, _) = error else { Issue.record("expected a timeout, got \(error)"); return }
            #expect(!connecting)
        }
        #expect(Date().timeIntervalSince(start) < 3)
    }

    @Test func connectTimeout() throws {
        // A listener that never accepts, its backlog filled: further SYNs are dropped, so connect() hangs.
        let server = try LoopbackServer(backlog: 0, accepting: false) { _ in .hangUp }
        defer { server.stop() }
        var fillers: [Int32] = []
        defer { fillers.forEach { close($0) } }
        for _ in 0..<4 {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            _ = fcntl(fd, F_SETFL, O_NONBLOCK)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = UInt16(server.port).bigEndian
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            _ = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            fillers.append(fd)
        }
        Thread.sleep(forTimeInterval: 0.2)
        let start = Date()
        do {
            _ = try CurlTransport().perform(HTTPRequest(url: server.baseURL, connectTimeoutMs: 300, totalTimeoutMs: 5000))
            Issue.record("expected a connect timeout")
        } catch {
            guard case .timeout(let connecting, _) = error else { Issue.record("expected a timeout, got \(error)"); return }
            #expect(connecting)
        }
        #expect(Date().timeIntervalSince(start) < 2)
    }

    @Test func refusedConnection() throws {
        let port = try closedPort()
        #expect {
            try CurlTransport().perform(HTTPRequest(url: "http://127.0.0.1:\(port)/", connectTimeoutMs: 1000))
        } throws: { error in
            if case .couldNotConnect = error as? TransportError { return true }
            return false
        }
    }

    @Test func truncatedBodyAndEmptyReply() throws {
        let server = try LoopbackServer { request in
            request.target == "/cut" ? .truncated(declaredLength: 1000, sent: Data(#"{"data":{"ord"#.utf8)) : .hangUp
        }
        defer { server.stop() }
        for path in ["/cut", "/nothing"] {
            do {
                _ = try CurlTransport().perform(HTTPRequest(url: server.baseURL + path))
                Issue.record("expected truncation for \(path)")
            } catch {
                guard case .truncated = error else { Issue.record("\(path): expected .truncated, got \(error)"); continue }
            }
        }
    }

    @Test func cancellationFromAnotherThread() throws {
        let server = try LoopbackServer { _ in .delayed(seconds: 5, then: .respond(status: 200)) }
        defer { server.stop() }
        let flag = CancellationFlag()
        let transport = try CurlTransport(cancellation: flag)
        Thread {
            Thread.sleep(forTimeInterval: 0.3)
            flag.cancel()
        }.start()
        let start = Date()
        #expect(throws: TransportError.cancelled) { try transport.perform(HTTPRequest(url: server.baseURL, totalTimeoutMs: 10_000)) }
        #expect(Date().timeIntervalSince(start) < 2.5)
        // Sticky until reset; then the handle works again.
        #expect(throws: TransportError.cancelled) { try transport.perform(HTTPRequest(url: server.baseURL)) }
        flag.reset()
    }

    @Test func streamingDeliversChunksAndStopsOnSinkError() throws {
        let body = Data((0..<200_000).map { UInt8(truncatingIfNeeded: $0 % 251) })
        let server = try LoopbackServer { request in
            request.target == "/missing" ? .respond(status: 404, body: Data(#"{"errors":"Not Found"}"#.utf8))
                                         : .respond(status: 200, body: body)
        }
        defer { server.stop() }
        let transport = try CurlTransport()
        var received = Data()
        var chunks = 0
        let response = try transport.stream(HTTPRequest(url: server.baseURL + "/big")) { chunk in
            received.append(contentsOf: chunk)
            chunks += 1
        }
        #expect(response.status == 200)
        #expect(response.body.isEmpty)
        #expect(received == body)
        #expect(chunks >= 2)

        struct Stop: Error {}
        #expect(throws: Stop.self) { try transport.stream(HTTPRequest(url: server.baseURL + "/big")) { _ in throw Stop() } }

        var delivered = 0
        let missing = try transport.stream(HTTPRequest(url: server.baseURL + "/missing")) { delivered += $0.count }
        #expect(missing.status == 404)
        #expect(delivered == 0)
        #expect(String(decoding: missing.body, as: UTF8.self).contains("Not Found"))
    }
}
