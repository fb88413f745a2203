/// Maps colours down to what a terminal can show: truecolor → xterm-256 → the 16 ANSI colours → none.
/// For 256 colours "nearest" is the smallest "redmean" distance (a cheap approximation of perceived difference).
/// For 16 colours it is the nearest *hue*: that palette is so coarse that by distance most light or pastel colours
/// would turn grey, losing what they mean (a green "ok" must stay green).
public enum ColorDegradation {
    /// xterm's default RGB for the 16 ANSI colours (terminals vary; these are the reference values).
    public static let ansiPalette: [(r: Int, g: Int, b: Int)] = [
        (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229),
        (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255), (255, 0, 255), (0, 255, 255),
        (255, 255, 255),
    ]

    static let cubeLevels = [0, 95, 135, 175, 215, 255]

    /// The RGB of an xterm-256 index: 0–15 the ANSI palette, 16–231 the 6×6×6 cube, 232–255 the grey ramp.
    public static func rgb(ofIndex index: UInt8) -> (r: Int, g: Int, b: Int) {
        let i = Int(index)
        switch i {
        case 0..<16: return ansiPalette[i]
        case 16..<232:
            let c = i - 16
            return (cubeLevels[c / 36], cubeLevels[(c / 6) % 6], cubeLevels[c % 6])
        default:
            let v = 8 + 10 * (i - 232)
            return (v, v, v)
        }
    }

    /// The nearest xterm-256 colour among the cube and the grey ramp. Indices 0–15 are left out on purpose:
    /// terminals redefine them, so they would not give the colour asked for.
    public static func nearestIndexed(r: Int, g: Int, b: Int) -> UInt8 {
        nearest(to: (r, g, b), among: 16...255)
    }

        /// The ANSI colour (0–7 normal, 8–15 bright) of the nearest hue: greys by lightness to black, bright black,
    /// white or bright white; other colours to red, yellow, green, cyan, blue or magenta, bright when light.
    public static func nearestANSI(r: Int, g: Int, b: Int) -> UInt8 {
        let high = max(r, g, b), low = min(r, g, b), chroma = high - low
        if chroma < 40 {
            switch (high + low) / 2 {  // halfway between the palette's greys: 0, 127, 229, 255
            case ..<64: return 0
            case ..<178: return 8
            case ..<242: return 7
            default: return 15
            }
        }
        let hue: Double
        let c = Double(chroma)
        switch high {
        case r: hue = (Double(g - b) / c).truncatingRemainder(dividingBy: 6) * 60
        case g: hue = (Double(b - r) / c + 2) * 60
        default: hue = (Double(r - g) / c + 4) * 60
        }
        let sector = Int(((hue < 0 ? hue + 360 : hue) + 30) / 60) % 6
        let ansiOfSector: [UInt8] = [1, 3, 2, 6, 4, 5]  // red, yellow, green, cyan, blue, magenta
        // max + min is at most 238 for the normal colours (205 for most, 238 for blue), at least 255 for bright.
        return ansiOfSector[sector] + (high + low >= 240 ? 8 : 0)
    }

    private static func nearest(to c: (Int, Int, Int), among indices: ClosedRange<UInt8>) -> UInt8 {
        var best = indices.lowerBound
        var bestDistance = Int.max
        for i in indices {
            let d = distance(c, rgb(ofIndex: i))
            if d < bestDistance { best = i; bestDistance = d }
        }
        return best
    }

    /// Squared "redmean" distance (weights follow the mean red level), scaled to stay in integers.
    static func distance(_ a: (Int, Int, Int), _ b: (r: Int, g: Int, b: Int)) -> Int {
        let meanRed = (a.0 + b.r) / 2
        let dr = a.0 - b.r, dg = a.1 - b.g, db = a.2 - b.b
        return (512 + meanRed) * dr * dr + 1024 * dg * dg + (767 - meanRed) * db * db
    }

    static func rgb(of color: Color) -> (r: Int, g: Int, b: Int)? {
        switch color {
        case .default: return nil
        case .ansi(let n): return ansiPalette[Int(n % 16)]
        case .indexed(let n): return rgb(ofIndex: n)
        case .rgb(let r, let g, let b): return (Int(r), Int(g), Int(b))
        }
    }
}

extension Color {
    /// This colour as the terminal of `depth` can show it; `.none` turns every colour into `.default`.
    public func degraded(to depth: ColorDepth) -> Color {
        switch (self, depth) {
        case (.default, _), (_, .trueColor): return self
        case (_, .none): return .default
        case (.ansi, _): return self
        case (.indexed(let n), .indexed256): return .indexed(n)
        case (.indexed(let n), .ansi16) where n < 16: return .ansi(n)
        case (.rgb(let r, let g, let b), .indexed256):
            return .indexed(ColorDegradation.nearestIndexed(r: Int(r), g: Int(g), b: Int(b)))
        case (.indexed, .ansi16), (.rgb, .ansi16):
            let c = ColorDegradation.rgb(of: self)!
            return .ansi(ColorDegradation.nearestANSI(r: c.r, g: c.g, b: c.b))
        }
    }
}

extension Style {
    /// This style at `depth`. When two different colours collapse into one, the foreground becomes black or
    /// white, whichever stands out on the background, so text never vanishes.
    public func degraded(to depth: ColorDepth) -> Style {
        var s = Style(foreground: foreground.degraded(to: depth), background: background.degraded(to: depth),
                      attributes: attributes)
        if s.foreground != .default, s.foreground == s.background, foreground != background,
           let bg = ColorDegradation.rgb(of: s.background) {
            let light = bg.r * 299 + bg.g * 587 + bg.b * 114 > 128_000
            s.foreground = depth == .ansi16 ? .ansi(light ? 0 : 15) : .indexed(light ? 16 : 231)
        }
        return s
    }
}

extension Theme {
    /// Keys that must stay distinguishable without colour, and what they get when neither their style nor a
    /// `mono` entry gives them an attribute that shows (reverse, bold or underline).
    static let monoFallbacks: [ThemeKey: TextAttributes] = [
        .selection: .reverse, .sidebarActive: .reverse, .tabActive: .reverse, .toast: .reverse,
        .danger: [.reverse, .bold], .badgeOffline: .reverse, .searchMatch: .underline,
        .borderFocused: .bold, .modalBorder: .bold, .inputFocused: .underline, .inputError: [.underline, .bold],
        .tableHeader: .bold, .title: .bold, .footerKey: .bold, .statusError: .bold,
    ]

    /// This theme as a terminal of `depth` can show it. At `.none` (also used for NO_COLOR) every colour becomes
    /// the terminal's default, a key's `mono` style replaces its style, and the keys in `monoFallbacks` that
    /// would otherwise look like plain text get their fallback attributes.
    public func degraded(to depth: ColorDepth) -> Theme {
        var result = self
        result.styles = styles.mapValues { $0.degraded(to: depth) }
        guard depth == .none else { return result }
        for (key, mono) in monoStyles { result.styles[key] = mono }
        let showing: TextAttributes = [.reverse, .bold, .underline]
        for (key, fallback) in Theme.monoFallbacks where monoStyles[key] == nil {
            let current = result.style(key)
            if current.attributes.isDisjoint(with: showing) { result.styles[key] = current.with(fallback) }
        }
        return result
    }
}
