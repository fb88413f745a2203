import Testing
@testable import TerminalUI

@Suite struct ListViewTests {
    func tiers() -> ListView {
        var list = ListView(items: ["Gold", "Silver", "Bronze", "Basic", "Trial"])
        list.fit(Rect(x: 0, y: 0, width: 12, height: 3))
        list.select(3)
        return list
    }

    @Test func scrollsToTheSelectedItemAndMarksIt() {
        #expect(styled(draw(tiers(), width: 12, height: 3)) == lines(
            "  Silver    ",
            "............",
            "  Bronze    ",
            "............",
            "▶ Basic     ",
            "aaaaaaaaaaaa",
            "-- styles --",
            "a: fg=default bg=default reverse"))
    }

    @Test func mirrorsInRightToLeftLayouts() {
        #expect(text(draw(tiers(), width: 12, height: 3, direction: .rightToLeft)) == lines(
            "    Silver  ",
            "    Bronze  ",
            "     Basic ▶"))
    }

    @Test func showsTheEmptyMessage() {
        #expect(styled(draw(ListView(items: [], emptyMessage: "No tiers"), width: 10, height: 1)) == lines(
            "No tiers  ",
            "aaaaaaaa..",
            "-- styles --",
            "a: fg=default bg=default dim"))
    }

    @Test func adoptsASelectionKeptInAppState() {
        var kept = ListSelection(count: 5, visibleRows: 3)
        kept.select(2)
        var list = ListView(items: ["Gold", "Silver", "Bronze", "Basic", "Trial"])
        list.setSelection(kept)
        #expect(list.selectedIndex == 2)
    }

    @Test func movesLikeATableAndFindsClickedItems() {
        var list = tiers()
        #expect(list.handle(.up) == .handled)
        #expect(list.selectedIndex == 2)
        #expect(list.handle(.enter) == .activated(2))
        #expect(list.handle(.tab) == .ignored)
        let rect = Rect(x: 0, y: 0, width: 12, height: 3)
        // The view still starts at "Silver".
        #expect(list.item(atLogical: Point(x: 4, y: 0), in: rect) == 1)
        list.setItems(["Only"])
        #expect(list.selectedIndex == 0)
        #expect(list.item(atLogical: Point(x: 4, y: 1), in: rect) == nil)
    }
}
