import Foundation
import LoyaltyCore

/// Splits a byte stream into lines across chunk boundaries. Only the unfinished last line is kept between chunks,
/// so memory stays bounded by the longest line.
public struct JSONLineSplitter {
    private var carry: [UInt8] = []
    public private(set) var lineNumber = 0

    public init() {}

    /// Calls `onLine` for every complete line in `chunk` (without the newline; a trailing CR is dropped; blank lines
    /// are skipped), with its 1-based line number.
    public mutating func feed(_ chunk: UnsafeRawBufferPointer, onLine: (UnsafeRawBufferPointer, Int) throws -> Void) rethrows {
        var start = 0
        while start < chunk.count {
            guard let newline = chunk[start...].firstIndex(of: 0x0A) else {
                carry.append(contentsOf: chunk[start...])
                return
            }
            lineNumber += 1
            if carry.isEmpty {
                try emit(UnsafeRawBufferPointer(rebasing: chunk[start..<newline]), onLine)
            } else {
                carry.append(contentsOf: chunk[start..<newline])
                let line = carry
                carry.removeAll(keepingCapacity: true)
                try line.withUnsafeBytes { try emit($0, onLine) }
            }
            start = newline + 1
        }
    }

    /// Emits the last line if the stream did not end with a newline.
    public mutating func finish(onLine: (UnsafeRawBufferPointer, Int) throws -> Void) rethrows {
        guard !carry.isEmpty else { return }
        lineNumber += 1
        let line = carry
        carry.removeAll()
        try line.withUnsafeBytes { try emit($0, onLine) }
    }

    private func emit(_ line: UnsafeRawBufferPointer, _ onLine: (UnsafeRawBufferPointer, Int) throws -> Void) rethrows {
        var end = line.count
        if end > 0, line[end - 1] == 0x0D { end -= 1 }
        var begin = 0
        while begin < end, line[begin] == 0x20 || line[begin] == 0x09 { begin += 1 }
        guard begin < end else { return }
        try onLine(UnsafeRawBufferPointer(rebasing: line[begin..<end]), lineNumber)
    }
}

/// A bulk result line that could not be used; the line number points into the JSONL file.
public struct BulkStreamError: Error, Hashable, Sendable, CustomStringConvertible {
    public var line: Int
    public var message: String
    public init(line: Int, message: String) {
        self.line = line
        self.message = message
    }
    public var description: String { "bulk result line \(line): \(message)" }
}

/// What a bulk result stream held.
public struct BulkStreamSummary: Hashable, Sendable {
    public var orders = 0
    public var refundLineItems = 0
    /// Child lines of other types (metafields, line items, ...) that LoyalNest does not read.
    public var ignoredLines = 0
    public var bytes = 0
    public init() {}
}

/// Turns bulk-export JSONL into orders: an order line, then its children (`__parentId`), before the next order.
/// Refund line items (`__parentId` = a refund of the pending order) add to that refund's amount; an order is handed
/// on when the next order line (or the end) shows it is complete. Orders are delivered in batches.
public struct BulkOrderAssembler {
    private var pending: ShopifyOrder?
    private var batch: [ShopifyOrder] = []
    public let batchSize: Int
    public private(set) var summary = BulkStreamSummary()
    private let decoder = JSONDecoder()

    public init(batchSize: Int = 250) { self.batchSize = max(1, batchSize) }

    public mutating func take(line: UnsafeRawBufferPointer, number: Int, onOrders: ([ShopifyOrder]) throws -> Void) throws {
        summary.bytes += line.count + 1
        let data = Data(line)
        if Self.contains(line, "\"__parentId\"") {
            let child: WireBulkChild
            do {
                child = try decoder.decode(WireBulkChild.self, from: data)
            } catch {
                throw BulkStreamError(line: number, message: ShopifyGraphQL.describe(error, body: data, what: "bulk child").message)
            }
            try attach(child, number: number)
            return
        }
        let wire: WireOrder
        do {
            wire = try decoder.decode(WireOrder.self, from: data)
        } catch {
            throw BulkStreamError(line: number, message: ShopifyGraphQL.describe(error, body: data, what: "bulk order").message)
        }
        let order: ShopifyOrder
        do {
            order = try ShopifyGraphQL.makeOrder(wire, path: "order", bulk: true)
        } catch {
            throw BulkStreamError(line: number, message: error.message)
        }
        if let done = pending { try deliver(done, onOrders) }
        pending = order
    }

    /// Delivers the last order and any partial batch.
    public mutating func finish(onOrders: ([ShopifyOrder]) throws -> Void) throws {
        if let done = pending {
            pending = nil
            try deliver(done, onOrders)
        }
        if !batch.isEmpty {
            let out = batch
            batch.removeAll()
            try onOrders(out)
        }
    }

    private mutating func deliver(_ order: ShopifyOrder, _ onOrders: ([ShopifyOrder]) throws -> Void) throws {
        summary.orders += 1
        batch.append(order)
        if batch.count >= batchSize {
            let out = batch
            batch.removeAll(keepingCapacity: true)
            try onOrders(out)
        }
    }

    private mutating func attach(_ child: WireBulkChild, number: Int) throws {
        let isRefundLine = child.typename == "RefundLineItem" || (child.typename == nil && child.subtotalSet != nil)
        guard isRefundLine else {
            summary.ignoredLines += 1
            return
        }
        guard let parent = ShopifyGID(child.parentId), parent.resource == "Refund" else {
            throw BulkStreamError(line: number, message: "a refund line item's __parentId \(child.parentId.debugDescription) "
                + "is not a refund id")
        }
        guard let subtotalSet = child.subtotalSet else {
            throw BulkStreamError(line: number, message: "a refund line item has no subtotalSet; the points to take back are unknown")
        }
        guard var order = pending, let index = order.refunds.firstIndex(where: { $0.id == parent.id }) else {
            throw BulkStreamError(line: number, message: "refund line item for refund \(parent.id), which is not a refund of "
                + "the order just before it; children must follow their order line")
        }
        let amount: DecimalAmount
        do {
            amount = try ShopifyGraphQL.money(subtotalSet, "subtotalSet")
        } catch {
            throw BulkStreamError(line: number, message: error.message)
        }
        order.refunds[index].lineSubtotals.append(amount)
        pending = order
        summary.refundLineItems += 1
    }

    static func contains(_ bytes: UnsafeRawBufferPointer, _ needle: StaticString) -> Bool {
        let n = needle.utf8CodeUnitCount
        guard bytes.count >= n else { return false }
        return needle.withUTF8Buffer { pattern in
            let first = pattern[0]
            var i = 0
            let last = bytes.count - n
            while i <= last {
                if bytes[i] == first {
                    var k = 1
                    while k < n, bytes[i + k] == pattern[k] { k += 1 }
                    if k == n { return true }
                }
                i += 1
            }
            return false
        }
    }
}

struct WireBulkChild: Decodable {
    let typename: String?
    let parentId: String
    let subtotalSet: WireMoneySet?

    enum CodingKeys: String, CodingKey {
        case typename = "__typename", parentId = "__parentId", subtotalSet
    }
}
