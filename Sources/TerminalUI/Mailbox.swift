import Synchronization

/// A latest-value slot from background work to the main loop. Background tasks `post` from any thread; the
/// program `take`s in `TerminalProgram.tick`, which the loop calls at least every tick interval (50 ms), so a
/// posted value shows within one tick without any wake-up machinery. A value not yet taken is replaced by the
/// next post: the screen wants the newest state (sync progress, query results), not every intermediate one.
public final class Mailbox<Value: Sendable>: Sendable {
    private let slot = Mutex<Slot>(Slot())

    private struct Slot {
        var value: Value?
        var replaced = 0
    }

    public init() {}

    /// Leaves `value` for the main loop, replacing any value it has not taken yet.
    public func post(_ value: Value) {
        slot.withLock { slot in
            if slot.value != nil { slot.replaced += 1 }
            slot.value = value
        }
    }

    /// The newest value posted since the last take, or nil when nothing new arrived.
    public func take() -> Value? {
        slot.withLock { slot in slot.value.take() }
    }

    /// How many posted values were replaced before anyone took them (for diagnostics and tests).
    public var replacedCount: Int {
        slot.withLock { $0.replaced }
    }
}
