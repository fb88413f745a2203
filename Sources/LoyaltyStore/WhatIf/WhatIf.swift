import Foundation
import GRDB
import GRDBSQLite
import LoyaltyCore

extension LoyaltyStore {
    /// Replays every recorded order up to `asOf` under the current rules and under the proposal, and reports the
    /// difference. Reads only: nothing is written (saving is the normal update calls, after the merchant confirms).
    /// A proposal that could not be saved is refused with the same problems saving would give.
    /// `baseline`, applied to the stored rules first, stands in for "current" (the benchmark compares two tier tables
    /// without writing either).
    public func whatIf(_ session: Session, _ proposal: WhatIfProposal, against baseline: WhatIfProposal = WhatIfProposal(),
                       asOf: UnixTime, largest: Int = 20) throws -> WhatIfReport {
        try require(session, .read)
        return try read { db in
            let merchantID = session.merchant.id
            let current = try proposedRules(db, session: session, current: try programRules(db, merchantID: merchantID), baseline)
            let proposed = try proposedRules(db, session: session, current: current, proposal)
            func replay(_ rules: ProgramRules) throws -> ProgramReplay {
                do { return try ProgramReplay(rules: rules, currency: session.currency) } catch {
                    throw StoreError.rules(entity: "what-if", [error])
                }
            }
            let currentReplay = try replay(current), proposedReplay = try replay(proposed)
            var tally = WhatIfTally(current: currentReplay, proposed: proposedReplay, largest: largest)
            try replayHistory(db, merchantID: merchantID, asOf: asOf) { customerID, orders, refunds in
                tally.orders += orders.count
                tally.add(customerID: customerID,
                          current: currentReplay.replay(orders: orders, refunds: refunds, asOf: asOf),
                          proposed: proposedReplay.replay(orders: orders, refunds: refunds, asOf: asOf))
            }
            let allCustomers = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM customers WHERE merchant_id = ?", arguments: [merchantID]) ?? 0
            let outstanding = try Int64.fetchOne(db, sql: """
                SELECT COALESCE(SUM(MAX(points_balance, 0)), 0) FROM customers WHERE merchant_id = ?
                """, arguments: [merchantID]) ?? 0
            let rate = try OverviewQuery(db: db, merchant: session.merchant, now: asOf).cashRate()
            return try tally.report(db, asOf: asOf, allCustomers: allCustomers, outstanding: outstanding, cashRate: rate)
        }
    }

    func programRules(_ db: Database, merchantID: Int64) throws -> ProgramRules {
        ProgramRules(settings: try currentSettings(db, merchantID: merchantID).settings,
                     tiers: try tierDefinitions(db, merchantID: merchantID),
                     campaigns: try campaignRecords(db, merchantID: merchantID).map {
                         StoredCampaign(id: $0.id, status: $0.status, definition: $0.definition)
                     })
    }

    private func proposedRules(_ db: Database, session: Session, current: ProgramRules,
                               _ proposal: WhatIfProposal) throws -> ProgramRules {
        var rules = current
        if let settings = proposal.settings {
            let problems = settings.ruleProblems()
            guard problems.isEmpty else { throw StoreError.settingsProblems(problems) }
            rules.settings = settings
        }
        if let tiers = proposal.tiers { rules.tiers = tiers }
        let tierProblems = TierTable.problems(rules.tiers, settings: rules.settings)
        guard tierProblems.isEmpty else { throw StoreError.rules(entity: "tiers", tierProblems) }
        if let change = proposal.campaign {
            let problems = change.definition.problems(settings: rules.settings, tiers: rules.tiers, segmentKeys: Self.segmentKeys)
            guard problems.isEmpty else { throw StoreError.rules(entity: "campaign", problems) }
            // The proposed campaign is treated as launched; an id not yet stored gets one no stored campaign has.
            let id = change.id ?? ((rules.campaigns.map(\.id).max() ?? 0) + 1)
            rules.campaigns.removeAll { $0.id == id }
            rules.campaigns.append(StoredCampaign(id: id, status: .scheduled, definition: change.definition))
        }
        return rules
    }

    /// Calls `body` once per customer with orders, with their orders (by time) and refunds. The orders table is read
    /// once, sequentially (reading it in the (customer, time) index's order costs a random page access per order:
    /// five times slower at millions of orders), into compact columns grouped by customer in memory.
    func replayHistory(_ db: Database, merchantID: Int64, asOf: UnixTime,
                       _ body: (Int64, [ReplayOrder], [ReplayRefund]) throws -> Void) throws {
        let scan = try OrderColumns.read(db, merchantID: merchantID, asOf: asOf)
        var orders: [ReplayOrder] = []
        var refunds: [ReplayRefund] = []
        try scan.forEachCustomer { customerID, rows in
            orders.removeAll(keepingCapacity: true)
            refunds.removeAll(keepingCapacity: true)
            for r in rows {
                let row = Int(r)
                let flags = scan.flags[row]
                if flags & OrderColumns.refunded != 0, let list = scan.refunds[row] {
                    for refund in list { refunds.append(ReplayRefund(order: orders.count, time: refund.time, amountMinor: refund.amount)) }
                }
                orders.append(ReplayOrder(time: scan.time[row], totalMinor: scan.total[row],
                                          subtotalMinor: scan.subtotal[row] == OrderColumns.none ? nil : scan.subtotal[row],
                                          cancelledAt: flags & OrderColumns.wasCancelled != 0 ? scan.cancelled[row] : nil))
            }
            try body(customerID, orders, refunds)
        }
    }
}

/// A merchant's orders as columns (row = position in the table scan), grouped by customer through a permutation.
struct OrderColumns {
    static let none = Int64.min

    var customer: [Int32] = []
    var time: [Int64] = []
    var total: [Int64] = []
    var subtotal: [Int64] = []
    /// Per row: `wasCancelled`, `refunded` — so the two sparse maps are only asked about rows that are in them.
    var flags: [UInt8] = []
    static let wasCancelled: UInt8 = 1
    static let refunded: UInt8 = 2
    var cancelled: [Int: UnixTime] = [:]
    var refunds: [Int: [(time: UnixTime, amount: Int64)]] = [:]
    /// Customer ids by dense index.
    var customerIDs: [Int64] = []

    static func read(_ db: Database, merchantID: Int64, asOf: UnixTime) throws -> OrderColumns {
        var columns = OrderColumns()
        // Refunds by order id, walked alongside the scan (which goes by ascending order id).
        let refundRows = try Row.fetchAll(db, sql: """
            SELECT order_id, created_at, amount_minor FROM refunds WHERE merchant_id = ? AND created_at <= ? ORDER BY order_id, created_at
            """, arguments: [merchantID, asOf]).map { (order: $0[0] as Int64, time: $0[1] as UnixTime, amount: $0[2] as Int64) }
        var nextRefund = 0
        let bounds = try Row.fetchOne(db, sql: "SELECT MIN(id), MAX(id) FROM customers WHERE merchant_id = ?", arguments: [merchantID])
        let firstCustomer: Int64 = bounds?[0] ?? 0
        let lastCustomer: Int64 = bounds?[1] ?? -1
        var dense = [Int32](repeating: -1, count: Int(max(0, lastCustomer - firstCustomer + 1)))
        let estimate = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM orders WHERE merchant_id = ?", arguments: [merchantID]) ?? 0
        for array in [\OrderColumns.time, \.total, \.subtotal] { columns[keyPath: array].reserveCapacity(estimate) }
        columns.customer.reserveCapacity(estimate)
        columns.flags.reserveCapacity(estimate)
        // NOT INDEXED: the planner would otherwise walk an index on merchant_id and fetch every row by id, a random
        // page access per order; the table scan reads the file in order.
        let statement = try db.makeStatement(sql: """
            SELECT id, customer_id, processed_at, total_minor, subtotal_minor, cancelled_at FROM orders NOT INDEXED
            WHERE merchant_id = ? AND deleted_at IS NULL AND processed_at <= ?
            """)
        try statement.setArguments([merchantID, asOf])
        let raw = statement.sqliteStatement
        while true {
            let code = sqlite3_step(raw)
            if code == SQLITE_DONE { break }
            guard code == SQLITE_ROW else {
                throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
            }
            let customerID = sqlite3_column_int64(raw, 1)
            let slot = Int(customerID - firstCustomer)
            guard slot >= 0 && slot < dense.count else { continue }  // cannot happen: the order's customer is the merchant's
            var index = dense[slot]
            if index < 0 {
                index = Int32(columns.customerIDs.count)
                dense[slot] = index
                columns.customerIDs.append(customerID)
            }
            let row = columns.customer.count
            columns.customer.append(index)
            columns.time.append(sqlite3_column_int64(raw, 2))
            columns.total.append(sqlite3_column_int64(raw, 3))
            columns.subtotal.append(sqlite3_column_type(raw, 4) == SQLITE_NULL ? none : sqlite3_column_int64(raw, 4))
            var flags: UInt8 = 0
            if sqlite3_column_type(raw, 5) != SQLITE_NULL {
                columns.cancelled[row] = sqlite3_column_int64(raw, 5)
                flags |= wasCancelled
            }
            let orderID = sqlite3_column_int64(raw, 0)
            while nextRefund < refundRows.count && refundRows[nextRefund].order < orderID { nextRefund += 1 }
            while nextRefund < refundRows.count && refundRows[nextRefund].order == orderID {
                columns.refunds[row, default: []].append((refundRows[nextRefund].time, refundRows[nextRefund].amount))
                flags |= refunded
                nextRefund += 1
            }
            columns.flags.append(flags)
        }
        sqlite3_reset(raw)
        return columns
    }

    /// Calls `body` with each customer's rows by time (ties in table order, i.e. by order id), customers in order of
    /// first appearance.
    func forEachCustomer(_ body: (Int64, ArraySlice<Int32>) throws -> Void) rethrows {
        var starts = [Int](repeating: 0, count: customerIDs.count + 1)
        for c in customer { starts[Int(c) + 1] += 1 }
        for i in 0..<customerIDs.count { starts[i + 1] += starts[i] }
        var next = starts
        var permutation = [Int32](repeating: 0, count: customer.count)
        for (row, c) in customer.enumerated() {
            permutation[next[Int(c)]] = Int32(row)
            next[Int(c)] += 1
        }
        // Sorted before any slice is handed out, so the buffer is never copied.
        for c in 0..<customerIDs.count where starts[c + 1] - starts[c] > 1 {
            permutation[starts[c]..<starts[c + 1]].sort { (time[Int($0)], $0) < (time[Int($1)], $1) }
        }
        for c in 0..<customerIDs.count {
            try body(customerIDs[c], permutation[starts[c]..<starts[c + 1]])
        }
    }
}

/// Running totals of a what-if replay.
private struct WhatIfTally {
    let current: ProgramReplay
    let proposed: ProgramReplay
    let largest: Int
    var customers = 0
    var orders = 0
    var points = Compared<Int64>(current: 0, proposed: 0)
    var currentTiers: [Int: Int] = [:]
    var proposedTiers: [Int: Int] = [:]
    var moves: [Pair: Int] = [:]
    /// The `largest` biggest changes so far, as (|change|, customer, outcomes), kept small.
    var top: [(magnitude: Int64, customerID: Int64, current: CustomerOutcome, proposed: CustomerOutcome)] = []

    struct Pair: Hashable { var from: String?; var to: String? }

    init(current: ProgramReplay, proposed: ProgramReplay, largest: Int) {
        self.current = current
        self.proposed = proposed
        self.largest = max(0, largest)
    }

    mutating func add(customerID: Int64, current c: CustomerOutcome, proposed p: CustomerOutcome) {
        customers += 1
        points.current = points.current.addingReportingOverflow(c.points).partialValue
        points.proposed = points.proposed.addingReportingOverflow(p.points).partialValue
        currentTiers[c.tier ?? -1, default: 0] += 1
        proposedTiers[p.tier ?? -1, default: 0] += 1
        let from = c.tier.map { current.tierKeys[$0] }, to = p.tier.map { proposed.tierKeys[$0] }
        if from != to { moves[Pair(from: from, to: to), default: 0] += 1 }
        let magnitude = (p.points - c.points).magnitude
        guard magnitude > 0, largest > 0 else { return }
        let entry = (Int64(clamping: magnitude), customerID, c, p)
        if top.count < largest {
            top.append(entry)
        } else if let smallest = top.indices.min(by: { top[$0].magnitude < top[$1].magnitude }), top[smallest].magnitude < entry.0 {
            top[smallest] = entry
        }
    }

    func report(_ db: Database, asOf: UnixTime, allCustomers: Int, outstanding: Int64,
                cashRate: OverviewMetrics.CashRate?) throws -> WhatIfReport {
        // Customers without orders sit where a customer with no activity starts (a threshold-0 tier, or none).
        let idle = max(0, allCustomers - customers)
        var currentCounts = currentTiers, proposedCounts = proposedTiers
        currentCounts[current.tiers.newAccount().tierIndex ?? -1, default: 0] += idle
        proposedCounts[proposed.tiers.newAccount().tierIndex ?? -1, default: 0] += idle
        var tierCounts: [WhatIfReport.TierCount] = []
        var keys: [String?] = [nil]
        for key in current.tierKeys + proposed.tierKeys where !keys.contains(key) { keys.append(key) }
        for key in keys {
            let c = key.flatMap { current.tierKeys.firstIndex(of: $0) } ?? (key == nil ? -1 : -2)
            let p = key.flatMap { proposed.tierKeys.firstIndex(of: $0) } ?? (key == nil ? -1 : -2)
            let name = key.flatMap { k in (proposed.tiers.tiers + current.tiers.tiers).first { $0.key == k }?.name.text(for: "en") } ?? ""
            tierCounts.append(.init(key: key, name: name, customers: Compared(current: currentCounts[c] ?? 0, proposed: proposedCounts[p] ?? 0)))
        }
        let liability = Compared(current: outstanding, proposed: max(0, outstanding + (points.proposed - points.current)))
        let value = cashRate.map { rate in
            Compared(current: OverviewQuery.value(points: liability.current, rate: rate),
                     proposed: OverviewQuery.value(points: liability.proposed, rate: rate))
        }
        let ranked = top.sorted { ($0.magnitude, $1.customerID) > ($1.magnitude, $0.customerID) }
        let changes = try ranked.map { entry in
            let name = try String.fetchOne(db, sql: """
                SELECT COALESCE(NULLIF(trim(COALESCE(first_name,'') || ' ' || COALESCE(last_name,'')), ''), email, external_id, '#' || id)
                FROM customers WHERE id = ?
                """, arguments: [entry.customerID]) ?? "#\(entry.customerID)"
            return WhatIfReport.CustomerChange(
                customerID: entry.customerID, name: name,
                points: Compared(current: entry.current.points, proposed: entry.proposed.points),
                tier: Compared(current: entry.current.tier.map { current.tierKeys[$0] },
                               proposed: entry.proposed.tier.map { proposed.tierKeys[$0] }))
        }
        return WhatIfReport(
            asOf: asOf, ordersReplayed: orders, customers: customers, pointsIssued: points, liability: liability,
            liabilityValueMinor: value, tierCounts: tierCounts,
            tierMoves: moves.map { .init(from: $0.key.from, to: $0.key.to, customers: $0.value) }
                .sorted { ($0.customers, $0.from ?? "", $0.to ?? "") > ($1.customers, $1.from ?? "", $1.to ?? "") },
            largestChanges: changes)
    }
}
