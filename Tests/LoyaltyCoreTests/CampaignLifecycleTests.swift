import LoyaltyCore
import Testing

@Suite struct CampaignLifecycleTests {
    let window = CampaignWindow(start: 1_000, end: 2_000)
    let before: UnixTime = 500
    let during: UnixTime = 1_500
    let after: UnixTime = 2_500

    @Test func effectiveStatusAtTheWindowEdges() {
        let cases: [(CampaignStatus, UnixTime, CampaignStatus)] = [
            (.draft, before, .draft), (.draft, during, .draft), (.draft, after, .draft),
            (.scheduled, 999, .scheduled), (.scheduled, 1_000, .active), (.scheduled, 1_999, .active), (.scheduled, 2_000, .ended),
            (.active, 999, .scheduled), (.active, 1_000, .active), (.active, 2_000, .ended),
            (.paused, 999, .paused), (.paused, 1_999, .paused), (.paused, 2_000, .ended),
            (.ended, before, .ended), (.ended, during, .ended),
        ]
        for (stored, now, expected) in cases {
            #expect(CampaignLifecycle.effective(stored, window: window, now: now) == expected, "\(stored) at \(now)")
        }
    }

    /// Every action from every stored status, before, during and after the window.
    @Test func everyTransition() {
        typealias Outcome = CampaignStatus?  // nil: refused
        let expectations: [(CampaignAction, CampaignStatus, UnixTime, Outcome)] = [
            (.launch, .draft, before, .scheduled), (.launch, .draft, during, .active), (.launch, .draft, after, nil),
            (.launch, .scheduled, before, nil), (.launch, .active, during, nil), (.launch, .paused, during, nil),
            (.launch, .ended, during, nil),
            (.pause, .scheduled, before, .paused), (.pause, .scheduled, during, .paused), (.pause, .active, during, .paused),
            (.pause, .draft, during, nil), (.pause, .paused, during, nil), (.pause, .ended, during, nil),
            (.pause, .active, after, nil),
            (.resume, .paused, before, .scheduled), (.resume, .paused, during, .active), (.resume, .paused, after, nil),
            (.resume, .draft, during, nil), (.resume, .scheduled, before, nil), (.resume, .active, during, nil),
            (.resume, .ended, during, nil),
            (.end, .draft, before, .ended), (.end, .scheduled, before, .ended), (.end, .active, during, .ended),
            (.end, .paused, during, .ended), (.end, .ended, during, nil), (.end, .active, after, nil),
        ]
        for (action, stored, now, expected) in expectations {
            let result = CampaignLifecycle.apply(action, to: stored, window: window, now: now)
            switch (result, expected) {
            case (.success(let status), let expected?):
                #expect(status == expected, "\(action) \(stored) at \(now)")
            case (.failure(let problem), nil):
                #expect(problem.field == "status")
                #expect(!problem.message.isEmpty)
            default:
                Issue.record("\(action) \(stored) at \(now): got \(result), expected \(String(describing: expected))")
            }
        }
        // Every (action, stored status) pair is covered above.
        for action in CampaignAction.allCases {
            for stored in CampaignStatus.allCases {
                #expect(expectations.contains { $0.0 == action && $0.1 == stored }, "\(action) \(stored)")
            }
        }
    }

    @Test func refusalsSayWhy() {
        func message(_ action: CampaignAction, _ stored: CampaignStatus, _ now: UnixTime) -> String? {
            if case .failure(let problem) = CampaignLifecycle.apply(action, to: stored, window: window, now: now) { return problem.message }
            return nil
        }
        #expect(message(.launch, .draft, after)?.contains("window is already over") == true)
        #expect(message(.resume, .scheduled, before) == "a scheduled campaign cannot be resumed")
        #expect(message(.pause, .active, after)?.contains("has ended") == true)
    }

    @Test func onlyCampaignsThatAreNotRunningOrOverCanBeEdited() {
        #expect(CampaignStatus.allCases.filter(CampaignLifecycle.isEditable) == [.draft, .scheduled, .paused])
    }
}
