import Testing
@testable import TerminalUI

@Suite struct MailboxTests {
    struct Progress: Sendable, Equatable {
        var producer: Int
        var step: Int
    }

    @Test func anEmptyMailboxGivesNothing() {
        let mailbox = Mailbox<Int>()
        #expect(mailbox.take() == nil)
    }

    @Test func theNewestPostWinsAndIsTakenOnce() {
        let mailbox = Mailbox<String>()
        for status in ["fetching", "writing", "synced"] { mailbox.post(status) }
        #expect(mailbox.take() == "synced")
        #expect(mailbox.take() == nil)
        #expect(mailbox.replacedCount == 2)
        mailbox.post("fetching")
        #expect(mailbox.take() == "fetching")
        #expect(mailbox.replacedCount == 2)
    }

    @Test func aReaderNeverSeesAProducerGoBackInTime() async {
        let mailbox = Mailbox<Progress>()
        let producersDone = Mailbox<Bool>()
        let producers = 4, steps = 5_000

        async let seen: [Int] = {
            var latest = Array(repeating: -1, count: producers)
            var done = false
            while true {
                if producersDone.take() != nil { done = true }
                if let progress = mailbox.take() {
                    // Each value is taken once, so a producer's steps must strictly increase.
                    #expect(progress.step > latest[progress.producer], "producer \(progress.producer) went back")
                    latest[progress.producer] = progress.step
                } else if done {
                    return latest
                } else {
                    await Task.yield()
                }
            }
        }()

        await withTaskGroup(of: Void.self) { group in
            for producer in 0..<producers {
                group.addTask {
                    for step in 0..<steps { mailbox.post(Progress(producer: producer, step: step)) }
                }
            }
        }
        producersDone.post(true)
        let latest = await seen
        // The very last post is never replaced, so the reader ends on some producer's final step.
        #expect(latest.contains(steps - 1))
        #expect(mailbox.take() == nil)
    }
}
