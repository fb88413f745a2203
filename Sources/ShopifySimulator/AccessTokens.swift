/// The shop's tokens: one static token configured at start, plus tokens issued by the client-credentials
/// endpoint. The `auth` fault revokes every token issued so far for a window of calls; a token issued during
/// the window works (that is what a refresh achieves), and the old ones are restored when it ends.
struct AccessTokens: Sendable {
    let clientID: String
    let clientSecret: String
    let staticToken: String
    /// token → generation it was issued in
    private var issued: [String: Int] = [:]
    private(set) var generation = 0
    private var counter: UInt64 = 0
    private var seed: UInt64

    init(seed: UInt64, staticToken: String?) {
        var r = SplitMix64(seed: seed, index: 0, salt: 0x70CE)
        clientID = "sim-client-" + Self.hex(r.next(), 16)
        clientSecret = "shpss_" + Self.hex(r.next(), 16) + Self.hex(r.next(), 16)
        self.staticToken = staticToken ?? ("shpat_" + Self.hex(r.next(), 16) + Self.hex(r.next(), 16))
        self.seed = r.next()
        issued[self.staticToken] = 0
    }

    static func hex(_ v: UInt64, _ width: Int) -> String {
        let s = String(v, radix: 16)
        return String(repeating: "0", count: max(0, width - s.count)) + s
    }

    /// Returns a new token when the credentials match.
    mutating func issue(clientID: String, clientSecret: String) -> String? {
        guard clientID == self.clientID, constantTimeEqual(clientSecret, self.clientSecret) else { return nil }
        counter += 1
        var r = SplitMix64(seed: seed, index: Int(truncatingIfNeeded: counter), salt: 0x70CF)
        let token = "shpat_" + Self.hex(r.next(), 16) + Self.hex(r.next(), 16)
        issued[token] = generation
        return token
    }

    /// Starts a revocation: every token issued so far fails until `restore()`.
    mutating func revokeAll() { generation += 1 }

    mutating func restore() {
        for key in issued.keys { issued[key] = generation }
    }

    func isValid(_ token: String?, revoked: Bool) -> Bool {
        guard let token, let g = issued[token] else { return false }
        return !revoked || g >= generation
    }

    private func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var diff: UInt8 = 0
        for k in 0..<x.count { diff |= x[k] ^ y[k] }
        return diff == 0
    }
}
