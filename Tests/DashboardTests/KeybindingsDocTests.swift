import Foundation
import TerminalUI
import Testing
@testable import Dashboard

/// docs/keybindings.md is generated from the keymap data; this fails when the two drift
/// (LOYALNEST_UPDATE_GOLDEN=1 regenerates it).
@Suite struct KeybindingsDocTests {
    @Test func theDocumentMatchesTheKeymap() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/keybindings.md")
        let generated = DefaultKeymap.keymap.markdown(title: "LoyalNest key bindings")
        if ProcessInfo.processInfo.environment["LOYALNEST_UPDATE_GOLDEN"] == "1" {
            try generated.write(to: url, atomically: true, encoding: .utf8)
        }
        let onDisk = try String(contentsOf: url, encoding: .utf8)
        #expect(onDisk == generated, "docs/keybindings.md is stale: run the tests with LOYALNEST_UPDATE_GOLDEN=1")
    }

    @Test func everyActionIsDescribedInEveryLocaleAndNoKeyIsBoundTwiceInAScope() throws {
        #expect(DefaultKeymap.keymap.conflicts().isEmpty)
        for code in BundledLocaleFiles.codes {
            let l = try Localizer.bundled(code)
            for binding in DefaultKeymap.keymap.bindings {
                #expect(l.t("action.\(binding.action)") != "action.\(binding.action)", "\(code) lacks action.\(binding.action)")
            }
        }
    }
}
