import Testing
@testable import TerminalUI

@Suite struct ModalTests {
    @Test func wrapsTheBodyInACentredBoxThatHidesWhatIsBehind() {
        var buffer = CellBuffer(size: Size(width: 30, height: 7))
        buffer.fill(buffer.bounds, style: .plain, with: "x")
        Modal(title: "Sync", body: "The shop could not be reached. Check the network and press r to retry.")
            .render(into: &buffer, in: buffer.bounds, theme: TestTheme.theme)
        #expect(text(buffer) == lines(
            "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            "┌ Sync ──────────────────────┐",
            "│ The shop could not be      │",
            "│ reached. Check the network │",
            "│ and press r to retry.      │",
            "└────────────────────────────┘",
            "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"))
    }

    @Test func newlinesStartNewLinesAndTheBoxShrinksToItsContent() {
        let frame = draw(Modal(title: "Done", body: "Imported 12\nSkipped 0"), width: 20, height: 6,
                         direction: .rightToLeft)
        #expect(styled(frame) == lines(
            "                    ",
            "....................",
            "   ┌─────── Done ┐  ",
            "...aaaaaaaabbbbbba..",
            "   │ Imported 12 │  ",
            "...accccccccccccca..",
            "   │   Skipped 0 │  ",
            "...accccccccccccca..",
            "   └─────────────┘  ",
            "...aaaaaaaaaaaaaaa..",
            "                    ",
            "....................",
            "-- styles --",
            "a: fg=ansi6 bg=ansi7",
            "b: fg=ansi3 bg=ansi7 bold",
            "c: fg=default bg=ansi7"))
    }
}

@Suite struct ConfirmDialogTests {
    func undo(dangerous: Bool = true) -> ConfirmDialog {
        ConfirmDialog(title: "Undo", message: "Undo entry 42", confirmLabel: "Undo", cancelLabel: "Keep",
                      isDangerous: dangerous)
    }

    @Test func enterAndYConfirmEscapeAndNCancel() {
        var dialog = undo()
        #expect(dialog.handle(.enter) == .confirmed)
        #expect(dialog.handle(.char("y")) == .confirmed)
        #expect(dialog.handle(.char("Y")) == .confirmed)
        #expect(dialog.handle(.escape) == .cancelled)
        #expect(dialog.handle(.char("n")) == .cancelled)
        #expect(dialog.handle(.char("N")) == .cancelled)
        #expect(dialog.handle(.char("q")) == .ignored)
    }

    @Test func tabSwitchesTheButtonEnterPresses() {
        var dialog = undo()
        #expect(dialog.handle(.tab) == .handled)
        #expect(dialog.focused == .cancel)
        #expect(dialog.handle(.enter) == .cancelled)
        _ = dialog.handle(.backTab)
        #expect(dialog.focused == .confirm)
        // y still confirms whichever button has focus.
        _ = dialog.handle(.tab)
        #expect(dialog.handle(.char("y")) == .confirmed)
    }

    @Test func aDangerousConfirmButtonUsesTheErrorStyle() {
        #expect(styled(draw(undo(), width: 30, height: 7)) == lines(
            "                              ",
            "..............................",
            "    ┌ Undo ──────────────┐    ",
            "....abbbbbbaaaaaaaaaaaaaaa....",
            "    │ Undo entry 42      │    ",
            "....acccccccccccccccccccca....",
            "    │                    │    ",
            "....acccccccccccccccccccca....",
            "    │ [ Undo ]  [ Keep ] │    ",
            "....acddddddddccccccccccca....",
            "    └────────────────────┘    ",
            "....aaaaaaaaaaaaaaaaaaaaaa....",
            "                              ",
            "..............................",
            "-- styles --",
            "a: fg=ansi6 bg=ansi7",
            "b: fg=ansi3 bg=ansi7 bold",
            "c: fg=default bg=ansi7",
            "d: fg=ansi1 bg=ansi7 reverse"))
    }

    @Test func anOrdinaryConfirmationHighlightsTheFocusedButtonOnly() {
        var dialog = undo(dangerous: false)
        _ = dialog.handle(.tab)
        let marks = styled(draw(dialog, width: 30, height: 7)).split(separator: "\n")
        #expect(marks[8] == "    │ [ Undo ]  [ Keep ] │    ")
        #expect(marks[9] == "....acccccccccccddddddddca....")
        #expect(marks.last == "d: fg=default bg=default reverse")
    }

    @Test func mirrorsWithTheConfirmButtonLeading() {
        #expect(text(draw(undo(), width: 30, height: 7, direction: .rightToLeft)) == lines(
            "                              ",
            "    ┌────────────── Undo ┐    ",
            "    │      Undo entry 42 │    ",
            "    │                    │    ",
            "    │ [ Keep ]  [ Undo ] │    ",
            "    └────────────────────┘    ",
            "                              "))
    }

    @Test func sizesToTheWiderOfTheLongestMessageLineAndTheButtons() {
        let dialog = ConfirmDialog(message: "Delete reward?\nCodes stay valid", confirmLabel: "Delete",
                                   cancelLabel: "Keep")
        #expect(text(draw(dialog, width: 26, height: 6)) == lines(
            " ┌──────────────────────┐ ",
            " │ Delete reward?       │ ",
            " │ Codes stay valid     │ ",
            " │                      │ ",
            " │ [ Delete ]  [ Keep ] │ ",
            " └──────────────────────┘ "))
    }

    @Test func findsTheButtonUnderAClick() {
        let dialog = undo()
        let screen = Rect(x: 0, y: 0, width: 30, height: 7)
        #expect(dialog.button(atLogical: Point(x: 8, y: 4), in: screen) == .confirm)
        #expect(dialog.button(atLogical: Point(x: 18, y: 4), in: screen) == .cancel)
        #expect(dialog.button(atLogical: Point(x: 15, y: 4), in: screen) == nil)
        #expect(dialog.button(atLogical: Point(x: 8, y: 3), in: screen) == nil)
    }
}

@Suite struct ToastTests {
    @Test func isVisibleUntilItExpires() {
        let start = ContinuousClock.now
        let toast = Toast("Saved", expires: start + .seconds(3))
        #expect(toast.isVisible(now: start))
        #expect(toast.isVisible(now: start + .milliseconds(2999)))
        #expect(!toast.isVisible(now: start + .seconds(3)))
    }

    @Test func sitsInTheBottomTrailingCornerWithItsLevelColour() {
        let toast = Toast("Sync failed", level: .error, expires: .now)
        #expect(styled(draw(toast, width: 20, height: 2)) == lines(
            "                    ",
            "....................",
            "      █ Sync failed ",
            "......abbbbbbbbbbbbb",
            "-- styles --",
            "a: fg=ansi1 bg=ansi0",
            "b: fg=ansi15 bg=ansi0"))
        #expect(text(draw(toast, width: 20, height: 2, direction: .rightToLeft)) == lines(
            "                    ",
            " Sync failed █      "))
    }
}
