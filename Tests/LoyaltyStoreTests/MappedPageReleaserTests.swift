import Foundation
@testable import LoyaltyStore
import Testing

@Suite struct MappedPageReleaserTests {
    @Test func releasedPagesOfAMappedFileReadBackUnchanged() throws {
        let path = NSTemporaryDirectory() + "loyalnest-map-" + UUID().uuidString
        let bytes = (0..<(64 * 4096)).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let mapped = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
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
}
