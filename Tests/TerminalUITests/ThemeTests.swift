import Foundation
import Testing
@testable import TerminalUI

/// The shipped theme files, read from the repository (TerminalUI does not depend on BundledThemes).
private let bundledFolder = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Themes")
private let bundledNames = ["ascii", "dark", "high-contrast", "light", "monochrome"]

/// A folder of theme files written by a test, removed when the test ends.
private final class ThemeFolder {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("loyalnest-themes-\(UUID().uuidString)")
    init(_ files: [String: String]) throws {
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        for (name, text) in files {
            try text.write(to: url.appendingPathComponent(name + ".toml"), atomically: true, encoding: .utf8)
        }
    }
    deinit { try? FileManager.default.removeItem(at: url) }
}

private func parse(_ toml: String, name: String = "x", base: Theme? = nil) throws -> Theme {
    try Theme.parse(toml: toml, name: name) { requested in
        guard let base else { throw ThemeLookupProblem(message: "\"\(requested)\": no such theme") }
        return base
    }
}

private func themeError(_ body: () throws -> Theme) -> ThemeError? {
    do { _ = try body(); return nil } catch let e as ThemeError { return e } catch { return nil }
}

@Suite struct BundledThemeTests {
    let loader = ThemeLoader(search: [bundledFolder])

    @Test func theFolderHoldsExactlyTheShippedThemes() {
        #expect(loader.availableNames() == bundledNames)
    }

    @Test(arguments: bundledNames)
    func everyBundledThemeLoadsAndStylesEveryKey(name: String) throws {
        let theme = try loader.load(named: name)
        #expect(theme.name == name)
        let missing = ThemeKey.all.filter { theme.styles[$0] == nil }
        #expect(missing.isEmpty, "\(name) does not style \(missing)")
    }

    @Test func monochromeUsesNoColourAtAll() throws {
        let mono = try loader.load(named: "monochrome")
        let coloured = mono.styles.filter { $0.value.foreground != .default || $0.value.background != .default }
        #expect(coloured.isEmpty, "monochrome colours \(coloured.keys.map(\.rawValue))")
        #expect(mono.degraded(to: .none).styles == mono.styles)
    }

    @Test func asciiIsDarkDrawnWithAsciiGlyphs() throws {
        let dark = try loader.load(named: "dark"), ascii = try loader.load(named: "ascii")
        #expect(ascii.asciiOnly && !dark.asciiOnly)
        #expect(ascii.glyphs == .ascii && dark.glyphs == .unicode)
        #expect(ascii.styles == dark.styles)
    }

    @Test func darkStylesTheTableHeaderAsTheIssueShows() throws {
        let dark = try loader.load(named: "dark")
        #expect(dark[.tableHeader] == Style(foreground: .rgb(0xe0, 0xe0, 0xe0), background: .rgb(0x30, 0x30, 0x30),
                                            attributes: .bold))
    }

    @Test(arguments: bundledNames)
    func selectionAndFocusStayVisibleWithoutColour(name: String) throws {
        let plain = try loader.load(named: name).degraded(to: .none)
        let showing: TextAttributes = [.reverse, .bold, .underline]
        for key in [ThemeKey.selection, .borderFocused, .sidebarActive, .tabActive, .inputFocused] {
            #expect(!plain[key].attributes.isDisjoint(with: showing), "\(name): \(key) vanishes without colour")
            #expect(plain[key].foreground == .default && plain[key].background == .default)
        }
    }
}

@Suite struct ThemeFileTests {
    @Test func tableAndShortFormsGiveTheStylesTheySay() throws {
        let theme = try parse("""
            [styles]
            "table.header" = { fg = "#e0e0e0", bg = "default", bold = true }
            selection = "bold underline #FFFFFF on 24"
            "status.error" = "bright-red on blue"
            "status.ok" = { fg = 9, bg = 196, reverse = true, italic = true, dim = false }
            "text.muted" = ""
            """)
        #expect(theme[.tableHeader] == Style(foreground: .rgb(224, 224, 224), background: .default, attributes: .bold))
        #expect(theme[.selection] == Style(foreground: .rgb(255, 255, 255), background: .indexed(24),
                                           attributes: [.bold, .underline]))
        #expect(theme[.statusError] == Style(foreground: .ansi(9), background: .ansi(4)))
        #expect(theme[.statusOK] == Style(foreground: .ansi(9), background: .indexed(196), attributes: [.reverse, .italic]))
        #expect(theme.styles[.muted] == .plain)
    }

    @Test func quotedDottedAndSectionKeysAreTheSameKey() throws {
        let quoted = try parse("[styles]\n\"table.row.alt\" = \"bold\"\n\"table.row\" = \"dim\"")
        let dotted = try parse("[styles]\ntable.row.alt = \"bold\"\ntable.row.fg = \"default\"\ntable.row.dim = true")
        let section = try parse("[styles.table.row]\ndim = true\n[styles.table.row.alt]\nbold = true")
        #expect(quoted.styles == dotted.styles)
        #expect(quoted.styles == section.styles)
        #expect(quoted.styles.count == 2)
    }

    @Test func monoStylesAreKeptForColourlessTerminals() throws {
        let theme = try parse("[styles]\nselection = { bg = \"#005f87\", mono = \"reverse\" }\ntitle = { fg = 1, mono = { underline = true } }")
        #expect(theme.monoStyles[.selection] == Style(attributes: .reverse))
        #expect(theme.monoStyles[.title] == Style(attributes: .underline))
        #expect(theme.degraded(to: .none)[.selection] == Style(attributes: .reverse))
    }

    @Test func aPartialOverrideKeepsEveryOtherKeyOfItsBase() throws {
        let base = try parse("""
            ascii = true
            [styles]
            base = "#d0d0d0"
            selection = { bg = "#005f87", mono = "reverse bold" }
            "table.header" = { fg = "#e0e0e0", bold = true, mono = "underline" }
            """, name: "base")
        let child = try parse("extends = \"base\"\n[styles]\nselection = \"reverse\"", name: "child", base: base)
        #expect(child.name == "child")
        #expect(child.asciiOnly)
        #expect(child[.selection] == Style(attributes: .reverse))
        #expect(child.monoStyles[.selection] == nil, "an overridden key drops the base's mono style")
        #expect(child[.tableHeader] == base[.tableHeader])
        #expect(child.monoStyles[.tableHeader] == base.monoStyles[.tableHeader])
        #expect(child[.base] == base[.base])
        #expect(Set(child.styles.keys) == Set(base.styles.keys))
    }

    @Test func missingKeysFallBackToTheirParentThenBase() throws {
        let theme = try parse("[styles]\nbase = \"dim\"\n\"table.row\" = \"bold\"")
        #expect(theme[.tableRowAlt] == Style(attributes: .bold))
        #expect(theme[.statusWarn] == Style(attributes: .dim))
    }

    @Test func aBadColourNamesFileLineKeyAndWhatIsExpected() {
        let error = themeError { try parse("# comment\n[styles]\n\"table.header\" = { fg = \"#12345\" }") }
        #expect(error?.description == """
            theme "x.toml", line 3: key "table.header": fg "#12345" is not a colour; \
            use #rrggbb, 0–255, a colour name or "default"
            """)
    }

    @Test(arguments: [
        ("[styles]\nselection = { bg = 256 }", "bg 256 is not a colour"),
        ("[styles]\nselection = { bg = 2.5 }", "bg must be a colour string or number"),
        ("[styles]\nselection = \"bold pink\"", "\"pink\" in \"bold pink\" is neither an attribute"),
        ("[styles]\nselection = \"red blue\"", "names two foreground colours"),
        ("[styles]\nselection = \"red on\"", "ends with \"on\""),
        ("[styles]\nselection = { bold = \"yes\" }", "bold must be true or false"),
        ("[styles]\nselection = { mono = \"red\" }", "mono is for terminals without colour"),
        ("[styles]\nselection = { mono = { fg = \"red\" } }", "mono field \"fg\" is not an attribute"),
        ("[styles]\nselection = 3", "must be a style"),
    ])
    func badStyleValuesSayWhatIsWrong(toml: String, expected: String) {
        let error = themeError { try parse(toml) }
        #expect(error?.key == "selection")
        #expect(error?.line == 2)
        #expect(error?.description.contains(expected) == true, "\(String(describing: error))")
    }

    @Test func anUnknownKeyIsAnErrorThatSuggestsTheNearestKey() {
        let error = themeError { try parse("[styles]\n\n\"table.headr\" = \"bold\"") }
        #expect(error?.line == 3)
        #expect(error?.key == "table.headr")
        #expect(error?.description.contains("did you mean \"table.header\"?") == true)
    }

    @Test func anUnknownFieldOfAKnownKeyIsCalledAField() {
        let error = themeError { try parse("[styles]\nselection = { fgg = \"#ffffff\" }") }
        #expect(error?.key == "selection")
        #expect(error?.description.contains("\"fgg\" is not a style field; use fg, bg,") == true)
    }

    @Test func anUnknownSettingIsAnError() {
        let error = themeError { try parse("extend = \"dark\"") }
        #expect(error?.key == "extend")
        #expect(error?.line == 1)
        #expect(error?.description.contains("did you mean \"extends\"?") == true)
    }

    @Test func invalidTOMLGivesTheLine() {
        let error = themeError { try parse("[styles]\nselection = { bold = true\n") }
        #expect(error?.line == 2)
        #expect(error?.description.hasPrefix("theme \"x.toml\", line 2: is not valid TOML") == true)
    }
}

@Suite struct ThemeLoaderTests {
    @Test func aUserThemeMayExtendTheBundledThemeOfTheSameName() throws {
        let user = try ThemeFolder(["dark": "extends = \"dark\"\n[styles]\nselection = \"reverse\""])
        let bundledDark = try ThemeLoader(search: [bundledFolder]).load(named: "dark")
        let dark = try ThemeLoader(search: [user.url, bundledFolder]).load(named: "dark")
        #expect(dark[.selection] == Style(attributes: .reverse))
        var expected = bundledDark.styles
        expected[.selection] = Style(attributes: .reverse)
        #expect(dark.styles == expected)
    }

    @Test func aCycleOfExtendsIsAnError() throws {
        let folder = try ThemeFolder(["a": "extends = \"b\"", "b": "# b\nextends = \"a\""])
        #expect(throws: ThemeError.self) { try ThemeLoader(search: [folder.url]).load(named: "a") }
        let error = themeError { try ThemeLoader(search: [folder.url]).load(named: "a") }
        #expect(error?.theme.hasSuffix("/b.toml") == true)
        #expect(error?.line == 2)
        #expect(error?.key == "extends")
        #expect(error?.description.contains("\"a\" makes a cycle (a → b → a)") == true)
    }

    @Test func anUnknownBaseIsAnErrorListingTheThemes() throws {
        let folder = try ThemeFolder(["mine": "extends = \"drak\""])
        let error = themeError { try ThemeLoader(search: [folder.url, bundledFolder]).load(named: "mine") }
        #expect(error?.theme.hasSuffix("/mine.toml") == true)
        #expect(error?.key == "extends")
        #expect(error?.description.contains("\"drak\": no such theme in") == true)
        #expect(error?.description.contains("did you mean \"dark\"?") == true)
    }

    @Test func aThemeCannotExtendItself() throws {
        let folder = try ThemeFolder(["solo": "extends = \"solo\""])
        let error = themeError { try ThemeLoader(search: [folder.url]).load(named: "solo") }
        #expect(error?.description.contains("a theme cannot extend itself") == true)
    }

    @Test func anUnknownThemeNameIsAnError() {
        let error = themeError { try ThemeLoader(search: [bundledFolder]).load(named: "lihgt") }
        #expect(error?.theme == "lihgt")
        #expect(error?.description.contains("did you mean \"light\"?") == true)
    }

    @Test func anErrorInABaseNamesTheBaseFile() throws {
        let folder = try ThemeFolder(["child": "extends = \"parent\"", "parent": "[styles]\nbase = \"blod\""])
        let error = themeError { try ThemeLoader(search: [folder.url]).load(named: "child") }
        #expect(error?.theme.hasSuffix("/parent.toml") == true)
        #expect(error?.key == "base")
    }
}

@Suite struct ColorDegradationTests {
    @Test func pureRedMapsTo196AndToBrightRed() {
        #expect(Color.rgb(255, 0, 0).degraded(to: .indexed256) == .indexed(196))
        #expect(Color.rgb(255, 0, 0).degraded(to: .ansi16) == .ansi(9))
        #expect(Color.indexed(196).degraded(to: .ansi16) == .ansi(9))
    }

    @Test func knownXtermColoursMapToTheirIndex() {
        #expect(Color.rgb(0x5f, 0xaf, 0xff).degraded(to: .indexed256) == .indexed(75))
        #expect(Color.rgb(0x80, 0x80, 0x80).degraded(to: .indexed256) == .indexed(244))
        #expect(Color.rgb(0x30, 0x30, 0x30).degraded(to: .indexed256) == .indexed(236))
        #expect(Color.rgb(0x01, 0x01, 0x01).degraded(to: .indexed256) == .indexed(16))
    }

    @Test func everyCubeAndGreyColourMapsBackToItself() {
        for i in UInt8(16)...255 {
            let c = ColorDegradation.rgb(ofIndex: i)
            #expect(Color.rgb(UInt8(c.r), UInt8(c.g), UInt8(c.b)).degraded(to: .indexed256) == .indexed(i))
        }
    }

    @Test func nearColoursStayNear() {
        // Off-palette colours land on a cube or ramp entry within one step on every channel.
        for (r, g, b) in [(10, 200, 40), (250, 128, 3), (77, 77, 80), (180, 20, 220)] {
            guard case .indexed(let i) = Color.rgb(UInt8(r), UInt8(g), UInt8(b)).degraded(to: .indexed256) else {
                Issue.record("not indexed"); continue
            }
            let c = ColorDegradation.rgb(ofIndex: i)
            #expect(abs(c.r - r) <= 40 && abs(c.g - g) <= 40 && abs(c.b - b) <= 40, "\(r),\(g),\(b) → \(i)")
        }
    }

    @Test func sixteenColoursKeepTheHue() {
        let expected: [((UInt8, UInt8, UInt8), UInt8)] = [
            ((0x00, 0x87, 0x00), 2), ((0x5f, 0xd7, 0x5f), 10), ((0xaf, 0x00, 0x00), 1), ((0xff, 0x5f, 0x5f), 9),
            ((0xff, 0xd7, 0x5f), 11), ((0x87, 0x87, 0x00), 3), ((0x00, 0x5f, 0x87), 6), ((0x5f, 0xaf, 0xff), 12),
            ((0x00, 0x00, 0xd7), 4), ((0xd7, 0x5f, 0xff), 13), ((0x87, 0x00, 0x87), 5), ((0x00, 0xd7, 0xd7), 6),
            ((0x1c, 0x1c, 0x1c), 0), ((0x80, 0x80, 0x80), 8), ((0xbc, 0xbc, 0xbc), 7), ((0xfa, 0xfa, 0xfa), 15),
        ]
        for ((r, g, b), ansi) in expected {
            #expect(Color.rgb(r, g, b).degraded(to: .ansi16) == .ansi(ansi), "\(r),\(g),\(b)")
        }
    }

    @Test func everyANSIPaletteColourMapsToItself() {
        for n in UInt8(0)..<16 {
            let c = ColorDegradation.ansiPalette[Int(n)]
            #expect(Color.rgb(UInt8(c.r), UInt8(c.g), UInt8(c.b)).degraded(to: .ansi16) == .ansi(n))
        }
    }

    @Test func theFirstSixteenIndicesAreTheANSIColours() {
        for n in UInt8(0)..<16 { #expect(Color.indexed(n).degraded(to: .ansi16) == .ansi(n)) }
        #expect(Color.ansi(3).degraded(to: .indexed256) == .ansi(3))
    }

    @Test func noColourMeansTheTerminalDefault() {
        for c in [Color.rgb(1, 2, 3), .indexed(200), .ansi(4), .default] {
            #expect(c.degraded(to: .none) == .default)
        }
        #expect(Color.rgb(1, 2, 3).degraded(to: .trueColor) == .rgb(1, 2, 3))
    }

    @Test func textNeverTakesTheColourOfItsBackground() {
        let s = Style(foreground: .rgb(0, 0, 150), background: .rgb(0, 0, 160)).degraded(to: .ansi16)
        #expect(s.background == .ansi(4))
        #expect(s.foreground == .ansi(15))
        let light = Style(foreground: .rgb(250, 250, 250), background: .rgb(255, 255, 255)).degraded(to: .ansi16)
        #expect(light.foreground == .ansi(0))
    }

    @Test func aDegradedThemeUsesOnlyWhatTheTerminalHas() throws {
        let dark = try ThemeLoader(search: [bundledFolder]).load(named: "dark")
        #expect(dark.degraded(to: .trueColor) == dark)
        for style in dark.degraded(to: .indexed256).styles.values {
            for c in [style.foreground, style.background] {
                if case .rgb = c { Issue.record("rgb left at 256 colours: \(style)") }
            }
        }
        for style in dark.degraded(to: .ansi16).styles.values {
            for c in [style.foreground, style.background] {
                switch c {
                case .default, .ansi: break
                default: Issue.record("non-ANSI colour at 16 colours: \(style)")
                }
            }
        }
        #expect(dark.degraded(to: .none)[.tableHeader] == Style(attributes: [.bold, .underline]))
    }

    @Test func selectionWithoutMonoStyleGetsReverse() throws {
        let theme = try parse("[styles]\nselection = { bg = \"#005f87\" }\n\"border.focused\" = { fg = \"#5fafff\" }")
        let plain = theme.degraded(to: .none)
        #expect(plain[.selection] == Style(attributes: .reverse))
        #expect(plain[.borderFocused] == Style(attributes: .bold))
    }
}
