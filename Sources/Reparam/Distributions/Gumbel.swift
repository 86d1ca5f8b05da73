import Foundation

/// Gumbel(loc μ, scale β): F(z) = exp(−exp(−(z−μ)/β)).
///
/// ε = −log(−log u) with u uniform on (0, 1).
public struct Gumbel: LocationScaleFamily {
    public let loc: Tensor
    public let scale: Tensor
    public let batchShape: [Int]
    public var name: String { "Gumbel" }

    /// The Euler–Mascheroni constant γ.
    static let eulerGamma = 0.57721566490153286061

    public init(loc: Tensor, scale: Tensor) throws {
        batchShape = try Self.validate("Gumbel", loc: loc, scale: scale)
        self.loc = loc
        self.scale = scale
    }

    public static func standardDraws(_ out: UnsafeMutableBufferPointer<Double>, using stream: inout RandomStream) {
        stream.fillUniform(out)
        for i in out.indices { out[i] = -Foundation.log(-Foundation.log(out[i])) }
    }
    public static func standardCDF<T: RealScalar>(_ x: T) -> T { exp(-exp(-x)) }
    public static func standardCDF(_ x: Tensor) -> Tensor { exp(-exp(-x)) }
    /// log p₀(x) = −x − e⁻ˣ.
    public static func standardLogDensity(_ x: Tensor) -> Tensor { -x - exp(-x) }
    public static func standardLogDensity(_ x: Double) -> Double { -x - Foundation.exp(-x) }
    public static func standardQuantile(_ u: Tensor) -> Tensor { -log(-log(u)) }

    /// μ + βγ.
    public var mean: Tensor { loc + Gumbel.eulerGamma * scale }
    /// π²β²/6.
    public var variance: Tensor { batched(scale * scale * (Double.pi * Double.pi / 6)) }
    /// log β + γ + 1.
    public func entropy() -> Tensor { batched(log(scale) + Gumbel.eulerGamma + 1) }
}
