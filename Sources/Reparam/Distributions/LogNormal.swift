import Foundation

/// LogNormal(loc μ, scale σ): log Z ~ Normal(μ, σ).
///
/// Explicit: z = exp(μ + σε), so dz/dμ = z and dz/dσ = zε.
public struct LogNormal: UnivariateCDFFamily {
    public let loc: Tensor
    public let scale: Tensor
    public let batchShape: [Int]
    public var parameters: [(name: String, value: Tensor)] { [("loc", loc), ("scale", scale)] }
    public var eventShape: [Int] { [] }
    public var support: Support { .positive }
    public var reparameterization: Reparameterization { .explicit }

    public static let family = Family(
        constructor: "lognormal", name: "LogNormal",
        parameters: Normal.locationScaleParameters(scale: "σ > 0, the standard deviation of log z"),
        support: .fixed(.positive), route: .explicit,
        summary: "exp of a Normal(loc, scale); rsample z = exp(μ + σε) (explicit)",
        formula: "p(z) = exp(−(log z − μ)²/2σ²) / (zσ√(2π))", example: "lognormal(0, 0.5)") { inputs in
        try LogNormal(loc: inputs[0], scale: inputs[1])
    }

    /// The law of log z, checked once here (so building it again cannot fail).
    private let underlying: Normal

    public init(loc: Tensor, scale: Tensor) throws {
        batchShape = try Self.family.checked([loc, scale])
        underlying = try Normal(loc: loc, scale: scale)
        self.loc = loc
        self.scale = scale
    }

    public func computeRsample(_ sampleShape: [Int], using stream: inout RandomStream) throws -> Tensor {
        exp(try underlying.computeRsample(sampleShape, using: &stream))
    }
    /// log p(z) = log N(log z; μ, σ) − log z for z > 0, and −∞ at z = 0 (where the two terms were
    /// −∞ − (−∞), nan), its gradient 0 there.
    public func computeLogProb(_ value: Tensor) throws -> Tensor {
        let positive = try value.compared(.greater, Tensor(0))
        let safe = try `where`(positive, value, Tensor(1))
        let body = try underlying.computeLogProb(log(safe)).subtracting(log(safe))
        return try `where`(positive, body, Tensor(-.infinity))
    }
    public func computeCDF(_ value: Tensor) throws -> Tensor { try underlying.computeCDF(log(value)) }
    public func computeICDF(_ probability: Tensor) throws -> Tensor { exp(try underlying.computeICDF(probability)) }
    public func cdf<T: RealScalar>(at z: T, parameters θ: [T]) -> T { standardNormalCDF((log(z) - θ[0]) / θ[1]) }
    public func logDensity(at z: Double, parameters θ: [Double]) -> Double {
        let y = Foundation.log(z)
        return standardNormalLogDensity((y - θ[0]) / θ[1]) - Foundation.log(θ[1]) - y
    }

    /// exp(μ + σ²/2).
    public var mean: Tensor { batched(exp(loc + 0.5 * scale * scale)) }
    /// (exp(σ²) − 1)·exp(2μ + σ²).
    public var variance: Tensor { batched(expm1(scale * scale) * exp(2 * loc + scale * scale)) }
    /// μ + ½ + log(σ√2π).
    public func computeEntropy() -> Tensor { batched(loc + 0.5 + log(scale) + 0.5 * Foundation.log(2 * Double.pi)) }
}
