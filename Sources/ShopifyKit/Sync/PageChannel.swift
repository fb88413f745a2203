import Foundation

/// A bounded hand-over between the thread that reads pages from Shopify and the thread that writes them, so the
/// next page downloads while the current one is written. `put` blocks while `capacity` items wait.
final class PageChannel<Item: Sendable>: @unchecked Sendable {
    // @unchecked: every stored property is read and written only between condition.lock() and unlock().
    private let condition = NSCondition()
    private var items: [Item] = []
    private var closed = false
    private var abandoned = false
    private let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    /// Returns false when the consumer has abandoned the channel (it failed): stop producing.
    @discardableResult
    func put(_ item: Item) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while items.count >= capacity && !abandoned { condition.wait() }
        guard !abandoned else { return false }
        items.append(item)
        condition.broadcast()
        return true
    }

    /// The next item, or nil once the producer has closed the channel and everything was taken.
    func take() -> Item? {
        condition.lock()
        defer { condition.unlock() }
        while items.isEmpty && !closed { condition.wait() }
        guard !items.isEmpty else { return nil }
        let item = items.removeFirst()
        condition.broadcast()
        return item
    }

    /// The next item without waiting, if there is one and `accept` takes it (the writer coalescing queued pages).
    func takeIfReady(_ accept: (Item) -> Bool) -> Item? {
        condition.lock()
        defer { condition.unlock() }
        guard let first = items.first, accept(first) else { return nil }
        items.removeFirst()
        condition.broadcast()
        return first
    }

    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }

    /// The consumer gives up: pending and future items are dropped.
    func abandon() {
        condition.lock()
        abandoned = true
        items.removeAll()
        condition.broadcast()
        condition.unlock()
    }

    var isAbandoned: Bool {
        condition.lock()
        defer { condition.unlock() }
        return abandoned
    }
}
