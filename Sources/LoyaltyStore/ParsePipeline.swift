import Foundation
import LoyaltyCore

/// One parsed line of an orders file, ready for the writer: the order with its content hash, the problems found
/// without the database and, when the merchant's rules make it independent of the customer, what it earns; or a line
/// that could not be read at all.
enum ParsedLine: Sendable {
    /// `earlier`: the same order id appeared before in this file (nil for its first appearance).
    case order(IncomingOrder, hash: Int64, problems: [LineError], earned: BaseEarning.Outcome, earlier: EarlierAppearance?)
    case unreadable([LineError])
}

/// An order id's first appearance in a file, for a later line with the same id.
struct EarlierAppearance: Sendable {
    /// The id's 64-bit hash, which keys the maps of repeated ids.
    let idKey: Int64
    let hash: Int64
    let line: Int32
}

/// The order ids a file has shown so far, kept by whoever reads the file (the CSV's parser thread), so the writer
/// only ever looks at the lines that repeat an id. Keyed by a 64-bit hash of the id (a third of a String-keyed map's
/// memory at a million orders); a hash collision is told apart by the writer, which asks the database.
struct RepeatedOrderIDs {
    private var first: [Int64: (hash: Int64, line: Int32)] = [:]

    init(reserving expected: Int) { first.reserveCapacity(expected) }

    /// Notes the order; returns its id's first appearance when this is not it.
    mutating func note(_ order: IncomingOrder, hash: Int64) -> EarlierAppearance? {
        var hasher = StableHasher()
        hasher.mix(order.externalID)
        let idKey = Int64(bitPattern: hasher.value)
        if let seen = first[idKey] { return EarlierAppearance(idKey: idKey, hash: seen.hash, line: seen.line) }
        first[idKey] = (hash, Int32(clamping: order.sourceLine))
        return nil
    }
}

/// A bounded, single-producer single-consumer queue of chunks. The parser thread fills it while the writer drains
/// it inside the write transaction, so parsing (Swift) and writing (SQLite) use both cores, and at most `capacity`
/// chunks are ever held in memory.
final class ChunkChannel<Element: Sendable>: @unchecked Sendable {
    // @unchecked: every stored property is read and written only while `condition` is locked.
    private let condition = NSCondition()
    private var chunks: [[Element]] = []
    private var finished = false
    private var cancelled = false
    private let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    /// Blocks while the queue is full; returns false when the consumer has gone away.
    func send(_ chunk: [Element]) -> Bool {
        condition.lock(); defer { condition.unlock() }
        while chunks.count >= capacity && !cancelled { condition.wait() }
        if cancelled { return false }
        chunks.append(chunk)
        condition.broadcast()
        return true
    }

    func finish() {
        condition.lock(); defer { condition.unlock() }
        finished = true
        condition.broadcast()
    }

    /// The next chunk, or nil once the producer finished and everything was taken.
    func receive() -> [Element]? {
        condition.lock(); defer { condition.unlock() }
        while chunks.isEmpty && !finished { condition.wait() }
        if chunks.isEmpty { return nil }
        let chunk = chunks.removeFirst()
        condition.broadcast()
        return chunk
    }

    /// The consumer stops early (an error): the producer's next send returns false.
    func cancel() {
        condition.lock(); defer { condition.unlock() }
        cancelled = true
        chunks.removeAll()
        condition.broadcast()
    }
}

/// Checks on an order that need no database: currency, precision, plausible dates. With `earning`, the parser thread
/// also works out what the order earns, so the writer does not.
struct OrderValidator: Sendable {
    let currency: Currency
    let now: UnixTime
    var earning: BaseEarning? = nil

    func problems(_ order: IncomingOrder) -> [LineError] {
        var errors: [LineError] = []
        let line = order.sourceLine
        if let code = order.currency, !code.isEmpty, code.uppercased() != currency.code {
            errors.append(LineError(line: line, field: "currency", message: "order currency \(code) differs from the shop's \(currency.code); points are posted in the shop currency only, so convert the file first"))
        }
        if order.totalPrice.minorUnits(in: currency) == nil {
            errors.append(LineError(line: line, field: "total_price", message: "\(Money.format(minorUnits: order.totalPrice.digits, exponent: order.totalPrice.scale)) has more decimals than \(currency.code) allows (\(currency.exponent))"))
        }
        if let subtotal = order.subtotalPrice, subtotal.minorUnits(in: currency) == nil {
            errors.append(LineError(line: line, field: "subtotal_price", message: "has more decimals than \(currency.code) allows"))
        }
        if order.processedAt > now + Timestamp.secondsPerDay {
            errors.append(LineError(line: line, field: "processed_at", message: "\(Timestamp.iso8601(order.processedAt)) is in the future; check the date and its time zone"))
        }
        if order.processedAt < Timestamp.make(year: 1990, month: 1, day: 1) {
            errors.append(LineError(line: line, field: "processed_at", message: "\(Timestamp.iso8601(order.processedAt)) is before 1990; check the date format"))
        }
        for refund in order.refunds where refund.amount.minorUnits(in: currency) == nil {
            errors.append(LineError(line: line, field: "refunds", message: "refund \(refund.externalID) amount has more decimals than \(currency.code) allows"))
        }
        return errors
    }

    /// The order ready for the writer; with `repeats`, also whether its id appeared earlier in the file.
    func parsed(_ order: IncomingOrder, repeats: inout RepeatedOrderIDs) -> ParsedLine {
        parsed(order) { repeats.note(order, hash: $0) }
    }

    func parsed(_ order: IncomingOrder) -> ParsedLine {
        parsed(order) { _ in nil }
    }

    /// Hands every order to `handle`, in order, noting repeated ids (the import paths without a parser thread).
    func feed<S: Sequence<IncomingOrder>>(_ orders: S, to handle: (ParsedLine) throws -> Void) rethrows {
        var repeats = RepeatedOrderIDs(reserving: orders.underestimatedCount)
        for order in orders { try handle(parsed(order, repeats: &repeats)) }
    }

    private func parsed(_ order: IncomingOrder, earlier: (_ hash: Int64) -> EarlierAppearance?) -> ParsedLine {
        let problems = problems(order)
        var earned = BaseEarning.Outcome.unknown
        if problems.isEmpty, let earning { earned = .known(earning.result(for: order)) }
        let hash = OrderIngestor.contentHash(order)
        return .order(order, hash: hash, problems: problems, earned: earned, earlier: earlier(hash))
    }
}

enum OrderCSVPipeline {
    static let chunkSize = 2048

    /// Parses `data` on a background thread and hands the lines, in file order, to `consume` on this thread.
    static func run(_ data: Data, maxFieldBytes: Int, offset: Int64, validator: OrderValidator, expectedOrders: Int,
                    consume: (ParsedLine) throws -> Void) throws {
        let channel = ChunkChannel<ParsedLine>(capacity: 4)
        let producer = Thread {
            var repeats = RepeatedOrderIDs(reserving: expectedOrders)
            var chunk: [ParsedLine] = []
            chunk.reserveCapacity(chunkSize)
            func emit(_ line: ParsedLine) -> Bool {
                chunk.append(line)
                guard chunk.count >= chunkSize else { return true }
                defer { chunk.removeAll(keepingCapacity: true) }
                return channel.send(chunk)
            }
            try? readCSV(data, maxFieldBytes: maxFieldBytes,
                         header: { (header) throws(LineErrors) in try OrderCSV(header: header, defaultOffsetSeconds: offset) },
                         row: { parser, record in
                             let line: ParsedLine
                             switch parser.parse(record) {
                             case .success(let order): line = validator.parsed(order, repeats: &repeats)
                             case .failure(let errors): line = .unreadable(errors.errors)
                             }
                             if !emit(line) { throw CancellationError() }
                         }, refuse: { _ = emit(.unreadable($0)) })
            if !chunk.isEmpty { _ = channel.send(chunk) }
            channel.finish()
        }
        producer.stackSize = 1 << 20
        producer.start()
        do {
            while let chunk = channel.receive() {
                for line in chunk { try consume(line) }
            }
        } catch {
            channel.cancel()
            throw error
        }
    }
}
