// PLACEHOLDER — helper "width+bidi" replaces this file's implementation keeping the API.
/// The one display-width function of LoyalNest (glibc wcwidth semantics), and text fitting by cells.
public enum TextWidth {
    /// Cells a scalar takes: 0 (combining, format), 1 or 2 (East Asian wide/fullwidth, emoji presentation).
    public static func width(of scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        if v < 0x20 || (v >= 0x7F && v < 0xA0) { return 0 }
        if (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
            || (0xF900...0xFAFF).contains(v) || (0xFF00...0xFF60).contains(v) || (0x1F300...0x1FAFF).contains(v) { return 2 }
        if (0x300...0x36F).contains(v) || v == 0x200D || (0xFE00...0xFE0F).contains(v) { return 0 }
        return 1
    }
    public static func width(of ch: Character) -> Int {
        min(2, ch.unicodeScalars.reduce(0) { $0 + width(of: $1) })
    }
    public static func width(of s: String) -> Int { s.reduce(0) { $0 + width(of: $1) } }

    /// Replaces control characters with U+FFFD-free visible marks and strips ZWJ and variation selectors.
    public static func sanitize(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        for u in s.unicodeScalars {
            let v = u.value
            if v == 0x200D || (0xFE00...0xFE0F).contains(v) { continue }
            if v < 0x20 || (v >= 0x7F && v < 0xA0) { out.append(v == 0x09 ? " " : "?") ; continue }
            out.append(u)
        }
        return String(out)
    }

    /// Cuts `s` to at most `width` cells, ending with `ellipsis` when something was cut.
    public static func truncate(_ s: String, toWidth width: Int, ellipsis: String = "…") -> String {
        if self.width(of: s) <= width { return s }
        let ew = self.width(of: ellipsis)
        guard width > ew else { return String(repeating: ".", count: max(0, width)) }
        var out = "", used = 0
        for ch in s {
            let w = self.width(of: ch)
            if used + w > width - ew { break }
            out.append(ch); used += w
        }
        return out + ellipsis
    }

    /// Wraps into lines of at most `width` cells, breaking at spaces when possible.
    public static func wrap(_ s: String, width: Int) -> [String] {
        guard width > 0 else { return [] }
        var lines: [String] = [], line = "", used = 0
        for word in s.split(separator: " ", omittingEmptySubsequences: false) {
            let w = self.width(of: String(word))
            if used > 0 && used + 1 + w > width { lines.append(line); line = ""; used = 0 }
            if used > 0 { line += " "; used += 1 }
            line += word; used += w
        }
        lines.append(line)
        return lines
    }
}
