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

extension Gamma: DifferentiableLogDensity {
    /// α log β + (α − 1) log z − βz − log Γ(α).
    public func logDensity<T: RealScalar>(at z: T, parameters θ: [T]) -> T {
        let (a, b) = (θ[0], θ[1])
        return a * log(b) + (a - 1) * log(z) - b * z - logGamma(a)
    }
}

extension Beta: DifferentiableLogDensity {
    /// (a − 1) log x + (b − 1) log(1 − x) − log B(a, b).
    public func logDensity<T: RealScalar>(at x: T, parameters θ: [T]) -> T {
        let (a, b) = (θ[0], θ[1])
        return (a - 1) * log(x) + (b - 1) * log1p(-x) - (logGamma(a) + logGamma(b) - logGamma(a + b))
    }
}

extension StudentT: DifferentiableLogDensity {
    /// log Γ((ν+1)/2) − log Γ(ν/2) − ½ log(νπ) − log σ − (ν+1)/2 · log(1 + y²/ν), y = (z − μ)/σ.
    public func logDensity<T: RealScalar>(at z: T, parameters θ: [T]) -> T {
        let nu = θ[0], y = (z - θ[1]) / θ[2]
        let half: T = 0.5
        let normalization: T = logGamma(half * (nu + 1)) - logGamma(half * nu) - half * log(nu * T(Double.pi)) - log(θ[2])
        let tail: T = half * (nu + 1) * log1p(y * y / nu)
        return normalization - tail
    }
}
