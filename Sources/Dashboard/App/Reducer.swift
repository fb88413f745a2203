import Foundation
import LoyaltyCore
import LoyaltyStore
import TerminalUI

/// What the reducer tells the runtime besides the new state.
public struct Reduction: Sendable {
    public var effects: [Effect] = []
    public var redraw = true
    public var quit = false

    public static let unchanged = Reduction(redraw: false)
}

/// `reduce(state, msg)`: the only place the dashboard's state changes. Pure: no I/O, no clock, no SQL —
/// anything slow is an `Effect` whose answer comes back as another `Msg`.
public enum Reducer {
    public static let pageSize = 200
    public static let searchLimit = 50
    static let toastSeconds: Duration = .seconds(4)

    public static func reduce(_ state: inout AppState, _ msg: Msg) -> Reduction {
        switch msg {
        case .input(.resize(let size)):
            state.size = size
            fitTables(&state)
            return Reduction(effects: pageEffects(&state))
        case .input(.key(let key)):
            return handleKey(&state, key)
        case .input(.mouse(let event)):
            return handleMouse(&state, event)
        case .clock(let wall, let monotonic):
            let minuteChanged = wall / 60 != state.wallClock / 60
            let previousWall = state.wallClock
            state.wallClock = wall
            state.monotonic = monotonic
            // The Integrations screen shows ages and lags to the second.
            var redraw = minuteChanged || (state.screen == .integrations && wall != previousWall)
            if let toast = state.toast, !toast.isVisible(now: monotonic) { state.toast = nil; redraw = true }
            return Reduction(effects: IntegrationsActions.tick(&state), redraw: redraw)
        case .overviewLoaded(let result):
            state.overview.loading = false
            switch result {
            case .success(let metrics):
                state.overview.metrics = metrics
                state.overview.error = nil
                state.overview.topSelection.setCount(metrics.topCustomers.count)
                fitTables(&state)  // the tier distribution, when there is one, takes rows from the table
            case .failure(let error):
                state.overview.error = error.message
            }
            return Reduction()
        case .searchLoaded(let generation, let result):
            guard generation == state.customers.generation else { return .unchanged }
            state.customers.searching = false
            switch result {
            case .success(let hits):
                state.customers.hits = hits
                state.customers.error = nil
                state.customers.selection.setCount(hits.count)
                state.customers.selection.selectFirst()
            case .failure(let error):
                state.customers.error = error.message
            }
            return Reduction()
        case .pageLoaded(let generation, let offset, let total, let result):
            guard generation == state.customers.page.generation else { return .unchanged }
            state.customers.page.requested = nil
            switch result {
            case .success(let rows):
                state.customers.page.offset = offset
                state.customers.page.rows = rows
                state.customers.page.total = total
                state.customers.error = nil
                if state.customers.hits == nil { state.customers.selection.setCount(total) }
            case .failure(let error):
                state.customers.error = error.message
            }
            return Reduction(effects: pageEffects(&state))
        case .journeyLoaded(let customerID, let result):
            guard var journey = state.journey, journey.customerID == customerID else { return .unchanged }
            switch result {
            case .success(let data):
                journey.journey = data
                journey.error = nil
                journey.selection.setCount(data.events.count)
            case .failure(let error):
                journey.error = error.message
            }
            state.journey = journey
            return Reduction()
        case .rewardsLoaded(let result):
            if case .success(let rewards) = result { state.journey?.rewards = rewards.filter(\.active) }
            return Reduction()
        case .writeFinished(let result):
            state.overlay = nil
            switch result {
            case .success(let outcome):
                state.suspendedEditor = nil
                showToast(&state, toastText(outcome, state.localizer), level: .ok)
                return Reduction(effects: reloadAfterWrite(&state))
            case .failure(let error):
                // A refused rule goes back to its editor, each problem under its field.
                if ProgramActions.writeFailed(&state, error) { return Reduction() }
                showToast(&state, state.localizer.t("toast.error", ["message": error.text(state.localizer)]), level: .error)
                return Reduction()
            }
        case .integrationsLoaded(let result):
            return IntegrationsActions.loaded(&state, result)
        case .apiLogsLoaded(let errorsOnly, let result):
            return IntegrationsActions.logsLoaded(&state, errorsOnly: errorsOnly, result)
        case .program(let message):
            return ProgramActions.received(&state, message)
        case .rfm(let message):
            return RFMResults.received(&state, message)
        }
    }

    // MARK: keys

    static func handleKey(_ state: inout AppState, _ key: Key) -> Reduction {
        // Ctrl-C leaves from anywhere, also from a dialog: nothing unconfirmed is ever written.
        if key == .ctrl("c") { return Reduction(quit: true) }
        if state.overlay != nil { return OverlayReducer.handleKey(&state, key) }
        if ShellLayout(size: state.size).isTooSmall {
            return state.keymap.action(for: key, in: []) == ActionID.quit ? Reduction(quit: true) : .unchanged
        }
        if state.screen == .customers, state.journey == nil, state.customers.search.isFocused {
            return handleSearchKey(&state, key)
        }
        guard let action = state.keymap.action(for: key, in: state.activeScopes) else { return .unchanged }
        return perform(&state, action, key: key)
    }

    static func perform(_ state: inout AppState, _ action: String, key: Key) -> Reduction {
        if state.screen == .rfm, state.journey == nil, let reduction = RFMActions.perform(&state, action) { return reduction }
        switch action {
        case ActionID.quit: return Reduction(quit: true)
        case ActionID.help: state.overlay = .help(HelpContent.overlay(state)); return Reduction()
        case ActionID.palette: state.overlay = .palette(HelpContent.palette(state)); return Reduction()
        case ActionID.nextScreen: return switchScreen(&state, by: 1)
        case ActionID.previousScreen: return switchScreen(&state, by: -1)
        case ActionID.gotoScreen:
            guard case .char(let c) = key, let n = c.wholeNumberValue, n >= 1, n <= state.screens.count else { return .unchanged }
            return show(&state, state.screens[n - 1])
        case ActionID.refresh: return Reduction(effects: refreshEffects(&state))
        case ActionID.back:
            if let journey = state.journey {
                state.journey = nil
                if let screen = journey.returnTo { return show(&state, screen) }
                return Reduction()
            }
            if state.screen == .integrations, state.integrations.logs != nil {
                state.integrations.logs = nil
                return Reduction()
            }
            if state.screen == .customers, !state.customers.search.text.isEmpty {
                return editSearch(&state) { $0.setText("") }
            }
            return .unchanged
        case ActionID.filter:
            guard state.screen == .customers, state.journey == nil else { return .unchanged }
            state.customers.search.isFocused = true
            return Reduction()
        case ActionID.up, ActionID.down, ActionID.pageUp, ActionID.pageDown, ActionID.top, ActionID.bottom:
            moveSelection(&state, action)
            return Reduction(effects: pageEffects(&state))
        case ActionID.left, ActionID.right:
            return changeSort(&state, step: action == ActionID.right ? 1 : -1)
        case ActionID.sort:
            return reverseSort(&state)
        case ActionID.open:
            return openSelected(&state)
        case ActionID.adjust, ActionID.undo, ActionID.redeem:
            return JourneyActions.begin(&state, action)
        case ActionID.syncNow, ActionID.pauseSync, ActionID.apiLog, ActionID.toggleErrors:
            return IntegrationsActions.perform(&state, action)
        case ActionID.editEarning, ActionID.newItem, ActionID.editItem, ActionID.deleteItem, ActionID.launchCampaign,
             ActionID.pauseCampaign, ActionID.endCampaign, ActionID.filterStatus, ActionID.editReferralSettings:
            return ProgramActions.perform(&state, action)
        default:
            return .unchanged
        }
    }

    // MARK: screens

    static func switchScreen(_ state: inout AppState, by step: Int) -> Reduction {
        guard let i = state.screens.firstIndex(of: state.screen) else { return .unchanged }
        let n = state.screens.count
        return show(&state, state.screens[((i + step) % n + n) % n])
    }

    public static func show(_ state: inout AppState, _ screen: ScreenID) -> Reduction {
        state.screen = screen
        fitTables(&state)
        var effects: [Effect] = []
        switch screen {
        case .overview:
            if state.overview.metrics == nil && !state.overview.loading {
                state.overview.loading = true
                effects.append(.loadOverview)
            }
        case .customers:
            effects += pageEffects(&state)
        case .integrations:
            state.integrations.nextRefresh = nil
            effects += IntegrationsActions.refresh(&state)
        case .program, .tiers, .campaigns, .referrals:
            effects += ProgramActions.load(&state, screen)
        case .rfm:
            effects += RFMActions.load(&state)
        }
        return Reduction(effects: effects)
    }

    /// Effects to run when the dashboard starts.
    public static func start(_ state: inout AppState) -> [Effect] {
        fitTables(&state)
        state.overview.loading = true
        return [.loadOverview] + (state.screen == .customers ? pageEffects(&state) : []) + IntegrationsActions.refresh(&state)
    }

    static func refreshEffects(_ state: inout AppState) -> [Effect] {
        switch state.screen {
        case .overview:
            state.overview.loading = true
            return [.loadOverview]
        case .customers:
            if let journey = state.journey { return [.loadJourney(customerID: journey.customerID)] }
            if state.customers.hits != nil { return searchEffects(&state) }
            state.customers.page = RowWindow()
            return pageEffects(&state)
        case .integrations:
            state.integrations.nextRefresh = nil
            return IntegrationsActions.refresh(&state)
        case .program, .tiers, .campaigns, .referrals:
            return ProgramActions.load(&state, state.screen)
        case .rfm:
            return RFMActions.reload(&state)
        }
    }

    // MARK: customers search

    static func handleSearchKey(_ state: inout AppState, _ key: Key) -> Reduction {
        switch key {
        case .escape:
            state.customers.search.isFocused = false
            return Reduction()
        case .enter, .down:
            state.customers.search.isFocused = false
            if key == .enter, state.customers.rowCount == 1 { return openSelected(&state) }
            return Reduction()
        case .tab, .backTab:
            state.customers.search.isFocused = false
            return switchScreen(&state, by: key == .tab ? 1 : -1)
        default:
            return editSearch(&state) { input in _ = input.handle(key) }
        }
    }

    static func editSearch(_ state: inout AppState, _ edit: (inout TextInput) -> Void) -> Reduction {
        let before = state.customers.query
        edit(&state.customers.search)
        guard state.customers.query != before else { return Reduction() }
        return Reduction(effects: searchEffects(&state))
    }

    /// A new query: a search, or (empty query) back to the paged list of every customer.
    static func searchEffects(_ state: inout AppState) -> [Effect] {
        state.customers.generation += 1
        let query = state.customers.query
        if query.isEmpty {
            state.customers.hits = nil
            state.customers.searching = false
            state.customers.selection.setCount(state.customers.page.total)
            state.customers.selection.selectFirst()
            return pageEffects(&state)
        }
        state.customers.searching = true
        return [.search(query: query, generation: state.customers.generation)]
    }

    /// Loads the page of the customer list around the visible rows when it is not loaded yet.
    static func pageEffects(_ state: inout AppState) -> [Effect] {
        guard state.screen == .customers, state.customers.hits == nil else { return [] }
        let body = CustomersLayout(content: ShellLayout(size: state.size).content).body
        let rows = max(1, body.height - 1)
        let top = state.customers.selection.offset(forRows: rows)
        var visible = top..<(top + rows)
        if state.customers.page.total > 0 { visible = visible.clamped(to: 0..<state.customers.page.total) }
        let neverLoaded = state.customers.page.rows.isEmpty && state.customers.page.requested == nil
        guard neverLoaded || state.customers.page.needs(visible) else { return [] }
        let offset = max(0, visible.lowerBound - (pageSize - rows) / 2)
        state.customers.page.requested = offset..<(offset + pageSize)
        state.customers.page.generation += 1
        return [.loadPage(sort: state.customers.sort, offset: offset, limit: pageSize,
                          generation: state.customers.page.generation)]
    }

    static let sortKeys = CustomerSort.Key.allCases

    static func changeSort(_ state: inout AppState, step: Int) -> Reduction {
        guard state.screen == .customers, state.journey == nil, state.customers.hits == nil else { return .unchanged }
        let keys = sortKeys
        let i = keys.firstIndex(of: state.customers.sort.key) ?? 0
        state.customers.sort = CustomerSort(keys[((i + step) % keys.count + keys.count) % keys.count])
        return reloadPage(&state)
    }

    static func reverseSort(_ state: inout AppState) -> Reduction {
        guard state.screen == .customers, state.journey == nil, state.customers.hits == nil else { return .unchanged }
        state.customers.sort.descending.toggle()
        return reloadPage(&state)
    }

    static func reloadPage(_ state: inout AppState) -> Reduction {
        let total = state.customers.page.total
        state.customers.page = RowWindow()
        state.customers.page.total = total
        state.customers.selection.selectFirst()
        return Reduction(effects: pageEffects(&state))
    }

    // MARK: selection

    static func moveSelection(_ state: inout AppState, _ action: String) {
        func move(_ s: inout ListSelection) { _ = s.move(for: action) }
        switch state.screen {
        case .overview: move(&state.overview.topSelection)
        case .customers:
            if state.journey != nil { move(&state.journey!.selection) } else { move(&state.customers.selection) }
        case .integrations:
            if state.integrations.logs != nil { move(&state.integrations.logs!.selection) } else { move(&state.integrations.selection) }
        case .program, .tiers, .campaigns, .referrals:
            ProgramActions.selection(&state, move)
        case .rfm:
            break  // RFMActions moves the cursor and its lists
        }
    }

    /// Tells every list how many rows its table shows now.
    static func fitTables(_ state: inout AppState) {
        let content = ShellLayout(size: state.size).content
        let body = CustomersLayout(content: content).body
        state.customers.selection.setVisibleRows(body.height - 1)
        state.journey?.selection.setVisibleRows(JourneyLayout(body: body).timeline.height - 1)
        state.overview.topSelection.setVisibleRows(max(1, OverviewLayout(content: content, state: state).table.height - 1))
        let integrations = IntegrationsLayout(content: content)
        state.integrations.selection.setVisibleRows(max(1, integrations.table.height - 1))
        state.integrations.logs?.selection.setVisibleRows(max(1, integrations.logTable.height - 1))
        ProgramActions.fitTables(&state)
        RFMActions.fitTables(&state)
    }

    static func openSelected(_ state: inout AppState) -> Reduction {
        let id: Int64?
        switch state.screen {
        case .overview:
            id = state.overview.topSelection.selected.flatMap { state.overview.metrics?.topCustomers[safe: $0]?.id }
        case .customers:
            guard state.journey == nil, let row = state.customers.selection.selected else { return .unchanged }
            id = state.customers.hits.map { $0[safe: row]?.row.customer.id } ?? state.customers.page.row(row)?.customer.id
        case .integrations:
            return state.integrations.logs == nil ? IntegrationsActions.openLogs(&state) : .unchanged
        case .program, .tiers, .campaigns, .referrals:
            return ProgramActions.open(&state)
        case .rfm:
            return RFMActions.open(&state)
        }
        guard let id else { return .unchanged }
        return openJourney(&state, customerID: id)
    }

    /// Opens a customer's journey (on the Customers screen); Esc goes back to `returnTo` when given.
    public static func openJourney(_ state: inout AppState, customerID: Int64, returnTo: ScreenID? = nil) -> Reduction {
        state.screen = .customers
        state.customers.search.isFocused = false
        state.journey = JourneyState(customerID: customerID, returnTo: returnTo)
        fitTables(&state)
        return Reduction(effects: [.loadJourney(customerID: customerID), .loadRewards])
    }

    // MARK: mouse

    static func handleMouse(_ state: inout AppState, _ event: MouseEvent) -> Reduction {
        guard state.overlay == nil else { return .unchanged }
        let layout = ShellLayout(size: state.size)
        guard !layout.isTooSmall else { return .unchanged }
        let point = Point(x: CellBuffer.logicalX(physical: event.position.x, width: state.size.width,
                                                 direction: state.direction), y: event.position.y)
        switch event.button {
        case .wheelUp, .wheelDown:
            let delta = event.button == .wheelUp ? -3 : 3
            switch state.screen {
            case .overview: state.overview.topSelection.scroll(by: delta)
            case .customers:
                if state.journey != nil { state.journey!.selection.scroll(by: delta) } else { state.customers.selection.scroll(by: delta) }
            case .integrations:
                if state.integrations.logs != nil { state.integrations.logs!.selection.scroll(by: delta) }
            case .program, .tiers, .campaigns, .referrals:
                ProgramActions.selection(&state) { $0.scroll(by: delta) }
            case .rfm:
                RFMActions.scroll(&state, by: delta)
            }
            return Reduction(effects: pageEffects(&state))
        case .left:
            if layout.sidebar.contains(point) {
                let sidebar = Sidebar(titles: state.screens.map { state.localizer.t($0.titleKey) })
                guard let index = sidebar.item(atLogical: point, in: layout.sidebar) else { return .unchanged }
                return show(&state, state.screens[index])
            }
            return clickRow(&state, point, content: layout.content)
        default:
            return .unchanged
        }
    }

    static func clickRow(_ state: inout AppState, _ point: Point, content: Rect) -> Reduction {
        switch state.screen {
        case .overview:
            let rect = OverviewLayout(content: content, state: state).table
            guard let row = rowAt(point, rect, state.overview.topSelection) else { return .unchanged }
            if state.overview.topSelection.selected == row { return openSelected(&state) }
            state.overview.topSelection.select(row)
        case .customers:
            let layout = CustomersLayout(content: content)
            if layout.search.contains(point), state.journey == nil {
                state.customers.search.isFocused = true
                return Reduction()
            }
            if state.journey != nil {
                let rect = JourneyLayout(body: layout.body).timeline
                guard let row = rowAt(point, rect, state.journey!.selection) else { return .unchanged }
                state.journey!.selection.select(row)
            } else {
                guard let row = rowAt(point, layout.body, state.customers.selection) else { return .unchanged }
                if state.customers.selection.selected == row { return openSelected(&state) }
                state.customers.search.isFocused = false
                state.customers.selection.select(row)
            }
        case .integrations:
            let layout = IntegrationsLayout(content: content)
            if state.integrations.logs != nil {
                guard let row = rowAt(point, layout.logTable, state.integrations.logs!.selection) else { return .unchanged }
                state.integrations.logs!.selection.select(row)
            } else {
                guard let row = rowAt(point, layout.table, state.integrations.selection) else { return .unchanged }
                state.integrations.selection.select(row)
            }
        case .program, .tiers, .campaigns, .referrals:
            return ProgramActions.clickRow(&state, point, content: content)
        case .rfm:
            return RFMActions.click(&state, point, content: content)
        }
        return Reduction()
    }

    /// The list row under a point in a table drawn in `rect` (header on its first line).
    static func rowAt(_ point: Point, _ rect: Rect, _ selection: ListSelection) -> Int? {
        guard rect.contains(point), point.y > rect.y else { return nil }
        let rows = rect.height - 1
        let row = selection.offset(forRows: rows) + point.y - rect.y - 1
        return row < selection.count ? row : nil
    }

    // MARK: toasts and writes

    static func showToast(_ state: inout AppState, _ text: String, level: Toast.Level) {
        state.toast = Toast(text, level: level, expires: state.monotonic + toastSeconds)
    }

    static func toastText(_ outcome: WriteOutcome, _ l: Localizer) -> String {
        switch outcome {
        case .adjusted(let name, let balance):
            return l.t("toast.adjusted", ["name": name, "balance": l.format.integer(balance)])
        case .undone(let id): return l.t("toast.undone", ["id": String(id)])
        case .redeemed(let code): return l.t("toast.redeemed", ["code": code])
        case .syncPaused(let resource, let paused):
            return l.t(paused ? "integrations.toast.paused" : "integrations.toast.resumed",
                       ["resource": IntegrationsActions.resourceName(resource, l)])
        case .program(let outcome): return ProgramOverlays.toastText(outcome, l)
        }
    }

    static func reloadAfterWrite(_ state: inout AppState) -> [Effect] {
        var effects: [Effect] = [.loadOverview, .loadIntegrations] + ProgramActions.reloadEffects(&state)
        if let journey = state.journey { effects.append(.loadJourney(customerID: journey.customerID)) }
        if state.customers.hits != nil {
            effects.append(.search(query: state.customers.query, generation: state.customers.generation))
        } else if state.customers.page.total > 0 {
            effects.append(.loadPage(sort: state.customers.sort, offset: state.customers.page.offset,
                                     limit: pageSize, generation: state.customers.page.generation))
        }
        return effects
    }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
