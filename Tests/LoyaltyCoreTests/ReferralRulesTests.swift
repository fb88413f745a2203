import Foundation
import LoyaltyCore
import Testing

@Suite struct ReferralRulesTests {
    let t0 = Timestamp.make(year: 2026, month: 3, day: 2)  // a Monday
    var settings: ProgramSettings {
        var s = ProgramSettings()
        s.referralMinimumOrderMinor = 2_000
        s.referralWeeklyLimit = 2
        return s
    }

    func context(advocate: ReferralParty = ReferralParty(email: "ana@example.com"),
                 friend: ReferralParty = ReferralParty(email: "ben@example.com"), firstOrder: UnixTime? = nil,
                 completedThisWeek: Int = 0) -> ReferralContext {
        ReferralContext(advocate: advocate, friend: friend, friendFirstOrderAt: firstOrder,
                        advocateCompletedInWeek: { _ in completedThisWeek })
    }

    @Test func emailsCompareWithoutCaseTagsOrGmailDots() {
        #expect(ReferralIdentity.email(" Ana.Smith+promo@GMail.com ") == "anasmith@gmail.com")
        #expect(ReferralIdentity.email("ana.smith@googlemail.com") == "anasmith@gmail.com")
        #expect(ReferralIdentity.email("ana.smith+x@example.com") == "ana.smith@example.com")
        #expect(ReferralIdentity.email("not an email") == nil)
        #expect(ReferralIdentity.phone("+1 (555) 010-2030") == ReferralIdentity.phone("555 010 2030"))
        #expect(ReferralIdentity.phone("12") == nil)
        #expect(ReferralIdentity.text("Doe, Jane") == ReferralIdentity.text("JANE  DOË"))
    }

    @Test func selfReferralUnderAnotherSpellingIsRejectedWithTheReason() {
        let cases: [(ReferralParty, String)] = [
            (ReferralParty(email: "ANA@example.com"), "email"),
            (ReferralParty(email: "ana+friend@example.com"), "email"),
            (ReferralParty(email: "other@example.com", phone: "+44 20 7946 0018"), "phone"),
        ]
        for (friend, word) in cases {
            let ctx = context(advocate: ReferralParty(email: "ana@example.com", phone: "020 7946 0018"), friend: friend)
            let outcome = ReferralRules.outcome(facts: [ReferralFact(id: "s", kind: .signup, time: t0)], context: ctx, settings: settings)
            guard case .rejected(let reason) = outcome else { Issue.record("\(friend) accepted"); continue }
            #expect(reason.hasPrefix("self-referral") && reason.contains(word))
        }
        let sameNameOtherAddress = context(advocate: ReferralParty(email: "a@x.com", name: "Jane Doe", address: "1 Main St"),
                                           friend: ReferralParty(email: "b@x.com", name: "jane doe", address: "9 Elm Rd"))
        #expect(ReferralRules.outcome(facts: [ReferralFact(id: "s", kind: .signup, time: t0)], context: sameNameOtherAddress,
                                      settings: settings) == .pending)
        let sameNameAndAddress = context(advocate: ReferralParty(email: "a@x.com", name: "Jane Doe", address: "1 Main St."),
                                         friend: ReferralParty(email: "b@x.com", name: "DOE Jane", address: "1 main st"))
        #expect(ReferralRules.outcome(facts: [ReferralFact(id: "s", kind: .signup, time: t0)], context: sameNameAndAddress,
                                      settings: settings) != .pending)
    }

    @Test func completesOnTheFirstQualifyingOrderAfterSignup() {
        let facts = [ReferralFact(id: "s", kind: .signup, time: t0),
                     ReferralFact(id: "o1", kind: .purchase, time: t0 + 100, amountMinor: 1_999),
                     ReferralFact(id: "o2", kind: .purchase, time: t0 + 200, amountMinor: 2_000),
                     ReferralFact(id: "o3", kind: .purchase, time: t0 + 300, amountMinor: 9_000)]
        #expect(ReferralRules.outcome(facts: facts, context: context(firstOrder: t0 + 100), settings: settings)
                == .completed(orderFact: "o2", at: t0 + 200))
        #expect(ReferralRules.outcome(facts: Array(facts.prefix(2)), context: context(firstOrder: t0 + 100), settings: settings) == .pending)
    }

    @Test func aFriendWhoOrderedBeforeTheReferralIsRejected() {
        let facts = [ReferralFact(id: "s", kind: .signup, time: t0), ReferralFact(id: "o", kind: .purchase, time: t0 + 10, amountMinor: 5_000)]
        guard case .rejected(let reason) = ReferralRules.outcome(facts: facts, context: context(firstOrder: t0 - 86_400), settings: settings)
        else { Issue.record("accepted"); return }
        #expect(reason.contains("already ordered"))
    }

    @Test func theWeeklyLimitRejectsWithTheReason() {
        let facts = [ReferralFact(id: "s", kind: .signup, time: t0), ReferralFact(id: "o", kind: .purchase, time: t0 + 10, amountMinor: 5_000)]
        guard case .rejected(let reason) = ReferralRules.outcome(facts: facts, context: context(firstOrder: t0 + 10, completedThisWeek: 2),
                                                                 settings: settings)
        else { Issue.record("accepted"); return }
        #expect(reason.contains("weekly limit"))
        #expect(ReferralRules.outcome(facts: facts, context: context(firstOrder: t0 + 10, completedThisWeek: 1), settings: settings).isFinal)
    }

    /// Whatever order the facts arrive in, and however often each is repeated, the outcome is the same, so the
    /// one completing order (and with it the one reward per side) never changes.
    @Test func theOutcomeDoesNotDependOnArrivalOrderOrRepeats() {
        var rng = SystemRandomNumberGenerator()
        for trial in 0..<500 {
            var seeded = SeededGenerator(seed: UInt64(trial))
            let signupAt = t0 + Int64(seeded.next() % 1_000)
            var facts = [ReferralFact(id: "s", kind: .signup, time: signupAt)]
            for i in 0..<Int(seeded.next() % 6) {
                facts.append(ReferralFact(id: "o\(i)", kind: .purchase, time: t0 + Int64(seeded.next() % 2_000),
                                          amountMinor: Int64(seeded.next() % 4_000)))
            }
            let first = facts.filter { $0.kind == .purchase }.map(\.time).min()
            let ctx = context(firstOrder: first)
            let expected = ReferralRules.outcome(facts: facts, context: ctx, settings: settings)
            for _ in 0..<5 {
                var shuffled = (facts + facts.filter { _ in Bool.random(using: &rng) }).shuffled(using: &rng)
                if shuffled.isEmpty { shuffled = facts }
                #expect(ReferralRules.outcome(facts: shuffled, context: ctx, settings: settings) == expected)
            }
        }
    }

    @Test func weeksStartOnLocalMonday() {
        let paris = TimeZone(identifier: "Europe/Paris")!
        // Sunday 2026-03-29 23:30 in Paris (after the DST change that night) is still the week of Monday 23 March.
        let sundayNight = LocalTime.resolve("2026-03-29T23:30", in: paris)!
        #expect(LocalTime.weekStart(of: sundayNight, in: paris) == LocalTime.resolve("2026-03-23", in: paris))
        #expect(LocalTime.weekStart(of: sundayNight + 3600, in: paris) == LocalTime.resolve("2026-03-30", in: paris))
    }
}
