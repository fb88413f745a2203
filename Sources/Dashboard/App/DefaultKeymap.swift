import TerminalUI

/// Scopes of the dashboard's keymap, innermost first when several are active.
public enum DashboardScope {
    public static let table: KeyScope = "table"
    public static let overview: KeyScope = "overview"
    public static let customers: KeyScope = "customers"
    public static let journey: KeyScope = "journey"
    public static let integrations: KeyScope = "integrations"
    /// The api_logs table opened from the Integrations screen.
    public static let apiLog: KeyScope = "apiLog"
    /// Points & Rewards.
    public static let program: KeyScope = "program"
    public static let tiers: KeyScope = "tiers"
    public static let campaigns: KeyScope = "campaigns"
    public static let referrals: KeyScope = "referrals"
    /// RFM & churn.
    public static let rfm: KeyScope = "rfm"
}

/// Action identifiers. The keymap maps keys to these; `Locales/*.toml` describe them as `action.<id>`.
public enum ActionID {
    public static let quit = "quit"
    public static let help = "help"
    public static let nextScreen = "nextScreen"
    public static let previousScreen = "previousScreen"
    public static let gotoScreen = "gotoScreen"
    public static let up = "up", down = "down", left = "left", right = "right"
    public static let pageUp = "pageUp", pageDown = "pageDown", top = "top", bottom = "bottom"
    public static let filter = "filter"
    public static let palette = "palette"
    public static let open = "open"
    public static let back = "back"
    public static let refresh = "refresh"
    public static let sort = "sort"
    public static let adjust = "adjust"
    public static let undo = "undo"
    public static let redeem = "redeem"
    public static let syncNow = "syncNow"
    public static let pauseSync = "pauseSync"
    public static let apiLog = "apiLog"
    public static let toggleErrors = "toggleErrors"
    public static let editEarning = "editEarning"
    public static let newItem = "newItem"
    public static let editItem = "editItem"
    public static let deleteItem = "deleteItem"
    public static let launchCampaign = "launchCampaign"
    public static let pauseCampaign = "pauseCampaign"
    public static let endCampaign = "endCampaign"
    public static let filterStatus = "filterStatus"
    public static let editReferralSettings = "editReferralSettings"
    public static let recompute = "recompute"
    public static let nextPanel = "nextPanel"
    public static let earlierFrom = "earlierFrom"
    public static let laterFrom = "laterFrom"
}

/// The keymap as data: it drives the footer hints, the `?` overlay and docs/keybindings.md.
public enum DefaultKeymap {
    public static let keymap = Keymap(bindings: [
        KeyBinding(action: ActionID.quit, keys: [.char("q"), .ctrl("c")], description: "Quit LoyalNest", hint: true),
        KeyBinding(action: ActionID.help, keys: [.char("?")], description: "Show every key", hint: true),
        KeyBinding(action: ActionID.nextScreen, keys: [.tab], description: "Next screen"),
        KeyBinding(action: ActionID.previousScreen, keys: [.backTab], description: "Previous screen"),
        KeyBinding(action: ActionID.gotoScreen, keys: (1...9).map { .char(Character(String($0))) },
                   description: "Go to screen 1–9"),
        KeyBinding(action: ActionID.palette, keys: [.char(":")], description: "Command palette", hint: true),
        KeyBinding(action: ActionID.refresh, keys: [.ctrl("r"), .function(5)], description: "Reload the figures"),
        KeyBinding(action: ActionID.back, keys: [.escape], description: "Back / close"),

        KeyBinding(action: ActionID.up, keys: [.up, .char("k")], description: "Move up", scope: DashboardScope.table),
        KeyBinding(action: ActionID.down, keys: [.down, .char("j")], description: "Move down", scope: DashboardScope.table),
        KeyBinding(action: ActionID.left, keys: [.left, .char("h")], description: "Sort by the previous column", scope: DashboardScope.table),
        KeyBinding(action: ActionID.right, keys: [.right, .char("l")], description: "Sort by the next column", scope: DashboardScope.table),
        KeyBinding(action: ActionID.pageUp, keys: [.pageUp, .ctrl("b")], description: "Page up", scope: DashboardScope.table),
        KeyBinding(action: ActionID.pageDown, keys: [.pageDown, .ctrl("f")], description: "Page down", scope: DashboardScope.table),
        KeyBinding(action: ActionID.top, keys: [.char("g"), .home], description: "First row", scope: DashboardScope.table),
        KeyBinding(action: ActionID.bottom, keys: [.char("G"), .end], description: "Last row", scope: DashboardScope.table),
        KeyBinding(action: ActionID.open, keys: [.enter], description: "Open", scope: DashboardScope.table, hint: true),
        KeyBinding(action: ActionID.sort, keys: [.char("s")], description: "Reverse the sort order", scope: DashboardScope.table),

        KeyBinding(action: ActionID.filter, keys: [.char("/")], description: "Search customers",
                   scope: DashboardScope.customers, hint: true),

        KeyBinding(action: ActionID.adjust, keys: [.char("a")], description: "Adjust points (with a reason)",
                   scope: DashboardScope.journey, dangerous: true, hint: true),
        KeyBinding(action: ActionID.undo, keys: [.char("u")], description: "Undo the selected entry",
                   scope: DashboardScope.journey, dangerous: true, hint: true),
        KeyBinding(action: ActionID.redeem, keys: [.char("r")], description: "Redeem a reward for the customer",
                   scope: DashboardScope.journey, dangerous: true, hint: true),

        KeyBinding(action: ActionID.syncNow, keys: [.char("S")], description: "Sync with Shopify now",
                   scope: DashboardScope.integrations, hint: true),
        KeyBinding(action: ActionID.pauseSync, keys: [.char("p")], description: "Pause or resume the selected resource's sync",
                   scope: DashboardScope.integrations, dangerous: true, hint: true),
        KeyBinding(action: ActionID.apiLog, keys: [.char("e")], description: "Open the API log (errors)",
                   scope: DashboardScope.integrations, hint: true),
        KeyBinding(action: ActionID.toggleErrors, keys: [.char("e")], description: "Show errors only / every call",
                   scope: DashboardScope.apiLog, hint: true),

        KeyBinding(action: ActionID.editEarning, keys: [.char("p")], description: "Edit the earning rules (admins; asks for a reason)",
                   scope: DashboardScope.program, dangerous: true, hint: true),
        KeyBinding(action: ActionID.newItem, keys: [.char("n")], description: "New reward",
                   scope: DashboardScope.program, hint: true),
        KeyBinding(action: ActionID.editItem, keys: [.char("e")], description: "Edit the selected reward",
                   scope: DashboardScope.program, dangerous: true, hint: true),
        KeyBinding(action: ActionID.deleteItem, keys: [.char("d")], description: "Delete the selected reward",
                   scope: DashboardScope.program, dangerous: true, hint: true),

        KeyBinding(action: ActionID.newItem, keys: [.char("n")], description: "New tier (what-if before saving)",
                   scope: DashboardScope.tiers, hint: true),
        KeyBinding(action: ActionID.editItem, keys: [.char("e")], description: "Edit the selected tier (what-if before saving)",
                   scope: DashboardScope.tiers, dangerous: true, hint: true),
        KeyBinding(action: ActionID.deleteItem, keys: [.char("d")], description: "Delete the selected tier (what-if before saving)",
                   scope: DashboardScope.tiers, dangerous: true, hint: true),

        KeyBinding(action: ActionID.newItem, keys: [.char("n")], description: "New campaign (saved as a draft)",
                   scope: DashboardScope.campaigns, hint: true),
        KeyBinding(action: ActionID.editItem, keys: [.char("e")], description: "Edit the selected campaign",
                   scope: DashboardScope.campaigns, dangerous: true, hint: true),
        KeyBinding(action: ActionID.launchCampaign, keys: [.char("L")], description: "Launch the selected draft (what-if first)",
                   scope: DashboardScope.campaigns, dangerous: true, hint: true),
        KeyBinding(action: ActionID.pauseCampaign, keys: [.char("p")], description: "Pause or resume the selected campaign",
                   scope: DashboardScope.campaigns, dangerous: true, hint: true),
        KeyBinding(action: ActionID.endCampaign, keys: [.char("x")], description: "End the selected campaign",
                   scope: DashboardScope.campaigns, dangerous: true, hint: true),
        KeyBinding(action: ActionID.deleteItem, keys: [.char("d")], description: "Delete the selected campaign (never run)",
                   scope: DashboardScope.campaigns, dangerous: true),
        KeyBinding(action: ActionID.filterStatus, keys: [.char("f")], description: "Show one status / all",
                   scope: DashboardScope.campaigns, hint: true),

        KeyBinding(action: ActionID.editReferralSettings, keys: [.char("e")],
                   description: "Edit the referral rewards and limits (admins; asks for a reason)",
                   scope: DashboardScope.referrals, dangerous: true, hint: true),
        KeyBinding(action: ActionID.filterStatus, keys: [.char("f")], description: "Show one status / all",
                   scope: DashboardScope.referrals, hint: true),

        KeyBinding(action: ActionID.recompute, keys: [.char("r")],
                   description: "Recompute RFM as of now and refit the churn model (staff and above)",
                   scope: DashboardScope.rfm, hint: true),
        KeyBinding(action: ActionID.nextPanel, keys: [.char("v")],
                   description: "Next panel: segments, migration, churn risk (wide terminals: heatmap / churn list)",
                   scope: DashboardScope.rfm, hint: true),
        KeyBinding(action: ActionID.earlierFrom, keys: [.char("[")], description: "Migration from an earlier recompute day",
                   scope: DashboardScope.rfm, hint: true),
        KeyBinding(action: ActionID.laterFrom, keys: [.char("]")], description: "Migration from a later recompute day",
                   scope: DashboardScope.rfm),
    ])
}
