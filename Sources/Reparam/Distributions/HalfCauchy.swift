import Foundation

/// HalfCauchy(scale σ): |X| for X ~ Cauchy(0, σ), p(z) = 2/(πσ(1 + (z/σ)²)) on z ≥ 0.
///
/// Explicit: z = σ tan(πU/2), U ~ Uniform(0, 1), so ∂z/∂σ = tan(πU/2); formed as
/// σ/tan(π(1−U)/2) above U = ½, where 1 − U is exact and the pole keeps its digits.
/// F(z) = (2/π) atan(z/σ). Mean and variance are infinite.
///
///     let d = try HalfCauchy(scale: .parameter(1))   // median σ
public struct HalfCauchy: ExplicitTransformFamily {
    public let scale: Tensor
    public var batchShape: [Int] { scale.shape }
    public var parameters: [(name: String, value: Tensor)] { [("scale", scale)] }
    public var eventShape: [Int] { [] }
    public var support: Support { .positive }

    public static let family = Family(
        constructor: "half_cauchy", name: "HalfCauchy",
        parameters: [.init("scale", .positive, default: 1, meaning: "σ > 0, the median")],
        support: .fixed(.positive), route: .explicit,
        summary: "HalfCauchy(scale σ), |X| for X ~ Cauchy(0, σ), infinite mean; rsample z = σ tan(πu/2) (explicit)",
        formula: "p(z) = 2/(πσ(1 + (z/σ)²)) on z ≥ 0", example: "half_cauchy(1)") { inputs in
        try HalfCauchy(scale: inputs[0])
    }

    public init(scale: Tensor) throws {
        _ = try Self.family.checked([scale])
        self.scale = scale
    }

    static var noise: StandardNoise { .uniform }
    static func transform(_ u: Double, _ θ: UnsafeBufferPointer<Double>, _ partials: UnsafeMutableBufferPointer<Double>) -> Double {
        let standard = u <= 0.5 ? Foundation.tan(0.5 * Double.pi * u) : 1 / Foundation.tan(0.5 * Double.pi * (1 - u))
        partials[0] = standard
        return θ[0] * standard
    }

    /// log(2/(πσ)) − log(1 + (z/σ)²) for z ≥ 0; −∞ below.
    public func computeLogProb(_ value: Tensor) throws -> Tensor {
        let inside = try value.compared(.greaterOrEqual, Tensor(0))
        let y = try `where`(inside, value, Tensor(0)).dividing(by: scale)
        let body = Foundation.log(2 / Double.pi) - log(scale) - log1p(y * y)
        return try `where`(inside, body, Tensor(-.infinity))
    }
    public func computeCDF(_ value: Tensor) throws -> Tensor { try cdfThroughDuals(value) }

    /// (2/π) atan(z/σ), as 1 − (2/π) atan(σ/z) above z = σ.
    public func cdf<T: RealScalar>(at z: T, parameters θ: [T]) -> T {
        if z.value <= 0 { return T(0) }
        return z.value <= θ[0].value ? T(2 / Double.pi) * atan(z / θ[0]) : 1 - T(2 / Double.pi) * atan(θ[0] / z)
    }
    public func logDensity(at z: Double, parameters θ: [Double]) -> Double {
        let y = z / θ[0]
        return Foundation.log(2 / Double.pi) - Foundation.log(θ[0]) - Foundation.log1p(y * y)
    }

    /// +∞ (the mean does not exist as a finite number).
    public var mean: Tensor { Tensor(repeating: .infinity, shape: batchShape) }
    /// +∞.
    public var variance: Tensor { Tensor(repeating: .infinity, shape: batchShape) }
    /// log(2πσ).
    public func computeEntropy() -> Tensor { log(scale) + Foundation.log(2 * Double.pi) }
}
