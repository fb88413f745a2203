import Foundation

/// The merchant's display names for the RFM segments (key → name); segments not renamed keep their default name.
/// Names are trimmed, non-empty, at most 40 characters, and unique ignoring case (two legend entries that differ
/// only by case would be indistinguishable to a person).
public struct RFMSegmentNames: Hashable, Sendable {
    public static let maximumLength = 40
    public static let defaults = RFMSegmentNames()

    /// Only the renamed segments, as stored.
    public private(set) var overrides: [RFMSegment: String] = [:]

    public enum ValidationError: Error, Hashable, Sendable, CustomStringConvertible {
        case unknownKey(String)
        case empty(RFMSegment)
        case tooLong(RFMSegment, length: Int)
        case duplicate(String, segments: [RFMSegment])

        public var description: String {
            switch self {
            case .unknownKey(let key):
                "'\(key)' is not an RFM segment; the keys are \(RFMSegment.allCases.map(\.key).joined(separator: ", "))"
            case .empty(let segment):
                "the name of \(segment.key) is empty; give it a name or leave the default"
            case .tooLong(let segment, let length):
                "the name of \(segment.key) has \(length) characters; at most \(RFMSegmentNames.maximumLength) fit"
            case .duplicate(let name, let segments):
                "'\(name)' names several segments (\(segments.map(\.key).joined(separator: ", "))); names must differ"
            }
        }
    }

    public init() {}

    /// From stored key → name pairs.
    public init(keyed: [String: String]) throws(ValidationError) {
        var overrides: [RFMSegment: String] = [:]
        for (key, name) in keyed {
            guard let segment = RFMSegment(rawValue: key) else { throw .unknownKey(key) }
            overrides[segment] = name
        }
        try self.init(overrides: overrides)
    }

    public init(overrides: [RFMSegment: String]) throws(ValidationError) {
        var clean: [RFMSegment: String] = [:]
        for (segment, raw) in overrides {
            let name = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !name.isEmpty else { throw .empty(segment) }
            guard name.count <= Self.maximumLength else { throw .tooLong(segment, length: name.count) }
            if name != segment.defaultName { clean[segment] = name }
        }
        self.overrides = clean
        try checkUnique()
    }

    public func name(for segment: RFMSegment) -> String { overrides[segment] ?? segment.defaultName }

    public func renaming(_ segment: RFMSegment, to name: String) throws(ValidationError) -> RFMSegmentNames {
        var overrides = self.overrides
        overrides[segment] = name
        return try RFMSegmentNames(overrides: overrides)
    }

    /// Back to the default name.
    public func resetting(_ segment: RFMSegment) -> RFMSegmentNames {
        var copy = self
        copy.overrides[segment] = nil
        return copy
    }

    private func checkUnique() throws(ValidationError) {
        var byName: [String: [RFMSegment]] = [:]
        for segment in RFMSegment.allCases { byName[name(for: segment).lowercased(), default: []].append(segment) }
        // Report in grid order so the message is stable.
        for segment in RFMSegment.allCases {
            let clash = byName[name(for: segment).lowercased()] ?? []
            if clash.count > 1 { throw .duplicate(name(for: segment), segments: clash) }
        }
    }
}
