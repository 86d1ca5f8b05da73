import Foundation

/// LogitNormal(loc μ, scale σ): z = σ(y) with y ~ Normal(μ, σ), on (0, 1);
/// F(z) = Φ((logit z − μ)/σ), log p(z) = log φ((logit z − μ)/σ) − log σ − log z − log(1 − z).
///
/// Explicit: z = sigmoid(μ + σε), so ∂z/∂μ = z(1−z), ∂z/∂σ = z(1−z)ε (1 − z formed as sigmoid(−y)).
/// Mean, variance and entropy have no closed form: they are Gaussian expectations over y,
/// computed by tanh–sinh quadrature in u = Φ(ε) on tensors (so they are differentiable),
///
///     H = ½ log(2πeσ²) − E[softplus(y) + softplus(−y)]
///
///     let d = try LogitNormal(loc: .parameter(0), scale: .parameter(1))   // mean ½ by symmetry
public struct LogitNormal: ExplicitTransformFamily {
    public let loc: Tensor
    public let scale: Tensor
    public let batchShape: [Int]
    public var parameters: [(name: String, value: Tensor)] { [("loc", loc), ("scale", scale)] }
    public var eventShape: [Int] { [] }
    public var support: Support { .unitInterval }

    public static let family = Family(
        constructor: "logit_normal", name: "LogitNormal",
        parameters: Normal.locationScaleParameters(scale: "σ > 0 of the Normal before the sigmoid"),
        support: .fixed(.unitInterval), route: .explicit,
        summary: "LogitNormal(loc μ, scale σ), sigmoid(y) for y ~ Normal(μ, σ); rsample explicit (moments by quadrature)",
        formula: "F(z) = Φ((logit z − μ)/σ) on (0, 1)", example: "logit_normal(0, 1)") { inputs in
        try LogitNormal(loc: inputs[0], scale: inputs[1])
    }

    public init(loc: Tensor, scale: Tensor) throws {
        batchShape = try Self.family.checked([loc, scale])
        self.loc = loc
        self.scale = scale
    }

    static var noise: StandardNoise { .normal }
    static func transform(_ e: Double, _ θ: UnsafeBufferPointer<Double>, _ partials: UnsafeMutableBufferPointer<Double>) -> Double {
        let y = θ[0] + θ[1] * e
        // One exponential: with t = e^{−|y|} and s = 1/(1 + t), σ(y) is s or t·s and σ(y)σ(−y) = t·s².
        let t = Foundation.exp(-Swift.abs(y)), s = 1 / (1 + t)
        let z = y >= 0 ? s : t * s, slope = t * s * s
        partials[0] = slope
        partials[1] = slope * e
        return z
    }

    /// log φ((logit z − μ)/σ) − log σ − log z − log(1 − z) inside (0, 1); −∞ outside.
    public func computeLogProb(_ value: Tensor) throws -> Tensor {
        let inside = try value.compared(.greater, Tensor(0)).multiplying(value.compared(.less, Tensor(1)))
        let safe = try `where`(inside, value, Tensor(0.5))
        let logZ = log(safe), logComplement = log1p(-safe)
        let standardized = try (logZ - logComplement).subtracting(loc).dividing(by: scale)
        let body = try (-0.5 * standardized * standardized - 0.5 * Foundation.log(2 * Double.pi)).subtracting(log(scale)) - logZ - logComplement
        return try `where`(inside, body, Tensor(-.infinity))
    }
    public func computeCDF(_ value: Tensor) throws -> Tensor { try cdfThroughDuals(clamp(value, min: 0, max: 1)) }

    /// Φ((log z − log(1 − z) − μ)/σ).
    public func cdf<T: RealScalar>(at z: T, parameters θ: [T]) -> T {
        if z.value <= 0 { return T(0) }
        if z.value >= 1 { return T(1) }
        return standardNormalCDF((log(z) - log1p(-z) - θ[0]) / θ[1])
    }
    public func logDensity(at z: Double, parameters θ: [Double]) -> Double {
        let logZ = Foundation.log(z), logComplement = Foundation.log1p(-z)
        return standardNormalLogDensity((logZ - logComplement - θ[0]) / θ[1]) - Foundation.log(θ[1]) - logZ - logComplement
    }

    /// E[g(y)] for y = μ + σε, ε ~ Normal(0, 1), per batch element: Σᵢ wᵢ g(μ + σΦ⁻¹(uᵢ)) on the
    /// tanh–sinh rule in u (nodes to within 1e-15 of the ends; g here is bounded or grows linearly).
    private func gaussianExpectation(_ g: (Tensor) -> Tensor) -> Tensor {
        let (u, w) = QuantileQuadrature.rule(step: 1.0 / 32)
        let column = [u.count] + batchShape.map { _ in 1 }
        let noise = Tensor(unchecked: column, u.map { standardNormalQuantile($0) })
        let y = batched(loc) + batched(scale) * noise
        // Shapes agree by construction ([N] + batch against [N, 1, …]); sum(axis: 0) cannot fail.
        return (try? (g(y) * Tensor(unchecked: column, w)).sum(axis: 0)) ?? Tensor(repeating: .nan, shape: batchShape)
    }

    /// E[sigmoid(y)].
    public var mean: Tensor { gaussianExpectation { sigmoid($0) } }
    /// E[(sigmoid(y) − m)²] about the mean m, held constant: no cancellation for small σ, and the
    /// gradient is unchanged since ∂/∂m E[(z − m)²] = 0 there.
    public var variance: Tensor {
        let m = mean.detached
        return gaussianExpectation { y in
            let deviation = sigmoid(y) - m
            return deviation * deviation
        }
    }
    /// ½ log(2πeσ²) − E[softplus(y) + softplus(−y)].
    public func computeEntropy() -> Tensor {
        batched(log(scale) + 0.5 * (1 + Foundation.log(2 * Double.pi))) - gaussianExpectation { softplus($0) + softplus(-$0) }
    }
}
