import Foundation
import LoyaltyCore
import LoyaltyStore
import TerminalUI
import Testing
@testable import Dashboard

@Suite struct HostileInputTests {
    /// 500 characters mixing emoji, ZWJ families, flags, variation selectors, Hebrew and Arabic, CJK and controls.
    static let hostileName: String = {
        let pieces = ["👨‍👩‍👧‍👦", "שלום", "❤️", "مرحبا", "日本語", "🇯🇵", "e\u{301}", "\u{7}", "\u{202E}", "x", " "]
        var name = ""
        var i = 0
        while name.count < 500 { name += pieces[i % pieces.count]; i += 1 }
        return String(name.prefix(500))
    }()

    static func storeWithHostileCustomer() throws -> (LoyaltyStore, Session) {
        let store = try DemoFixture.make(customers: 10)
        let session = try store.session(merchant: nil, operator: nil)
        let customer = IncomingCustomer(externalID: "hostile-1", email: "hostile@example.com", firstName: hostileName,
                                        lastName: "ﷺ", phone: "+1 555 0100")
        let order = IncomingOrder(externalID: "h-1", name: "#H1", customer: customer, processedAt: DemoFixture.asOf - 3600,
                                  currency: "USD", totalPrice: DecimalAmount(digits: 4200, scale: 2),
                                  subtotalPrice: DecimalAmount(digits: 4200, scale: 2))
        _ = try store.importOrders(session, orders: [order], source: "hostile-test", now: DemoFixture.asOf)
        return (store, session)
    }

    /// Every row of the frame is exactly the terminal's width in cells: nothing spills, nothing is cut in half.
    static func expectRowsFit(_ h: DashboardHarness, sourceLocation: SourceLocation = #_sourceLocation) {
        for y in 0..<h.backend.frame.size.height {
            let cells = h.backend.frame.row(y)
            let width = cells.reduce(0) { $0 + ($1.isContinuation ? 0 : max(1, TextWidth.width(of: $1.grapheme))) }
            #expect(width == h.backend.frame.size.width, "row \(y) is \(width) cells wide", sourceLocation: sourceLocation)
            for (i, cell) in cells.enumerated() where TextWidth.width(of: cell.grapheme) == 2 {
                #expect(i + 1 < cells.count && cells[cells.startIndex + i + 1].isContinuation, sourceLocation: sourceLocation)
            }
            #expect(!cells.contains { $0.grapheme.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x200D } },
                    "no control characters or ZWJ reach the screen", sourceLocation: sourceLocation)
        }
    }

    @Test(arguments: ["en", "ar", "ja"])
    func aHostileNameFitsInSearchResultsAndTheJourney(lang: String) throws {
        let (store, _) = try Self.storeWithHostileCustomer()
        for (w, ht) in [(80, 24), (140, 45), (60, 16)] {
            var h = try DashboardHarness(width: w, height: ht, lang: lang, store: store)
            h.press(.char("2"), .char("/"))
            h.type("hostile@")
            #expect(h.state.customers.hits?.count == 1)
            Self.expectRowsFit(h)
            h.press(.enter)
            #expect(h.state.journey?.journey != nil)
            Self.expectRowsFit(h)
        }
    }

    @Test func aHostileNameGoldenFrame() throws {
        let (store, _) = try Self.storeWithHostileCustomer()
        var h = try DashboardHarness(width: 80, height: 24, store: store)
        h.press(.char("2"), .char("/"))
        h.type("hostile@")
        h.press(.enter)
        try expectGolden("journey-hostile-en-80x24", h.text)
    }

    @Test func aTinyTerminalShowsOnlyTheEnlargeMessage() throws {
        var h = try DashboardHarness(width: 20, height: 5)
        try expectGolden("too-small-en-20x5", h.text)
        #expect(!h.text.contains("Members"))
        // Keys do nothing harmful while too small; q still quits.
        h.press(.char("2"), .char("/"))
        #expect(h.state.screen == .overview)
        #expect(h.program.handle(.key(.char("q"))) == .quit)
        h.resize(59, 16)
        #expect(h.text.contains("60"))
        h.resize(60, 16)
        #expect(h.text.contains("Members"))
    }

    @Test func aResizeStormKeepsEveryFrameWhole() throws {
        var h = try DashboardHarness(width: 80, height: 24)
        h.press(.char("2"))
        var rng = SeededGenerator(seed: 11)
        for _ in 0..<200 {
            let w = Int.random(in: 1...220, using: &rng), ht = Int.random(in: 1...70, using: &rng)
            _ = h.program.handle(.resize(Size(width: w, height: ht)))
            h.backend.size = Size(width: w, height: ht)
            h.draw()
            #expect(h.backend.frame.size == Size(width: w, height: ht))
        }
        h.resize(100, 30)
        h.press(.down, .down)
        #expect(h.state.customers.selection.selected == 2)
        Self.expectRowsFit(h)
    }

    @Test func withoutUTF8TheFrameUsesASCIIGlyphs() throws {
        let h = try DashboardHarness(width: 80, height: 24,
                                     capabilities: .init(colorDepth: .ansi16, unicode: false, mouse: false))
        #expect(!h.text.unicodeScalars.contains { (0x2500...0x25FF).contains($0.value) || $0 == "…" })
    }

    @Test func noColorStillShowsTheSelection() throws {
        var h = try DashboardHarness(width: 80, height: 24,
                                     capabilities: .init(colorDepth: .none, unicode: true, mouse: false))
        h.press(.char("2"))
        let styles = Set(h.backend.frame.cells.map(\.style))
        #expect(styles.allSatisfy { $0.foreground == .default && $0.background == .default })
        #expect(styles.contains { $0.attributes.contains(.reverse) }, "the selected row stays visible without colour")
    }
}
