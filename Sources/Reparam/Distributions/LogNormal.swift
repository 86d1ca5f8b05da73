import Foundation

/// LogNormal(loc μ, scale σ): log Z ~ Normal(μ, σ).
///
/// Explicit: z = exp(μ + σε), so dz/dμ = z and dz/dσ = zε.
public struct LogNormal: UnivariateCDFFamily {
    public let loc: Tensor
    public let scale: Tensor
    public let batchShape: [Int]
    public var name: String { "LogNormal" }
    public var parameters: [(name: String, value: Tensor)] { [("loc", loc), ("scale", scale)] }
    public var eventShape: [Int] { [] }
    public var support: Support { .positive }
    public var reparameterization: Reparameterization { .explicit }

    public init(loc: Tensor, scale: Tensor) throws {
        batchShape = try Normal.validate("LogNormal", loc: loc, scale: scale)
        self.loc = loc
        self.scale = scale
    }

    private var underlying: Normal { try! Normal(loc: loc, scale: scale) }

    public func rsample(_ sampleShape: [Int], using stream: inout RandomStream) throws -> Tensor {
        exp(try underlying.rsample(sampleShape, using: &stream))
    }
    /// log p(z) = log N(log z; μ, σ) − log z.
    public func logProb(_ value: Tensor) throws -> Tensor { try underlying.logProb(log(value)) - log(value) }
    public func cdf(_ value: Tensor) throws -> Tensor { try underlying.cdf(log(value)) }
    public func icdf(_ probability: Tensor) throws -> Tensor { exp(try underlying.icdf(probability)) }
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
    public func entropy() -> Tensor { batched(loc + 0.5 + log(scale) + 0.5 * Foundation.log(2 * Double.pi)) }
}
