import Foundation

/// Normal(loc μ, scale σ): p(z) = exp(−(z−μ)²/2σ²) / (σ√2π).
///
/// Explicit: z = μ + σε, ε ~ N(0, 1), so dz/dμ = 1 and dz/dσ = ε.
/// The implicit rule through Φ((z−μ)/σ) gives the same derivatives and is
/// the first check of that machinery.
///
///     let d = try Normal(loc: .parameter(2), scale: .parameter(5))
public struct Normal: LocationScaleFamily {
    public let loc: Tensor
    public let scale: Tensor
    public let batchShape: [Int]

    public static let family = locationScaleFamily(
        constructor: "normal", scale: "σ > 0, the standard deviation",
        summary: "Normal(loc μ, scale σ); rsample z = μ + σε (explicit)",
        formula: "p(z) = exp(−(z−μ)²/2σ²) / (σ√(2π))", example: "normal(0, 1)")

    public init(loc: Tensor, scale: Tensor) throws {
        batchShape = try Self.family.checked([loc, scale])
        self.loc = loc
        self.scale = scale
    }

    public static func standardDraws(_ out: UnsafeMutableBufferPointer<Double>, using stream: inout RandomStream) {
        stream.fillNormal(out)
    }
    public static func standardCDF<T: RealScalar>(_ x: T) -> T { standardNormalCDF(x) }
    public static func standardCDF(_ x: Tensor) throws -> Tensor { Reparam.standardNormalCDF(x) }
    public static func standardLogDensity(_ x: Tensor) -> Tensor { -0.5 * x * x - 0.5 * Foundation.log(2 * Double.pi) }
    public static func standardLogDensity(_ x: Double) -> Double { standardNormalLogDensity(x) }
    public static func standardQuantile(_ u: Tensor) throws -> Tensor { Reparam.standardNormalQuantile(u) }

    public var mean: Tensor { batched(loc) }
    public var variance: Tensor { batched(scale * scale) }
    /// ½ log(2πe σ²).
    public func computeEntropy() -> Tensor { batched(log(scale) + 0.5 * (1 + Foundation.log(2 * Double.pi))) }
}
