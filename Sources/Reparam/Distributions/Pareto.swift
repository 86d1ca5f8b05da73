import Foundation

/// Pareto(scale xₘ, alpha α): F(z) = 1 − (xₘ/z)^α on z ≥ xₘ.
///
/// Explicit: z = xₘ e^{E/α} with E ~ Exponential(1), so
///
///     ∂z/∂xₘ = z/xₘ,   ∂z/∂α = −z E/α²
///
///     let d = try Pareto(scale: .parameter(1), alpha: .parameter(3))   // mean αxₘ/(α−1) = 1.5
public struct Pareto: ExplicitTransformFamily {
    public let scale: Tensor
    public let alpha: Tensor
    public let batchShape: [Int]
    public var parameters: [(name: String, value: Tensor)] { [("scale", scale), ("alpha", alpha)] }
    public var eventShape: [Int] { [] }
    /// [xₘ, ∞): positive, and `logProb` is −∞ below xₘ.
    public var support: Support { .positive }

    public static let family = Family(
        constructor: "pareto", name: "Pareto",
        parameters: [.init("scale", .positive, meaning: "xₘ > 0, the smallest value"),
                     .init("alpha", .positive, meaning: "tail index α > 0 (the mean exists for α > 1)")],
        support: .fixed(.positive), route: .explicit,
        summary: "Pareto(scale xₘ, alpha α) on [xₘ, ∞); rsample z = xₘ e^(E/α) (explicit)",
        formula: "F(z) = 1 − (xₘ/z)^α on z ≥ xₘ", example: "pareto(1, 3)") { inputs in
        try Pareto(scale: inputs[0], alpha: inputs[1])
    }
    public var supportEnds: (lower: Tensor, upper: Tensor) { (scale.detached, Tensor(.infinity)) }

    public init(scale: Tensor, alpha: Tensor) throws {
        batchShape = try Self.family.checked([scale, alpha])
        self.scale = scale
        self.alpha = alpha
    }

    static var noise: StandardNoise { .exponential }
    static func transform(_ e: Double, _ θ: UnsafeBufferPointer<Double>, _ partials: UnsafeMutableBufferPointer<Double>) -> Double {
        let (xm, alpha) = (θ[0], θ[1])
        let growth = Foundation.exp(e / alpha)
        partials[0] = growth
        partials[1] = -xm * growth * e / (alpha * alpha)
        return xm * growth
    }

    /// log α + α log xₘ − (α+1) log z for z ≥ xₘ; −∞ below.
    public func computeLogProb(_ value: Tensor) throws -> Tensor {
        let inside = try value.compared(.greaterOrEqual, scale)
        let safe = try `where`(inside, value, scale)
        let body = try (log(alpha) + alpha * log(scale)).subtracting((alpha + 1) * log(safe))
        return try `where`(inside, body, Tensor(-.infinity))
    }
    public func computeCDF(_ value: Tensor) throws -> Tensor { try cdfThroughDuals(value) }

    /// 1 − (xₘ/z)^α = −expm1(−α log(z/xₘ)), with log(z/xₘ) = log1p((z − xₘ)/xₘ) (z − xₘ exact near xₘ).
    public func cdf<T: RealScalar>(at z: T, parameters θ: [T]) -> T {
        z.value <= θ[0].value ? T(0) : -expm1(-θ[1] * log1p((z - θ[0]) / θ[0]))
    }
    public func logDensity(at z: Double, parameters θ: [Double]) -> Double {
        Foundation.log(θ[1]) + θ[1] * Foundation.log(θ[0]) - (θ[1] + 1) * Foundation.log(z)
    }

    /// αxₘ/(α−1) for α > 1, else +∞.
    public var mean: Tensor { moment(alpha * scale / (alpha - 1), where: alpha, exceeds: 1) }
    /// xₘ²α/((α−1)²(α−2)) for α > 2, else +∞.
    public var variance: Tensor { moment(scale * scale * alpha / ((alpha - 1) * (alpha - 1) * (alpha - 2)), where: alpha, exceeds: 2) }
    /// log(xₘ/α) + 1/α + 1.
    public func computeEntropy() -> Tensor { batched(log(scale / alpha) + 1 / alpha + 1) }
}
