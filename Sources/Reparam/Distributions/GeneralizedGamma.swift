import Foundation

/// GeneralizedGamma(concentration α, power c, scale s) (Stacy's family, scipy's `gengamma`):
/// z = s·G^{1/c} with G ~ Gamma(α, 1); p(z) = c z^{cα−1} e^{−(z/s)^c} / (s^{cα} Γ(α)) on z > 0,
/// F(z) = P(α, (z/s)^c). Gamma (c = 1), Weibull (α = 1), half-normal and Chi are special cases.
///
/// Implicit in the shape α through the engine's exact Gamma derivative, explicit in c and s
/// (log z = log s + (log G)/c):
///
///     d log z/dα = (d log G/dα)/c,   ∂log z/∂c = −log G/c²,   ∂log z/∂s = 1/s
///
///     let d = try GeneralizedGamma(concentration: .parameter(2), power: .parameter(1.5), scale: Tensor(1))
public struct GeneralizedGamma: GammaTransformFamily {
    public let concentration: Tensor
    public let power: Tensor
    public let scale: Tensor
    public let batchShape: [Int]
    public var parameters: [(name: String, value: Tensor)] { [("concentration", concentration), ("power", power), ("scale", scale)] }
    public var eventShape: [Int] { [] }
    public var support: Support { .positive }

    public static let family = Family(
        constructor: "generalized_gamma", name: "GeneralizedGamma",
        parameters: [.init("concentration", .positive, meaning: "shape α > 0"),
                     .init("power", .positive, meaning: "power c > 0 (c = 1: Gamma; α = 1: Weibull)"),
                     .init("scale", .positive, default: 1, meaning: "s > 0")],
        support: .fixed(.positive), route: .implicit,
        summary: "GeneralizedGamma(concentration α, power c, scale s), z = s·G^(1/c), G ~ Gamma(α); implicit in α, explicit in c and s",
        formula: "F(z) = P(α, (z/s)^c) on z > 0", example: "generalized_gamma(2, 1.5)") { inputs in
        try GeneralizedGamma(concentration: inputs[0], power: inputs[1], scale: inputs[2])
    }

    public init(concentration: Tensor, power: Tensor, scale: Tensor = Tensor(1)) throws {
        batchShape = try Self.family.checked([concentration, power, scale])
        self.concentration = concentration
        self.power = power
        self.scale = scale
    }

    static var increasingInGamma: Bool { true }
    static func gammaShape(_ θ: UnsafeBufferPointer<Double>, _ partials: UnsafeMutableBufferPointer<Double>) -> Double {
        partials[0] = 1
        partials[1] = 0
        partials[2] = 0
        return θ[0]
    }
    static func logValue(logGamma: Double, _ θ: UnsafeBufferPointer<Double>, _ partials: UnsafeMutableBufferPointer<Double>) -> (logValue: Double, slope: Double) {
        let (c, s) = (θ[1], θ[2])
        partials[0] = 0
        partials[1] = -logGamma / (c * c)
        partials[2] = 1 / s
        return (Foundation.log(s) + logGamma / c, 1 / c)
    }

    /// log(c/s) − log Γ(α) + (cα − 1) log(z/s) − (z/s)^c for z > 0; −∞ elsewhere.
    public func computeLogProb(_ value: Tensor) throws -> Tensor {
        let positive = try value.compared(.greater, Tensor(0))
        let logRatio = try log(`where`(positive, value, Tensor(1)).dividing(by: scale))
        let body = try (log(power / scale) - lgamma(concentration)).adding((power * concentration - 1) * logRatio).subtracting(exp(power * logRatio))
        return try `where`(positive, body, Tensor(-.infinity))
    }
    public func computeCDF(_ value: Tensor) throws -> Tensor { try cdfThroughDuals(value) }

    /// P(α, (z/s)^c).
    public func cdf<T: RealScalar>(at z: T, parameters θ: [T]) -> T {
        z.value <= 0 ? T(0) : regularizedGammaP(θ[0], exp(θ[1] * log(z / θ[2])))
    }
    public func logDensity(at z: Double, parameters θ: [Double]) -> Double {
        let (a, c, s) = (θ[0], θ[1], θ[2])
        let logRatio = Foundation.log(z / s)
        return Foundation.log(c / s) - logGamma(a) + (c * a - 1) * logRatio - Foundation.exp(c * logRatio)
    }

    /// s Γ(α + 1/c)/Γ(α).
    public var mean: Tensor { batched(scale * exp(lgammaDifference(concentration, 1 / power))) }
    /// s²(Γ(α + 2/c)/Γ(α) − (Γ(α + 1/c)/Γ(α))²), through expm1 of the log-Gamma differences
    /// (`lgammaDifference`: two lgamma values subtracted lost 2e-10 at α = 50).
    public var variance: Tensor {
        let first = lgammaDifference(concentration, 1 / power)
        let second = lgammaDifference(concentration, 2 / power)
        return batched(scale * scale * exp(2 * first) * expm1(second - 2 * first))
    }
    /// log(s/c) + log Γ(α) + α − (α − 1/c)ψ(α) (`standardEntropy`).
    public func computeEntropy() throws -> Tensor {
        batched(try Tensor.dualElementwise([concentration, power]) { v in Self.standardEntropy(v[0], power: v[1]) } + log(scale))
    }

    /// The entropy at s = 1: as written below α = 1 (where the ψ term dominates), regrouped as
    /// H(α) − (1 − 1/c)ψ(α) − log c above, H the Gamma(·, 1) entropy (`gammaStandardEntropy`), where
    /// the plain form cancels terms of size α log α.
    static func standardEntropy<T: RealScalar>(_ a: T, power c: T) -> T {
        if a.value < 1 { return logGamma(a) + a - (a - 1 / c) * digamma(a) - log(c) }
        return gammaStandardEntropy(a) - (1 - 1 / c) * digamma(a) - log(c)
    }
}
