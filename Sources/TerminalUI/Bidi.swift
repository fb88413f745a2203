internal import CICU

/// Reorders one line of text from logical to visual order with the Unicode Bidirectional Algorithm (ICU ubidi).
public enum Bidi {
    /// True when the line needs the bidi algorithm: an RTL paragraph, or right-to-left characters (or Arabic
    /// digits) in the text. Without any of them every level is even, so ICU would return the line unchanged.
    public static func needsReordering(_ s: String, direction: LayoutDirection) -> Bool {
        if direction == .rightToLeft { return true }
        for u in s.unicodeScalars where u.value >= firstRightToLeftScalar {
            if ln_u_canReorder(Int32(bitPattern: u.value)) != 0 { return true }
        }
        return false
    }

    /// The line in visual order (the order cells are drawn, left to right), with brackets mirrored inside
    /// right-to-left runs and bidi controls removed. The paragraph is right to left for `.rightToLeft`;
    /// otherwise its first strong character decides (left to right when there is none).
    ///
    /// ICU resolves the levels and runs; the runs are then written here rather than with
    /// `ubidi_writeReordered`, which reverses code points and would tear apart grapheme clusters such as
    /// 👍🏽 (emoji + skin tone) inside a right-to-left run, changing the line's width. Reversing whole
    /// Characters keeps `TextWidth.width(of:)` of the visual line equal to that of the logical one.
    public static func visualLine(_ s: String, direction: LayoutDirection) -> String {
        if s.isEmpty { return s }
        let units = Array(s.utf16)
        guard let bidi = ln_ubidi_open() else { return s }
        defer { ln_ubidi_close(bidi) }
        let level = direction == .rightToLeft ? UInt8(1) : ln_ubidi_default_ltr
        return units.withUnsafeBufferPointer { text -> String in
            // ICU fails only on allocation or impossible input; logical order is the readable fallback.
            guard ln_ubidi_setPara(bidi, text.baseAddress, Int32(text.count), level) == 0 else { return s }
            let runCount = ln_ubidi_countRuns(bidi)
            guard runCount >= 0 else { return s }
            var visual = String.UnicodeScalarView()
            for run in 0..<runCount {
                var start: Int32 = 0, length: Int32 = 0
                let rightToLeft = ln_ubidi_visualRunIsRightToLeft(bidi, run, &start, &length) != 0
                let slice = UnsafeBufferPointer(rebasing: text[Int(start)..<Int(start + length)])
                let piece = String(decoding: slice, as: UTF16.self)
                if rightToLeft {
                    for ch in piece.reversed() {
                        for u in ch.unicodeScalars where !isBidiControl(u) { visual.append(mirrored(u)) }
                    }
                } else {
                    for u in piece.unicodeScalars where !isBidiControl(u) { visual.append(u) }
                }
            }
            return String(visual)
        }
    }

    /// Hebrew is the first block with right-to-left letters or Arabic digits; the scan skips ICU below it.
    static let firstRightToLeftScalar: UInt32 = 0x0590

    static func isBidiControl(_ u: Unicode.Scalar) -> Bool {
        u.value >= 0x061C && ln_u_isBidiControl(Int32(bitPattern: u.value)) != 0
    }

    static func mirrored(_ u: Unicode.Scalar) -> Unicode.Scalar {
        let m = ln_u_charMirror(Int32(bitPattern: u.value))
        return Unicode.Scalar(UInt32(bitPattern: m)) ?? u
    }
}
