import Testing
@testable import TerminalUI

@Suite struct CommandPaletteTests {
    static let commands = [
        PaletteCommand(name: "customer", description: "Find a customer"),
        PaletteCommand(name: "campaigns", description: "Bonus campaigns"),
        PaletteCommand(name: "rewards", description: "Reward catalogue"),
        PaletteCommand(name: "quit", description: "Leave"),
        PaletteCommand(name: "sync", description: "Sync now"),
    ]

    func palette(typing text: String = "") -> CommandPalette {
        var palette = CommandPalette(commands: Self.commands)
        for c in text { _ = palette.handle(.char(c)) }
        return palette
    }

    @Test func matchesPrefixesFirstThenLettersInOrder() {
        #expect(palette(typing: "c").matches.map(\.name) == ["customer", "campaigns", "sync"])
        #expect(palette(typing: "cst").matches.map(\.name) == ["customer"])
        #expect(palette(typing: "CUS").matches.map(\.name) == ["customer"])
        #expect(palette(typing: "customer alice@").matches.map(\.name) == ["customer"])
        #expect(palette(typing: "zz").matches.isEmpty)
        #expect(palette().matches.count == Self.commands.count)
    }

    @Test func enterSubmitsTheWholeLineAsTyped() {
        var p = palette(typing: "customer alice@")
        #expect(p.handle(.enter) == .submitted("customer alice@"))
        #expect(p.handle(.escape) == .cancelled)
    }

    @Test func tabCompletesTheFirstWordWithTheSelectedCommand() {
        var p = palette(typing: "cu")
        #expect(p.handle(.tab) == .handled)
        #expect(p.text == "customer ")
        for c in "bob" { _ = p.handle(.char(c)) }
        #expect(p.handle(.enter) == .submitted("customer bob"))

        var withArguments = palette(typing: "ca bob")
        _ = withArguments.handle(.tab)
        #expect(withArguments.text == "campaigns bob")

        var nothing = palette(typing: "zz")
        _ = nothing.handle(.tab)
        #expect(nothing.text == "zz")
    }

    @Test func upAndDownChooseTheSuggestionAndTypingStartsOver() {
        var p = palette(typing: "c")
        _ = p.handle(.down)
        #expect(p.selectedCommand?.name == "campaigns")
        _ = p.handle(.down)
        _ = p.handle(.down)
        #expect(p.selectedCommand?.name == "sync")
        _ = p.handle(.up)
        #expect(p.selectedCommand?.name == "campaigns")
        _ = p.handle(.char("u"))
        #expect(p.selectedCommand?.name == "customer")
        _ = p.handle(.backspace)
        _ = p.handle(.down)
        _ = p.handle(.tab)
        #expect(p.text == "campaigns ")
        #expect(p.handle(.function(2)) == .ignored)
    }

    @Test func drawsThePromptUnderItsSuggestions() {
        var p = palette(typing: "c")
        _ = p.handle(.down)
        #expect(styled(draw(p, width: 30, height: 5)) == lines(
            "                              ",
            "..............................",
            " customer   Find a customer   ",
            "abbbbbbbbaaacccccccccccccccaaa",
            " campaigns  Bonus campaigns   ",
            "dddddddddddddddddddddddddddddd",
            " sync       Sync now          ",
            "abbbbaaaaaaaccccccccaaaaaaaaaa",
            ":c                            ",
            "efgfffffffffffffffffffffffffff",
            "-- styles --",
            "a: fg=default bg=ansi7",
            "b: fg=default bg=ansi7 bold",
            "c: fg=default bg=ansi7 dim",
            "d: fg=default bg=default reverse",
            "e: fg=default bg=ansi4 bold",
            "f: fg=default bg=ansi4",
            "g: fg=default bg=ansi4 reverse"))
    }

    @Test func suggestionsMirrorWhileTheTypedCommandReadsLeftToRight() {
        #expect(text(draw(palette(typing: "c"), width: 30, height: 3, direction: .rightToLeft)) == lines(
            "   Find a customer   customer ",
            "   Bonus campaigns  campaigns ",
            ":c                            "))
    }

    @Test func suggestionsScrollWithTheSelection() {
        var p = CommandPalette(commands: Self.commands, maxSuggestions: 2)
        _ = p.handle(.end)
        for _ in 0..<3 { _ = p.handle(.down) }
        #expect(p.selectedCommand?.name == "quit")
        #expect(text(draw(p, width: 20, height: 3)).split(separator: "\n").map { String($0.prefix(10)) }
            == [" rewards  ", " quit     ", ":         "])
    }
}
