import Foundation

/// Weibull(scale λ, concentration k): F(z) = 1 − exp(−(z/λ)ᵏ) on z > 0.
///
/// Explicit: z = λE^{1/k} with E ~ Exponential(1), so
///
///     ∂z/∂λ = z/λ,   ∂z/∂k = −z log E / k²
///
/// and the implicit rule through F gives the same derivatives (on request).
///
///     let d = try Weibull(scale: .parameter(2), concentration: .parameter(1.5))   // mean 2Γ(1 + 1/1.5)
public struct Weibull: ExplicitTransformFamily {
    public let scale: Tensor
    public let concentration: Tensor
    public let batchShape: [Int]
    public var parameters: [(name: String, value: Tensor)] { [("scale", scale), ("concentration", concentration)] }
    public var eventShape: [Int] { [] }
    public var support: Support { .positive }

    public static let family = Family(
        constructor: "weibull", name: "Weibull",
        parameters: [.init("scale", .positive, meaning: "λ > 0 (the 63rd percentile)"),
                     .init("concentration", .positive, meaning: "shape k > 0 (k = 1 is the exponential)")],
        support: .fixed(.positive), route: .explicit,
        summary: "Weibull(scale λ, concentration k), mean λΓ(1 + 1/k); rsample z = λE^(1/k), E ~ Exponential(1) (explicit; implicit on request)",
        formula: "F(z) = 1 − exp(−(z/λ)ᵏ) on z > 0", example: "weibull(2, 1.5)") { inputs in
        try Weibull(scale: inputs[0], concentration: inputs[1])
    }

    public init(scale: Tensor, concentration: Tensor) throws {
        batchShape = try Self.family.checked([scale, concentration])
        self.scale = scale
        self.concentration = concentration
    }

    static var noise: StandardNoise { .exponential }
    static func transform(_ e: Double, _ θ: UnsafeBufferPointer<Double>, _ partials: UnsafeMutableBufferPointer<Double>) -> Double {
        let (lambda, k) = (θ[0], θ[1])
        let logE = Foundation.log(e)
        let standard = Foundation.exp(logE / k)
        partials[0] = standard
        partials[1] = -lambda * standard * logE / (k * k)
        return lambda * standard
    }

    /// log(k/λ) + (k−1) log(z/λ) − (z/λ)ᵏ for z > 0; −∞ elsewhere.
    public func computeLogProb(_ value: Tensor) throws -> Tensor {
        let positive = try value.compared(.greater, Tensor(0))
        let ratio = try `where`(positive, value, Tensor(1)).dividing(by: scale)
        let body = try log(concentration / scale).adding((concentration - 1) * log(ratio)).subtracting(pow(ratio, concentration))
        return try `where`(positive, body, Tensor(-.infinity))
    }
    public func computeCDF(_ value: Tensor) throws -> Tensor { try cdfThroughDuals(value) }

    /// 1 − exp(−(z/λ)ᵏ), as −expm1 so the lower tail keeps its digits.
    public func cdf<T: RealScalar>(at z: T, parameters θ: [T]) -> T {
        z.value <= 0 ? T(0) : -expm1(-exp(θ[1] * log(z / θ[0])))
    }
    public func logDensity(at z: Double, parameters θ: [Double]) -> Double {
        let (lambda, k) = (θ[0], θ[1])
        let logRatio = Foundation.log(z / lambda)
        return Foundation.log(k / lambda) + (k - 1) * logRatio - Foundation.exp(k * logRatio)
    }

    /// λΓ(1 + 1/k).
    public var mean: Tensor { batched(scale * exp(lgamma(1 + 1 / concentration))) }
    /// λ²(Γ(1 + 2/k) − Γ(1 + 1/k)²), as λ²Γ(1+1/k)²·expm1(log Γ(1+2/k) − 2 log Γ(1+1/k)) (no cancellation at large k).
    public var variance: Tensor {
        let first = lgamma(1 + 1 / concentration), second = lgamma(1 + 2 / concentration)
        return batched(scale * scale * exp(2 * first) * expm1(second - 2 * first))
    }
    /// γ(1 − 1/k) + log(λ/k) + 1.
    public func computeEntropy() -> Tensor { batched(Gumbel.eulerGamma * (1 - 1 / concentration) + log(scale / concentration) + 1) }
}
