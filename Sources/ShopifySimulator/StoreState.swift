/// A deletion as the REST events feed reports it.
struct DeletionEvent: Sendable, Equatable {
    var id: Int64
    var orderID: Int64
    var orderName: String
    var createdAt: Int64
}

/// The mutations on top of the synthetic base: edited, touched, refunded-late, cancelled, deleted and new
/// orders. Only these are stored; everything else is regenerated from the seed. Not thread-safe by itself:
/// the simulator keeps it in a Mutex.
struct StoreState: Sendable {
    let base: SyntheticStore
    /// Materialized orders that no longer match their base (including deleted ones and live orders).
    private(set) var overrides: [Int: SimOrder] = [:]
    /// Keys of the non-deleted overridden orders, sorted; merged with the base stream when paging.
    private(set) var moved: [OrderKey] = []
    private(set) var events: [DeletionEvent] = []
    private(set) var liveCount = 0
    private var extraCustomerOrders: [Int: Int] = [:]
    /// Mutation timestamps never go backwards, even if the wall clock does.
    private var lastMutationTime: Int64 = SimTime.historyEnd
    /// The highest base index served so far (update-during-sync touches orders a sync has already read).
    var highestServedIndex = -1

    init(base: SyntheticStore) { self.base = base }

    var orderCount: Int { base.orderCount + liveCount }

    func order(index: Int) -> SimOrder? {
        if let o = overrides[index] { return o }
        return index >= 0 && index < base.orderCount ? base.order(index) : nil
    }

    func order(id: Int64) -> SimOrder? { base.orderIndex(id: id).flatMap { order(index: $0) } }

    func customer(_ j: Int) -> SimCustomer { base.customer(j, extraOrders: extraCustomerOrders[j] ?? 0) }

    // MARK: paging

    /// Up to `limit` live (non-deleted) orders strictly after (ascending) or before (descending) `key`,
    /// inside `window`, accepted by `filter`, in (updatedAt, id) order (descending results come reversed:
    /// nearest first).
    func page(after key: OrderKey?, before: OrderKey? = nil, window: UpdatedWindow, limit: Int,
              filter: ((SimOrder) -> Bool)? = nil) -> [SimOrder] {
        if let before { return pageDescending(before: before, window: window, limit: limit, filter: filter) }
        var out: [SimOrder] = []
        out.reserveCapacity(min(limit, 1024))
        var start = key ?? .minimum
        if let from = window.from, start < OrderKey(updatedAt: from, id: .min) {
            start = OrderKey(updatedAt: from, id: .min)
        }
        var i = base.firstBaseIndex(after: start)
        var m = firstMoved(after: start)
        while out.count < limit {
            while i < base.orderCount, overrides[i] != nil { i += 1 }
            let baseKey = i < base.orderCount ? base.baseKey(i) : nil
            let movedKey = m < moved.count ? moved[m] : nil
            let next: SimOrder
            if let b = baseKey, movedKey.map({ b < $0 }) ?? true {
                if let to = window.to, b.updatedAt >= to { break }
                next = base.order(i)
                i += 1
            } else if let mk = movedKey, let idx = base.orderIndex(id: mk.id), let o = overrides[idx] {
                if let to = window.to, mk.updatedAt >= to { break }
                next = o
                m += 1
            } else {
                break
            }
            if filter?(next) ?? true { out.append(next) }
        }
        return out
    }

    private func pageDescending(before key: OrderKey, window: UpdatedWindow, limit: Int,
                                filter: ((SimOrder) -> Bool)?) -> [SimOrder] {
        var out: [SimOrder] = []
        var end = key
        if let to = window.to, OrderKey(updatedAt: to, id: .min) < end { end = OrderKey(updatedAt: to, id: .min) }
        var i = base.lastBaseIndex(before: end)
        var m = firstMoved(after: OrderKey(updatedAt: end.updatedAt, id: end.id &- 1)) - 1
        while m >= 0, !(moved[m] < end) { m -= 1 }
        while out.count < limit {
            while i >= 0, overrides[i] != nil { i -= 1 }
            let baseKey = i >= 0 ? base.baseKey(i) : nil
            let movedKey = m >= 0 ? moved[m] : nil
            let next: SimOrder
            if let b = baseKey, movedKey.map({ $0 < b }) ?? true {
                if let from = window.from, b.updatedAt < from { break }
                next = base.order(i)
                i -= 1
            } else if let mk = movedKey, let idx = base.orderIndex(id: mk.id), let o = overrides[idx] {
                if let from = window.from, mk.updatedAt < from { break }
                next = o
                m -= 1
            } else {
                break
            }
            if filter?(next) ?? true { out.append(next) }
        }
        return out
    }

    private func firstMoved(after key: OrderKey) -> Int {
        var lo = 0, hi = moved.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if moved[mid] > key { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }

    /// Every order (deleted ones included) in index order, in batches, for the truth and the bulk export.
    func orders(in range: Range<Int>) -> [SimOrder] {
        range.compactMap { order(index: $0) }
    }

    // MARK: mutations

    mutating func mutationTime(_ wall: Int64) -> Int64 {
        lastMutationTime = max(lastMutationTime, wall)
        return lastMutationTime
    }

    private mutating func store(_ o: SimOrder, previous: SimOrder?) {
        if let previous, overrides[previous.index] != nil, !previous.deleted {
            let at = firstMoved(after: OrderKey(updatedAt: previous.updatedAt, id: previous.id - 1))
            if at < moved.count, moved[at] == previous.key { moved.remove(at: at) }
        }
        overrides[o.index] = o
        if !o.deleted {
            moved.insert(o.key, at: firstMoved(after: o.key))
        }
    }

    @discardableResult
    mutating func touch(index: Int, at wall: Int64) -> SimOrder? {
        guard let old = order(index: index), !old.deleted else { return nil }
        var o = old
        o.updatedAt = mutationTime(wall)
        store(o, previous: old)
        return o
    }

    /// An order edit: new subtotal (never below what was already refunded), tax and total follow.
    @discardableResult
    mutating func edit(index: Int, subtotal: Int64, at wall: Int64) -> SimOrder? {
        guard let old = order(index: index), !old.deleted else { return nil }
        var o = old
        o.subtotal = max(subtotal, o.refunded, 1)
        o.tax = SimOrder.tax(on: o.subtotal)
        o.updatedAt = mutationTime(wall)
        o.recomputeStatus()
        store(o, previous: old)
        return o
    }

    @discardableResult
    mutating func cancel(index: Int, at wall: Int64) -> SimOrder? {
        guard let old = order(index: index), !old.deleted, old.cancelledAt == nil else { return nil }
        var o = old
        let t = mutationTime(wall)
        o.cancelledAt = t
        o.updatedAt = t
        o.recomputeStatus()
        store(o, previous: old)
        return o
    }

    /// Adds a refund of `cents` (capped at what is left to refund) split into 1–3 lines; nil when nothing is left.
    @discardableResult
    mutating func refund(index: Int, cents: Int64, lines: Int, at wall: Int64) -> SimOrder? {
        guard let old = order(index: index), !old.deleted, old.cancelledAt == nil,
              old.refunds.count < SimIDs.refundsPerOrder else { return nil }
        let amount = min(cents, old.subtotal - old.refunded)
        guard amount > 0 else { return nil }
        var o = old
        let t = mutationTime(wall)
        var r = SplitMix64(seed: base.seed, index: index, salt: 10 + UInt64(o.refunds.count))
        let id = SimIDs.refund + Int64(index) * Int64(SimIDs.refundsPerOrder) + Int64(o.refunds.count)
        o.refunds.append(SimRefund(id: id, createdAt: t, lines: SyntheticStore.split(amount, parts: max(1, min(3, lines)), &r)))
        o.updatedAt = t
        o.recomputeStatus()
        store(o, previous: old)
        return o
    }

    @discardableResult
    mutating func delete(index: Int, at wall: Int64) -> SimOrder? {
        guard let old = order(index: index), !old.deleted else { return nil }
        var o = old
        o.deleted = true
        let t = mutationTime(wall)
        store(o, previous: old)
        events.append(DeletionEvent(id: SimIDs.event + Int64(events.count) + 1, orderID: o.id, orderName: o.name, createdAt: t))
        return o
    }

    @discardableResult
    mutating func addLiveOrder(at wall: Int64) -> SimOrder {
        let index = base.orderCount + liveCount
        liveCount += 1
        let o = base.liveOrder(index: index, at: mutationTime(wall))
        if let c = o.customerIndex { extraCustomerOrders[c, default: 0] += 1 }
        store(o, previous: nil)
        return o
    }
}
