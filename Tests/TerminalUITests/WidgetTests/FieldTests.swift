import Testing
@testable import TerminalUI

@Suite struct CalendarDateTests {
    @Test(arguments: ["2024-02-29", "2000-02-29", "1999-12-31", "0001-01-01", "9999-12-31"])
    func acceptsRealDates(_ text: String) throws {
        let date = try #require(CalendarDate(parsing: text))
        #expect(date.description == text)
    }

    @Test(arguments: ["2023-02-29", "1900-02-29", "2024-04-31", "2024-13-01", "2024-00-10", "2024-01-00",
                      "2024-2-01", "24-02-01", "2024-02-01x", "2024/02/01", "", "2024-02-0١", "+024-02-01"])
    func rejectsEverythingElse(_ text: String) {
        #expect(CalendarDate(parsing: text) == nil)
    }

    @Test func ordersByDay() throws {
        let a = try #require(CalendarDate(year: 2024, month: 1, day: 31))
        let b = try #require(CalendarDate(year: 2024, month: 2, day: 1))
        #expect(a < b)
        #expect(CalendarDate(year: 42, month: 1, day: 5)?.description == "0042-01-05")
    }
}

@Suite struct NumberFieldTests {
    func field(_ text: String, min: Int? = nil, max: Int? = nil, required: Bool = true) -> NumberField {
        NumberField(label: "Points", text: text, minimum: min, maximum: max, isRequired: required)
    }

    @Test func acceptsWholeNumbersWithASign() {
        #expect(field("250").value == 250)
        #expect(field("-40").value == -40)
        #expect(field("+5").value == 5)
        #expect(field(" 7 ").value == 7)
        #expect(field("250").validate() == nil)
    }

    @Test func saysWhatIsWrongInWordsAndInCodes() {
        #expect(field("").validationError() == .required)
        #expect(field("").validate() == "Points is required: fill it in.")
        #expect(field("12x").validationError() == .notANumber)
        #expect(field("1.5").validationError() == .notANumber)
        #expect(field("99999999999999999999").validationError() == .notANumber)
        #expect(field("abc").validate() == "Points must be a whole number, like 250 or -40.")
    }

    @Test func checksTheBounds() {
        #expect(field("0", min: 1, max: 500).validationError() == .outOfRange(min: 1, max: 500))
        #expect(field("501", min: 1, max: 500).validate() == "Points must be between 1 and 500.")
        #expect(field("-1", min: 0).validate() == "Points must be at least 0.")
        #expect(field("11", max: 10).validate() == "Points must be at most 10.")
        #expect(field("501", min: 1, max: 500).value == nil)
        #expect(field("500", min: 1, max: 500).value == 500)
    }

    @Test func anOptionalEmptyFieldIsValidWithoutAValue() {
        #expect(field("  ", required: false).validationError() == nil)
        #expect(field("", required: false).value == nil)
    }

    @Test func showsItsMessageUnderTheFieldOnceAsked() {
        var number = field("12x")
        #expect(text(draw(number, width: 30, height: 2)).split(separator: "\n")[1].allSatisfy { $0 == " " })
        number.showsError = true
        #expect(styled(draw(number, width: 30, height: 2)) == lines(
            "12x                           ",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            "Points must be a whole number…",
            "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbb",
            "-- styles --",
            "a: fg=default bg=ansi8",
            "b: fg=ansi1 bg=default"))
    }
}

@Suite struct DateFieldTests {
    @Test func validatesAgainstTheCalendar() {
        #expect(DateField(label: "Expires", text: "2024-02-29").value == CalendarDate(year: 2024, month: 2, day: 29))
        #expect(DateField(label: "Expires", text: "2023-02-29").validationError() == .badDate)
        #expect(DateField(label: "Expires", text: "2023-02-29").validate()
            == "Expires must be a real date written YYYY-MM-DD, like 2024-03-01.")
        #expect(DateField(label: "Expires").validationError() == .required)
        #expect(DateField(label: "Expires", isRequired: false).validationError() == nil)
    }

    @Test func showsTheFormatAsPlaceholder() {
        var date = DateField(label: "Expires")
        date.input.isFocused = false
        #expect(text(draw(date, width: 12, height: 1)) == "YYYY-MM-DD  ")
    }
}

@Suite struct SelectFieldTests {
    @Test func arrowsStepThroughTheOptionsAndWrap() {
        var select = SelectField(label: "Tier", options: ["Gold", "Silver", "Bronze"])
        #expect(select.handle(.right) == .changed)
        #expect(select.selectedOption == "Silver")
        _ = select.handle(.left)
        _ = select.handle(.left)
        #expect(select.selectedOption == "Bronze")
        _ = select.handle(.right)
        #expect(select.selectedOption == "Gold")
        #expect(select.handle(.char("x")) == .ignored)
    }

    @Test func rightToLeftLayoutsStepTheOtherWay() {
        var select = SelectField(label: "Tier", options: ["Gold", "Silver", "Bronze"])
        _ = select.handle(.left, direction: .rightToLeft)
        #expect(select.selectedOption == "Silver")
    }

    @Test func withoutOptionsARequiredChoiceIsMissing() {
        var select = SelectField(label: "Reward", options: [])
        #expect(select.selected == nil)
        #expect(select.handle(.right) == .ignored)
        #expect(select.validationError() == .required)
        #expect(select.validate() == "Reward is required: fill it in.")
        #expect(SelectField(label: "Reward", options: [], isRequired: false).validationError() == nil)
    }

    @Test func drawsArrowsPointingOutwardInBothDirections() {
        let select = SelectField(label: "Channel", options: ["Email", "SMS"])
        #expect(text(draw(select, width: 12, height: 1)) == "< Email    >")
        #expect(text(draw(select, width: 12, height: 1, direction: .rightToLeft)) == "<    Email >")
    }
}
