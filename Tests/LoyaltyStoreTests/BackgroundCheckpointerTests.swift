import Foundation
import GRDB
import Testing
@testable import LoyaltyCore
@testable import LoyaltyStore

@Suite struct BackgroundCheckpointerTests {
    private func fileSize(_ path: String) -> Int {
        (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    }

    private func writersAutocheckpoint(_ store: LoyaltyStore) throws -> Int {
        try store.write { db in try Int.fetchOne(db, sql: "PRAGMA wal_autocheckpoint") ?? -1 }
    }

    @Test func whileOneRunsWritesLeaveTheLogToItAndItCopiesTheLogIntoTheFile() throws {
        let h = try StoreHarness()
        _ = try h.store.pool.writeWithoutTransaction { db in try db.checkpoint(.truncate) }
        let path = h.store.path
        let before = fileSize(path)
        #expect(try writersAutocheckpoint(h.store) == 1000)

        let checkpointer = try #require(h.store.startBackgroundCheckpoints())
        #expect(try writersAutocheckpoint(h.store) == 0)
        let orders = (0..<3_000).map { h.order("B\($0)", customer: "c\($0 % 300)", amount: 1_000 + Int64($0)) }
        #expect(try h.importOrders(orders).new == 3_000)
        // Only the checkpointer can move pages into the database file now: the writer's checkpoints are off.
        let deadline = Date().addingTimeInterval(10)
        while fileSize(path) <= before && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        #expect(fileSize(path) > before, "the database file did not grow: nothing copied the log back")

        checkpointer.stop()
        checkpointer.stop()
        #expect(try writersAutocheckpoint(h.store) == 1000)
        #expect(try h.allChecksPass())
        let count = try h.store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM orders") ?? 0 }
        #expect(count == 3_000)
    }

    @Test func twoAtOnceKeepTheWritersCheckpointsOffUntilTheLastStops() throws {
        let h = try StoreHarness()
        let first = try #require(h.store.startBackgroundCheckpoints())
        let second = try #require(h.store.startBackgroundCheckpoints())
        first.stop()
        #expect(try writersAutocheckpoint(h.store) == 0)
        second.stop()
        #expect(try writersAutocheckpoint(h.store) == 1000)
    }

    @Test func aSyncRunsPageRestoresTheWritersCheckpointIntervalAfterItsTransaction() throws {
        let h = try StoreHarness()
        let run = SyncRunCache()
        try h.store.applySyncPage(h.owner, resource: .orders, SyncPage(orders: []), now: StoreHarness.t0, run: run)
        #expect(try writersAutocheckpoint(h.store) == 1000)
    }

    /// A writer committing back to back never leaves the log fully copied, so without the write gate the log file
    /// would only grow; with it the log starts over whenever it passes `restartFrames`.
    @Test func aWriterCommittingBackToBackStillLetsTheLogStartOver() throws {
        let h = try StoreHarness()
        try h.store.write { db in try db.execute(sql: "CREATE TABLE filler (id INTEGER PRIMARY KEY, data BLOB)") }
        let checkpointer = try BackgroundCheckpointer(store: h.store, interval: 0.01, restartFrames: 64)
        // A fixed amount of work rather than a fixed time, so a slow or busy machine (CI) only takes longer; the
        // checkpointer wakes every 10 ms, about a hundred times while these run even on a fast machine.
        let transactions = 800
        for _ in 0..<transactions {
            try h.store.write { db in
                for _ in 0..<8 { try db.execute(sql: "INSERT INTO filler (data) VALUES (randomblob(4000))") }
            }
        }
        checkpointer.stop()
        // Frames in the log's current generation: everything written since it last started over.
        let frames = try DatabaseQueue(path: h.store.path).writeWithoutTransaction { db in try db.checkpoint(.passive) }.walFrameCount
        let written = transactions * 8
        #expect(frames < written / 2, "\(frames) frames in the log after \(written) pages written")
    }
}
