import Foundation
import GRDB
import LoyaltyCore

/// A customer's VIP standing as the journey and `customer show` present it.
public struct CustomerTierInfo: Codable, Hashable, Sendable {
    public var tierKey: String?
    public var tierName: String?
    public var since: UnixTime?
    /// When the tier stops being held by the activity already recorded; nil when it cannot expire.
    public var expiresAt: UnixTime?
    public var basis: TierBasis
    /// Activity counted in the current window, in the basis' unit (minor units for spend).
    public var windowValue: Int64
    public var nextTierKey: String?
    public var nextTierName: String?
    public var neededForNext: Int64?
    public var percentToNext: Int
    /// Activity still needed in the current window to keep the tier.
    public var neededToRetain: Int64
    public var floor: ManualFloor?
}

extension LoyaltyStore {
    /// The customer's tier and progress as of `now`; nil when the merchant has no tiers.
    public func customerTier(_ session: Session, customerID: Int64, now: UnixTime) throws -> CustomerTierInfo? {
        try read { db in
            _ = try customerRow(db, session: session, id: customerID)
            let (version, settings) = try currentSettings(db, merchantID: session.merchant.id)
            let program = try CompiledProgram.load(db, merchantID: session.merchant.id, settings: settings, settingsVersion: version)
            guard let engine = program.tiers else { return nil }
            let standing = CustomerTierHistory.standing(engine, events: try CustomerTierHistory(db: db).events(customerID: customerID), asOf: now)
            func name(_ key: String?) -> String? { key.flatMap(engine.rank(of:)).map { engine.tiers[$0].name.text(for: "en") } }
            let p = standing.progress
            return CustomerTierInfo(tierKey: standing.state.tierKey, tierName: name(standing.state.tierKey), since: standing.state.since,
                                    expiresAt: p.expiresAt, basis: settings.tiers.basis, windowValue: p.windowValue,
                                    nextTierKey: p.nextTierKey, nextTierName: name(p.nextTierKey), neededForNext: p.neededForNext,
                                    percentToNext: p.percentToNext, neededToRetain: p.neededToRetain, floor: standing.state.floor)
        }
    }
}
