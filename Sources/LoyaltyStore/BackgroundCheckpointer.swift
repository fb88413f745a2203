import Foundation
import GRDB
import Synchronization

/// Copies the write-ahead log back into the database file on a thread and connection of its own while a long series
/// of write transactions runs (a sync run), so the writer neither waits for a checkpoint's two fsyncs nor spends its
/// own time copying pages. While one runs, every write transaction of the store runs with automatic checkpoints off
/// (`LoyaltyStore.write`) — the small status writes of a sync run too, which would otherwise checkpoint the log on the
/// writer's thread. Durability is unchanged: commits append to the log exactly as before, only who copies the log
/// into the file changes (decision 0092; bench sync at 1M: docs/benchmarks.md, session 13).
///
/// Every `interval` it runs a PASSIVE checkpoint, which blocks neither the writer nor readers. But the log can only
/// start over from its beginning when a checkpoint has copied all of it, and a busy writer commits during every
/// checkpoint, so the log file would grow for the whole run (2.7 GB for a 1M-order backfill). So when the log holds
/// more than `restartFrames` frames, the checkpointer holds the store's write gate — the writer finishes its
/// transaction and waits before the next — and checkpoints again: that copies the few frames left, and the writer's
/// next transaction starts the log over. (SQLite's own RESTART mode waits through the busy handler, which a writer
/// committing back to back starves.)
public final class BackgroundCheckpointer: Sendable {
    public static let interval: TimeInterval = 0.5
    /// ~256 MB of log with 4 KiB pages: the log file's size stays near it. (At 16,384 the gated checkpoints held a 1M
    /// backfill's writer back often enough to cancel the gain; docs/benchmarks.md.)
    public static let restartFrames = 65_536

    private let connection: DatabaseQueue
    private let store: LoyaltyStore
    private let stopSignal = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)
    private let stopped = Mutex(false)

    init(store: LoyaltyStore, interval: TimeInterval = BackgroundCheckpointer.interval,
         restartFrames: Int = BackgroundCheckpointer.restartFrames) throws {
        self.store = store
        var config = Configuration()
        config.busyMode = .timeout(1)
        config.label = "loyalnest.checkpointer"
        connection = try DatabaseQueue(path: store.path, configuration: config)
        store.backgroundCheckpoints.withLock { $0 += 1 }
        let thread = Thread { [connection, store, stopSignal, finished] in
            while stopSignal.wait(timeout: .now() + interval) == .timedOut {
                Self.checkpoint(connection, store, restartFrames: restartFrames)
            }
            finished.signal()
        }
        thread.name = "loyalnest.checkpointer"
        thread.start()
    }

    /// Stops the thread (after its current checkpoint); what is left in the log goes back with the next ordinary
    /// write's automatic checkpoint. Calling it again does nothing.
    public func stop() {
        guard stopped.withLock({ was in defer { was = true }; return !was }) else { return }
        stopSignal.signal()
        finished.wait()
        store.backgroundCheckpoints.withLock { $0 -= 1 }
        try? connection.close()
    }

    private static func checkpoint(_ connection: DatabaseQueue, _ store: LoyaltyStore, restartFrames: Int) {
        // A failure (SQLITE_BUSY: another connection is checkpointing) is tried again at the next interval.
        guard let passive = try? connection.writeWithoutTransaction({ db in try db.checkpoint(.passive) }),
              passive.walFrameCount > restartFrames else { return }
        store.writeGate.betweenWrites {
            _ = try? connection.writeWithoutTransaction { db in try db.checkpoint(.passive) }
        }
    }
}

extension LoyaltyStore {
    /// Starts copying the write-ahead log back on a background thread (see `BackgroundCheckpointer`); nil when the
    /// extra connection cannot be opened (the writer's own automatic checkpoints then carry on).
    public func startBackgroundCheckpoints() -> BackgroundCheckpointer? {
        try? BackgroundCheckpointer(store: self)
    }
}
