/// Why a field's value is not acceptable. The Dashboard localizes by case; `message(for:)` is the English
/// fallback, naming the field and saying what to type.
public enum FieldError: Hashable, Sendable {
    case required
    case notANumber
    /// Outside the allowed bounds; a nil bound is open.
    case outOfRange(min: Int?, max: Int?)
    case badDate

    public func message(for label: String) -> String {
        switch self {
        case .required:
            return "\(label) is required: fill it in."
        case .notANumber:
            return "\(label) must be a whole number, like 250 or -40."
        case .outOfRange(let min?, let max?):
            return "\(label) must be between \(min) and \(max)."
        case .outOfRange(let min?, nil):
            return "\(label) must be at least \(min)."
        case .outOfRange(nil, let max?):
            return "\(label) must be at most \(max)."
        case .outOfRange(nil, nil):
            return "\(label) is out of range."
        case .badDate:
            return "\(label) must be a real date written YYYY-MM-DD, like 2024-03-01."
        }
    }
}
