import Testing
@testable import TerminalUI

@Suite struct KeyDecodingTests {
    let codes = CursesKeyCodes.ncurses
    let decoder = KeyDecoder(codes: .ncurses)

    func keys(_ burst: [RawInput]) -> [Key] {
        decoder.decode(burst).compactMap { if case .key(let key) = $0 { key } else { nil } }
    }

    func characters(_ text: String) -> [RawInput] {
        text.unicodeScalars.map { .character($0.value) }
    }

    @Test(arguments: ["a", "Z", "~", " ", "é", "日", "😀", "ש"])
    func printableCharactersArriveAsThemselves(_ text: String) {
        #expect(keys(characters(text)) == [.char(Character(text))])
    }

    @Test func controlLettersArriveAsCtrlExceptTheOnesThatAreKeys() {
        let letters = Array("abcdefghijklmnopqrstuvwxyz")
        let keyCodes: [UInt32: Key] = [8: .backspace, 9: .tab, 10: .enter, 13: .enter]
        for (offset, letter) in letters.enumerated() {
            let code = UInt32(offset + 1)
            #expect(keys([.character(code)]) == [keyCodes[code] ?? .ctrl(letter)], "code \(code)")
        }
    }

    @Test func enterBackspaceAndTabHaveEveryForm() {
        #expect(keys([.character(10), .character(13), .keyCode(codes.enter)]) == [.enter, .enter, .enter])
        #expect(keys([.character(127), .character(8), .keyCode(codes.backspace)])
                == [.backspace, .backspace, .backspace])
        #expect(keys([.character(9), .keyCode(codes.backTab)]) == [.tab, .backTab])
    }

    @Test func specialKeysMapFromTheirCursesCodes() {
        let expected: [(Int32, Key)] = [
            (codes.up, .up), (codes.down, .down), (codes.left, .left), (codes.right, .right),
            (codes.pageUp, .pageUp), (codes.pageDown, .pageDown), (codes.home, .home), (codes.end, .end),
            (codes.find, .home), (codes.select, .end), (codes.delete, .delete), (codes.insert, .insert),
        ]
        for (code, key) in expected {
            #expect(keys([.keyCode(code)]) == [key], "key code \(code)")
        }
    }

    @Test func functionKeysOneToTwelve() {
        for n in 1...12 {
            #expect(keys([.keyCode(codes.functionBase + Int32(n))]) == [.function(n)])
        }
        #expect(keys([.keyCode(codes.functionBase), .keyCode(codes.functionBase + 13)]) == [])
    }

    @Test func aLoneEscapeIsEscape() {
        #expect(keys([.character(27)]) == [.escape])
        #expect(keys([.character(27), .character(27)]) == [.escape, .escape])
        #expect(keys([.character(27), .keyCode(codes.up)]) == [.escape, .up])
    }

    @Test func anAltChordIsDroppedRatherThanReadAsEscapeAndALetter() {
        #expect(keys([.character(27)] + characters("xy")) == [.char("y")])
    }

    @Test func unrecognisedEscapeSequencesAreDroppedWhole() {
        // Ctrl-Up in a terminal whose terminfo lacks it, then "b".
        #expect(keys([.character(27)] + characters("[1;5Ab")) == [.char("b")])
        // An SS3 sequence, then "c".
        #expect(keys([.character(27)] + characters("OPc")) == [.char("c")])
        // A sequence cut off by the end of the burst leaves nothing behind.
        #expect(keys([.character(27)] + characters("[1;")) == [])
    }

    @Test func meaninglessCodesAreIgnored() {
        let codesWithoutMeaning: [UInt32] = [0, 28, 29, 30, 31, 0x80, 0x9F, 0xD800]
        #expect(keys(codesWithoutMeaning.map { .character($0) }) == [])
        #expect(keys([.keyCode(codes.functionBase + 60)]) == [])
    }

    @Test func mousePressesAndWheelBecomeMouseEvents() {
        let reports: [(UInt, MouseButton)] = [
            (codes.leftPressed, .left), (codes.leftClicked, .left), (codes.middlePressed, .middle),
            (codes.rightPressed, .right), (codes.rightClicked, .right),
            (codes.wheelUp, .wheelUp), (codes.wheelDown, .wheelDown),
        ]
        for (buttons, button) in reports {
            #expect(decoder.decode([.mouse(buttons: buttons, x: 7, y: 3)])
                    == [.mouse(MouseEvent(button: button, position: Point(x: 7, y: 3)))])
        }
    }

    @Test func mouseReleasesAreNotReported() {
        let reported = codes.leftPressed | codes.leftClicked | codes.middlePressed | codes.middleClicked
            | codes.rightPressed | codes.rightClicked | codes.wheelUp | codes.wheelDown
        let release = (0..<UInt.bitWidth).map { UInt(1) << $0 }.first { $0 & reported == 0 }!
        #expect(decoder.decode([.mouse(buttons: release, x: 1, y: 1), .mouse(buttons: 0, x: 1, y: 1)]) == [])
    }

    @Test func aBurstKeepsItsOrder() {
        let size = Size(width: 100, height: 30)
        let burst: [RawInput] = [.character(0x61), .resized(size), .keyCode(codes.down),
                                 .mouse(buttons: codes.leftPressed, x: 2, y: 4), .character(13)]
        #expect(decoder.decode(burst) == [
            .key(.char("a")), .resize(size), .key(.down),
            .mouse(MouseEvent(button: .left, position: Point(x: 2, y: 4))), .key(.enter),
        ])
    }
}
