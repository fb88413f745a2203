import Testing
@testable import TerminalUI

@Suite struct HelpOverlayTests {
    let help = HelpOverlay(title: "Keys", sections: [
        HelpSection(title: "Navigation", rows: [HelpRow(keys: "j", description: "Down"),
                                                HelpRow(keys: "k", description: "Up")]),
        HelpSection(title: "Actions", rows: [HelpRow(keys: "Enter", description: "Open")]),
    ])

    @Test func listsSectionsOfKeysInAModal() {
        #expect(styled(draw(help, width: 30, height: 9)) == lines(
            "       ┌ Keys ───────┐        ",
            ".......abbbbbbaaaaaaaa........",
            "       │ Navigation  │        ",
            ".......acddddddddddcca........",
            "       │ j      Down │        ",
            ".......aceccccccccccca........",
            "       │ k      Up   │        ",
            ".......aceccccccccccca........",
            "       │             │        ",
            ".......accccccccccccca........",
            "       │ Actions     │        ",
            ".......acdddddddccccca........",
            "       │ Enter  Open │        ",
            ".......aceeeeeccccccca........",
            "       └─────────────┘        ",
            ".......aaaaaaaaaaaaaaa........",
            "                              ",
            "..............................",
            "-- styles --",
            "a: fg=ansi6 bg=ansi7",
            "b: fg=ansi3 bg=ansi7 bold",
            "c: fg=default bg=ansi7",
            "d: fg=default bg=ansi7 bold",
            "e: fg=ansi5 bg=ansi7"))
    }

    @Test func scrollsWhenTallerThanTheScreenWithArrowsOnTheBorder() {
        var overlay = help
        let screen = Rect(x: 0, y: 0, width: 30, height: 6)
        overlay.fit(screen)
        #expect(text(draw(overlay, width: 30, height: 6)).split(separator: "\n").last == "       └────────────▼┘        ")
        #expect(overlay.handle(.down) == .handled)
        #expect(text(draw(overlay, width: 30, height: 6)) == lines(
            "       ┌ Keys ──────▲┐        ",
            "       │ j      Down │        ",
            "       │ k      Up   │        ",
            "       │             │        ",
            "       │ Actions     │        ",
            "       └────────────▼┘        "))
        _ = overlay.handle(.pageDown)
        _ = overlay.handle(.down)
        #expect(overlay.offset == 2)
        #expect(text(draw(overlay, width: 30, height: 6, direction: .rightToLeft)) == lines(
            "        ┌▲────── Keys ┐       ",
            "        │   Up      k │       ",
            "        │             │       ",
            "        │     Actions │       ",
            "        │ Open  Enter │       ",
            "        └─────────────┘       "))
        _ = overlay.handle(.home)
        #expect(overlay.offset == 0)
        _ = overlay.handle(.end)
        #expect(overlay.offset == 2)
    }

    @Test func closesOnEscapeQuestionMarkAndQ() {
        var overlay = help
        #expect(overlay.handle(.escape) == .closed)
        #expect(overlay.handle(.char("?")) == .closed)
        #expect(overlay.handle(.char("q")) == .closed)
        #expect(overlay.handle(.char("x")) == .ignored)
    }
}
