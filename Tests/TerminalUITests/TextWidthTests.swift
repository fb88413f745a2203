import Glibc
import PropertyBased
import Testing
@testable import TerminalUI

/// Graphemes that exercise every width rule: ASCII, CJK, Hangul, combining marks, emoji with modifiers and
/// ZWJ, flags, RTL letters, controls and the characters sanitize strips.
let mixedGraphemes: [String] = [
    "a", "Z", "7", " ", " ", "\u{A0}", "#", "日", "本", "ｶ", "Ａ", "한", "\u{1100}\u{1161}\u{11A8}", "e\u{301}",
    "a\u{300}\u{301}\u{302}", "😀", "👍🏽", "👨‍👩‍👧", "🇮🇱", "❤️", "ש", "ָ", "م", "١", "\u{1B}", "\t", "\u{85}", "\u{7F}",
    "\u{200B}", "\u{200F}", "(", "]", "…",
]

let mixedStrings = Gen<String?>.element(of: mixedGraphemes).map { $0! }.array(of: 0...40).map { $0.joined() }

@Suite struct TextWidthTests {
    @Test func printableASCIIIsOneCellPerCharacter() {
        let text = "Order #1234 - Jane O'Neil (VIP) ~ 100% {ok}"
        #expect(TextWidth.width(of: text) == text.count)
        for v in UInt32(0x20)..<0x7F {
            #expect(TextWidth.width(of: Unicode.Scalar(v)!) == 1)
        }
    }

    @Test func cjkAndFullwidthTakeTwoCellsHalfwidthOne() {
        #expect(TextWidth.width(of: "日本語") == 3 * 2)
        #expect(TextWidth.width(of: "中文客户") == 4 * 2)
        #expect(TextWidth.width(of: "ＡＢＣ") == 3 * 2) // fullwidth Latin
        #expect(TextWidth.width(of: "ｶﾀｶﾅ") == 4) // halfwidth katakana
        #expect(TextWidth.width(of: "Tanaka 田中") == 7 + 2 * 2)
    }

    @Test func hangulSyllablesAndConjoiningJamo() {
        #expect(TextWidth.width(of: "한국어") == 3 * 2)
        // A decomposed syllable: leading consonant (wide) + vowel + final consonant (both zero width).
        let decomposed: Character = "\u{1100}\u{1161}\u{11A8}"
        #expect(decomposed.unicodeScalars.map { TextWidth.width(of: $0) } == [2, 0, 0])
        #expect(TextWidth.width(of: decomposed) == 2)
    }

    @Test func combiningMarksTakeNoCells() {
        #expect(TextWidth.width(of: Unicode.Scalar(0x301)!) == 0)
        #expect(TextWidth.width(of: "e\u{301}") == 1)
        #expect(TextWidth.width(of: "a\u{300}\u{301}\u{302}") == 1)
        #expect(TextWidth.width(of: "Zoë Renée") == 9)
        #expect(TextWidth.width(of: "שָׁלוֹם") == 4) // Hebrew with niqqud: four letters
    }

    @Test func emojiWidths() {
        #expect(TextWidth.width(of: "😀") == 2)
        #expect(TextWidth.width(of: "🎁🎉") == 4)
        // Emoji + skin tone is one grapheme: 2 + 2 capped at 2.
        #expect(TextWidth.width(of: "👍🏽") == 2)
        // Two regional indicators of one cell each form a two-cell flag.
        #expect(TextWidth.width(of: "🇮🇱") == 2)
        // glibc gives text-presentation symbols one cell even with VS16.
        #expect(TextWidth.width(of: "❤️") == 1)
    }

    @Test func zwjSequencesAreSplitBySanitize() {
        let family = "👨‍👩‍👧"
        #expect(family.count == 1)
        #expect(TextWidth.width(of: family) == 2) // one grapheme, capped
        let clean = TextWidth.sanitize(family)
        #expect(!clean.unicodeScalars.contains("\u{200D}"))
        #expect(clean == "👨👩👧")
        #expect(TextWidth.width(of: clean) == 3 * 2) // as a glibc-width terminal draws it: side by side
    }

    @Test func sanitizeStripsJoinersAndVariationSelectors() {
        #expect(TextWidth.sanitize("❤️") == "❤")
        #expect(TextWidth.sanitize("a\u{FE0E}b\u{E0100}c\u{200D}d") == "abcd")
        #expect(TextWidth.sanitize("\u{200B}keep") == "\u{200B}keep") // other zero-width characters stay
    }

    @Test func controlsAreDrawnAsAVisibleMark() {
        let mark = String(TextWidth.controlMark)
        #expect(TextWidth.sanitize("a\u{1B}[31mb") == "a\(mark)[31mb")
        #expect(TextWidth.sanitize("line\nbreak\r\n") == "line\(mark)break\(mark)\(mark)")
        #expect(TextWidth.sanitize("\u{0}\u{7F}\u{85}\u{9F}") == String(repeating: mark, count: 4))
        #expect(TextWidth.sanitize("col1\tcol2") == "col1 col2")
        // Scalars glibc cannot print (unassigned, line/paragraph separators) get the same mark.
        #expect(TextWidth.sanitize("x\u{378}y\u{2028}z") == "x\(mark)y\(mark)z")
        // Unsanitized controls measure what is drawn for them.
        #expect(TextWidth.width(of: "a\u{1B}b") == TextWidth.width(of: TextWidth.sanitize("a\u{1B}b")))
        #expect(TextWidth.width(of: TextWidth.controlMark) == 1)
    }

    @Test func sanitizeLeavesCleanTextAlone() {
        for text in ["", "plain", "日本語 😀 שלום", "e\u{301}"] {
            #expect(TextWidth.sanitize(text) == text)
        }
    }

    @Test func sanitizedTextHasNoControlsOrJoiners() async {
        await propertyCheck(input: mixedStrings) { s in
            let clean = TextWidth.sanitize(s)
            for u in clean.unicodeScalars {
                #expect(!TextWidth.isUnprintable(u.value) && !TextWidth.isStripped(u.value), "\(u.value) left in")
            }
            #expect(TextWidth.sanitize(clean) == clean)
        }
    }

    @Test func stringWidthIsTheSumOfGraphemeWidths() async {
        await propertyCheck(input: mixedStrings) { s in
            #expect(TextWidth.width(of: s) == s.reduce(0) { $0 + TextWidth.width(of: $1) })
        }
    }

    /// The table must be glibc's: compared with the live wcwidth() for every scalar, so a table left stale
    /// after a glibc upgrade fails here (regenerate it with scripts/gen-width-table.c).
    @Test func tableMatchesTheLiveGlibcWcwidth() throws {
        // Swift's Glibc module hides XSI functions such as wcwidth, so it is looked up in the loaded libc.
        typealias WcwidthFunction = @convention(c) (wchar_t) -> Int32
        let symbol = try #require(dlsym(dlopen(nil, RTLD_NOW), "wcwidth"), "libc has no wcwidth")
        let wcwidth = unsafeBitCast(symbol, to: WcwidthFunction.self)
        // uselocale rather than setlocale: it changes only this thread, and tests run in parallel.
        let utf8 = try #require(newlocale(LC_CTYPE_MASK, "C.UTF-8", nil), "C.UTF-8 locale missing: install libc-bin")
        let previous = uselocale(utf8)
        defer { uselocale(previous); freelocale(utf8) }
        try #require(wcwidth(0x4E00) == 2, "wcwidth ignores the C.UTF-8 locale on this thread")

        var mismatches: [String] = []
        for v in UInt32(0)...0x10FFFF {
            guard let scalar = Unicode.Scalar(v) else { continue } // surrogates
            let glibc = Int(wcwidth(wchar_t(v)))
            let isControl = v < 0x20 || (v >= 0x7F && v < 0xA0)
            let expected = glibc < 0 || isControl ? 1 : glibc // drawn as the one-cell control mark
            let got = TextWidth.width(of: scalar)
            let unprintable = TextWidth.isUnprintable(v)
            if got != expected || unprintable != (glibc < 0 || isControl) {
                mismatches.append("U+\(String(v, radix: 16, uppercase: true)) glibc \(glibc) table \(got)")
            }
        }
        #expect(mismatches.isEmpty, """
            WidthTable.swift (glibc \(WidthTable.glibcVersion)) disagrees with this machine's glibc at \
            \(mismatches.count) scalars, e.g. \(mismatches.prefix(5)); regenerate it with scripts/gen-width-table.c
            """)
    }
}


@Suite struct TruncateTests {
    @Test func keepsTextThatFits() {
        #expect(TextWidth.truncate("日本語", toWidth: 6) == "日本語")
        #expect(TextWidth.truncate("abc", toWidth: 3) == "abc")
        #expect(TextWidth.truncate("", toWidth: 0) == "")
    }

    @Test func cutsByCellsAndAppendsTheEllipsis() {
        #expect(TextWidth.truncate("Jonathan Appleseed", toWidth: 8) == "Jonatha…")
        #expect(TextWidth.truncate("日本語テキスト", toWidth: 5) == "日本…")
        #expect(TextWidth.truncate("Jonathan", toWidth: 5, ellipsis: "~") == "Jona~")
    }

    @Test func neverSplitsAWideGlyph() {
        // Four cells leave three for text: 日 (2) fits, 本 would need a fourth.
        #expect(TextWidth.truncate("日本語", toWidth: 4) == "日…")
        #expect(TextWidth.truncate("a日本", toWidth: 3) == "a…")
        #expect(TextWidth.truncate("👍🏽👍🏽", toWidth: 3) == "👍🏽…")
    }

    @Test func widthNarrowerThanTheEllipsisKeepsWhatFits() {
        #expect(TextWidth.truncate("abcdef", toWidth: 2, ellipsis: "...") == "ab")
        #expect(TextWidth.truncate("日本語", toWidth: 1, ellipsis: "...") == "")
        #expect(TextWidth.truncate("abc", toWidth: 0) == "")
        #expect(TextWidth.truncate("abc", toWidth: -3) == "")
        #expect(TextWidth.truncate("abc", toWidth: 1) == "…")
    }

    @Test func truncationProperties() async {
        let ellipses = Gen<String?>.element(of: ["…", "~", "...", "›", "⋯"]).map { $0! }
        await propertyCheck(input: mixedStrings, Gen.int(in: -1...30), ellipses) { s, width, ellipsis in
            let cut = TextWidth.truncate(s, toWidth: width, ellipsis: ellipsis)
            let limit = max(0, width) // a negative width is no room at all
            #expect(TextWidth.width(of: cut) <= limit)
            if TextWidth.width(of: s) <= limit {
                #expect(cut == s)
                return
            }
            let ellipsisWidth = TextWidth.width(of: ellipsis)
            let fitsEllipsis = ellipsisWidth <= limit
            if fitsEllipsis { #expect(cut.hasSuffix(ellipsis)) }
            let prefix = fitsEllipsis ? String(cut.dropLast(ellipsis.count)) : cut
            #expect(s.hasPrefix(prefix))
            // The longest prefix: one more grapheme would overflow the room left for the text.
            let room = fitsEllipsis ? limit - ellipsisWidth : limit
            let next = s.dropFirst(prefix.count).first
            #expect(next.map { TextWidth.width(of: prefix) + TextWidth.width(of: $0) > room } ?? false)
        }
    }
}

@Suite struct WrapTests {
    @Test func breaksAtSpaces() {
        #expect(TextWidth.wrap("the quick brown fox", width: 10) == ["the quick", "brown fox"])
        #expect(TextWidth.wrap("one two", width: 7) == ["one two"])
        #expect(TextWidth.wrap("a  b", width: 10) == ["a  b"]) // inner runs of spaces stay
        #expect(TextWidth.wrap("aaaa    bbbb", width: 5) == ["aaaa", "bbbb"]) // spaces at a break go
    }

    @Test func hardBreaksOverlongWords() {
        #expect(TextWidth.wrap("abcdefghij", width: 4) == ["abcd", "efgh", "ij"])
        #expect(TextWidth.wrap("id: 0123456789", width: 6) == ["id:", "012345", "6789"])
        #expect(TextWidth.wrap("日本語テキスト", width: 5) == ["日本", "語テ", "キス", "ト"])
    }

    @Test func japaneseLinesNeitherStartWithClosingPunctuationNorEndWithAnOpeningBracket() {
        // Without the rule the full stop would begin the second line: ["保存しました", "。"].
        #expect(TextWidth.wrap("保存しました。", width: 12) == ["保存しまし", "た。"])
        #expect(TextWidth.wrap("変更は「保存」です", width: 8) == ["変更は", "「保存」", "です"])
        // A closing bracket and a full stop together both stay off the line start.
        #expect(TextWidth.wrap("ああ」。いい", width: 6) == ["あ", "あ」。", "いい"])
        // Too narrow to keep both off the line start, or nothing to carry: the rule gives way to a plain break.
        #expect(TextWidth.wrap("ああ」。いい", width: 4) == ["あ", "あ」", "。い", "い"])
        #expect(TextWidth.wrap("あ。", width: 2) == ["あ", "。"])
        // Every line still fits, and nothing is lost.
        for width in 2...12 {
            let text = "ポイントは「注文」ごとに付与されます。返金、キャンセル（全額）では取り消されます。"
            let lines = TextWidth.wrap(text, width: width)
            #expect(lines.joined() == text)
            #expect(lines.allSatisfy { TextWidth.width(of: $0) <= width })
            if width >= 6 {
                #expect(lines.dropFirst().allSatisfy { !TextWidth.isNoLineStart($0.first!) }, "width \(width): \(lines)")
                #expect(lines.dropLast().allSatisfy { !TextWidth.isNoLineEnd($0.last!) }, "width \(width): \(lines)")
            }
        }
        // Latin text is unaffected.
        #expect(TextWidth.wrap("abcdefghij.", width: 5) == ["abcde", "fghij", "."])
    }

    @Test func breaksAtNewlinesAndKeepsEmptyLines() {
        #expect(TextWidth.wrap("first\n\nthird", width: 10) == ["first", "", "third"])
        #expect(TextWidth.wrap("a\r\nb", width: 10) == ["a", "b"])
        #expect(TextWidth.wrap("", width: 10) == [""])
        #expect(TextWidth.wrap("text", width: 0) == [])
    }

    @Test func aGlyphWiderThanTheLineGetsALineOfItsOwn() {
        #expect(TextWidth.wrap("a日b", width: 1) == ["a", "日", "b"])
    }

    @Test func wrappingProperties() async {
        await propertyCheck(input: mixedStrings, Gen.int(in: 1...12)) { s, width in
            let lines = TextWidth.wrap(s, width: width)
            for line in lines {
                // Only a lone glyph wider than the line may overflow it.
                let visible = line.filter { TextWidth.width(of: $0) > 0 }
                #expect(TextWidth.width(of: line) <= width || visible.count == 1, "\(line) is wider than \(width)")
            }
            // Nothing but spaces and newlines is lost, and order is kept.
            let kept = { (t: String) in t.filter { $0 != " " && !$0.isNewline } }
            #expect(kept(lines.joined()) == kept(s))
        }
    }
}
