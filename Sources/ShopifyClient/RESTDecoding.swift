import Foundation
import LoyaltyCore

/// Decoding of the REST payloads the client reads (events feed, error bodies).
public enum ShopifyREST {
    /// `{"events":[...]}` → order deletions (`subject_type` Order, `verb` destroy); other events are skipped.
    public static func decodeDeletedOrderEvents(_ body: Data) throws(ResponseDecodingError) -> [DeletedOrderEvent] {
        let list: EventList
        do {
            list = try JSONDecoder().decode(EventList.self, from: body)
        } catch {
            throw ShopifyGraphQL.describe(error, body: body, what: "events")
        }
        var out: [DeletedOrderEvent] = []
        for (index, event) in list.events.enumerated() {
            guard event.verb == "destroy", event.subjectType == nil || event.subjectType == "Order" else { continue }
            guard let subject = event.subjectId else {
                throw ResponseDecodingError("events[\(index)].subject_id is missing; the deleted order is unknown")
            }
            guard let created = event.createdAt.flatMap({ Timestamp.parse($0) }) else {
                throw ResponseDecodingError("events[\(index)].created_at is missing or not a timestamp")
            }
            out.append(DeletedOrderEvent(eventID: event.id, orderID: subject, createdAt: created, message: event.message))
        }
        return out
    }

    /// Shopify's `errors` field of a REST (or GraphQL) error body as one line: a string, a list or an object of
    /// lists. nil when the body has none.
    public static func errorMessage(_ body: Data) -> String? {
        guard let wire = try? JSONDecoder().decode(ErrorBody.self, from: body) else { return nil }
        if let errors = wire.errors?.errors, !errors.isEmpty {
            return errors.map(\.description).joined(separator: "; ")
        }
        if let error = wire.error {
            return error + (wire.errorDescription.map { ": \($0)" } ?? "")
        }
        return nil
    }

    struct EventList: Decodable { let events: [Event] }

    struct Event: Decodable {
        let id: Int64
        let subjectId: Int64?
        let subjectType: String?
        let verb: String?
        let createdAt: String?
        let message: String?

        enum CodingKeys: String, CodingKey {
            case id, verb, message, subjectId = "subject_id", subjectType = "subject_type", createdAt = "created_at"
        }
    }

    struct ErrorBody: Decodable {
        let errors: WireErrors?
        let error: String?
        let errorDescription: String?
        enum CodingKeys: String, CodingKey { case errors, error, errorDescription = "error_description" }
    }
}
