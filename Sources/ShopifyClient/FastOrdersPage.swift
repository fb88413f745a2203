import Foundation

/// A single-pass reader for the common case: a well-formed orders page in the contract's shape. It builds the same
/// wire structs as the Decodable path about 3× faster than JSONDecoder. It gives up (nil) on anything unusual —
/// `errors`, unexpected types, bad syntax — and the caller then runs the JSONDecoder path, which explains the
/// problem precisely. So it changes speed, never results.
enum FastOrdersPage {
    struct Parsed {
        var edges: [(cursor: String?, node: WireOrder)] = []
        var hasNextPage = false
        var endCursor: String?
        var cost: WireCost?
        var sawOrders = false
    }

    static func parse(_ body: Data) -> Parsed? {
        body.withUnsafeBytes { raw -> Parsed? in
            var reader = JSONReader(raw)
            var parsed = Parsed()
            let ok = reader.object { r, key in
                if r.keyIs(key, "data") {
                    return r.object { r, key in
                        guard r.keyIs(key, "orders") else { return r.skipValue() }
                        parsed.sawOrders = true
                        return connection(&r, &parsed)
                    }
                }
                if r.keyIs(key, "errors") { return false }
                if r.keyIs(key, "extensions") {
                    return r.object { r, key in
                        guard r.keyIs(key, "cost") else { return r.skipValue() }
                        guard let cost = costObject(&r) else { return false }
                        parsed.cost = cost
                        return true
                    }
                }
                return r.skipValue()
            }
            reader.skipWhitespace()
            guard ok, reader.atEnd, parsed.sawOrders else { return nil }
            return parsed
        }
    }

    private static func connection(_ r: inout JSONReader, _ parsed: inout Parsed) -> Bool {
        var sawEdges = false, sawPageInfo = false
        let ok = r.object { r, key in
            if r.keyIs(key, "edges") {
                sawEdges = true
                parsed.edges.reserveCapacity(250)
                return r.array { r in
                    var cursor: String?
                    var node: WireOrder?
                    let ok = r.object { r, key in
                        if r.keyIs(key, "cursor") { return r.optionalString(&cursor) }
                        if r.keyIs(key, "node") { node = order(&r); return node != nil }
                        return r.skipValue()
                    }
                    guard ok, let node else { return false }
                    parsed.edges.append((cursor, node))
                    return true
                }
            }
            if r.keyIs(key, "pageInfo") {
                sawPageInfo = true
                var sawNext = false
                let ok = r.object { r, key in
                    if r.keyIs(key, "hasNextPage") {
                        guard let value = r.bool() else { return false }
                        parsed.hasNextPage = value
                        sawNext = true
                        return true
                    }
                    if r.keyIs(key, "endCursor") { return r.optionalString(&parsed.endCursor) }
                    return r.skipValue()
                }
                return ok && sawNext
            }
            return r.skipValue()
        }
        return ok && sawEdges && sawPageInfo
    }

    private static func costObject(_ r: inout JSONReader) -> WireCost? {
        var requested: Double?, actual: Double?
        var throttle: WireCost.WireThrottle?
        let ok = r.object { r, key in
            if r.keyIs(key, "requestedQueryCost") { return r.optionalNumber(&requested) }
            if r.keyIs(key, "actualQueryCost") { return r.optionalNumber(&actual) }
            if r.keyIs(key, "throttleStatus") {
                if r.null() { return true }
                var maximum: Double?, available: Double?, rate: Double?
                let ok = r.object { r, key in
                    if r.keyIs(key, "maximumAvailable") { return r.optionalNumber(&maximum) }
                    if r.keyIs(key, "currentlyAvailable") { return r.optionalNumber(&available) }
                    if r.keyIs(key, "restoreRate") { return r.optionalNumber(&rate) }
                    return r.skipValue()
                }
                guard ok, let maximum, let available, let rate else { return false }
                throttle = WireCost.WireThrottle(maximumAvailable: maximum, currentlyAvailable: available, restoreRate: rate)
                return true
            }
            return r.skipValue()
        }
        return ok ? WireCost(requestedQueryCost: requested, actualQueryCost: actual, throttleStatus: throttle) : nil
    }

    private static func moneySet(_ r: inout JSONReader, _ out: inout WireMoneySet?) -> Bool {
        if r.null() { out = nil; return true }
        var money: WireMoneySet.Money?
        let ok = r.object { r, key in
            guard r.keyIs(key, "shopMoney") else { return r.skipValue() }
            var amount: String?, currency: String?
            let ok = r.object { r, key in
                if r.keyIs(key, "amount") { return r.optionalString(&amount) }
                if r.keyIs(key, "currencyCode") { return r.optionalString(&currency) }
                return r.skipValue()
            }
            guard ok, let amount else { return false }
            money = WireMoneySet.Money(amount: amount, currencyCode: currency)
            return true
        }
        guard ok, let money else { return false }
        out = WireMoneySet(shopMoney: money)
        return true
    }

    private static func order(_ r: inout JSONReader) -> WireOrder? {
        var id: String?, legacy: String?, name: String?, email: String?, created: String?, updated: String?, processed: String?
        var cancelled: String?, status: String?, currency: String?
        var total: WireMoneySet?, subtotal: WireMoneySet?, currentTotal: WireMoneySet?, currentSubtotal: WireMoneySet?
        var codes: [String]?
        var customer: WireOrderCustomer?
        var refunds: [WireRefund]?
        let ok = r.object { r, key in
            switch key.count {
            case 2 where r.keyIs(key, "id"): return r.optionalString(&id)
            case 4 where r.keyIs(key, "name"): return r.optionalString(&name)
            case 5 where r.keyIs(key, "email"): return r.optionalString(&email)
            case 7 where r.keyIs(key, "refunds"):
                if r.null() { return true }
                var list: [WireRefund] = []
                let ok = r.array { r in
                    guard let refund = refundObject(&r) else { return false }
                    list.append(refund)
                    return true
                }
                refunds = list
                return ok
            case 8 where r.keyIs(key, "customer"):
                if r.null() { return true }
                var cid: String?, email: String?, first: String?, last: String?, phone: String?
                let ok = r.object { r, key in
                    if r.keyIs(key, "id") { return r.optionalString(&cid) }
                    if r.keyIs(key, "email") { return r.optionalString(&email) }
                    if r.keyIs(key, "firstName") { return r.optionalString(&first) }
                    if r.keyIs(key, "lastName") { return r.optionalString(&last) }
                    if r.keyIs(key, "phone") { return r.optionalString(&phone) }
                    return r.skipValue()
                }
                guard ok, let cid else { return false }
                customer = WireOrderCustomer(id: cid, email: email, firstName: first, lastName: last, phone: phone)
                return true
            case 9 where r.keyIs(key, "createdAt"): return r.optionalString(&created)
            case 9 where r.keyIs(key, "updatedAt"): return r.optionalString(&updated)
            case 11 where r.keyIs(key, "processedAt"): return r.optionalString(&processed)
            case 11 where r.keyIs(key, "cancelledAt"): return r.optionalString(&cancelled)
            case 12 where r.keyIs(key, "currencyCode"): return r.optionalString(&currency)
            case 13 where r.keyIs(key, "discountCodes"):
                if r.null() { return true }
                var list: [String] = []
                let ok = r.array { r in
                    guard let code = r.string() else { return false }
                    list.append(code)
                    return true
                }
                codes = list
                return ok
            case 13 where r.keyIs(key, "totalPriceSet"): return moneySet(&r, &total)
            case 16 where r.keyIs(key, "legacyResourceId"): return r.optionalString(&legacy)
            case 16 where r.keyIs(key, "subtotalPriceSet"): return moneySet(&r, &subtotal)
            case 20 where r.keyIs(key, "currentTotalPriceSet"): return moneySet(&r, &currentTotal)
            case 22 where r.keyIs(key, "displayFinancialStatus"): return r.optionalString(&status)
            case 23 where r.keyIs(key, "currentSubtotalPriceSet"): return moneySet(&r, &currentSubtotal)
            default: return r.skipValue()
            }
        }
        guard ok, let id else { return nil }
        return WireOrder(id: id, legacyResourceId: legacy, name: name, email: email, createdAt: created, updatedAt: updated, processedAt: processed,
                         cancelledAt: cancelled, displayFinancialStatus: status, currencyCode: currency, totalPriceSet: total,
                         subtotalPriceSet: subtotal, currentTotalPriceSet: currentTotal, currentSubtotalPriceSet: currentSubtotal,
                         discountCodes: codes, customer: customer, refunds: refunds)
    }

    private static func refundObject(_ r: inout JSONReader) -> WireRefund? {
        var id: String?, created: String?
        var total: WireMoneySet?
        var lines: WireNodes<WireRefundLine>?
        let ok = r.object { r, key in
            if r.keyIs(key, "id") { return r.optionalString(&id) }
            if r.keyIs(key, "createdAt") { return r.optionalString(&created) }
            if r.keyIs(key, "totalRefundedSet") { return moneySet(&r, &total) }
            if r.keyIs(key, "refundLineItems") {
                if r.null() { return true }
                var nodes: [WireRefundLine]?
                let ok = r.object { r, key in
                    guard r.keyIs(key, "nodes") else { return r.skipValue() }  // `edges` falls back to the slow path below
                    var list: [WireRefundLine] = []
                    let ok = r.array { r in
                        var set: WireMoneySet?
                        let ok = r.object { r, key in r.keyIs(key, "subtotalSet") ? moneySet(&r, &set) : r.skipValue() }
                        guard ok, let set else { return false }
                        list.append(WireRefundLine(subtotalSet: set))
                        return true
                    }
                    nodes = list
                    return ok
                }
                guard ok, let nodes else { return false }
                lines = WireNodes(nodes: nodes, edges: nil)
                return true
            }
            return r.skipValue()
        }
        guard ok, let id else { return nil }
        return WireRefund(id: id, createdAt: created, totalRefundedSet: total, refundLineItems: lines)
    }
}

/// A minimal pull reader over JSON bytes. Every method returns false/nil on anything it does not expect.
struct JSONReader {
    let bytes: UnsafeRawBufferPointer
    var index = 0

    init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    var atEnd: Bool { index >= bytes.count }

    mutating func skipWhitespace() {
        while index < bytes.count {
            let b = bytes[index]
            guard b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 else { return }
            index += 1
        }
    }

    private mutating func take(_ byte: UInt8) -> Bool {
        skipWhitespace()
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    func keyIs(_ key: Range<Int>, _ name: StaticString) -> Bool {
        guard key.count == name.utf8CodeUnitCount else { return false }
        let p = name.utf8Start
        var k = 0
        for i in key {
            if bytes[i] != p[k] { return false }
            k += 1
        }
        return true
    }

    /// Iterates an object's members; `member` gets the raw key range (keys with escapes are refused) and must consume
    /// the value.
    mutating func object(_ member: (inout JSONReader, Range<Int>) -> Bool) -> Bool {
        guard take(UInt8(ascii: "{")) else { return false }
        if take(UInt8(ascii: "}")) { return true }
        while true {
            guard take(UInt8(ascii: "\"")) else { return false }
            let start = index
            while index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
                if bytes[index] == UInt8(ascii: "\\") { return false }
                index += 1
            }
            guard index < bytes.count else { return false }
            let key = start..<index
            index += 1
            guard take(UInt8(ascii: ":")), member(&self, key) else { return false }
            if take(UInt8(ascii: ",")) { continue }
            return take(UInt8(ascii: "}"))
        }
    }

    mutating func array(_ element: (inout JSONReader) -> Bool) -> Bool {
        guard take(UInt8(ascii: "[")) else { return false }
        if take(UInt8(ascii: "]")) { return true }
        while true {
            guard element(&self) else { return false }
            if take(UInt8(ascii: ",")) { continue }
            return take(UInt8(ascii: "]"))
        }
    }

    mutating func null() -> Bool {
        skipWhitespace()
        guard index + 4 <= bytes.count, bytes[index] == UInt8(ascii: "n"), bytes[index + 1] == UInt8(ascii: "u"),
              bytes[index + 2] == UInt8(ascii: "l"), bytes[index + 3] == UInt8(ascii: "l") else { return false }
        index += 4
        return true
    }

    mutating func bool() -> Bool? {
        skipWhitespace()
        if index + 4 <= bytes.count, bytes[index] == UInt8(ascii: "t"), bytes[index + 1] == UInt8(ascii: "r"),
           bytes[index + 2] == UInt8(ascii: "u"), bytes[index + 3] == UInt8(ascii: "e") {
            index += 4
            return true
        }
        if index + 5 <= bytes.count, bytes[index] == UInt8(ascii: "f"), bytes[index + 1] == UInt8(ascii: "a"),
           bytes[index + 2] == UInt8(ascii: "l"), bytes[index + 3] == UInt8(ascii: "s"), bytes[index + 4] == UInt8(ascii: "e") {
            index += 5
            return false
        }
        return nil
    }

    /// A string value; escapes are decoded; raw control characters and invalid UTF-8 are refused.
    mutating func string() -> String? {
        guard take(UInt8(ascii: "\"")) else { return nil }
        let start = index
        var plain = true
        while index < bytes.count {
            let b = bytes[index]
            if b == UInt8(ascii: "\"") { break }
            if b < 0x20 { return nil }
            if b == UInt8(ascii: "\\") {
                plain = false
                index += 2
                continue
            }
            index += 1
        }
        guard index < bytes.count else { return nil }
        let content = UnsafeRawBufferPointer(rebasing: bytes[start..<index])
        index += 1
        if plain {
            return String(validating: content, as: UTF8.self)
        }
        return Self.unescape(content)
    }

    mutating func optionalString(_ out: inout String?) -> Bool {
        if null() { out = nil; return true }
        guard let value = string() else { return false }
        out = value
        return true
    }

    mutating func optionalNumber(_ out: inout Double?) -> Bool {
        if null() { out = nil; return true }
        skipWhitespace()
        let start = index
        while index < bytes.count {
            let b = bytes[index]
            guard (b >= 48 && b <= 57) || b == UInt8(ascii: "-") || b == UInt8(ascii: "+") || b == UInt8(ascii: ".")
                    || b == UInt8(ascii: "e") || b == UInt8(ascii: "E") else { break }
            index += 1
        }
        guard index > start, let value = Double(String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self))
        else { return false }
        out = value
        return true
    }

    /// Skips any value (checking nesting, not every detail: the slow path validates what the fast path keeps).
    mutating func skipValue() -> Bool {
        skipWhitespace()
        guard index < bytes.count else { return false }
        switch bytes[index] {
        case UInt8(ascii: "{"): return object { r, _ in r.skipValue() }
        case UInt8(ascii: "["): return array { r in r.skipValue() }
        case UInt8(ascii: "\""): return string() != nil
        case UInt8(ascii: "n"): return null()
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return bool() != nil
        default:
            var number: Double?
            return optionalNumber(&number)
        }
    }

    static func unescape(_ content: UnsafeRawBufferPointer) -> String? {
        var out = [UInt8]()
        out.reserveCapacity(content.count)
        var i = 0
        func hex4(_ at: Int) -> UInt32? {
            guard at + 4 <= content.count else { return nil }
            var value: UInt32 = 0
            for k in at..<(at + 4) {
                let c = content[k]
                let digit: UInt8
                switch c {
                case 48...57: digit = c - 48
                case 65...70: digit = c - 55
                case 97...102: digit = c - 87
                default: return nil
                }
                value = value << 4 | UInt32(digit)
            }
            return value
        }
        while i < content.count {
            let b = content[i]
            guard b == UInt8(ascii: "\\") else { out.append(b); i += 1; continue }
            guard i + 1 < content.count else { return nil }
            let e = content[i + 1]
            i += 2
            switch e {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
            case UInt8(ascii: "b"): out.append(8)
            case UInt8(ascii: "f"): out.append(12)
            case UInt8(ascii: "n"): out.append(10)
            case UInt8(ascii: "r"): out.append(13)
            case UInt8(ascii: "t"): out.append(9)
            case UInt8(ascii: "u"):
                guard var scalar = hex4(i) else { return nil }
                i += 4
                if (0xD800..<0xDC00).contains(scalar) {
                    guard i + 6 <= content.count, content[i] == UInt8(ascii: "\\"), content[i + 1] == UInt8(ascii: "u"),
                          let low = hex4(i + 2), (0xDC00..<0xE000).contains(low) else { return nil }
                    i += 6
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                }
                guard let unicode = Unicode.Scalar(scalar) else { return nil }
                out.append(contentsOf: String(Character(unicode)).utf8)
            default: return nil
            }
        }
        return String(validating: out, as: UTF8.self)
    }
}
