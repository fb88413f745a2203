/// The three shapes an order is written in: the GraphQL node, the bulk JSONL lines and the REST object.
enum OrderJSON {
    // MARK: GraphQL

    static func graphQLNode(_ o: SimOrder, store: SyntheticStore, into w: inout JSONBuffer, refundLines: Bool = true) {
        w.raw("{\"id\":\"gid://shopify/Order/"); w.int(o.id)
        w.raw("\",\"legacyResourceId\":\""); w.int(o.id)
        w.raw("\",\"name\":\"#"); w.int(o.number)
        w.raw("\",\"email\":"); w.stringOrNull(o.email)
        w.raw(",\"createdAt\":"); w.utcTimestamp(o.createdAt)
        w.raw(",\"updatedAt\":"); w.utcTimestamp(o.updatedAt)
        w.raw(",\"processedAt\":"); w.utcTimestamp(o.createdAt)
        w.raw(",\"cancelledAt\":"); w.utcTimestampOrNull(o.cancelledAt)
        w.raw(",\"displayFinancialStatus\":\""); w.rawString(o.status.rawValue)
        w.raw("\",\"currencyCode\":\"USD\",\"totalPriceSet\":"); w.moneySet(cents: o.total)
        w.raw(",\"subtotalPriceSet\":"); w.moneySet(cents: o.subtotal)
        w.raw(",\"discountCodes\":[")
        if let code = o.discountCode { w.string(code) }
        w.raw("],\"customer\":")
        if let j = o.customerIndex {
            let c = store.customer(j)
            w.raw("{\"id\":\"gid://shopify/Customer/"); w.int(c.id)
            w.raw("\",\"legacyResourceId\":\""); w.int(c.id)
            w.raw("\",\"email\":"); w.string(c.email)
            w.raw(",\"firstName\":"); w.string(c.firstName)
            w.raw(",\"lastName\":"); w.string(c.lastName)
            w.raw(",\"phone\":"); w.stringOrNull(c.phone)
            w.byte(125)
        } else {
            w.raw("null")
        }
        w.raw(",\"refunds\":[")
        for (k, r) in o.refunds.enumerated() {
            if k > 0 { w.byte(44) }
            w.raw("{\"id\":\"gid://shopify/Refund/"); w.int(r.id)
            w.raw("\",\"legacyResourceId\":\""); w.int(r.id)
            w.raw("\",\"createdAt\":"); w.utcTimestamp(r.createdAt)
            w.raw(",\"totalRefundedSet\":"); w.moneySet(cents: r.amount)
            if refundLines {
                w.raw(",\"refundLineItems\":{\"nodes\":[")
                for (l, cents) in r.lines.enumerated() {
                    if l > 0 { w.byte(44) }
                    w.raw("{\"subtotalSet\":"); w.moneySet(cents: cents); w.byte(125)
                }
                w.raw("]}")
            }
            w.byte(125)
        }
        w.raw("]}")
    }

    /// The order line, then one child line per refund line item (children always right after their order).
    static func bulkLines(_ o: SimOrder, store: SyntheticStore, into w: inout JSONBuffer) {
        graphQLNode(o, store: store, into: &w, refundLines: false)
        w.byte(10)
        for r in o.refunds {
            for cents in r.lines {
                w.raw("{\"__typename\":\"RefundLineItem\",\"subtotalSet\":"); w.moneySet(cents: cents)
                w.raw(",\"__parentId\":\"gid://shopify/Refund/"); w.int(r.id); w.raw("\"}\n")
            }
        }
    }

    static func graphQLCustomer(_ c: SimCustomer, into w: inout JSONBuffer) {
        w.raw("{\"id\":\"gid://shopify/Customer/"); w.int(c.id)
        w.raw("\",\"legacyResourceId\":\""); w.int(c.id)
        w.raw("\",\"email\":"); w.string(c.email)
        w.raw(",\"firstName\":"); w.string(c.firstName)
        w.raw(",\"lastName\":"); w.string(c.lastName)
        w.raw(",\"phone\":"); w.stringOrNull(c.phone)
        w.raw(",\"createdAt\":"); w.utcTimestamp(c.createdAt)
        w.raw(",\"updatedAt\":"); w.utcTimestamp(c.updatedAt)
        w.raw(",\"numberOfOrders\":\""); w.int(c.numberOfOrders)
        w.raw("\"}")
    }

    // MARK: REST

    static func restOrder(_ o: SimOrder, store: SyntheticStore, into w: inout JSONBuffer) {
        w.raw("{\"id\":"); w.int(o.id)
        w.raw(",\"admin_graphql_api_id\":\"gid://shopify/Order/"); w.int(o.id)
        w.raw("\",\"name\":\"#"); w.int(o.number)
        w.raw("\",\"number\":"); w.int(o.number - 1000)
        w.raw(",\"order_number\":"); w.int(o.number)
        w.raw(",\"email\":"); w.stringOrNull(o.email)
        w.raw(",\"contact_email\":"); w.stringOrNull(o.email)
        w.raw(",\"created_at\":"); w.shopTimestamp(o.createdAt)
        w.raw(",\"updated_at\":"); w.shopTimestamp(o.updatedAt)
        w.raw(",\"processed_at\":"); w.shopTimestamp(o.createdAt)
        w.raw(",\"cancelled_at\":"); w.shopTimestampOrNull(o.cancelledAt)
        w.raw(",\"cancel_reason\":")
        if o.cancelledAt != nil { w.raw("\"customer\"") } else { w.raw("null") }
        w.raw(",\"closed_at\":null,\"currency\":\"USD\",\"presentment_currency\":\"USD\",\"financial_status\":\"")
        w.rawString(o.status.restValue)
        w.raw("\",\"fulfillment_status\":null,\"test\":false,\"subtotal_price\":"); w.money(cents: o.subtotal)
        w.raw(",\"current_subtotal_price\":"); w.money(cents: o.subtotal)
        w.raw(",\"total_price\":"); w.money(cents: o.total)
        w.raw(",\"current_total_price\":"); w.money(cents: o.total)
        w.raw(",\"total_tax\":"); w.money(cents: o.tax)
        w.raw(",\"current_total_tax\":"); w.money(cents: o.tax)
        w.raw(",\"total_discounts\":"); w.money(cents: discount(o))
        w.raw(",\"subtotal_price_set\":"); w.restMoneySet(cents: o.subtotal)
        w.raw(",\"total_price_set\":"); w.restMoneySet(cents: o.total)
        w.raw(",\"total_shipping_price_set\":"); w.restMoneySet(cents: o.shipping)
        w.raw(",\"discount_codes\":[")
        if let code = o.discountCode {
            w.raw("{\"code\":"); w.string(code)
            w.raw(",\"amount\":"); w.money(cents: discount(o))
            w.raw(",\"type\":\"fixed_amount\"}")
        }
        w.raw("],\"customer\":")
        if let j = o.customerIndex {
            let c = store.customer(j)
            w.raw("{\"id\":"); w.int(c.id)
            w.raw(",\"email\":"); w.string(c.email)
            w.raw(",\"first_name\":"); w.string(c.firstName)
            w.raw(",\"last_name\":"); w.string(c.lastName)
            w.raw(",\"phone\":"); w.stringOrNull(c.phone)
            w.raw(",\"created_at\":"); w.shopTimestamp(c.createdAt)
            w.raw(",\"updated_at\":"); w.shopTimestamp(c.updatedAt)
            w.raw(",\"currency\":\"USD\",\"admin_graphql_api_id\":\"gid://shopify/Customer/"); w.int(c.id)
            w.raw("\"}")
        } else {
            w.raw("null")
        }
        w.raw(",\"refunds\":[")
        for (k, r) in o.refunds.enumerated() {
            if k > 0 { w.byte(44) }
            restRefund(r, orderID: o.id, into: &w)
        }
        w.raw("]}")
    }

    static func restRefund(_ r: SimRefund, orderID: Int64, into w: inout JSONBuffer) {
        w.raw("{\"id\":"); w.int(r.id)
        w.raw(",\"order_id\":"); w.int(orderID)
        w.raw(",\"created_at\":"); w.shopTimestamp(r.createdAt)
        w.raw(",\"processed_at\":"); w.shopTimestamp(r.createdAt)
        w.raw(",\"note\":null,\"restock\":false,\"admin_graphql_api_id\":\"gid://shopify/Refund/"); w.int(r.id)
        w.raw("\",\"refund_line_items\":[")
        for (l, cents) in r.lines.enumerated() {
            if l > 0 { w.byte(44) }
            let lineID = r.lineID(l)
            w.raw("{\"id\":"); w.int(lineID)
            w.raw(",\"quantity\":1,\"line_item_id\":"); w.int(lineID - SimIDs.refundLine + 4_100_000_000_000_000_000)
            w.raw(",\"restock_type\":\"no_restock\",\"subtotal\":"); w.decimal(cents: cents)
            w.raw(",\"total_tax\":0.0,\"subtotal_set\":"); w.restMoneySet(cents: cents)
            w.raw("}")
        }
        w.raw("],\"transactions\":[],\"order_adjustments\":[]}")
    }

    /// The discount behind a code: the subtotal is already net of it (10% of the gross price).
    static func discount(_ o: SimOrder) -> Int64 { o.discountCode == nil ? 0 : o.subtotal / 9 }
}
