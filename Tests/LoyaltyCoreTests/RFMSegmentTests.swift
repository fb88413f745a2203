import LoyaltyCore
import Testing

@Suite("RFM segments")
struct RFMSegmentTests {
    @Test func gridMatchesTheSpecTable() {
        let expected: [String] = [
            // F:  1                2                3                4                5
            "hibernating", "hibernating", "at_risk", "at_risk", "cant_lose_them", // R 1
            "hibernating", "hibernating", "at_risk", "at_risk", "cant_lose_them", // R 2
            "about_to_sleep", "about_to_sleep", "need_attention", "loyal_customers", "loyal_customers", // R 3
            "promising", "potential_loyalists", "potential_loyalists", "loyal_customers", "loyal_customers", // R 4
            "new_customers", "potential_loyalists", "potential_loyalists", "champions", "champions", // R 5
        ]
        let actual = (1...5).flatMap { r in (1...5).map { f in RFMSegment(r: r, f: f).key } }
        #expect(actual == expected)
        #expect(Set(actual).count == RFMSegment.allCases.count)
    }

    @Test func defaultNamesAreEnglish() {
        let names = RFMSegmentNames.defaults
        #expect(names.name(for: .cantLoseThem) == "Can't Lose Them")
        #expect(names.name(for: .champions) == "Champions")
        #expect(names.overrides.isEmpty)
    }

    @Test func merchantRenamesBySegmentKey() throws {
        let names = try RFMSegmentNames(keyed: ["champions": "  VIP fans ", "hibernating": "Sleepers"])
        #expect(names.name(for: .champions) == "VIP fans")
        #expect(names.name(for: .hibernating) == "Sleepers")
        #expect(names.name(for: .atRisk) == "At Risk")
        #expect(names.resetting(.champions).name(for: .champions) == "Champions")
        let renamed = try names.renaming(.atRisk, to: "Slipping")
        #expect(renamed.name(for: .atRisk) == "Slipping")
    }

    @Test func namesAreValidated() {
        #expect(throws: RFMSegmentNames.ValidationError.unknownKey("whales")) {
            try RFMSegmentNames(keyed: ["whales": "Whales"])
        }
        #expect(throws: RFMSegmentNames.ValidationError.empty(.promising)) {
            try RFMSegmentNames(overrides: [.promising: "   "])
        }
        #expect(throws: RFMSegmentNames.ValidationError.tooLong(.promising, length: 41)) {
            try RFMSegmentNames(overrides: [.promising: String(repeating: "é", count: 41)])
        }
        #expect(throws: RFMSegmentNames.ValidationError.duplicate("Champions", segments: [.champions, .loyalCustomers])) {
            try RFMSegmentNames(overrides: [.loyalCustomers: "champions"])
        }
        // 40 characters (not bytes) fit.
        #expect((try? RFMSegmentNames(overrides: [.promising: String(repeating: "日", count: 40)])) != nil)
    }
}
