import Foundation

public enum Heap {
    /// Hands memory freed by malloc back to the system (glibc's malloc_trim(0), looked up at run time: it is not in
    /// Swift's Glibc module; elsewhere nothing). glibc keeps what other threads freed in their own arenas: after the
    /// recompute's parallel read that is a hundred megabytes that would otherwise stay resident through the scoring.
    public static func trim() {
        #if canImport(Glibc)
        typealias Trim = @convention(c) (Int) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else { return }
        _ = unsafeBitCast(symbol, to: Trim.self)(0)
        #endif
    }
}
