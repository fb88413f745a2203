import TerminalUI

/// The `?` overlay and the `:` palette, built from the keymap and the command catalogue (so they never drift).
enum HelpContent {
    static let scopeOrder: [KeyScope] = [.global, DashboardScope.table, DashboardScope.overview,
                                         DashboardScope.customers, DashboardScope.journey,
                                         DashboardScope.program, DashboardScope.tiers, DashboardScope.campaigns,
                                         DashboardScope.referrals, DashboardScope.rfm, DashboardScope.integrations, DashboardScope.apiLog]

    static func overlay(_ state: AppState) -> HelpOverlay {
        let l = state.localizer
        let sections = scopeOrder.compactMap { scope -> HelpSection? in
            let bindings = state.keymap.bindings(in: scope)
            guard !bindings.isEmpty else { return nil }
            let rows = bindings.map { binding in
                HelpRow(keys: binding.keys.map(\.notation).joined(separator: " "),
                        description: l.t("action.\(binding.action)") + (binding.dangerous ? " (!)" : ""))
            }
            return HelpSection(title: l.t("help.scope.\(scope.rawValue)"), rows: rows)
        }
        var help = HelpOverlay(title: l.t("help.title"), sections: sections)
        help.fit(Rect(size: state.size))
        return help
    }

    static func palette(_ state: AppState) -> CommandPalette {
        let l = state.localizer
        let commands = DashboardCommand.catalogue.map {
            PaletteCommand(name: $0.word, description: l.t($0.descriptionKey))
        }
        return CommandPalette(commands: commands)
    }
}
