import Foundation

/// How a tier window cuts time into periods, the unit every tier rule counts in.
///
/// - lifetime: one period (0) for all time.
/// - calendar year: local calendar years of the merchant's time zone; the window is the current year so far; a tier
///   reached in a year is held (downgrade `at_window_end`) through the following year.
/// - rolling 12 months: local calendar months; the window is the current month so far and the 12 full months before
///   it, so an order counts for at least 12 full months (from its instant until the 13th month start after it); a
///   tier last reached in month m is held (`at_window_end`) through month m + 12.
///
/// Whole local months keep the rule explainable ("your March 2025 orders count until the end of March 2026") and make
/// every time-driven change happen at a local month start, which the merchant can predict and the engine can
/// precompute without calendar calls.
struct TierPeriods: Sendable {
    let window: TierWindow
    let months: MonthTable?
    /// Periods in a window: the window ending at period j covers periods j - span + 1 ... j.
    let span: Int
    /// Downgrade `at_window_end`: a tier reached in period j is held through period j + hold.
    let hold: Int

    init(window: TierWindow, zone: TimeZone) {
        self.window = window
        switch window {
        case .lifetime:
            months = nil
            span = 1
            hold = 0
        case .calendarYear:
            months = MonthTable(zone: zone)
            span = 1
            hold = 1
        case .rolling12Months:
            months = MonthTable(zone: zone)
            span = 13
            hold = 12
        }
    }

    /// Whether time alone can move a customer down (not for lifetime windows).
    var isWindowed: Bool { window != .lifetime }

    func period(of time: UnixTime) -> Int {
        switch window {
        case .lifetime: return 0
        case .calendarYear:
            let month = months!.month(of: time)
            return month >= 0 ? month / 12 : -((-month + 11) / 12)
        case .rolling12Months: return months!.month(of: time)
        }
    }

    /// The instant `period` begins (lifetime: the beginning of time).
    func start(of period: Int) -> UnixTime {
        switch window {
        case .lifetime: return period <= 0 ? Int64.min : Int64.max
        case .calendarYear: return months!.start(ofMonth: period * 12)
        case .rolling12Months: return months!.start(ofMonth: period)
        }
    }
}

/// The net activity of one period, in the policy's basis.
struct TierBucket: Hashable, Sendable {
    var period: Int
    var value: Int64
}

/// Adds without trapping: a sum of absurd amounts saturates instead of crashing a replay.
@inline(__always)
func saturatingAdd(_ a: Int64, _ b: Int64) -> Int64 {
    let (sum, overflow) = a.addingReportingOverflow(b)
    return overflow ? (b > 0 ? Int64.max : Int64.min) : sum
}

@inline(__always)
func saturatingSubtract(_ a: Int64, _ b: Int64) -> Int64 {
    let (difference, overflow) = a.subtractingReportingOverflow(b)
    return overflow ? (b < 0 ? Int64.max : Int64.min) : difference
}
