import Foundation

/// Runs `body` for each item on a thread of its own and waits for them all; the first error is rethrown. The
/// calling thread runs only `meanwhile`, then waits, so a caller inside a database access can hand each thread a
/// connection of its own.
enum Parallel {
    static func map<Item: Sendable, Result: Sendable>(_ items: [Item], meanwhile: () throws -> Void = {},
                                                     _ body: @escaping @Sendable (Item) throws -> Result) throws -> [Result] {
        let results = Results<Result>(count: items.count)
        let group = DispatchGroup()
        for (index, item) in items.enumerated() {
            group.enter()
            Thread {
                results.set(index, Swift.Result { try body(item) })
                group.leave()
            }.start()
        }
        let own = Swift.Result { try meanwhile() }
        group.wait()
        try own.get()
        return try results.values()
    }

    // Safe to share: every access to `slots` holds `lock`, and the values stored are Sendable.
    private final class Results<Value: Sendable>: @unchecked Sendable {
        private let lock = NSLock()
        private var slots: [Swift.Result<Value, any Error>?]

        init(count: Int) { slots = Array(repeating: nil, count: count) }

        func set(_ index: Int, _ result: Swift.Result<Value, any Error>) {
            lock.lock()
            slots[index] = result
            lock.unlock()
        }

        func values() throws -> [Value] {
            lock.lock()
            defer { lock.unlock() }
            return try slots.map { try $0!.get() }
        }
    }
}

/// A buffer that threads write at disjoint indices: the caller guarantees no two touch the same element, and reads
/// it only after every writer has finished (Parallel.map waits for them), which is why it may cross threads.
struct SharedBuffer<Element>: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<Element>

    init(_ buffer: UnsafeMutableBufferPointer<Element>) { self.buffer = buffer }
}

extension Array {
    /// The first index whose element satisfies `isAtLeast`, for a predicate that is false up to some point of the
    /// array and true after it (a sorted array and a lower bound).
    func partitioningIndex(where isAtLeast: (Element) -> Bool) -> Int {
        var low = 0, high = count
        while low < high {
            let mid = (low + high) / 2
            if isAtLeast(self[mid]) { high = mid } else { low = mid + 1 }
        }
        return low
    }
}
