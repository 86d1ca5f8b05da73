import Foundation

/// Gumbel(loc μ, scale β): F(z) = exp(−exp(−(z−μ)/β)).
///
/// ε = −log(−log u) with u uniform on (0, 1).
public struct Gumbel: LocationScaleFamily {
    public let loc: Tensor
    public let scale: Tensor
    public let batchShape: [Int]

    /// The Euler–Mascheroni constant γ.
    static let eulerGamma = 0.57721566490153286061

    public static let family = locationScaleFamily(
        constructor: "gumbel", scale: "β > 0; the standard deviation is βπ/√6",
        summary: "Gumbel(loc μ, scale β), the law of maxima (explicit)",
        formula: "F(z) = exp(−exp(−(z−μ)/β))", example: "gumbel(0, 1)")

    public init(loc: Tensor, scale: Tensor) throws {
        batchShape = try Self.family.checked([loc, scale])
        self.loc = loc
        self.scale = scale
    }

    public static func standardDraws(_ out: UnsafeMutableBufferPointer<Double>, using stream: inout RandomStream) {
        stream.fillUniform(out, mapped: FromUniform())
    }
    /// ε = −log(−log u) (the inverse CDF).
    private struct FromUniform: UnaryOperation {
        @inline(__always) func callAsFunction(_ u: Double) -> Double { -Foundation.log(-Foundation.log(u)) }
    }
    public static func standardCDF<T: RealScalar>(_ x: T) -> T { exp(-exp(-x)) }
    public static func standardCDF(_ x: Tensor) throws -> Tensor { exp(-exp(-x)) }
    /// log p₀(x) = −x − e⁻ˣ.
    public static func standardLogDensity(_ x: Tensor) -> Tensor { -x - exp(-x) }
    public static func standardLogDensity(_ x: Double) -> Double { -x - Foundation.exp(-x) }
    public static func standardQuantile(_ u: Tensor) throws -> Tensor { -log(-log(u)) }

    /// μ + βγ.
    public var mean: Tensor { loc + Gumbel.eulerGamma * scale }
    /// π²β²/6.
    public var variance: Tensor { batched(scale * scale * (Double.pi * Double.pi / 6)) }
    /// log β + γ + 1.
    public func computeEntropy() -> Tensor { batched(log(scale) + Gumbel.eulerGamma + 1) }
}
