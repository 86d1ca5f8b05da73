import Foundation

/// HalfNormal(scale σ): |X| for X ~ Normal(0, σ), p(z) = √(2/π)/σ · e^{−z²/2σ²} on z ≥ 0.
///
/// Explicit: z = σ|ε|, ε ~ Normal(0, 1), so ∂z/∂σ = |ε|; F(z) = erf(z/(σ√2)).
///
///     let d = try HalfNormal(scale: .parameter(2))   // mean 2√(2/π)
public struct HalfNormal: ExplicitTransformFamily {
    public let scale: Tensor
    public var batchShape: [Int] { scale.shape }
    public var parameters: [(name: String, value: Tensor)] { [("scale", scale)] }
    public var eventShape: [Int] { [] }
    public var support: Support { .positive }

    public static let family = Family(
        constructor: "half_normal", name: "HalfNormal",
        parameters: [.init("scale", .positive, default: 1, meaning: "σ > 0 of the Normal folded at 0")],
        support: .fixed(.positive), route: .explicit,
        summary: "HalfNormal(scale σ), |X| for X ~ Normal(0, σ), mean σ√(2/π); rsample z = σ|ε| (explicit)",
        formula: "p(z) = √(2/π)/σ · exp(−z²/(2σ²)) on z ≥ 0", example: "half_normal(2)") { inputs in
        try HalfNormal(scale: inputs[0])
    }

    public init(scale: Tensor) throws {
        _ = try Self.family.checked([scale])
        self.scale = scale
    }

    static var noise: StandardNoise { .halfNormal }
    static var replaysNoise: Bool { true }
    static func transform(_ e: Double, _ θ: UnsafeBufferPointer<Double>, _ partials: UnsafeMutableBufferPointer<Double>) -> Double {
        partials[0] = e
        return θ[0] * e
    }

    /// ½ log(2/π) − log σ − z²/(2σ²) for z ≥ 0; −∞ below.
    public func computeLogProb(_ value: Tensor) throws -> Tensor {
        let inside = try value.compared(.greaterOrEqual, Tensor(0))
        let y = try `where`(inside, value, Tensor(0)).dividing(by: scale)
        let body = 0.5 * Foundation.log(2 / Double.pi) - log(scale) - 0.5 * y * y
        return try `where`(inside, body, Tensor(-.infinity))
    }
    public func computeCDF(_ value: Tensor) throws -> Tensor { try cdfThroughDuals(value) }

    /// erf(z/(σ√2)), as 1 − erfc above z = σ (the upper tail keeps its digits).
    public func cdf<T: RealScalar>(at z: T, parameters θ: [T]) -> T {
        if z.value <= 0 { return T(0) }
        let x = z / (θ[0] * T(2.0.squareRoot()))
        return x.value < 0.5 ? erf(x) : 1 - erfc(x)
    }
    public func logDensity(at z: Double, parameters θ: [Double]) -> Double {
        let y = z / θ[0]
        return 0.5 * Foundation.log(2 / Double.pi) - Foundation.log(θ[0]) - 0.5 * y * y
    }

    /// σ√(2/π).
    public var mean: Tensor { scale * (2 / Double.pi).squareRoot() }
    /// σ²(1 − 2/π).
    public var variance: Tensor { scale * scale * (1 - 2 / Double.pi) }
    /// ½ log(πσ²/2) + ½.
    public func computeEntropy() -> Tensor { log(scale) + 0.5 * Foundation.log(Double.pi / 2) + 0.5 }
}
