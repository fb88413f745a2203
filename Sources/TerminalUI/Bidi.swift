// PLACEHOLDER — helper "width+bidi" replaces this with ICU ubidi.
/// Reorders one line of text from logical to visual order (Unicode Bidirectional Algorithm, via ICU).
public enum Bidi {
    /// True when the line needs the bidi algorithm: an RTL paragraph, or RTL characters in the text.
    public static func needsReordering(_ s: String, direction: LayoutDirection) -> Bool {
        if direction == .rightToLeft { return true }
        return s.unicodeScalars.contains { $0.value >= 0x0590 && $0.value <= 0x08FF }
    }
    public static func visualLine(_ s: String, direction: LayoutDirection) -> String { s }
}
