import LoyaltyStore
import TerminalUI

/// Keys while something floats above the screen: help, the command palette, a form, a confirmation.
enum OverlayReducer {
    static func handleKey(_ state: inout AppState, _ key: Key) -> Reduction {
        guard let overlay = state.overlay else { return .unchanged }
        let l = state.localizer
        switch overlay {
        case .help(var help):
            help.fit(Rect(size: state.size))
            switch help.handle(key) {
            case .closed: state.overlay = nil
            case .handled: state.overlay = .help(help)
            case .ignored: return .unchanged
            }
            return Reduction()

        case .palette(var palette):
            switch palette.handle(key) {
            case .submitted(let line):
                state.overlay = nil
                return runCommand(&state, line)
            case .cancelled:
                state.overlay = nil
            case .handled:
                state.overlay = .palette(palette)
            case .ignored:
                return .unchanged
            }
            return Reduction()

        case .adjust(var form, let customerID, let name):
            switch form.handle(key, direction: state.direction) {
            case .submitted(let values):
                guard case .number(let points?) = values[safe: 0], case .text(let reason) = values[safe: 1] else {
                    return .unchanged
                }
                if points == 0 {
                    state.overlay = .message(title: l.t("dialog.adjustTitle"), body: l.t("error.zeroPoints"))
                    return Reduction()
                }
                let write = PendingWrite.adjust(customerID: customerID, customerName: name, points: Int64(points),
                                                reason: reason.trimmingCharacters(in: .whitespaces))
                state.overlay = .confirm(confirmDialog(for: write, state), write)
            case .cancelled:
                state.overlay = nil
            case .handled, .invalid, .ignored:
                state.overlay = .adjust(form, customerID: customerID, customerName: name)
            }
            return Reduction()

        case .undoReason(var form, let entryID, let points):
            switch form.handle(key, direction: state.direction) {
            case .submitted(let values):
                guard case .text(let reason) = values[safe: 0] else { return .unchanged }
                let write = PendingWrite.undo(entryID: entryID, points: points,
                                              reason: reason.trimmingCharacters(in: .whitespaces))
                state.overlay = .confirm(confirmDialog(for: write, state), write)
            case .cancelled:
                state.overlay = nil
            case .handled, .invalid, .ignored:
                state.overlay = .undoReason(form, entryID: entryID, points: points)
            }
            return Reduction()

        case .chooseReward(var list, let customerID):
            let rewards = state.journey?.rewards ?? []
            let key = key == .char("j") ? Key.down : key == .char("k") ? Key.up : key
            switch list.handle(key) {
            case .activated(let i):
                guard let reward = rewards[safe: i] else { return .unchanged }
                let write = PendingWrite.redeem(customerID: customerID, rewardID: reward.id,
                                                rewardName: reward.name, points: reward.pointsCost)
                state.overlay = .confirm(confirmDialog(for: write, state), write)
            case .handled:
                state.overlay = .chooseReward(list, customerID: customerID)
            case .ignored:
                guard key == .escape else { return .unchanged }
                state.overlay = nil
            }
            return Reduction()

        case .confirm(var dialog, let write):
            switch dialog.handle(key) {
            case .confirmed:
                state.overlay = .working(write)
                return Reduction(effects: [.write(write)])
            case .cancelled:
                // Back to the program editor the confirmation came from, if any; nothing is written.
                state.overlay = ProgramActions.resumeEditor(&state)
            case .handled:
                state.overlay = .confirm(dialog, write)
            case .ignored:
                return .unchanged
            }
            return Reduction()

        case .working:
            return .unchanged

        case .editor(let editor):
            return ProgramOverlays.handleEditor(&state, editor, key)
        case .reason(let form, let write):
            return ProgramOverlays.handleReason(&state, form, write, key)
        case .whatIf(let preview):
            return WhatIfActions.handleKey(&state, preview, key)

        case .message:
            if key == .escape || key == .enter || key == .char("q") { state.overlay = nil; return Reduction() }
            return .unchanged
        }
    }

    static func confirmDialog(for write: PendingWrite, _ state: AppState) -> ConfirmDialog {
        let l = state.localizer
        let message: String
        let title: String
        switch write {
        case .adjust(_, let name, let points, let reason):
            title = l.t("dialog.adjustTitle")
            message = l.t("confirm.adjust", ["points": l.format.signedPoints(points), "name": name, "reason": reason])
        case .undo(let id, let points, let reason):
            title = l.t("dialog.undoTitle")
            message = l.t("confirm.undo", ["id": String(id), "points": l.format.signedPoints(points), "reason": reason])
        case .redeem(_, _, let reward, let points):
            title = l.t("dialog.redeemTitle")
            message = l.t("confirm.redeem", ["reward": reward, "points": l.format.integer(points)])
        case .setSyncPaused(let resource, let paused):
            title = l.t(paused ? "integrations.dialog.pauseTitle" : "integrations.dialog.resumeTitle")
            message = l.t(paused ? "integrations.confirm.pause" : "integrations.confirm.resume",
                          ["resource": IntegrationsActions.resourceName(resource, l)])
        case .program(let write):
            let words = ProgramOverlays.confirmDialog(write, state)
            title = words.title
            message = words.message
        }
        return ConfirmDialog(title: title, message: message, confirmLabel: l.t("dialog.confirm"),
                             cancelLabel: l.t("dialog.cancel"), isDangerous: true)
    }

    // MARK: palette commands

    static func runCommand(_ state: inout AppState, _ line: String) -> Reduction {
        let l = state.localizer
        switch DashboardCommand.parse(line) {
        case .failure(.unknown(let word)):
            Reducer.showToast(&state, l.t("error.unknownCommand", ["command": word]), level: .error)
            return Reduction()
        case .failure(.missingArgument(let word)):
            Reducer.showToast(&state, l.t("error.missingArgument", ["command": word]), level: .error)
            return Reduction()
        case .success(let command):
            switch command {
            case .quit: return Reduction(quit: true)
            case .help: state.overlay = .help(HelpContent.overlay(state)); return Reduction()
            case .refresh: return Reduction(effects: Reducer.refreshEffects(&state))
            case .theme(let name): return Reduction(effects: [.setTheme(name)])
            case .lang(let code): return Reduction(effects: [.setLanguage(code)])
            case .screen(let name):
                let wanted = name.lowercased()
                let match = state.screens.enumerated().first { i, screen in
                    screen.rawValue.hasPrefix(wanted) || l.t(screen.titleKey).lowercased().hasPrefix(wanted)
                        || String(i + 1) == wanted
                }
                guard let screen = match?.element else {
                    let role = state.session.actor.role
                    if !ScreenID.integrations.isVisible(to: role), ScreenID.integrations.rawValue.hasPrefix(wanted)
                        || l.t(ScreenID.integrations.titleKey).lowercased().hasPrefix(wanted) {
                        Reducer.showToast(&state, l.t("integrations.adminsOnly", ["role": l.t("role.\(role.rawValue)")]),
                                          level: .warn)
                        return Reduction()
                    }
                    Reducer.showToast(&state, l.t("error.unknownScreen", ["name": name]), level: .error)
                    return Reduction()
                }
                return Reducer.show(&state, screen)
            case .customer(let query):
                state.journey = nil
                var reduction = Reducer.show(&state, .customers)
                reduction.effects += Reducer.editSearch(&state) { $0.setText(query) }.effects
                state.customers.search.isFocused = false
                return reduction
            }
        }
    }
}
