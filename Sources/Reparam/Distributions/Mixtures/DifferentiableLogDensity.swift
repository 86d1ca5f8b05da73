import Foundation

/// Families whose log density is written generically, so that dual numbers give
/// ∂log p/∂z and ∂log p/∂θ (what Graves' transform needs for the posterior weights).
///
///     let d = try Logistic(loc: 0, scale: 1)
///     d.logDensity(at: Dual(0.3, derivative: 1), parameters: [Dual(0), Dual(1)]).derivative   // ∂log p/∂z
public protocol DifferentiableLogDensity: UnivariateCDFFamily {
    /// log p(z; θ) at one point, θ in `parameters` order.
    func logDensity<T: RealScalar>(at z: T, parameters θ: [T]) -> T
}

extension Normal: DifferentiableLogDensity {
    public func logDensity<T: RealScalar>(at z: T, parameters θ: [T]) -> T {
        standardNormalLogDensity((z - θ[0]) / θ[1]) - log(θ[1])
    }
}

extension Logistic: DifferentiableLogDensity {
    /// −|x| − 2 log(1 + e^{−|x|}) − log scale (symmetric, no overflow).
    public func logDensity<T: RealScalar>(at z: T, parameters θ: [T]) -> T {
        let a = abs((z - θ[0]) / θ[1])
        return -a - 2 * log1p(exp(-a)) - log(θ[1])
    }
}

extension Laplace: DifferentiableLogDensity {
    /// −|x| − log 2 − log scale.
    public func logDensity<T: RealScalar>(at z: T, parameters θ: [T]) -> T {
        -abs((z - θ[0]) / θ[1]) - T(Foundation.log(2.0)) - log(θ[1])
    }
}

extension Gumbel: DifferentiableLogDensity {
    /// −x − e^{−x} − log scale.
    public func logDensity<T: RealScalar>(at z: T, parameters θ: [T]) -> T {
        let x = (z - θ[0]) / θ[1]
        return -x - exp(-x) - log(θ[1])
    }
}

extension Cauchy: DifferentiableLogDensity {
    /// −log(π(1 + x²)) − log scale.
    public func logDensity<T: RealScalar>(at z: T, parameters θ: [T]) -> T {
        let x = (z - θ[0]) / θ[1]
        return -log1p(x * x) - T(Foundation.log(Double.pi)) - log(θ[1])
    }
}
