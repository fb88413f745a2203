import Foundation
import Synchronization
import Testing
@testable import LoyaltyStore

@Suite struct WriteGateTests {
    /// A writer that takes the gate again the moment it lets go must not starve a checkpoint waiting for it: the
    /// checkpoint runs after at most the transaction in progress and one that had passed the turnstile as it queued.
    @Test func aCheckpointGetsInBetweenABackToBackWritersTransactions() throws {
        let gate = WriteGate()
        let transactions = Atomic(0)
        let stop = Atomic(false)
        let writer = Thread {
            while !stop.load(ordering: .relaxed) {
                gate.whileWriting {
                    usleep(200)
                    transactions.add(1, ordering: .relaxed)
                }
            }
        }
        writer.start()
        defer { stop.store(true, ordering: .relaxed) }
        while transactions.load(ordering: .relaxed) < 10 { usleep(100) }
        for round in 0..<20 {
            var before = 0
            var during = 0
            gate.betweenWrites(queued: { before = transactions.load(ordering: .relaxed) }) {
                during = transactions.load(ordering: .relaxed) - before
            }
            #expect(during <= 2, "round \(round): \(during) transactions ran while the checkpoint waited")
            usleep(1_000)
        }
    }
}
