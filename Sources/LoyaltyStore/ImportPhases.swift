import Foundation
import Synchronization

/// How long one phase of an import took.
public struct ImportPhase: Codable, Sendable, Equatable {
    public var name: String
    public var seconds: Double
}

/// Where one import's time goes, phase by phase (`loyalnest bench ingest` prints it). Each mark closes the phase that
/// began at the previous mark, or at `init`.
final class ImportPhases: Sendable {
    private struct State {
        var last: UInt64
        var phases: [ImportPhase] = []
    }

    private let state = Mutex(State(last: DispatchTime.now().uptimeNanoseconds))

    func mark(_ name: String) {
        let now = DispatchTime.now().uptimeNanoseconds
        state.withLock {
            $0.phases.append(ImportPhase(name: name, seconds: Double(now - $0.last) / 1e9))
            $0.last = now
        }
    }

    var phases: [ImportPhase] { state.withLock { $0.phases } }
}
