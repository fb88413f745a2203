/// The one display-width function of LoyalNest, and text fitting by cells.
///
/// Widths follow glibc's `wcwidth()` in a UTF-8 locale (the table in WidthTable.swift is generated from it by
/// scripts/gen-width-table.c), because ncursesw places characters by that same function: measuring any other
/// way would misalign columns. The one departure: scalars glibc calls unprintable (controls, unassigned code
/// points, U+2028/2029) measure 1, the width of the `controlMark` that `sanitize` draws in their place.
public enum TextWidth {
    /// What `sanitize` draws instead of a control or unprintable character. ASCII `?`, as `ls -q` does:
    /// it is one cell in every terminal and font. U+FFFD is East Asian *ambiguous*, so CJK terminals may
    /// draw it two cells wide, and Control Pictures (␛) are missing from many fonts and from ASCII mode.
    public static let controlMark: Unicode.Scalar = "?"

    /// Cells a scalar takes: 0 (combining, format), 1, or 2 (East Asian wide/fullwidth, emoji presentation).
    public static func width(of scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        if v < 0xA0 { return 1 } // printable ASCII, or a C0/DEL/C1 control drawn as `controlMark`
        let w = glibcWidth(v)
        return w < 0 ? 1 : w
    }

    /// Cells a grapheme takes: the sum of its scalars' widths, capped at 2 (a terminal never gives one
    /// cluster more than two cells).
    public static func width(of ch: Character) -> Int {
        var total = 0
        for u in ch.unicodeScalars {
            total += width(of: u)
            if total >= 2 { return 2 }
        }
        return total
    }

    public static func width(of s: String) -> Int { cells(s) }

    /// Makes text safe to draw: controls and scalars glibc cannot print become `controlMark`, tab becomes a
    /// space, ZWJ (U+200D) and variation selectors are removed (terminals with glibc widths draw the parts
    /// of an emoji sequence side by side, so the joiners would only confuse measuring). Returns `s` itself,
    /// without copying, when nothing needs changing.
    public static func sanitize(_ s: String) -> String {
        guard s.unicodeScalars.contains(where: needsSanitizing) else { return s }
        var out = String.UnicodeScalarView()
        for u in s.unicodeScalars {
            let v = u.value
            if isStripped(v) { continue }
            if v == 0x09 {
                out.append(" ")
            } else {
                out.append(isUnprintable(v) ? controlMark : u)
            }
        }
        return String(out)
    }

    /// Cuts `s` to at most `width` cells. When something is cut, the longest prefix of whole graphemes that
    /// leaves room for `ellipsis` is kept and the ellipsis appended, so a wide glyph is never split. When
    /// `width` is narrower than the ellipsis itself, the longest prefix that fits is returned instead.
    public static func truncate(_ s: String, toWidth requested: Int, ellipsis: String = "…") -> String {
        let width = max(0, requested)
        // No scalar takes more cells than its UTF-8 bytes, so this proves the fit without measuring.
        if s.utf8.count <= width { return s }
        let ellipsisWidth = cells(ellipsis)
        let showsEllipsis = ellipsisWidth <= width
        let budget = showsEllipsis ? width - ellipsisWidth : width
        var used = 0
        var cut = s.startIndex // end of the longest prefix within `budget`
        var i = s.startIndex
        while i < s.endIndex {
            let next = s.index(after: i)
            used += self.width(of: s[i])
            if used > width { return showsEllipsis ? String(s[..<cut]) + ellipsis : String(s[..<cut]) }
            if used <= budget { cut = next }
            i = next
        }
        return s
    }

    /// Wraps into lines of at most `width` cells. Lines break at spaces (the spaces at a break are dropped,
    /// leading indentation and inner runs are kept) and at newlines; a word longer than `width` is broken
    /// between graphemes. A single grapheme wider than `width` gets a line of its own, which is then wider
    /// than `width`. Every paragraph gives at least one line, so "" wraps to [""].
    public static func wrap(_ s: String, width: Int) -> [String] {
        guard width > 0 else { return [] }
        var lines: [String] = []
        for paragraph in s.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            wrapParagraph(paragraph, width: width, into: &lines)
        }
        return lines
    }

    // MARK: internals

    static func wrapParagraph(_ p: Substring, width: Int, into lines: inout [String]) {
        var line = "", used = 0, spaces = 0
        var i = p.startIndex
        while i < p.endIndex {
            if p[i] == " " { spaces += 1; i = p.index(after: i); continue }
            let end = p[i...].firstIndex(of: " ") ?? p.endIndex
            let word = p[i..<end]
            i = end
            let w = cells(word)
            if used + spaces + w <= width {
                line += String(repeating: " ", count: spaces) + word
                used += spaces + w
            } else {
                if !line.isEmpty { lines.append(line) }
                line = ""; used = 0
                for ch in word {
                    let cw = self.width(of: ch)
                    if used + cw > width && used > 0 {
                        // Kinsoku: the characters before the break go down with it while the next line would start
                        // with closing punctuation (or this one end with an opening bracket) and this line keeps
                        // something; when no short carry satisfies both (a very narrow width), it breaks plainly.
                        var kept = line, carried = "", carriedWidth = 0
                        while kept.count > 1, let last = kept.last, isNoLineStart(carried.first ?? ch) || isNoLineEnd(last) {
                            let lw = self.width(of: last)
                            guard carriedWidth + lw + cw <= width, carried.count < 3 else { break }
                            kept.removeLast()
                            carried = String(last) + carried; carriedWidth += lw
                        }
                        if isNoLineStart(carried.first ?? ch) || kept.last.map(isNoLineEnd) == true {
                            carried = ""; carriedWidth = 0
                        } else {
                            line = kept
                        }
                        lines.append(line); line = carried; used = carriedWidth
                    }
                    line.append(ch); used += cw
                }
            }
            spaces = 0
        }
        lines.append(line)
    }

    /// East Asian punctuation that may not begin a line (JIS X 4051's closing brackets, full stops, commas,
    /// middle dots, iteration marks, small kana, prolonged sound mark).
    static func isNoLineStart(_ ch: Character) -> Bool {
        guard let v = ch.unicodeScalars.first?.value, v >= 0x2000 else { return false }
        return "、。，．・：；？！ー〜…‥）」』】〕〉》］｝〙〗’”ゝゞヽヾ々ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶ％".contains(ch)
    }

    /// East Asian opening brackets, which may not end a line.
    static func isNoLineEnd(_ ch: Character) -> Bool {
        guard let v = ch.unicodeScalars.first?.value, v >= 0x2000 else { return false }
        return "（「『【〔〈《［｛〘〖‘“".contains(ch)
    }

    static func cells<S: StringProtocol>(_ s: S) -> Int {
        // Every ASCII byte is one cell (controls count as their one-cell mark), and grapheme breaking
        // is the expensive part of measuring, so pure ASCII is counted without it.
        if s.utf8.allSatisfy({ $0 < 0x80 }) { return s.utf8.count }
        var total = 0
        for ch in s { total += width(of: ch) }
        return total
    }

    /// glibc's width of a non-ASCII scalar: 0, 1, 2, or -1 when glibc calls it unprintable.
    @inline(__always)
    static func glibcWidth(_ v: UInt32) -> Int {
        WidthTable.starts.withUnsafeBufferPointer { starts in
            var lo = 0, hi = starts.count // the first range starting after `v` is at `lo`
            while lo < hi {
                let mid = (lo &+ hi) &>> 1
                if starts[mid] <= v { lo = mid &+ 1 } else { hi = mid }
            }
            guard lo > 0, v <= WidthTable.ends[lo - 1] else { return 1 }
            return Int(WidthTable.widths[lo - 1])
        }
    }

    static func isStripped(_ v: UInt32) -> Bool {
        v == 0x200D || (0xFE00...0xFE0F).contains(v) || (0xE0100...0xE01EF).contains(v)
    }

    static func isUnprintable(_ v: UInt32) -> Bool {
        if v < 0xA0 { return v < 0x20 || v >= 0x7F }
        return glibcWidth(v) < 0
    }

    static func needsSanitizing(_ u: Unicode.Scalar) -> Bool {
        let v = u.value
        if v >= 0x20 && v < 0x7F { return false }
        return isStripped(v) || isUnprintable(v)
    }
}
