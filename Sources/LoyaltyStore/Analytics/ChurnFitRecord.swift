import Foundation
import GRDB
import LoyaltyCore

/// One BG/NBD fit (churn_fits row, or a fit made for a report and not stored). Time unit: weeks.
public struct ChurnFitRecord: Codable, Hashable, Sendable {
    /// nil for a fit that was not stored.
    public var id: Int64?
    /// The calibration end: the as-of time of the summaries fitted.
    public var asOf: UnixTime
    public var fittedAt: UnixTime
    public var timeUnit: String
    public var customers: Int
    public var converged: Bool
    /// For a converged fit, the maximum-likelihood parameters; for a failed one, its last finite iterate (for
    /// diagnosis only) or nil. Never NaN.
    public var parameters: BGNBDParameters?
    /// Total over the customers, at `parameters`.
    public var logLikelihood: Double?
    public var iterations: Int
    /// Why the fit failed, in words; nil when it converged.
    public var failure: String?

    init(result: BGNBDFitResult, asOf: UnixTime, fittedAt: UnixTime) {
        id = nil
        self.asOf = asOf
        self.fittedAt = fittedAt
        timeUnit = "weeks"
        customers = result.customerCount
        converged = result.converged && result.failure == nil && result.parameters?.isValid == true
            && result.logLikelihood?.isFinite == true
        parameters = result.parameters?.isValid == true ? result.parameters : nil
        logLikelihood = result.logLikelihood.flatMap { $0.isFinite ? $0 : nil }
        iterations = result.iterations
        failure = converged ? nil : (result.failure?.description ?? "the fit gave no usable parameters")
    }

    init(row: Row) {
        id = row["id"]
        asOf = row["as_of"]
        fittedAt = row["fitted_at"]
        timeUnit = row["time_unit"]
        customers = row["customers"]
        converged = row["converged"]
        if let r = row["r"] as Double?, let alpha = row["alpha"] as Double?, let a = row["a"] as Double?, let b = row["b"] as Double? {
            parameters = BGNBDParameters(r: r, alpha: alpha, a: a, b: b)
        }
        logLikelihood = row["log_likelihood"]
        iterations = row["iterations"]
        failure = row["failure"]
    }

    func insert(_ db: Database, merchantID: Int64) throws -> ChurnFitRecord {
        let p = parameters.flatMap { $0.isValid ? $0 : nil }
        try db.execute(sql: """
            INSERT INTO churn_fits (merchant_id, as_of, fitted_at, time_unit, customers, converged, r, alpha, a, b,
                log_likelihood, iterations, failure)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [merchantID, asOf, fittedAt, timeUnit, customers, converged, p?.r, p?.alpha, p?.a, p?.b,
                             logLikelihood.flatMap { $0.isFinite ? $0 : nil }, iterations, failure])
        var stored = self
        stored.id = db.lastInsertedRowID
        return stored
    }

    static func latest(_ db: Database, merchantID: Int64, convergedOnly: Bool) throws -> ChurnFitRecord? {
        try Row.fetchOne(db, sql: """
            SELECT * FROM churn_fits WHERE merchant_id = ? \(convergedOnly ? "AND converged = 1" : "") ORDER BY id DESC LIMIT 1
            """, arguments: [merchantID]).map(ChurnFitRecord.init(row:))
    }
}

/// The latest fit and the parameters in use: the latest converged fit, which stays in use when a newer fit fails.
public struct ChurnFitStatus: Codable, Hashable, Sendable {
    public var latest: ChurnFitRecord?
    public var lastGood: ChurnFitRecord?

    /// The failed latest fit, when the parameters in use come from an older one (or from none).
    public var failedLatest: ChurnFitRecord? { latest.flatMap { $0.converged ? nil : $0 } }
}
