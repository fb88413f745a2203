import Foundation

/// The REST-shaped bodies of webhooks other than orders (those decode with `ShopifyOrderJSON`): refunds/create,
/// customers/create|update, orders/delete and the privacy topics.
public enum ShopifyWebhookPayloads {
    public struct Problem: Error, Hashable, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// refunds/create: the refund and the order it belongs to.
    public static func refund(_ body: Data) throws(Problem) -> (orderID: String, refund: IncomingRefund) {
        do {
            let payload = try JSONDecoder().decode(RefundWebhook.self, from: body)
            return (String(payload.orderID.value), payload.refund.refund)
        } catch {
            throw Problem(description: "a refunds/create body could not be read: \(ShopifyOrderJSON.reason(error))")
        }
    }

    /// customers/create|update.
    public static func customer(_ body: Data) throws(Problem) -> (customer: IncomingCustomer, createdAt: UnixTime?, updatedAt: UnixTime?) {
        do {
            let payload = try JSONDecoder().decode(CustomerWebhook.self, from: body)
            return (IncomingCustomer(externalID: String(payload.id.value), email: payload.email?.nonBlank,
                                     firstName: payload.firstName?.nonBlank, lastName: payload.lastName?.nonBlank,
                                     phone: payload.phone?.nonBlank),
                    payload.createdAt?.value, payload.updatedAt?.value)
        } catch {
            throw Problem(description: "a customers webhook body could not be read: \(ShopifyOrderJSON.reason(error))")
        }
    }

    /// orders/delete: `{"id": 123}`.
    public static func deletedOrderID(_ body: Data) throws(Problem) -> String {
        struct Deleted: Decodable { let id: ShopifyOrderJSON.ShopifyID }
        do {
            return String(try JSONDecoder().decode(Deleted.self, from: body).id.value)
        } catch {
            throw Problem(description: "an orders/delete body could not be read: \(ShopifyOrderJSON.reason(error))")
        }
    }

    private struct RefundWebhook: Decodable {
        let orderID: ShopifyOrderJSON.ShopifyID
        let refund: ShopifyOrderJSON.RefundPayload

        enum Key: String, CodingKey { case orderID = "order_id" }

        init(from decoder: any Decoder) throws {
            orderID = try decoder.container(keyedBy: Key.self).decode(ShopifyOrderJSON.ShopifyID.self, forKey: .orderID)
            refund = try ShopifyOrderJSON.RefundPayload(from: decoder)
        }
    }

    private struct CustomerWebhook: Decodable {
        let id: ShopifyOrderJSON.ShopifyID
        let email: String?
        let firstName: String?
        let lastName: String?
        let phone: String?
        let createdAt: ShopifyOrderJSON.ShopifyTime?
        let updatedAt: ShopifyOrderJSON.ShopifyTime?

        enum CodingKeys: String, CodingKey {
            case id, email, phone, firstName = "first_name", lastName = "last_name", createdAt = "created_at", updatedAt = "updated_at"
        }
    }
}

extension ShopifyOrderJSON {
    static func reason(_ error: any Error) -> String {
        if error is DecodingError || error is FieldProblem {
            let problem = FieldProblem(error, at: [])
            return problem.path.isEmpty ? problem.message : "\(problem.path) \(problem.message)"
        }
        return "it is not JSON (\(error))"
    }
}
