import Dispatch
import Foundation

/// Runs async work from a synchronous command (ArgumentParser's root command here is not async).
func blockingAwait<T: Sendable>(_ work: @escaping @Sendable () async throws -> T) throws -> T {
    let box = ResultBox<T>()
    Task { box.set(await Result(catching: { try await work() })) }
    return try box.wait().get()
}

func blockingAwait(_ work: @escaping @Sendable () async -> Void) {
    let box = ResultBox<Void>()
    Task { await work(); box.set(.success(())) }
    _ = try? box.wait()
}

/// Blocks until SIGTERM or SIGINT (the process then shuts its servers down and exits normally).
func waitForTermination() {
    let stopped = DispatchSemaphore(value: 0)
    var sources: [any DispatchSourceSignal] = []
    for sig in [SIGTERM, SIGINT] {
        signal(sig, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
        source.setEventHandler { stopped.signal() }
        source.resume()
        sources.append(source)
    }
    stopped.wait()
    sources.forEach { $0.cancel() }
}

private final class ResultBox<Value: Sendable>: @unchecked Sendable {
    // @unchecked: `value` is written once before `semaphore.signal()` and read only after `wait()` returns.
    private var value: Result<Value, any Error>?
    private let semaphore = DispatchSemaphore(value: 0)

    func set(_ result: Result<Value, any Error>) {
        value = result
        semaphore.signal()
    }

    func wait() throws -> Result<Value, any Error> {
        semaphore.wait()
        return value ?? .failure(CLIError("no result"))
    }
}

extension Result where Failure == any Error {
    init(catching body: () async throws -> Success) async {
        do { self = .success(try await body()) } catch { self = .failure(error) }
    }
}
