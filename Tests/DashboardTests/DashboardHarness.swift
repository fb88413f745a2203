import DemoData
import Foundation
import LoyaltyCore
import LoyaltyStore
import TerminalUI
import Testing
@testable import Dashboard

/// A small deterministic demo store, built once per test run and shared read-only by the golden-frame tests.
enum DemoFixture {
    static let asOf = Timestamp.make(year: 2026, month: 11, day: 20) + 12 * 3600
    static let now = asOf + 3 * 3600

    static let shared: LoyaltyStore = try! make(customers: 400)

    /// A fresh copy for tests that write.
    static func make(customers: Int, analyticsHistory: Bool = true) throws -> LoyaltyStore {
        let directory = NSTemporaryDirectory() + "loyalnest-dash-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let store = try LoyaltyStore(path: directory + "/demo.sqlite")
        let definition = try DemoDefinition.load(from: DemoData.definitionURL!)
        _ = try DemoStore.populate(store, definition: definition, customers: customers, seed: 7, asOf: asOf,
                                   analyticsHistory: analyticsHistory)
        return store
    }
}

/// The dashboard program on a TestBackend: send keys, let background work answer, read the frame.
struct DashboardHarness {
    var program: DashboardProgram
    let backend: TestBackend
    let store: LoyaltyStore

    init(width: Int = 80, height: Int = 24, lang: String = "en", theme: String = "dark",
         store: LoyaltyStore = DemoFixture.shared, operatorName: String? = nil, keys: String? = nil,
         sync: SyncLink? = nil, capabilities: TerminalCapabilities = .init(colorDepth: .trueColor, unicode: true, mouse: true)) throws {
        backend = TestBackend(width: width, height: height, capabilities: capabilities)
        self.store = store
        let session = try store.session(merchant: nil, operator: operatorName)
        var config = AppConfig()
        if let keys { config = try AppConfig.parse(keys, source: "test-config.toml") }
        let options = DashboardOptions(
            store: store, session: session, config: config,
            configDirectory: URL(fileURLWithPath: "/nonexistent-loyalnest-config"),
            lang: lang, theme: theme, environment: [:], wallClock: { DemoFixture.now }, sync: sync)
        program = try DashboardLauncher.makeProgram(options, capabilities: capabilities,
                                                    size: Size(width: width, height: height))
        program.settle()
        draw()
    }

    var state: AppState { program.state }

    mutating func press(_ keys: Key...) {
        for key in keys { _ = program.handle(.key(key)) }
        program.settle()
        draw()
    }

    mutating func type(_ text: String) {
        for c in text { _ = program.handle(.key(.char(c))) }
        program.settle()
        draw()
    }

    mutating func resize(_ width: Int, _ height: Int) {
        backend.size = Size(width: width, height: height)
        _ = program.handle(.resize(backend.size))
        program.settle()
        draw()
    }

    func draw() {
        var frame = CellBuffer(size: backend.size)
        program.render(into: &frame)
        backend.present(frame)
    }

    var text: String { backend.text() }
}

/// Compares a frame with Tests/DashboardTests/Golden/NAME.txt; LOYALNEST_UPDATE_GOLDEN=1 rewrites the file.
func expectGolden(_ name: String, _ actual: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Golden").appendingPathComponent(name + ".txt")
    if ProcessInfo.processInfo.environment["LOYALNEST_UPDATE_GOLDEN"] == "1" {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try (actual + "\n").write(to: url, atomically: true, encoding: .utf8)
        return
    }
    guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
        Issue.record("golden frame \(name) is missing; run with LOYALNEST_UPDATE_GOLDEN=1 to create it",
                     sourceLocation: sourceLocation)
        return
    }
    let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
    let actualLines = actual.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    if expectedLines != actualLines {
        let firstDifference = zip(expectedLines, actualLines).enumerated().first { $0.element.0 != $0.element.1 }
        let where_ = firstDifference.map { "line \($0.offset + 1):\n  expected: \($0.element.0)\n  actual:   \($0.element.1)" }
            ?? "line counts \(expectedLines.count) vs \(actualLines.count)"
        Issue.record("golden frame \(name) differs at \(where_)\n(LOYALNEST_UPDATE_GOLDEN=1 rewrites it)\n\(actual)",
                     sourceLocation: sourceLocation)
    }
}
