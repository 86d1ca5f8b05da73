import Foundation

/// The exact posterior of a model whose log-joint log p(x, z), as a function of z, is a family's
/// log-density up to a constant: recognised by evaluating the log-joint, not by reading it.
///
/// For q in one of three families the log-joint is tried against that family's sufficient
/// statistics T(z):
///
///     normal   log p(x, z) = c₀ + c₁ z + c₂ z²                → N(c₁/(−2c₂), 1/√(−2c₂))       (c₂ < 0)
///     gamma    log p(x, z) = c₀ + c₁ log z + c₂ z             → Gamma(c₁ + 1, rate: −c₂)        (c₁ > −1, c₂ < 0)
///     beta     log p(x, z) = c₀ + c₁ log z + c₂ log(1 − z)    → Beta(c₁ + 1, c₂ + 1)            (c₁, c₂ > −1)
///
/// These are the conjugate models: a Normal mean with known variance under a Normal prior,
/// a Poisson rate under a Gamma prior, a Bernoulli probability under a Beta prior. The
/// coefficients come from least squares over `points` of the support, and the form is accepted
/// only when every point's residual is below 1e-9 of the largest |log p| (1e-9 absolute below 1):
/// a log-joint outside the span misses it at some point by far more. The evidence follows:
///
///     log p(x) = c₀ + log ∫ exp(c·T(z)) dz       (√(π/−c₂) e^{−c₁²/4c₂}, Γ(a)/bᵃ, B(a, b))
///
/// so that ELBO(q) = log p(x) − KL(q ‖ posterior) (`KLDivergence`).
///
///     // λ ~ Gamma(2, 1), counts [3, 5, 2, 4, 6] ~ Poisson(λ): 21 log λ − 6λ + c.
///     let exact = try ConjugatePosterior.recognise(.gamma) { z in z.map { 21 * log($0) - 6 * $0 } }
///     exact?.posterior    // Gamma(concentration: 22, rate: 6)
public struct ConjugatePosterior {
    public enum Form: String, CaseIterable, Sendable {
        case normal, gamma, beta

        /// The form whose family `q` belongs to, or nil.
        public init?(familyOf q: any Distribution) {
            guard q.batchShape.isEmpty, q.eventShape.isEmpty else { return nil }
            switch q {
            case is Normal: self = .normal
            case is Gamma: self = .gamma
            case is Beta: self = .beta
            default: return nil
            }
        }

        /// Where the log-joint is evaluated: spread over the support, both ways from 1.
        public var points: [Double] {
            switch self {
            case .normal: return [-7, -3, -1.5, -0.5, 0, 0.3, 1, 2, 4, 9]
            case .gamma: return [0.02, 0.1, 0.35, 0.8, 1, 1.7, 3, 6, 12, 25]
            case .beta: return [0.01, 0.05, 0.15, 0.3, 0.45, 0.5, 0.62, 0.8, 0.93, 0.99]
            }
        }

        func statistics(_ z: Double) -> [Double] {
            switch self {
            case .normal: return [1, z, z * z]
            case .gamma: return [1, log(z), z]
            case .beta: return [1, log(z), log1p(-z)]
            }
        }

        /// The log-joint as the family's log-density, written for people.
        func describe(_ c: [Double]) -> String {
            let terms: [(Double, String)]
            switch self {
            case .normal: terms = [(c[2], "z^2"), (c[1], "z")]
            case .gamma: terms = [(c[1], "log z"), (c[2], "z")]
            case .beta: terms = [(c[1], "log z"), (c[2], "log(1 - z)")]
            }
            var text = ""
            for (coefficient, name) in terms {
                let magnitude = shortNumber(abs(coefficient))
                text += text.isEmpty ? (coefficient < 0 ? "-" : "") : (coefficient < 0 ? " - " : " + ")
                text += (magnitude == "1" ? "" : magnitude + " ") + name
            }
            return text + " + const"
        }
    }

    public let form: Form
    /// c₀, c₁, c₂ as in the table above.
    public let coefficients: [Double]
    /// The exact posterior, with plain (non-parameter) tensors.
    public let posterior: any Distribution
    /// log p(x) = log ∫ p(x, z) dz.
    public let logEvidence: Double

    /// `"21 log z - 6 z + const"`: the log-joint as recognised.
    public var logJointDescription: String { form.describe(coefficients) }

    /// The posterior when `logJoint` (values at the given points) is exactly of `form` and proper;
    /// nil when it is not of the form (or is, but improper: a shape ≤ 0, a precision ≤ 0). Errors
    /// of `logJoint` propagate.
    public static func recognise(_ form: Form, logJoint: ([Double]) throws -> [Double]) throws -> ConjugatePosterior? {
        let z = form.points
        let values = try logJoint(z)
        guard values.count == z.count, values.allSatisfy(\.isFinite) else { return nil }
        let rows = z.map(form.statistics)
        guard let c = leastSquares(rows, values) else { return nil }
        let scale = max(1, values.map(abs).max() ?? 0)
        for (row, value) in zip(rows, values) {
            let fitted = zip(row, c).map(*).reduce(0, +)
            guard abs(fitted - value) <= 1e-9 * scale else { return nil }
        }
        let posterior: any Distribution
        let logNormaliser: Double
        switch form {
        case .normal:
            guard c[2] < 0 else { return nil }
            let precision = -2 * c[2]
            posterior = try Normal(loc: Tensor(c[1] / precision), scale: Tensor(1 / precision.squareRoot()))
            logNormaliser = 0.5 * log(Double.pi / -c[2]) - c[1] * c[1] / (4 * c[2])
        case .gamma:
            guard c[1] > -1, c[2] < 0 else { return nil }
            let (a, b) = (c[1] + 1, -c[2])
            posterior = try Gamma(concentration: Tensor(a), rate: Tensor(b))
            logNormaliser = logGamma(a) - a * log(b)
        case .beta:
            guard c[1] > -1, c[2] > -1 else { return nil }
            let (a, b) = (c[1] + 1, c[2] + 1)
            posterior = try Beta(a: Tensor(a), b: Tensor(b))
            logNormaliser = logGamma(a) + logGamma(b) - logGamma(a + b)
        }
        return ConjugatePosterior(form: form, coefficients: c, posterior: posterior, logEvidence: c[0] + logNormaliser)
    }

    /// KL(q ‖ posterior) in closed form.
    public func divergence(from q: any Distribution) throws -> Double { try KLDivergence.between(q, posterior) }

    /// The coefficients minimising Σ (rows·c − values)², by the normal equations (3 unknowns);
    /// nil when the rows do not determine them.
    static func leastSquares(_ rows: [[Double]], _ values: [Double]) -> [Double]? {
        let k = rows.first?.count ?? 0
        var a = [[Double]](repeating: [Double](repeating: 0, count: k + 1), count: k)
        for (row, value) in zip(rows, values) {
            for i in 0..<k {
                for j in 0..<k { a[i][j] += row[i] * row[j] }
                a[i][k] += row[i] * value
            }
        }
        // Gaussian elimination with partial pivoting.
        for column in 0..<k {
            guard let pivot = (column..<k).max(by: { abs(a[$0][column]) < abs(a[$1][column]) }), abs(a[pivot][column]) > 1e-300 else { return nil }
            a.swapAt(column, pivot)
            for row in 0..<k where row != column {
                let factor = a[row][column] / a[column][column]
                for j in column...k { a[row][j] -= factor * a[column][j] }
            }
        }
        return (0..<k).map { a[$0][k] / a[$0][$0] }
    }
}

/// Up to 6 significant digits, without trailing zeros: 21, 0.5, 1.23457e+06.
private func shortNumber(_ x: Double) -> String { String(format: "%.6g", x) }
