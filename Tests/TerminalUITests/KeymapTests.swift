import Testing
@testable import TerminalUI

/// One sample of every `Key` case. `caseName` is an exhaustive switch, so a new case fails to compile here
/// until it gets a sample and a notation.
private let everyKeyCase: [Key] = [
    .char("q"), .char("G"), .char("?"), .char(" "), .char("é"), .ctrl("c"), .up, .down, .left, .right,
    .pageUp, .pageDown, .home, .end, .enter, .escape, .tab, .backTab, .backspace, .delete, .insert, .function(7),
]

private func caseName(_ key: Key) -> String {
    switch key {
    case .char: "char"
    case .ctrl: "ctrl"
    case .up: "up"
    case .down: "down"
    case .left: "left"
    case .right: "right"
    case .pageUp: "pageUp"
    case .pageDown: "pageDown"
    case .home: "home"
    case .end: "end"
    case .enter: "enter"
    case .escape: "escape"
    case .tab: "tab"
    case .backTab: "backTab"
    case .backspace: "backspace"
    case .delete: "delete"
    case .insert: "insert"
    case .function: "function"
    }
}

private let sample = Keymap(bindings: [
    KeyBinding(action: "quit", keys: [.char("q")], description: "Quit", hint: true),
    KeyBinding(action: "help", keys: [.char("?")], description: "Show keys", hint: true),
    KeyBinding(action: "search", keys: [.char("/")], description: "Search"),
    KeyBinding(action: "customers.adjust", keys: [.char("p")], description: "Adjust points", scope: "customers",
               dangerous: true, hint: true),
    KeyBinding(action: "customers.open", keys: [.enter], description: "Open | details", scope: "customers", hint: true),
    KeyBinding(action: "customers.filter", keys: [.char("/"), .char("f")], description: "Filter", scope: "customers",
               hint: true),
    KeyBinding(action: "rewards.delete", keys: [.char("d")], description: "Delete reward", scope: "rewards",
               dangerous: true),
])

private func keymapError(_ body: () throws -> Keymap) -> KeymapError? {
    do { _ = try body(); return nil } catch let e as KeymapError { return e } catch { return nil }
}

@Suite struct KeyNotationTests {
    @Test func theSamplesCoverEveryKeyCase() {
        let names: Set<String> = ["char", "ctrl", "up", "down", "left", "right", "pageUp", "pageDown", "home", "end",
                                  "enter", "escape", "tab", "backTab", "backspace", "delete", "insert", "function"]
        #expect(Set(everyKeyCase.map(caseName)) == names)
    }

    @Test(arguments: everyKeyCase + (1...12).map(Key.function) + "abcxyzABCXYZ0123456789:/?-|`".map(Key.char))
    func notationRoundTrips(key: Key) throws {
        #expect(try Key(notation: key.notation) == key)
    }

    @Test func theDocumentedNamesReadAsTheirKeys() throws {
        let expected: [(String, Key)] = [
            ("q", .char("q")), ("G", .char("G")), ("?", .char("?")), ("/", .char("/")), (":", .char(":")),
            ("tab", .tab), ("shift-tab", .backTab), ("enter", .enter), ("esc", .escape), ("up", .up),
            ("down", .down), ("left", .left), ("right", .right), ("pgup", .pageUp), ("pgdn", .pageDown),
            ("home", .home), ("end", .end), ("backspace", .backspace), ("delete", .delete), ("f1", .function(1)),
            ("f12", .function(12)), ("ctrl-c", .ctrl("c")), ("space", .char(" ")),
            ("Enter", .enter), ("ESCAPE", .escape), ("ctrl-C", .ctrl("c")), ("PageDown", .pageDown),
        ]
        for (text, key) in expected { #expect(try Key(notation: text) == key, "\(text)") }
    }

    @Test func lettersAreCaseSensitive() throws {
        #expect(try Key(notation: "g") != Key(notation: "G"))
        #expect(Key.char("G").notation == "G")
    }

    @Test(arguments: ["", "ctrl-", "ctrl-1", "ctrl-ab", "f0", "f25", "foo", "shift-q", " ", "\u{7}"])
    func badNotationSaysWhatIsAccepted(text: String) {
        #expect(throws: KeyNotationError.self) { try Key(notation: text) }
        do { _ = try Key(notation: text) } catch {
            #expect("\(error)".hasPrefix("\"\(text)\" is not a key; "))
        }
    }
}

@Suite struct KeymapOverrideTests {
    @Test func anOverrideReplacesThatActionsKeys() throws {
        let map = try sample.applyingOverrides(toml: """
            [keys]
            quit = ["q", "ctrl-q"]
            "customers.adjust" = ["a"]
            """, source: "config.toml")
        #expect(map.action(for: .ctrl("q"), in: []) == "quit")
        #expect(map.action(for: .char("a"), in: ["customers"]) == "customers.adjust")
        #expect(map.action(for: .char("p"), in: ["customers"]) == nil)
        #expect(map.bindings.count == sample.bindings.count)
        #expect(map.bindings(in: "rewards") == sample.bindings(in: "rewards"))
    }

    @Test func dottedTablesAndSingleStringsWorkToo() throws {
        let map = try sample.applyingOverrides(toml: "[keys.customers]\nadjust = \"x\"\n", source: "c.toml")
        #expect(map.action(for: .char("x"), in: ["customers"]) == "customers.adjust")
    }

    @Test func otherTablesOfTheConfigFileAreIgnored() throws {
        let map = try sample.applyingOverrides(toml: "theme = \"dark\"\n[shop]\ndomain = \"x.myshopify.com\"\n",
                                               source: "config.toml")
        #expect(map == sample)
    }

    @Test func anEmptyListUnbinds() throws {
        let map = try sample.applyingOverrides(toml: "[keys]\nsearch = []", source: "c.toml")
        #expect(map.action(for: .char("/"), in: []) == nil)
    }

    @Test func aKeyMayShadowGlobalInAnInnerScope() throws {
        let map = try sample.applyingOverrides(toml: "[keys]\n\"customers.adjust\" = [\"q\"]", source: "c.toml")
        #expect(map.action(for: .char("q"), in: ["customers"]) == "customers.adjust")
        #expect(map.action(for: .char("q"), in: []) == "quit")
    }

    @Test func anUnknownActionNamesFileLineAndTheNearestAction() {
        let error = keymapError { try sample.applyingOverrides(toml: "[keys]\nquit = [\"q\"]\nqiut = [\"x\"]", source: "config.toml") }
        #expect(error?.description == """
            keymap "config.toml", line 3: action "qiut": no such action; did you mean "quit"? \
            The actions are listed in docs/keybindings.md
            """)
    }

    @Test func aBadKeyNamesFileActionAndKey() {
        let error = keymapError { try sample.applyingOverrides(toml: "[keys]\n\n\"customers.adjust\" = [\"a\", \"ctrl-\"]", source: "config.toml") }
        #expect(error?.line == 3)
        #expect(error?.action == "customers.adjust")
        #expect(error?.description.hasPrefix(
            "keymap \"config.toml\", line 3: action \"customers.adjust\": \"ctrl-\" is not a key; ctrl- must be followed by one letter") == true)
    }

    @Test func aValueThatIsNotAListOfKeysIsAnError() {
        let error = keymapError { try sample.applyingOverrides(toml: "[keys]\nquit = [1, 2]", source: "c.toml") }
        #expect(error?.description.contains("must be a list of keys, like [\"q\", \"ctrl-q\"]") == true)
        let notTable = keymapError { try sample.applyingOverrides(toml: "keys = 3", source: "c.toml") }
        #expect(notTable?.description.contains("write [keys]") == true)
    }

    @Test func twoActionsOnOneKeyInOneScopeIsAnError() {
        let error = keymapError { try sample.applyingOverrides(toml: "[keys]\n\"customers.open\" = [\"f\"]", source: "c.toml") }
        #expect(error?.line == 2)
        #expect(error?.action == "customers.open")
        #expect(error?.description.contains("key \"f\" is also bound to \"customers.filter\" in scope \"customers\"") == true)
    }

    @Test func invalidTOMLGivesTheLine() {
        let error = keymapError { try sample.applyingOverrides(toml: "[keys]\nquit = [\"q\"\n", source: "c.toml") }
        #expect(error?.line != nil)
        #expect(error?.description.hasPrefix("keymap \"c.toml\", line") == true)
        #expect(error?.description.contains("is not valid TOML") == true)
    }

    @Test func conflictsFindsKeysBoundTwiceInAScope() {
        var map = sample
        #expect(map.conflicts().isEmpty)
        map.bindings.append(KeyBinding(action: "quit.fast", keys: [.char("q")], description: "Quit now"))
        #expect(map.conflicts() == [KeyConflict(scope: .global, key: .char("q"), actions: ["quit", "quit.fast"])])
    }
}

@Suite struct KeymapDocsTests {
    @Test func hintsShowTheActiveScopeFirstAndOnlyKeysThatReachTheAction() {
        let hints = sample.hints(for: ["customers"])
        #expect(hints.map(\.keys) == ["p", "enter", "/ f", "q", "?"])
        #expect(hints.map(\.description) == ["Adjust points", "Open | details", "Filter", "Quit", "Show keys"])
        let globalOnly = sample.hints(for: [])
        #expect(globalOnly.map(\.keys) == ["q", "?"])
    }

    @Test func hintsDropKeysShadowedByAnInnerScope() {
        var map = sample
        map.bindings.append(KeyBinding(action: "rewards.quick", keys: [.char("q")], description: "Quick add", scope: "rewards"))
        #expect(!map.hints(for: ["rewards"]).contains { $0.description == "Quit" })
    }

    @Test func hintsCanBeLocalized() {
        let hints = sample.hints(for: []) { "«\($0.action)»" }
        #expect(hints.map(\.description) == ["«quit»", "«help»"])
    }

    @Test func markdownHasOneTablePerScopeWithEveryBinding() {
        let md = sample.markdown(title: "Key bindings")
        #expect(md.hasPrefix("# Key bindings\n"))
        let headings = md.split(separator: "\n").filter { $0.hasPrefix("## ") }
        #expect(headings == ["## global", "## customers", "## rewards"])
        let rows = md.split(separator: "\n").filter { $0.hasPrefix("| `") }
        #expect(rows.count == sample.bindings.count)
        #expect(md.contains("| `customers.adjust` | `p` | Adjust points | yes |"))
        #expect(md.contains("| `customers.open` | `enter` | Open \\| details |  |"))
        #expect(md.contains("| `customers.filter` | `/`, `f` | Filter |  |"))
    }

    @Test func markdownEscapesPipesAndBackticksInKeys() {
        let map = Keymap(bindings: [
            KeyBinding(action: "pipe", keys: [.char("|")], description: "Pipe"),
            KeyBinding(action: "tick", keys: [.char("`")], description: "Tick"),
            KeyBinding(action: "none", keys: [], description: "Unbound"),
        ])
        let md = map.markdown(title: "K")
        #expect(md.contains("| `pipe` | `\\|` | Pipe |  |"))
        #expect(md.contains("| `tick` | `` ` `` | Tick |  |"))
        #expect(md.contains("| `none` | (none) | Unbound |  |"))
    }
}
