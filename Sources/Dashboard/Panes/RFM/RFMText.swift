import Foundation
import LoyaltyCore
import LoyaltyStore
import TerminalUI

/// Words and figures the RFM screen's panels share.
enum RFMText {
    /// The merchant's name for a segment when they renamed it, else the default name in the dashboard's language.
    static func segmentName(_ segment: RFMSegment?, _ names: RFMSegmentNames, _ l: Localizer) -> String {
        guard let segment else { return l.t("rfm.segment.none") }
        return names.overrides[segment] ?? l.t("rfm.segment.\(segment.key)")
    }

    /// A recompute day: days since 1970-01-01 that already count calendar days in the shop's zone, so they are
    /// formatted as UTC midnights (the dashboard's localizer is in the shop's zone, which would move them back).
    static func day(_ day: Int64, _ l: Localizer) -> String { l.inTimeZone(.gmt).format.date(unixSeconds: day * 86_400) }

    /// A moment (the dashboard's localizer is in the shop's time zone).
    static func moment(_ time: UnixTime, _ state: AppState) -> String { state.localizer.format.dateTime(unixSeconds: time) }

    static func date(_ time: UnixTime, _ state: AppState) -> String { state.localizer.format.date(unixSeconds: time) }

    /// P(alive) to three decimals ("–" without a fit).
    static func probability(_ p: Double?, _ state: AppState) -> String {
        guard let p, p.isFinite else { return ProgramText.dash(state) }
        return state.localizer.format.decimal(p, fractionDigits: 3)
    }

    /// Expected purchases to two decimals ("–" without a fit).
    static func expected(_ x: Double?, _ state: AppState) -> String {
        guard let x, x.isFinite else { return ProgramText.dash(state) }
        return state.localizer.format.decimal(x, fractionDigits: 2)
    }

    /// `part` as a share of `total`, whole percent; "–" when the total is not positive.
    static func share(_ part: Int64, of total: Int64, _ state: AppState) -> String {
        guard total > 0 else { return ProgramText.dash(state) }
        return state.localizer.format.percent(Double(part) / Double(total), maxFractionDigits: 0)
    }

    /// Rows drawn in `rect` from its top: each line clipped to the width; stops at the bottom.
    static func lines(_ lines: [(String, Style)], in rect: Rect, into frame: inout CellBuffer) {
        for (i, (text, style)) in lines.enumerated() where i < rect.height {
            frame.text(text, x: rect.x, y: rect.y + i, width: rect.width, style: style)
        }
    }
}
