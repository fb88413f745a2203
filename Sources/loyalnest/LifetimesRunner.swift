import Foundation
import LoyaltyCore

struct LifetimesResult: Codable {
    var version: String
    var customers: Int
    var r: Double
    var alpha: Double
    var a: Double
    var b: Double
    /// Total over the customers at lifetimes' parameters, computed by LoyalNest's likelihood (lifetimes fits on
    /// rescaled times, so its own figure differs by a constant).
    var logLikelihood: Double?
    /// BetaGeoFitter.fit alone (it includes lifetimes' own variance-matrix step, as a user's call does).
    var fitSeconds: Double
    var loadSeconds: Double
    var peakMB: Double
}

/// Runs Python's lifetimes (BetaGeoFitter) on summaries written to a CSV, in a child process of the given Python.
/// The benchmark's only use of Python; lifetimes is never a project dependency.
enum LifetimesRunner {
    static let script = #"""
        import json, resource, sys, time
        t0 = time.perf_counter()
        import pandas as pd
        import lifetimes
        from lifetimes import BetaGeoFitter
        df = pd.read_csv(sys.argv[1])
        load = time.perf_counter() - t0
        fitter = BetaGeoFitter(penalizer_coef=0.0)
        t1 = time.perf_counter()
        fitter.fit(df["frequency"], df["recency"], df["T"])
        fit = time.perf_counter() - t1
        p = fitter.params_
        print(json.dumps({"version": lifetimes.__version__, "customers": int(len(df)), "r": float(p["r"]),
                          "alpha": float(p["alpha"]), "a": float(p["a"]), "b": float(p["b"]),
                          "fitSeconds": fit, "loadSeconds": load,
                          "peakMB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / 1e6}))
        """#

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func fit(_ summaries: [BGNBDSummary], python: String) throws -> LifetimesResult {
        guard FileManager.default.isExecutableFile(atPath: python) else {
            throw Failure(description: "\(python) is not an executable Python")
        }
        let directory = NSTemporaryDirectory() + "loyalnest-lifetimes-\(ProcessInfo.processInfo.processIdentifier)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let csv = directory + "/summaries.csv"
        // lifetimes' names: frequency = x, recency = t_x, T; full precision so both fit the same numbers.
        var text = "frequency,recency,T\n"
        text.reserveCapacity(summaries.count * 40)
        for s in summaries { text += "\(s.x),\(s.tx),\(s.T)\n" }
        try Data(text.utf8).write(to: URL(fileURLWithPath: csv))
        let scriptPath = directory + "/fit.py"
        try Data(script.utf8).write(to: URL(fileURLWithPath: scriptPath))

        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [scriptPath, csv]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0, let line = String(decoding: stdout, as: UTF8.self)
            .split(separator: "\n").last(where: { $0.hasPrefix("{") }) else {
            let tail = String(decoding: stderr, as: UTF8.self).split(separator: "\n").suffix(5).joined(separator: " | ")
            throw Failure(description: "\(python) exited with \(process.terminationStatus): \(tail)")
        }
        var result = try JSONDecoder().decode(LifetimesResult.self, from: Data(line.utf8))
        let theirs = BGNBDParameters(r: result.r, alpha: result.alpha, a: result.a, b: result.b)
        if theirs.isValid { result.logLikelihood = try? BGNBDLikelihood(summaries).evaluate(theirs).logLikelihood }
        return result
    }
}
