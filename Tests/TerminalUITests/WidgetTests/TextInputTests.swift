import Testing
@testable import TerminalUI

@Suite struct TextInputEditingTests {
    func input(_ text: String, cursor: Int? = nil) -> TextInput {
        var input = TextInput(text: text)
        if let cursor { input.moveCursor(to: cursor) }
        return input
    }

    @Test func typingInsertsAtTheCaret() {
        var field = input("ac", cursor: 1)
        #expect(field.handle(.char("b")) == .edited)
        #expect(field.text == "abc")
        #expect(field.cursor == 2)
    }

    @Test func arrowsHomeEndAndTheirControlKeysMoveTheCaret() {
        var field = input("abc")
        #expect(field.handle(.left) == .handled)
        #expect(field.cursor == 2)
        _ = field.handle(.right)
        _ = field.handle(.right)
        #expect(field.cursor == 3)
        _ = field.handle(.home)
        #expect(field.cursor == 0)
        _ = field.handle(.left)
        #expect(field.cursor == 0)
        _ = field.handle(.end)
        #expect(field.cursor == 3)
        _ = field.handle(.ctrl("a"))
        #expect(field.cursor == 0)
        _ = field.handle(.ctrl("e"))
        #expect(field.cursor == 3)
        _ = field.handle(.ctrl("A"))
        #expect(field.cursor == 0)
        #expect(field.text == "abc")
    }

    @Test func backspaceAndDeleteRemoveOneClusterEachSide() {
        var field = input("abc", cursor: 1)
        #expect(field.handle(.backspace) == .edited)
        #expect((field.text, field.cursor) == ("bc", 0))
        #expect(field.handle(.backspace) == .handled)
        #expect(field.handle(.delete) == .edited)
        #expect((field.text, field.cursor) == ("c", 0))
        _ = field.handle(.end)
        #expect(field.handle(.delete) == .handled)
        #expect(field.text == "c")
    }

    @Test func controlUAndControlKCutBeforeAndAfterTheCaret() {
        var before = input("hello world", cursor: 6)
        #expect(before.handle(.ctrl("u")) == .edited)
        #expect((before.text, before.cursor) == ("world", 0))
        var after = input("hello world", cursor: 5)
        #expect(after.handle(.ctrl("k")) == .edited)
        #expect((after.text, after.cursor) == ("hello", 5))
    }

    @Test func controlWDeletesTheWordBeforeTheCaret() {
        var field = input("points adjust  ")
        _ = field.handle(.ctrl("w"))
        #expect((field.text, field.cursor) == ("points ", 7))
        _ = field.handle(.ctrl("w"))
        #expect(field.text == "")
        #expect(field.handle(.ctrl("w")) == .handled)
        var middle = input("alpha beta", cursor: 8)
        _ = middle.handle(.ctrl("w"))
        #expect((middle.text, middle.cursor) == ("alpha ta", 6))
    }

    @Test func enterSubmitsEscapeCancelsOtherKeysPassThrough() {
        var field = input("alice@")
        #expect(field.handle(.enter) == .submitted("alice@"))
        #expect(field.handle(.escape) == .cancelled)
        #expect(field.handle(.function(1)) == .ignored)
        #expect(field.handle(.ctrl("x")) == .ignored)
        #expect(field.handle(.up) == .ignored)
        #expect(field.handle(.char("\u{7}")) == .ignored)
        #expect(field.text == "alice@")
    }

    @Test func theCaretCountsGraphemeClusters() {
        var field = TextInput()
        _ = field.handle(.char("e"))
        _ = field.handle(.char("\u{301}"))
        #expect(field.text == "é")
        #expect(field.cursor == 1)
        _ = field.handle(.backspace)
        #expect(field.text.isEmpty)

        var family = input("👨‍👩‍👧x")
        _ = family.handle(.left)
        _ = family.handle(.left)
        #expect(family.cursor == 0)
        _ = family.handle(.delete)
        #expect(family.text == "x")
    }

    @Test func arrowsMoveVisuallyInRightToLeftContent() {
        var field = input("שלום")
        #expect(field.contentDirection == .rightToLeft)
        _ = field.handle(.right)
        #expect(field.cursor == 3)
        _ = field.handle(.left)
        #expect(field.cursor == 4)
    }

    @Test func controlCharactersNeverEnterTheText() {
        #expect(TextInput(text: "a\tb\nc").text == "abc")
    }
}

@Suite struct TextInputRenderingTests {
    @Test func showsThePlaceholderWithTheCaretOnItsFirstCell() {
        #expect(styled(draw(TextInput(placeholder: "search"), width: 10, height: 1)) == lines(
            "search    ",
            "abbbbbcccc",
            "-- styles --",
            "a: fg=default bg=ansi4 reverse",
            "b: fg=default bg=ansi4 dim",
            "c: fg=default bg=ansi4"))
    }

    @Test func scrollsToKeepTheCaretInTheField() {
        var field = TextInput(text: "hello world")
        #expect(styled(draw(field, width: 8, height: 1)) == lines(
            "o world ",
            "aaaaaaab",
            "-- styles --",
            "a: fg=default bg=ansi4",
            "b: fg=default bg=ansi4 reverse"))
        field.moveCursor(to: 2)
        #expect(styled(draw(field, width: 8, height: 1)) == lines(
            "hello wo",
            "aabaaaaa",
            "-- styles --",
            "a: fg=default bg=ansi4",
            "b: fg=default bg=ansi4 reverse"))
    }

    @Test func measuresWideCharactersInCells() {
        var field = TextInput(text: "日本語テキスト")
        #expect(text(draw(field, width: 8, height: 1)) == "キスト  ")
        field.moveCursor(to: 0)
        #expect(styled(draw(field, width: 8, height: 1)) == lines(
            "日本語テ",
            "aabbbbbb",
            "-- styles --",
            "a: fg=default bg=ansi4 reverse",
            "b: fg=default bg=ansi4"))
    }

    @Test func anUnfocusedFieldHasNoCaret() {
        #expect(styled(draw(TextInput(text: "abc", isFocused: false), width: 5, height: 1)) == lines(
            "abc  ",
            "aaaaa",
            "-- styles --",
            "a: fg=default bg=ansi8"))
    }

    @Test func latinContentReadsLeftToRightInsideAMirroredLayout() {
        var buffer = CellBuffer(size: Size(width: 12, height: 1), direction: .rightToLeft)
        TextInput(text: "abc").render(into: &buffer, in: Rect(x: 0, y: 0, width: 8, height: 1), theme: TestTheme.theme)
        #expect(styled(buffer) == lines(
            "    abc     ",
            "....aaabaaaa",
            "-- styles --",
            "a: fg=default bg=ansi4",
            "b: fg=default bg=ansi4 reverse"))
    }

    @Test func rightToLeftContentEndsAtTheLeftOfItsText() {
        let frame = draw(TextInput(text: "שלום"), width: 8, height: 1)
        let row = Array(frame.row(0))
        #expect(row[3].style.attributes.contains(.reverse))
        #expect(row[4...].allSatisfy { $0.grapheme != " " })
        #expect(row[..<3].allSatisfy { $0.grapheme == " " })
    }
}
