import PropertyBased
import Testing
@testable import TerminalUI

@Suite struct BidiTests {
    @Test func hebrewAndArabicWordsAreReversed() {
        #expect(Bidi.visualLine("שלום", direction: .leftToRight) == String("שלום".reversed()))
        #expect(Bidi.visualLine("مرحبا", direction: .leftToRight) == String("مرحبا".reversed()))
        #expect(Bidi.visualLine("שלום", direction: .rightToLeft) == String("שלום".reversed()))
    }

    @Test func latinTextIsUnchangedInEitherDirection() {
        #expect(Bidi.visualLine("Points: 1,250", direction: .leftToRight) == "Points: 1,250")
        #expect(Bidi.visualLine("Points", direction: .rightToLeft) == "Points")
    }

    @Test func numbersInsideRightToLeftTextStayLeftToRight() {
        let order = "הזמנה 1234" // "order 1234"
        #expect(Bidi.visualLine(order, direction: .rightToLeft) == "1234 " + String("הזמנה".reversed()))
        #expect(Bidi.visualLine("طلب 250 نقطة", direction: .rightToLeft)
            == String("نقطة".reversed()) + " 250 " + String("طلب".reversed()))
    }

    @Test func mixedOrderLineInBothBaseDirections() {
        let line = "Order #1234 של דנה"
        let hebrewVisual = String("של דנה".reversed()) // "הנד לש"
        #expect(Bidi.visualLine(line, direction: .leftToRight) == "Order #1234 " + hebrewVisual)
        #expect(Bidi.visualLine(line, direction: .rightToLeft) == hebrewVisual + " Order #1234")
    }

    @Test func firstStrongCharacterDecidesTheParagraphInALeftToRightLayout() {
        // Starts with Hebrew: the paragraph is right to left even in an LTR layout.
        #expect(Bidi.visualLine("דנה VIP", direction: .leftToRight) == "VIP " + String("דנה".reversed()))
    }

    @Test func bracketsAreMirroredInRightToLeftRuns() {
        #expect(Bidi.visualLine("(שלום)", direction: .rightToLeft) == "(" + String("שלום".reversed()) + ")")
        #expect(Bidi.visualLine("דנה (VIP)", direction: .leftToRight) == "(VIP) " + String("דנה".reversed()))
        #expect(Bidi.visualLine("[א] < ב", direction: .rightToLeft) == "ב > [א]")
    }

    @Test func bidiControlsAreRemoved() {
        #expect(Bidi.visualLine("a\u{200E}b", direction: .leftToRight) == "ab")
        #expect(Bidi.visualLine("\u{202E}abc\u{202C}", direction: .leftToRight) == "cba") // RLO … PDF
    }

    @Test func graphemeClustersSurviveReversal() {
        let line = "שלום 👍🏽 e\u{301}"
        let visual = Bidi.visualLine(line, direction: .rightToLeft)
        #expect(visual.contains("👍🏽"))
        #expect(visual == "e\u{301} 👍🏽 " + String("שלום".reversed()))
        #expect(Bidi.visualLine("שָׁלוֹם", direction: .rightToLeft) == String("שָׁלוֹם".reversed()))
    }

    @Test func needsReorderingFindsRightToLeftScripts() {
        let rightToLeft = [
            "שלום", "مرحبا", "ܫܠܡܐ" /* Syriac */, "ދިވެހި" /* Thaana */, "ߒߞߏ" /* NKo */, "ﻼ" /* Arabic pres. B */,
            "ﷲ" /* Arabic pres. A */, "שּ" /* Hebrew pres. */, "𞤀" /* Adlam */, "a\u{200F}" /* RLM */,
            "\u{202E}x" /* RLO */, "abc ש", "١(١" /* Arabic digits turn the bracket right to left */,
        ]
        for s in rightToLeft { #expect(Bidi.needsReordering(s, direction: .leftToRight), "\(s)") }
        let leftToRight = ["", "Plain ASCII 123", "Ελληνικά", "Кириллица", "日本語", "한국어", "😀👍🏽", "123 (45)"]
        for s in leftToRight { #expect(!Bidi.needsReordering(s, direction: .leftToRight), "\(s)") }
        for s in leftToRight { #expect(Bidi.needsReordering(s, direction: .rightToLeft)) }
    }

    @Test func textThatNeedsNoReorderingIsReturnedUnchanged() async {
        await propertyCheck(input: mixedStrings) { s in
            let clean = TextWidth.sanitize(s)
            if !Bidi.needsReordering(clean, direction: .leftToRight) {
                #expect(Bidi.visualLine(clean, direction: .leftToRight) == clean)
            }
        }
    }

    @Test func reorderingKeepsTheWidth() async {
        await propertyCheck(input: mixedStrings, Gen<LayoutDirection?>.element(of: [.leftToRight, .rightToLeft])) {
            s, direction in
            let clean = TextWidth.sanitize(s).filter { $0 != "\u{200F}" } // visualLine drops bidi controls
            let visual = Bidi.visualLine(clean, direction: direction!)
            #expect(TextWidth.width(of: visual) == TextWidth.width(of: clean))
        }
    }

    /// A hostile customer name: emoji, ZWJ sequences, RTL text, controls, marks; 500 graphemes.
    @Test func longHostileNameFitsEveryWidth() {
        let parts = ["דנה", "👨‍👩‍👧", "👍🏽", " ", "Order #12", "مرحبا", "🇮🇱", "e\u{301}", "日本", "\u{1B}[2J", "\t",
                     "❤️", "(", "]", "\u{202E}", "ܫܠܡܐ", "\u{200D}\u{200D}", "한"]
        var name = ""
        var i = 0
        while name.count < 500 { name += parts[i % parts.count]; i += 1 }
        for direction in [LayoutDirection.leftToRight, .rightToLeft] {
            for width in [0, 1, 2, 3, 7, 16, 40, 80, 200, 2000] {
                let fitted = TextWidth.truncate(TextWidth.sanitize(name), toWidth: width)
                let visual = Bidi.visualLine(fitted, direction: direction)
                #expect(TextWidth.width(of: visual) <= width)
                #expect(TextWidth.width(of: visual) == TextWidth.width(of: fitted))
                #expect(!visual.unicodeScalars.contains { $0.value < 0x20 || $0 == "\u{200D}" || $0 == "\u{202E}" })

                var buffer = CellBuffer(size: Size(width: max(width, 1), height: 1), direction: direction)
                let used = buffer.text(name, x: 0, y: 0, width: width, style: .plain)
                #expect(used <= width)
            }
        }
    }
}
