import Foundation

/// Where a parameter's values may live, as data (torch.distributions' `arg_constraints`),
/// and the bijection optimizers step through so a fit never leaves it.
///
/// One vocabulary for both jobs: a family declares `concentration: .positive`; its `init`
/// checks the values against the rule, `?gamma` prints it, and `fit` moves the unconstrained
/// u with θ = T(u):
///
///     real, extendedReal:  θ = u
///     positive:            θ = exp(u)              u = log θ
///     unitInterval:        θ = σ(u)                u = log θ − log(1 − θ)
///     simplex:             θ = softmax(u)          u = log θ (up to a constant)
///     greaterThan(c):      θ = c + exp(u)          u = log(θ − c)
///     lowerCholesky:       θ = L(u): u below the diagonal, exp(u_ii) on it, 0 above
///     positiveDefinite:    θ = L(u) L(u)ᵀ          u = L⁻¹(cholesky(θ))
///     nonnegativeInteger:  θ = u (a count; families hold it off the tape, so fits never move it)
///
///     try Constraint.positive.check("Gamma", "rate", Tensor(-1))   // Gamma: rate must be positive, got -1
public enum Constraint: Sendable, Equatable, CustomStringConvertible {
    /// A finite real number.
    case real
    /// A real number or ±∞ (a bound that may be left open), not NaN.
    case extendedReal
    case positive
    case unitInterval
    /// Nonnegative weights (normalized by the family, so the optimizer keeps them on the simplex).
    case simplex
    case greaterThan(Double)
    /// Matrices [..., n, n], symmetric with every Cholesky pivot positive (a covariance).
    case positiveDefinite
    /// Matrices [..., n, n], lower triangular with a positive diagonal (a Cholesky factor).
    case lowerCholesky
    /// 0, 1, 2, …: a count such as a Binomial's number of trials.
    case nonnegativeInteger

    /// The rule as messages state it: "scale must be positive".
    public var rule: String {
        switch self {
        case .real: "a finite real number"
        case .extendedReal: "a real number or ±inf (not NaN)"
        case .positive: "positive"
        case .unitInterval: "in (0, 1)"
        case .simplex: "nonnegative and finite"
        case let .greaterThan(x): "greater than \(Validation.format(x))"
        case .positiveDefinite: "a symmetric positive-definite matrix"
        case .lowerCholesky: "a lower-triangular matrix with a positive diagonal"
        case .nonnegativeInteger: "a whole number 0, 1, 2, …"
        }
    }

    /// The set, as help texts name it: `real`, `positive`, `> 2`.
    public var description: String {
        switch self {
        case .real: "real"
        case .extendedReal: "real or ±inf"
        case .positive: "positive"
        case .unitInterval: "in (0, 1)"
        case .simplex: "simplex"
        case let .greaterThan(bound): "> \(Validation.format(bound))"
        case .positiveDefinite: "positive definite"
        case .lowerCholesky: "lower Cholesky"
        case .nonnegativeInteger: "0, 1, 2, …"
        }
    }

    /// Whether one element satisfies the rule.
    public func admits(_ x: Double) -> Bool {
        switch self {
        case .real: x.isFinite
        case .extendedReal: !x.isNaN
        case .positive: x > 0 && x.isFinite
        case .unitInterval: x > 0 && x < 1
        case .simplex: x >= 0 && x.isFinite
        case let .greaterThan(bound): x > bound && x.isFinite
        // The structure (square, symmetric, pivots) is checked on the whole matrix by `check`.
        case .positiveDefinite, .lowerCholesky: x.isFinite
        case .nonnegativeInteger: x >= 0 && x.isFinite && x == x.rounded(.down)
        }
    }

    /// Throws `ReparamError.invalidParameter` naming the family, the parameter, the first bad
    /// value (and its index) and the rule, unless every element of `value` is admitted.
    public func check(_ family: String, _ parameter: String, _ value: Tensor) throws {
        if self == .positiveDefinite || self == .lowerCholesky { return try checkMatrix(family, parameter, value) }
        guard let bad = value.scalars.firstIndex(where: { !admits($0) }) else { return }
        let shown = Validation.format(value.scalars[bad]) + (value.count > 1 ? " at index \(bad)" : "")
        throw ReparamError.invalidParameter(distribution: family, parameter: parameter, value: shown, rule: rule)
    }

    /// `check` for a matrix constraint: every entry finite, then the structure.
    private func checkMatrix(_ family: String, _ parameter: String, _ value: Tensor) throws {
        if let bad = value.scalars.firstIndex(where: { !$0.isFinite }) {
            throw ReparamError.invalidParameter(distribution: family, parameter: parameter,
                                                value: Validation.format(value.scalars[bad]) + " at \(MatrixConstraints.position(bad, value.shape))",
                                                rule: "a matrix of finite numbers")
        }
        if self == .positiveDefinite { try MatrixConstraints.checkPositiveDefinite(family, parameter, value) }
        else { try MatrixConstraints.checkLowerCholesky(family, parameter, value) }
    }

    /// θ = T(u), differentiable in u.
    public func constrained(_ u: Tensor) throws -> Tensor {
        switch self {
        case .real, .extendedReal, .nonnegativeInteger: return u
        case .positive: return exp(u)
        case .unitInterval: return sigmoid(u)
        case .simplex: return try u.softmax(axis: -1)
        case let .greaterThan(c): return exp(u) + c
        case .lowerCholesky: return try u.lowerCholeskyFromUnconstrained()
        case .positiveDefinite:
            let l = try u.lowerCholeskyFromUnconstrained()
            return try matmul(l, l.matrixTransposed())
        }
    }

    /// u = T⁻¹(θ), a constant starting point for the optimizer.
    public func unconstrained(_ θ: Tensor) -> Tensor {
        let values = θ.scalars
        let u: [Double]
        switch self {
        case .real, .extendedReal, .nonnegativeInteger: u = values
        case .positive: u = values.map { Foundation.log($0) }
        case .unitInterval: u = values.map { Foundation.log($0) - Foundation.log1p(-$0) }
        case .simplex: u = values.map { Foundation.log($0) }
        case let .greaterThan(c): u = values.map { Foundation.log($0 - c) }
        case .lowerCholesky: return θ.detached.unconstrainedFromLowerCholesky()
        case .positiveDefinite:
            // A value that passed `check` has a factor; anything else starts from u = 0, the identity.
            guard let l = try? cholesky(θ.detached) else { return Tensor(repeating: 0, shape: θ.shape) }
            return l.unconstrainedFromLowerCholesky()
        }
        return Tensor(unchecked: θ.shape, u)
    }
}
