/// New orders over time for the demo: one every 60 / perMinute seconds until the task is cancelled.
enum LiveOrders {
    static func run(simulator: ShopifySimulator, perMinute: Double) -> Task<Void, Never> {
        let interval = max(0.01, 60 / perMinute)
        return Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(interval))
                if Task.isCancelled { break }
                simulator.addLiveOrder()
            }
        }
    }
}
