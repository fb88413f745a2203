import Foundation
@testable import LoyaltyStore
import Testing

@Suite struct MappedPageReleaserTests {
    private func writeFile(_ bytes: [UInt8]) throws -> String {
        let path = NSTemporaryDirectory() + "loyalnest-map-" + UUID().uuidString
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func releasedPagesOfAMappedFileReadBackUnchanged() throws {
        let bytes = (0..<(64 * 4096)).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let mapped = try MappedFile.read(path: try writeFile(bytes))
        mapped.withUnsafeBytes { buffer in
            var releaser = MappedPageReleaser(buffer, step: 4096)
            #expect(releaser.releases)
            var sum = 0
            for offset in stride(from: 0, to: buffer.count, by: 4096) {
                sum &+= Int(buffer[offset])
                releaser.release(upTo: offset + 4096)
            }
            #expect(Array(buffer) == bytes)
        }
    }

    @Test func memoryThatIsNotAFileMappingIsNeverReleased() {
        let data = Data((0..<(64 * 4096)).map { UInt8(truncatingIfNeeded: $0) })
        data.withUnsafeBytes { buffer in
            var releaser = MappedPageReleaser(buffer, step: 4096)
            #expect(!releaser.releases)
            releaser.release(upTo: buffer.count)
            #expect(buffer[4096 * 10] == UInt8(truncatingIfNeeded: 4096 * 10))
            #expect(buffer.last == UInt8(truncatingIfNeeded: 64 * 4096 - 1))
        }
    }

    /// Only mappings `MappedFile` made count: one Foundation made, or one already unmapped, is left alone.
    @Test func onlyLiveMappingsMadeHereAreReleased() throws {
        let path = try writeFile(Array(repeating: 7, count: 16 * 4096))
        let foundation = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
        foundation.withUnsafeBytes { #expect(!MappedPageReleaser($0, step: 4096).releases) }
        var range: (start: UInt, count: Int) = (0, 0)
        do {
            let ours = try MappedFile.read(path: path)
            ours.withUnsafeBytes { buffer in
                range = (UInt(bitPattern: buffer.baseAddress), buffer.count)
                #expect(MappedFile.holds(buffer))
                #expect(MappedFile.holds(UnsafeRawBufferPointer(rebasing: buffer[4096...])), "a slice of it")
            }
        }
        let stale = UnsafeRawBufferPointer(start: UnsafeRawPointer(bitPattern: range.start), count: range.count)
        #expect(range.count == 16 * 4096 && !MappedFile.holds(stale), "unregistered when the Data is freed")
    }

    @Test func readingRefusesWhatIsNotAFileAndGivesEmptyDataForAnEmptyOne() throws {
        #expect(try MappedFile.read(path: try writeFile([])).isEmpty)
        #expect { try MappedFile.read(path: NSTemporaryDirectory()) } throws: { "\($0)".contains("not a regular file") }
        #expect { try MappedFile.read(path: "/nonexistent/loyalnest.csv") } throws: { "\($0)".contains("No such file") }
    }
}
