import Foundation

/// GeneralizedPareto(loc μ, scale σ, concentration ξ): F(z) = 1 − (1 + ξ(z−μ)/σ)^{−1/ξ}
/// (1 − e^{−(z−μ)/σ} at ξ = 0) on z ≥ μ, and z ≤ μ − σ/ξ when ξ < 0. The law of threshold
/// excesses in extreme-value statistics; ξ = 0 is the exponential, ξ = −1 the uniform.
///
/// Explicit: z = μ + σ(e^{ξE} − 1)/ξ with E ~ Exponential(1), written z = μ + σE·ψ(ξE) with
/// ψ(t) = (eᵗ − 1)/t smooth through ξ = 0, so
///
///     ∂z/∂μ = 1,   ∂z/∂σ = Eψ(ξE),   ∂z/∂ξ = σE²ψ′(ξE)
///
/// with ψ′ from its Taylor series near 0 (exact through ξ = 0, where it is σE²/2).
/// The support depends on the parameters; `support` reports the real line and `logProb` is −∞ off it.
///
///     let d = try GeneralizedPareto(loc: Tensor(0), scale: .parameter(1), concentration: .parameter(0.3))
public struct GeneralizedPareto: ExplicitTransformFamily {
    public let loc: Tensor
    public let scale: Tensor
    public let concentration: Tensor
    public let batchShape: [Int]
    public var parameters: [(name: String, value: Tensor)] { [("loc", loc), ("scale", scale), ("concentration", concentration)] }
    public var eventShape: [Int] { [] }
    public var support: Support { .real }

    public static let family = Family(
        constructor: "generalized_pareto", name: "GeneralizedPareto",
        parameters: [.init("loc", .real, default: 0, meaning: "μ, the lower end of the support"),
                     .init("scale", .positive, default: 1, meaning: "σ > 0"),
                     .init("concentration", .real, meaning: "tail shape ξ (0: exponential; < 0: bounded above by μ − σ/ξ)")],
        support: .fixed(.real), route: .explicit,
        summary: "GeneralizedPareto(loc μ, scale σ, concentration ξ), threshold excesses; rsample z = μ + σ(e^(ξE) − 1)/ξ (explicit, exact through ξ = 0)",
        formula: "F(z) = 1 − (1 + ξ(z−μ)/σ)^(−1/ξ) on z ≥ μ", example: "generalized_pareto(0, 1, 0.3)") { inputs in
        try GeneralizedPareto(loc: inputs[0], scale: inputs[1], concentration: inputs[2])
    }
    /// [μ, ∞) for ξ ≥ 0, [μ, μ − σ/ξ] for ξ < 0.
    public var supportEnds: (lower: Tensor, upper: Tensor) {
        let ends = Kernels.generate(Shape.count(batchShape)) { i in
            let (mu, sigma, xi) = (Kernels.expand(loc, to: batchShape)[i], Kernels.expand(scale, to: batchShape)[i], Kernels.expand(concentration, to: batchShape)[i])
            return xi < 0 ? mu - sigma / xi : .infinity
        }
        return (loc.detached, Tensor(unchecked: batchShape, ends))
    }

    public init(loc: Tensor, scale: Tensor, concentration: Tensor) throws {
        batchShape = try Self.family.checked([loc, scale, concentration])
        self.loc = loc
        self.scale = scale
        self.concentration = concentration
    }

    static var noise: StandardNoise { .exponential }
    static func transform(_ e: Double, _ θ: UnsafeBufferPointer<Double>, _ partials: UnsafeMutableBufferPointer<Double>) -> Double {
        let (mu, sigma, xi) = (θ[0], θ[1], θ[2])
        let growth = expm1OverXWithDerivative(xi * e)
        partials[0] = 1
        partials[1] = e * growth.value
        partials[2] = sigma * e * e * growth.derivative
        return mu + sigma * e * growth.value
    }

    /// The cumulative hazard t = log(1 + ξy)/ξ at y = (z−μ)/σ (y at ξ = 0): F = 1 − e^{−t}, log p = −log σ − (1+ξ)t.
    /// +∞ beyond the upper end of a ξ < 0 support.
    static func cumulativeHazard<T: RealScalar>(_ y: T, _ xi: T) -> T {
        let w = xi * y
        return w.value <= -1 ? T(.infinity) : y * log1pOverX(w)
    }

    /// −log σ − (1+ξ)·t(z) on the support; −∞ off it.
    public func computeLogProb(_ value: Tensor) throws -> Tensor {
        let y = try value.subtracting(loc).dividing(by: scale)
        let inside = try y.compared(.greaterOrEqual, Tensor(0)).multiplying(y.multiplying(concentration).compared(.greater, Tensor(-1)))
        let safe = try `where`(inside, y, Tensor(0))
        let hazard = try Tensor.dualElementwise([safe, concentration]) { v in Self.cumulativeHazard(v[0], v[1]) }
        let body = try (-log(scale)).subtracting((concentration + 1).multiplying(hazard))
        return try `where`(inside, body, Tensor(-.infinity))
    }
    public func computeCDF(_ value: Tensor) throws -> Tensor { try cdfThroughDuals(value) }

    /// 1 − e^{−t(z)}.
    public func cdf<T: RealScalar>(at z: T, parameters θ: [T]) -> T {
        let y = (z - θ[0]) / θ[1]
        if y.value <= 0 { return T(0) }
        return -expm1(-Self.cumulativeHazard(y, θ[2]))
    }
    public func logDensity(at z: Double, parameters θ: [Double]) -> Double {
        -Foundation.log(θ[1]) - (1 + θ[2]) * Self.cumulativeHazard((z - θ[0]) / θ[1], θ[2])
    }

    /// μ + σ/(1−ξ) for ξ < 1, else +∞.
    public var mean: Tensor { moment(loc + scale / (1 - concentration), where: 1 - concentration, exceeds: 0) }
    /// σ²/((1−ξ)²(1−2ξ)) for ξ < ½, else +∞.
    public var variance: Tensor {
        moment(scale * scale / ((1 - concentration) * (1 - concentration) * (1 - 2 * concentration)), where: 1 - 2 * concentration, exceeds: 0)
    }
    /// log σ + ξ + 1.
    public func computeEntropy() -> Tensor { batched(log(scale) + concentration + 1) }
}
