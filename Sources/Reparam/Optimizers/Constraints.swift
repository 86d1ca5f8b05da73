import Foundation

/// A bijection from unconstrained real space onto a parameter's domain, so
/// that gradient descent on the unconstrained value never leaves the support.
///
///     positive:      θ = exp(u)              u = log θ
///     unit interval: θ = σ(u)                u = log θ − log(1 − θ)
///     simplex:       θ = softmax(u)          u = log θ (up to a constant)
///     greaterThan c: θ = c + exp(u)          u = log(θ − c)
public enum ParameterTransform: Sendable, Equatable {
    case identity
    case positive
    case unitInterval
    case simplex
    case greaterThan(Double)

    /// The transform matching a distribution parameter's constraint.
    public init(_ constraint: Constraint) {
        switch constraint {
        case .real: self = .identity
        case .positive: self = .positive
        case .unitInterval: self = .unitInterval
        case let .greaterThan(c): self = .greaterThan(c)
        }
    }

    /// θ = T(u), differentiable in u.
    public func constrained(_ u: Tensor) throws -> Tensor {
        switch self {
        case .identity: return u
        case .positive: return exp(u)
        case .unitInterval: return sigmoid(u)
        case .simplex: return try u.softmax(axis: -1)
        case let .greaterThan(c): return exp(u) + c
        }
    }

    /// u = T⁻¹(θ), a constant starting point for the optimizer.
    public func unconstrained(_ θ: Tensor) -> Tensor {
        let values = θ.scalars
        let u: [Double]
        switch self {
        case .identity: u = values
        case .positive: u = values.map { Foundation.log($0) }
        case .unitInterval: u = values.map { Foundation.log($0) - Foundation.log1p(-$0) }
        case .simplex: u = values.map { Foundation.log($0) }
        case let .greaterThan(c): u = values.map { Foundation.log($0 - c) }
        }
        return Tensor(unchecked: θ.shape, u)
    }
}
