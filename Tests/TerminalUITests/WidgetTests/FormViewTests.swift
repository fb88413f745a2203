import Testing
@testable import TerminalUI

@Suite struct FormViewTests {
    /// The "adjust points" form: points and a reason.
    func adjustPoints() -> FormView {
        FormView(fields: [.number(NumberField(label: "Points", minimum: -1000, maximum: 1000)),
                          .text(TextField(label: "Reason", placeholder: "why", isRequired: true))])
    }

    func type(_ text: String, into form: inout FormView) {
        for c in text { _ = form.handle(.char(c)) }
    }

    @Test func tabAndShiftTabMoveFocusAroundTheFields() {
        var form = adjustPoints()
        #expect(form.focus == 0)
        #expect(form.handle(.tab) == .handled)
        #expect(form.focus == 1)
        _ = form.handle(.tab)
        #expect(form.focus == 0)
        _ = form.handle(.backTab)
        #expect(form.focus == 1)
    }

    @Test func typedKeysGoToTheFocusedField() {
        var form = adjustPoints()
        type("250", into: &form)
        _ = form.handle(.tab)
        type("Birthday", into: &form)
        #expect(form.fields.map(\.value) == [.number(250), .text("Birthday")])
        #expect(form.handle(.function(5)) == .ignored)
    }

    @Test func enterSubmitsTheValuesWhenEveryFieldIsValid() {
        var form = adjustPoints()
        type("-40", into: &form)
        _ = form.handle(.tab)
        type("Refund correction", into: &form)
        #expect(form.handle(.enter) == .submitted([.number(-40), .text("Refund correction")]))
    }

    @Test func enterWithAnInvalidFieldFocusesItAndShowsTheMessages() {
        var form = adjustPoints()
        type("250", into: &form)
        _ = form.handle(.tab)
        #expect(styled(draw(form, width: 24, height: 4)) == lines(
            "Points 250              ",
            ".......aaaaaaaaaaaaaaaaa",
            "                        ",
            "........................",
            "Reason why              ",
            "bbbbbb.cddeeeeeeeeeeeeee",
            "                        ",
            "........................",
            "-- styles --",
            "a: fg=default bg=ansi8",
            "b: fg=default bg=default bold",
            "c: fg=default bg=ansi4 reverse",
            "d: fg=default bg=ansi4 dim",
            "e: fg=default bg=ansi4"))
        #expect(form.handle(.enter) == .invalid(field: 1, error: .required))
        #expect(text(draw(form, width: 24, height: 4)).split(separator: "\n")[3] == "       Reason is requir…")

        _ = form.handle(.backTab)
        type("0", into: &form) // 2500
        #expect(form.handle(.enter) == .invalid(field: 0, error: .outOfRange(min: -1000, max: 1000)))
        #expect(form.focus == 0)
    }

    @Test func escapeCancels() {
        var form = adjustPoints()
        #expect(form.handle(.escape) == .cancelled)
        var empty = FormView(fields: [])
        #expect(empty.handle(.escape) == .cancelled)
        #expect(empty.handle(.enter) == .ignored)
    }

    @Test func selectFieldsStepTheWayTheLayoutReads() {
        var form = FormView(fields: [.select(SelectField(label: "Tier", options: ["Gold", "Silver", "Bronze"]))])
        #expect(form.handle(.left, direction: .rightToLeft) == .handled)
        #expect(form.handle(.enter) == .submitted([.option(1)]))
    }

    @Test func sitsInAModalAndMirrors() {
        var form = adjustPoints()
        type("250", into: &form)
        _ = form.handle(.tab)
        var buffer = CellBuffer(size: Size(width: 30, height: 8), direction: .rightToLeft)
        let content = Modal.present(title: "Adjust points", contentSize: Size(width: 24, height: form.height),
                                    into: &buffer, in: buffer.bounds, theme: TestTheme.theme)
        form.render(into: &buffer, in: content, theme: TestTheme.theme)
        // Numbers read left to right at the field's left; the label and the placeholder follow the layout.
        #expect(text(buffer) == lines(
            "                              ",
            " ┌─────────── Adjust points ┐ ",
            " │ 250               Points │ ",
            " │                          │ ",
            " │               why Reason │ ",
            " │                          │ ",
            " └──────────────────────────┘ ",
            "                              "))
    }

    @Test func findsTheFieldUnderAClick() {
        let form = adjustPoints()
        let rect = Rect(x: 0, y: 1, width: 24, height: 4)
        #expect(form.field(atLogical: Point(x: 10, y: 3), in: rect) == 1)
        #expect(form.field(atLogical: Point(x: 10, y: 2), in: rect) == 0)
        #expect(form.field(atLogical: Point(x: 10, y: 0), in: rect) == nil)
    }
}
