import Foundation

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

    /// This process's peak resident size from getrusage (ru_maxrss, KiB on Linux) in MiB; unlike VmHWM it cannot be
    /// reset.
    public static func maxResidentMiB() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_maxrss) / 1024
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
    public static func schedulerSeconds(pid: String) -> [String: Double] {
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
