import Foundation
import LoyaltyCore
import LoyaltyStore
import Synchronization
import TerminalUI
import Testing
@testable import Dashboard

/// A demo store whose sync has run: integration rows, synced rows today and api_logs, all written through the
/// store's API at the golden tests' fixed time.
enum IntegrationsFixture {
    static let now = DemoFixture.now

    static func make() throws -> LoyaltyStore {
        let store = try DemoFixture.make(customers: 30)
        let sync = try store.syncSession(merchant: nil, now: now)
        try store.updateIntegration(sync, IntegrationStatus(
            resource: .orders, health: .ok, lastSuccessAt: now - 75, newestSyncedAt: now - 240, backlogEstimate: 0,
            apiVersionAsked: "2026-07", apiVersionServed: "2026-07", updatedAt: now - 75))
        try store.updateIntegration(sync, IntegrationStatus(
            resource: .customers, health: .degraded, lastSuccessAt: now - 2 * 3600, lastErrorAt: now - 600,
            lastError: "Shopify answered 503 (service unavailable) three times in a row; the next run tries again.",
            lastErrorRequestID: "c7e1f0a2-9d4b-4f1e", newestSyncedAt: now - 3 * 3600, backlogEstimate: 140,
            circuitState: "half-open", updatedAt: now - 600))
        try store.updateIntegration(sync, IntegrationStatus(
            resource: .deletions, health: .circuitOpen, lastErrorAt: now - 30,
            lastError: "Too many failures in a row: calls are paused to let the shop recover.",
            circuitState: "open", circuitUntil: now + 45, updatedAt: now - 30))
        let customers = (1...3).map { i in
            IncomingCustomerUpdate(customer: IncomingCustomer(externalID: "gid://shopify/Customer/\(9000 + i)",
                                                              email: "synced\(i)@example.com", firstName: "Synced", lastName: "\(i)"),
                                   createdAt: now - 86_400, updatedAt: now - 300)
        }
        _ = try store.applySyncPage(sync, resource: .orders, SyncPage(customers: customers), now: now)
        _ = try store.applySyncPage(sync, resource: .customers, SyncPage(customers: Array(customers.prefix(2))), now: now)
        let ms = now * 1000
        try store.recordAPICalls(sync, [
            APICallLog(atMillis: ms - 900_000, endpoint: "graphql orders", status: 200, latencyMillis: 182, requestedCost: 252,
                       actualCost: 214, bucketAvailable: 786, bucketMax: 1000, restoreRate: 50, requestID: "5d0c8b11-aa01", bytes: 48_210),
            APICallLog(atMillis: ms - 800_000, endpoint: "graphql orders", status: 200, latencyMillis: 20, requestedCost: 252,
                       bucketAvailable: 0, bucketMax: 1000, restoreRate: 50, requestID: "5d0c8b11-aa02", errorClass: "throttled",
                       message: "Shopify throttled the query (cost bucket empty); waited 5 s and retried", bytes: 310),
            APICallLog(atMillis: ms - 700_000, endpoint: "graphql customers", status: 429, latencyMillis: 12,
                       requestID: "5d0c8b11-aa03", errorClass: "rateLimited", message: "rate limited (429), Retry-After 2 s", bytes: 0),
            APICallLog(atMillis: ms - 600_000, endpoint: "graphql customers", status: 503, latencyMillis: 1_204,
                       requestID: "c7e1f0a2-9d4b-4f1e", errorClass: "serverError",
                       message: "Shopify answered 503 (service unavailable) three times in a row; the next run tries again.", bytes: 0),
            APICallLog(atMillis: ms - 60_000, endpoint: "graphql orders", status: 200, latencyMillis: 141, requestedCost: 252,
                       actualCost: 188, bucketAvailable: 812, bucketMax: 1000, restoreRate: 50, requestID: "5d0c8b11-aa05", bytes: 40_002),
        ])
        return store
    }
}

/// A sync link that counts the runs asked for.
final class RecordingSync: Sendable {
    let requests = Atomic<Int>(0)
    var link: SyncLink {
        SyncLink(setup: .running(intervalSeconds: 60), syncNow: { [self] in requests.add(1, ordering: .relaxed) })
    }
}

@Suite struct IntegrationsTests {
    static let sizes = [(80, 24), (140, 45)]

    @Test(arguments: ["en", "ar", "ja"])
    func goldenFrames(lang: String) throws {
        let store = try IntegrationsFixture.make()
        for (w, h) in Self.sizes {
            var harness = try DashboardHarness(width: w, height: h, lang: lang, store: store)
            harness.press(.char("8"))
            #expect(harness.state.screen == .integrations)
            #expect(harness.state.integrations.health.count == 3)
            try expectGolden("integrations-\(lang)-\(w)x\(h)", harness.text)
        }
    }

    @Test func theAPILogGoldenFrames() throws {
        let store = try IntegrationsFixture.make()
        for (w, h) in Self.sizes {
            var harness = try DashboardHarness(width: w, height: h, store: store)
            harness.press(.char("8"), .char("e"))
            try expectGolden("integrations-log-en-\(w)x\(h)", harness.text)
        }
    }

    @Test func theScreenShowsEveryFigureOfTheSeededSync() throws {
        var h = try DashboardHarness(width: 140, height: 45, store: try IntegrationsFixture.make())
        h.press(.char("8"))
        let text = h.text
        for needle in ["Orders", "Customers", "Deletions", "ok", "degraded", "circuit open", "1 min ago", "4 min",
                       "half-open", "140", "812 / 1,000", "+50/s", "c7e1f0a2-9d4b-4f1e", "three times in a row",
                       "Background sync is off"] {
            #expect(text.contains(needle), "missing \(needle)")
        }
        // Orders: 3 calls in the last hour, 1 throttled; customers: a 429 and a 503.
        let orders = try #require(h.state.integrations.health.first { $0.status.resource == .orders })
        #expect(orders.rowsToday == 3 && orders.throttledLastHour == 1 && orders.callsLastHour == 3)
        let customers = try #require(h.state.integrations.health.first { $0.status.resource == .customers })
        #expect(customers.rateLimitedLastHour == 1 && customers.errorsLastHour == 2)
        // The header's badge follows the integrations: synced, but one resource's circuit is open.
        #expect(h.state.lastSyncAt == IntegrationsFixture.now - 75)
        #expect(text.contains("synced 1 min ago") && text.contains("SYNC ERROR") && !text.contains("OFFLINE"))
    }

    @Test func withoutAnySyncTheHeaderStaysOfflineAndTheScreenSaysHowToConnect() throws {
        var h = try DashboardHarness()
        #expect(h.text.contains("OFFLINE"))
        h.press(.char("8"))
        #expect(h.state.screen == .integrations)
        #expect(h.text.contains("never synced"))
        #expect(h.text.contains("LOYALNEST_SHOPIFY_TOKEN"))
        h.press(.char("S"))
        #expect(h.state.toast?.level == .warn, "sync now without a sync says so")
    }

    @Test func syncNowCallsTheRuntimesClosure() throws {
        let recorder = RecordingSync()
        var h = try DashboardHarness(store: try IntegrationsFixture.make(), sync: recorder.link)
        h.press(.char("8"))
        #expect(h.text.contains("Background sync every 60 s"))
        h.press(.char("S"))
        #expect(recorder.requests.load(ordering: .relaxed) == 1)
        #expect(h.state.toast?.level == .ok)
    }

    @Test func pauseAsksThenWritesThroughTheStoreAsTheOperatorAndResumeUndoesIt() throws {
        let store = try IntegrationsFixture.make()
        var h = try DashboardHarness(store: store)
        h.press(.char("8"), .char("j"))  // customers
        #expect(h.state.integrations.selectedResource?.status.resource == .customers)
        h.press(.char("p"))
        guard case .confirm(_, .setSyncPaused(.customers, true))? = h.state.overlay else {
            Issue.record("expected a confirmation to pause customers"); return
        }
        h.press(.escape)
        #expect(h.state.overlay == nil)
        #expect(try !store.integrationStatuses(store.session(merchant: nil, operator: nil)).contains { $0.paused })
        h.press(.char("p"), .enter)
        let session = try store.session(merchant: nil, operator: nil)
        #expect(try store.integrationStatuses(session).first { $0.resource == .customers }?.paused == true)
        #expect(h.state.integrations.selectedResource?.status.paused == true, "the screen reloads after the write")
        #expect(h.text.contains("paused"))
        let audit = try store.auditLog(session, limit: 5)
        #expect(audit.contains { $0.action == "sync.pause" && $0.operatorName == session.actor.name })
        h.press(.char("p"), .enter)
        #expect(try store.integrationStatuses(session).first { $0.resource == .customers }?.paused == false)
    }

    @Test func anOperatorBelowAdminHasNoIntegrationsScreenAndCannotPause() throws {
        let store = try IntegrationsFixture.make()
        let owner = try store.session(merchant: nil, operator: nil)
        _ = try store.addOperator(owner, name: "stan", role: .staff, now: DemoFixture.now)
        var h = try DashboardHarness(store: store, operatorName: "stan")
        #expect(!h.state.screens.contains(.integrations))
        h.press(.char("8"))
        #expect(h.state.screen == .overview)
        h.press(.char(":"))
        h.type("screen integ")
        h.press(.enter)
        #expect(h.state.screen == .overview)
        #expect(h.state.toast?.message.contains("admins") == true)
        // Even on the screen (as a stale state could be), pausing is refused before any dialog.
        var state = h.state
        state.screen = .integrations
        _ = Reducer.reduce(&state, .input(.key(.char("p"))))
        #expect(state.overlay == nil)
        #expect(state.toast?.level == .error)
    }

    @Test func aRefusedPauseFromTheStoreShowsAToast() throws {
        var h = try DashboardHarness(store: try IntegrationsFixture.make())
        h.press(.char("8"))
        let denied = DashboardError(StoreError.permissionDenied(operator: "x", role: .staff, action: "edit integrations"))
        _ = h.program.send(.writeFinished(.failure(denied)))
        #expect(h.state.toast?.level == .error)
    }

    @Test func theAPILogTogglesBetweenErrorsAndEveryCallAndEscapeCloses() throws {
        var h = try DashboardHarness(store: try IntegrationsFixture.make())
        h.press(.char("8"), .enter)
        let errors = try #require(h.state.integrations.logs)
        #expect(errors.errorsOnly && errors.rows.count == 3)
        #expect(errors.rows.allSatisfy { $0.errorClass != nil })
        #expect(h.text.contains("failed calls (3)"))
        h.press(.char("e"))
        #expect(h.state.integrations.logs?.errorsOnly == false)
        #expect(h.state.integrations.logs?.rows.count == 5)
        h.press(.char("j"), .char("j"), .char("j"))
        #expect(h.state.integrations.logs?.selection.selected == 3)
        #expect(h.text.contains("5d0c8b11-aa02"), "the selected call's request id")
        h.press(.escape)
        #expect(h.state.integrations.logs == nil)
        #expect(h.state.screen == .integrations)
    }

    @Test func theLiveRefreshRunsOnTheClockAndRedrawsOnlyOnChange() throws {
        let store = try IntegrationsFixture.make()
        var h = try DashboardHarness(store: store)
        h.press(.char("8"))
        var state = h.state
        // A tick after the interval asks for the figures; the same figures again draw nothing.
        state.monotonic = state.monotonic + .seconds(1)
        let tick = Reducer.reduce(&state, .clock(wall: state.wallClock, monotonic: state.monotonic))
        #expect(tick.effects == [.loadIntegrations])
        #expect(state.integrations.loading)
        let again = Reducer.reduce(&state, .clock(wall: state.wallClock, monotonic: state.monotonic))
        #expect(again.effects.isEmpty, "no second query while one is in flight")
        let same = Reducer.reduce(&state, .integrationsLoaded(.success(state.integrations.health)))
        #expect(!same.redraw)
        var changed = state.integrations.health
        changed[0].rowsToday += 1
        #expect(Reducer.reduce(&state, .integrationsLoaded(.success(changed))).redraw)
    }
}
