/// The paragraph direction of a piece of content, independent of the layout direction: an e-mail address typed
/// into a field of an Arabic screen still reads left to right, with its caret where the reader expects it.
enum ContentDirection {
    /// The direction of the first strong character (UAX #9 rule P2), or nil when there is none (digits, signs,
    /// punctuation), in which case the caller picks a default.
    static func firstStrong(in text: String) -> LayoutDirection? {
        for scalar in text.unicodeScalars where scalar.properties.isAlphabetic {
            return isRightToLeftScript(scalar) ? .rightToLeft : .leftToRight
        }
        return nil
    }

    /// Hebrew, Arabic, Syriac, Thaana, NKo, Samaritan, Mandaic and their presentation forms; plus the
    /// supplementary right-to-left blocks.
    private static func isRightToLeftScript(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0590...0x08FF, 0xFB1D...0xFDFF, 0xFE70...0xFEFF, 0x10800...0x10FFF, 0x1E800...0x1EFFF: return true
        default: return false
        }
    }
}

extension CellBuffer {
    /// Draws into the logical `rect` of the current layout with the buffer temporarily in `direction`, so the
    /// content keeps its own paragraph direction inside a mirrored layout. `draw` receives the buffer and the
    /// logical x of `rect` in `direction`.
    mutating func drawing(in rect: Rect, direction contentDirection: LayoutDirection,
                          _ draw: (inout CellBuffer, Int) -> Void) {
        let physicalLeft = physicalX(rect.x, width: rect.width)
        let layoutDirection = direction
        direction = contentDirection
        let x = contentDirection == .rightToLeft ? size.width - physicalLeft - rect.width : physicalLeft
        draw(&self, x)
        direction = layoutDirection
    }

    /// Puts a pair of glyphs that point outwards ("<" ">" or "[" "]") on the leading and trailing cells of a
    /// logical span. In right-to-left layouts the leading cell is on the right, so the glyphs swap.
    mutating func putOutward(_ left: Character, _ right: Character, x: Int, y: Int, width: Int, style: Style) {
        guard width >= 2 else { return }
        put(isRightToLeft ? right : left, x: x, y: y, style: style)
        put(isRightToLeft ? left : right, x: x + width - 1, y: y, style: style)
    }
}
