import Foundation
import Testing

/// The dashboard command's refusals, which happen before the terminal is touched (the full-screen paths run
/// under tmux in scripts/e2e).
extension CLITests {
    @Test func dashboardRefusesWhenInputIsNotATerminal() throws {
        try makeShop()
        let r = try run(["--db", db, "dashboard"], environment: ["TERM": "xterm-256color"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("needs an interactive terminal"), "\(r.stderr)")
        #expect(r.stdout.isEmpty, "nothing drawn: \(r.stdout)")
    }

    @Test func dashboardNamesTheKeyOfABadThemeFile() throws {
        try makeShop()
        let config = dir + "/config"
        try FileManager.default.createDirectory(atPath: config + "/loyalnest/themes", withIntermediateDirectories: true)
        _ = try write("config/loyalnest/themes/broken.toml", "extends = \"dark\"\n[styles]\n\"table.header\" = { fg = \"#12345\" }\n")
        let r = try run(["--db", db, "dashboard", "--theme", "broken"], environment: ["XDG_CONFIG_HOME": config])
        #expect(r.status == 2)
        #expect(r.stderr.contains("table.header") && r.stderr.contains("#12345"), "\(r.stderr)")
        let unknown = try run(["--db", db, "dashboard", "--theme", "nosuch"], environment: ["XDG_CONFIG_HOME": config])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("nosuch"), "\(unknown.stderr)")
    }

    @Test func dashboardNamesTheProblemInABadConfigFile() throws {
        try makeShop()
        let typo = try write("typo.toml", "theme = \"light\"\nlangauge = \"es\"\n")
        let r = try run(["--db", db, "dashboard", "--config", typo])
        #expect(r.status == 2)
        #expect(r.stderr.contains("langauge"), "\(r.stderr)")
        let syntax = try write("syntax.toml", "theme = \n")
        let s = try run(["--db", db, "dashboard", "--config", syntax])
        #expect(s.status == 2)
        #expect(s.stderr.contains("line 1"), "\(s.stderr)")
        let keys = try write("keys.toml", "[keys]\nquit = [\"ctrl-nope\"]\n")
        let k = try run(["--db", db, "dashboard", "--config", keys])
        #expect(k.status == 2)
        #expect(k.stderr.contains("ctrl-nope"), "\(k.stderr)")
        let missing = try run(["--db", db, "dashboard", "--config", dir + "/nope.toml"])
        #expect(missing.status == 2)
    }

    @Test func dashboardRefusesAMissingDatabaseWithoutCreatingIt() throws {
        let r = try run(["--db", dir + "/none.sqlite", "dashboard"], environment: ["TERM": "xterm-256color"])
        #expect(r.status == 2)
        #expect(!FileManager.default.fileExists(atPath: dir + "/none.sqlite"))
    }
}
