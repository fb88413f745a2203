import Foundation
import Synchronization

/// A file read through a private, read-only memory mapping made here, as `Data`. The CSV import tells the kernel it
/// may drop the pages it has read (`MappedPageReleaser`), which is only safe for such a mapping, so the mappings made
/// here are registered and the reader asks the registry. (It used to parse /proc/self/maps, which, read while other
/// threads map and unmap memory, could miss the line: the release was then silently skipped.)
public enum MappedFile {
    /// [start, end) of every mapping `read` made that is still alive.
    private static let mappings = Mutex<[Range<UInt>]>([])

    public struct ReadError: Error, CustomStringConvertible, LocalizedError {
        public let path: String
        public let reason: String
        public var description: String { "\(path): \(reason)" }
        public var errorDescription: String? { reason }
    }

    /// The file's bytes. An empty file gives empty Data (there is nothing to map).
    public static func read(path: String) throws -> Data {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw ReadError(path: path, reason: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw ReadError(path: path, reason: String(cString: strerror(errno))) }
        guard (info.st_mode & S_IFMT) == S_IFREG else { throw ReadError(path: path, reason: "not a regular file") }
        let size = Int(info.st_size)
        guard size > 0 else { return Data() }
        guard let base = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0), base != MAP_FAILED else {
            throw ReadError(path: path, reason: String(cString: strerror(errno)))
        }
        let start = UInt(bitPattern: base)
        mappings.withLock { $0.append(start..<start + UInt(size)) }
        return Data(bytesNoCopy: base, count: size, deallocator: .custom { pointer, count in
            let start = UInt(bitPattern: pointer)
            mappings.withLock { $0.removeAll { $0.lowerBound == start } }
            munmap(pointer, count)
        })
    }

    /// Whether all of `buffer` lies in a mapping `read` made that is still alive.
    static func holds(_ buffer: UnsafeRawBufferPointer) -> Bool {
        guard let base = buffer.baseAddress else { return false }
        let start = UInt(bitPattern: base)
        let end = start + UInt(buffer.count)
        return mappings.withLock { $0.contains { $0.lowerBound <= start && end <= $0.upperBound } }
    }
}
