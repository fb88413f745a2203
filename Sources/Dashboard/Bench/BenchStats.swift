import Foundation

/// Summary of a list of durations in milliseconds (nearest-rank percentiles).
public struct LatencySummary: Codable, Hashable, Sendable {
    public var count: Int
    public var p50: Double
    public var p95: Double
    public var p99: Double
    public var max: Double
    public var mean: Double

    public init(_ samples: [Double]) {
        let sorted = samples.sorted()
        count = sorted.count
        func rank(_ p: Double) -> Double {
            guard !sorted.isEmpty else { return 0 }
            let index = Int((p * Double(sorted.count)).rounded(.up)) - 1
            return sorted[Swift.max(0, Swift.min(sorted.count - 1, index))]
        }
        p50 = rank(0.50)
        p95 = rank(0.95)
        p99 = rank(0.99)
        max = sorted.last ?? 0
        mean = sorted.isEmpty ? 0 : sorted.reduce(0, +) / Double(sorted.count)
    }
}

/// A monotonic stopwatch in milliseconds.
struct Stopwatch {
    private let start = ContinuousClock.now

    var milliseconds: Double { Self.milliseconds(ContinuousClock.now - start) }

    static func milliseconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) * 1e3 + Double(attoseconds) / 1e15
    }

    static func time<T>(_ body: () throws -> T) rethrows -> (T, Double) {
        let watch = Stopwatch()
        let value = try body()
        return (value, watch.milliseconds)
    }
}

/// Figures from /proc (Linux) about a process: resident memory and CPU time. Shared by the benchmarks.
public enum ProcFS {
    /// VmRSS and VmHWM in MB (10^6 bytes), nil when /proc is not readable.
    public static func memory(pid: String = "self") -> (rssMB: Double, hwmMB: Double)? {
        guard let rss = statusKiB("VmRSS", pid: pid), let hwm = statusKiB("VmHWM", pid: pid) else { return nil }
        return (rss * 1024 / 1e6, hwm * 1024 / 1e6)
    }

    /// A "kB" field of /proc/PID/status (VmRSS, VmHWM, ...), nil when /proc is not readable.
    public static func statusKiB(_ field: String, pid: String = "self") -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix(field + ":") }) else { return nil }
        return line.split(separator: " ").compactMap { Double($0) }.first
    }

    /// Resets the process's peak resident size (VmHWM) to its current resident size (Linux ≥ 4.0).
    @discardableResult
    public static func resetPeakResident(pid: String = "self") -> Bool {
        guard let handle = FileHandle(forWritingAtPath: "/proc/\(pid)/clear_refs") else { return false }
        defer { try? handle.close() }
        do { try handle.write(contentsOf: Data("5".utf8)) } catch { return false }
        return true
    }

    /// utime + stime of every thread of the process, in seconds (clock-tick resolution, usually 10 ms).
    public static func cpuSeconds(pid: String) -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = text.lastIndex(of: ")") else { return nil }
        // Fields after the command name, which is in parentheses and may contain spaces: state is field 3.
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count > 13, let utime = Double(fields[11]), let stime = Double(fields[12]) else { return nil }
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        return (utime + stime) / (ticks > 0 ? ticks : 100)
    }

    /// CPU time of each live thread of the process from the scheduler's statistics, in seconds (nanosecond
    /// resolution). Threads that end between two readings take their time with them, so compare only the threads
    /// present in both.
    static func schedulerSeconds(pid: String) -> [String: Double] {
        guard let tasks = try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task") else { return [:] }
        var seconds: [String: Double] = [:]
        for task in tasks {
            guard let text = try? String(contentsOfFile: "/proc/\(pid)/task/\(task)/schedstat", encoding: .utf8),
                  let first = text.split(separator: " ").first, let ns = Double(first) else { continue }
            seconds[task] = ns / 1e9
        }
        return seconds
    }
}
