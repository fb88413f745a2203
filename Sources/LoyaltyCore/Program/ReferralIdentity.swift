import Foundation

/// What is known about a person on either side of a referral, for the self-referral rule.
public struct ReferralParty: Hashable, Sendable {
    public var email: String?
    public var phone: String?
    public var name: String?
    public var address: String?

    public init(email: String? = nil, phone: String? = nil, name: String? = nil, address: String? = nil) {
        self.email = email
        self.phone = phone
        self.name = name
        self.address = address
    }
}

/// Normal forms under which two spellings of one identity compare equal.
public enum ReferralIdentity {
    /// Lower case, trimmed, without a "+tag" in the local part; Gmail addresses also without dots in the local part
    /// (Gmail ignores them) and googlemail.com read as gmail.com. nil when it is not an address.
    public static func email(_ raw: String) -> String? {
        let trimmed = raw.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        guard let at = trimmed.lastIndex(of: "@") else { return nil }
        var local = String(trimmed[..<at])
        var domain = String(trimmed[trimmed.index(after: at)...])
        if let plus = local.firstIndex(of: "+") { local = String(local[..<plus]) }
        if domain == "googlemail.com" { domain = "gmail.com" }
        if domain == "gmail.com" { local.removeAll { $0 == "." } }
        guard !local.isEmpty, !domain.isEmpty else { return nil }
        return local + "@" + domain
    }

    /// The last 9 digits: the same number written with or without a country code or trunk prefix compares equal.
    /// nil when fewer than 7 digits (not a phone number).
    public static func phone(_ raw: String) -> String? {
        let digits = raw.unicodeScalars.filter { CharacterSet.decimalDigits.contains($0) && $0.isASCII }
        guard digits.count >= 7 else { return nil }
        return String(String.UnicodeScalarView(digits.suffix(9)))
    }

    /// Letters and digits only, lower case, accents removed, words sorted (so "Doe, Jane" equals "jane doe").
    public static func text(_ raw: String) -> String? {
        let folded = raw.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
        let words = folded.split { !$0.isLetter && !$0.isNumber }.map(String.init).sorted()
        return words.isEmpty ? nil : words.joined(separator: " ")
    }

    /// Why `friend` is the advocate under another spelling, or nil when they are different people as far as we know.
    public static func samePerson(_ advocate: ReferralParty, _ friend: ReferralParty) -> String? {
        if let a = advocate.email.flatMap(email), let f = friend.email.flatMap(email), a == f {
            return "the friend's email is the advocate's (\(a) after removing case, dots and +tags)"
        }
        if let a = advocate.phone.flatMap(phone), let f = friend.phone.flatMap(phone), a == f {
            return "the friend's phone number is the advocate's"
        }
        if let an = advocate.name.flatMap(text), let fn = friend.name.flatMap(text), an == fn,
           let aa = advocate.address.flatMap(text), let fa = friend.address.flatMap(text), aa == fa {
            return "the friend has the advocate's name and address"
        }
        return nil
    }
}

/// Referral codes: "REF-" and 8 symbols of the discount-code alphabet (no look-alikes), from a secure generator.
public enum ReferralCode {
    public static func make<G: RandomNumberGenerator>(using generator: inout G) -> String {
        "REF-" + String((0..<8).map { _ in DiscountCode.alphabet[Int.random(in: 0..<DiscountCode.alphabet.count, using: &generator)] })
    }
}
