import Foundation

/// Held around every write transaction of a store; a `BackgroundCheckpointer` takes it for a moment to copy the last
/// frames of the log while no transaction runs, so the log can start over.
///
/// A plain mutex is not enough: a writer committing back to back unlocks and locks again before the waiting
/// checkpointer thread has even been woken, so under load the checkpointer starved and the log never started over
/// (seen in the full test suite). Hence a turnstile: a checkpoint holds it while it waits for the gate, so the
/// writer's next transaction queues behind the checkpoint instead of overtaking it. Writers only pass through it.
final class WriteGate: Sendable {
    private let turnstile = NSLock()
    private let gate = NSLock()

    func whileWriting<T>(_ body: () throws -> T) rethrows -> T {
        turnstile.lock()
        turnstile.unlock()
        gate.lock()
        defer { gate.unlock() }
        return try body()
    }

    /// Runs `body` between two write transactions, before any writer that arrives meanwhile. `queued` runs once the
    /// turnstile is held (tests count the transactions that still get through from there).
    func betweenWrites(queued: () -> Void = {}, _ body: () -> Void) {
        turnstile.lock()
        defer { turnstile.unlock() }
        queued()
        gate.lock()
        defer { gate.unlock() }
        body()
    }
}
