import TerminalUI

/// Draws whatever floats above the screen: help, the palette, forms, confirmations, messages.
enum OverlayPane {
    static let formWidth = 48

    static func render(_ state: AppState, into frame: inout CellBuffer) {
        guard let overlay = state.overlay else { return }
        let theme = state.theme
        let l = state.localizer
        let screen = frame.bounds
        switch overlay {
        case .help(let help):
            help.render(into: &frame, in: screen, theme: theme)
        case .palette(let palette):
            let height = min(10, screen.height - 2)
            palette.render(into: &frame, in: Rect(x: 0, y: screen.maxY - 1 - height, width: screen.width, height: height),
                           theme: theme)
        case .adjust(let form, _, _):
            renderForm(form, title: l.t("dialog.adjustTitle"), state, into: &frame)
        case .undoReason(let form, _, _):
            renderForm(form, title: l.t("dialog.undoTitle"), state, into: &frame)
        case .chooseReward(let list, _):
            let rows = max(1, min(list.items.count, screen.height - 6))
            let width = min(screen.width - 6, max(30, list.items.map { TextWidth.width(of: $0) }.max() ?? 0))
            let content = Modal.present(title: l.t("dialog.redeemTitle"), contentSize: Size(width: width, height: rows),
                                        into: &frame, in: screen, theme: theme)
            var fitted = list
            fitted.fit(content)
            fitted.render(into: &frame, in: content, theme: theme)
        case .confirm(let dialog, _):
            dialog.render(into: &frame, in: screen, theme: theme)
        case .working:
            Modal(title: l.t("dialog.working"), body: l.t("dialog.workingBody")).render(into: &frame, in: screen, theme: theme)
        case .message(let title, let body):
            Modal(title: title, body: body).render(into: &frame, in: screen, theme: theme)
        case .editor(let editor):
            EditorPane.render(editor, state, into: &frame)
        case .reason(let form, let write):
            renderForm(form, title: reasonTitle(write, l), state, into: &frame)
        case .whatIf(let preview):
            WhatIfPane.render(preview, state, into: &frame)
        }
    }

    static func reasonTitle(_ write: ProgramWrite, _ l: Localizer) -> String {
        if case .saveSettings(_, .referrals, _) = write { return l.t("referrals.dialog.saveTitle") }
        return l.t("points.dialog.saveTitle")
    }

    static func renderForm(_ form: FormView, title: String, _ state: AppState, into frame: inout CellBuffer) {
        let screen = frame.bounds
        let hint = state.localizer.t("dialog.formHint")
        let content = Modal.present(title: title, contentSize: Size(width: formWidth, height: form.height + 1),
                                    into: &frame, in: screen, theme: state.theme)
        let (fields, footer) = content.splitBottom(1)
        form.render(into: &frame, in: fields, theme: state.theme)
        frame.text(hint, x: footer.x, y: footer.y, width: footer.width, style: state.theme[.muted])
    }
}
