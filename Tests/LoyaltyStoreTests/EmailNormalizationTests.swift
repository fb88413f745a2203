import Foundation
import PropertyBased
import Testing
@testable import LoyaltyStore

@Suite struct EmailNormalizationTests {
    private func foundation(_ email: String) -> String { email.trimmingCharacters(in: .whitespaces).lowercased() }

    @Test func theASCIIPathAgreesWithFoundation() async {
        // Letters of both cases, the characters trimming and case mapping care about, and non-ASCII ones that send
        // a string down Foundation's path (a no-break space trims; İ and ẞ lower-case to other lengths).
        let pieces = ["a", "Z", "m", "Q", "@", ".", "+", "_", "0", " ", "\t", "\n", "É", "ß", "İ", "ẞ", "\u{00A0}", "\u{2003}", "ő"]
        let text = Gen.int(in: 0...(pieces.count - 1)).array(of: 0...12).map { $0.map { pieces[$0] }.joined() }
        await propertyCheck(count: 2_000, input: text) { email in
            #expect(Customers.normalizeEmail(email) == foundation(email), "\(email.debugDescription)")
        }
    }

    @Test func examples() {
        #expect(Customers.normalizeEmail("  Ann.Lee+promo@Example.COM\t") == "ann.lee+promo@example.com")
        #expect(Customers.asciiNormalizedEmail("Ann@Example.com") == "ann@example.com")
        #expect(Customers.asciiNormalizedEmail("ann@example.com") == "ann@example.com")
        #expect(Customers.asciiNormalizedEmail(" ann@example.com") == nil, "edge blanks take Foundation's path")
        #expect(Customers.asciiNormalizedEmail("zoë@example.com") == nil)
        #expect(Customers.normalizeEmail("ZOË@EXAMPLE.COM") == "zoë@example.com")
        #expect(Customers.normalizeEmail("") == "")
    }
}
