import TerminalUI

extension ListSelection {
    /// Moves the selection for one of the list actions (up, down, page up/down, top, bottom); false for any other.
    mutating func move(for action: String) -> Bool {
        switch action {
        case ActionID.up: moveSelection(by: -1)
        case ActionID.down: moveSelection(by: 1)
        case ActionID.pageUp: movePage(by: -1)
        case ActionID.pageDown: movePage(by: 1)
        case ActionID.top: selectFirst()
        case ActionID.bottom: selectLast()
        default: return false
        }
        return true
    }
}
