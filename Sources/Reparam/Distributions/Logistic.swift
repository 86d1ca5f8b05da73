import Foundation

/// Logistic(loc μ, scale s): F(z) = σ((z−μ)/s), the sigmoid.
///
/// ε = log u − log(1 − u) with u uniform on (0, 1).
public struct Logistic: LocationScaleFamily {
    public let loc: Tensor
    public let scale: Tensor
    public let batchShape: [Int]

    public static let family = locationScaleFamily(
        constructor: "logistic", scale: "s > 0; the standard deviation is sπ/√3",
        summary: "Logistic(loc μ, scale s); rsample z = μ + s log(u/(1−u)) (explicit)",
        formula: "F(z) = 1/(1 + exp(−(z−μ)/s))", example: "logistic(0, 1)")

    public init(loc: Tensor, scale: Tensor) throws {
        batchShape = try Self.family.checked([loc, scale])
        self.loc = loc
        self.scale = scale
    }

    public static func standardDraws(_ out: UnsafeMutableBufferPointer<Double>, using stream: inout RandomStream) {
        stream.fillUniform(out, mapped: FromUniform())
    }
    /// ε = log u − log(1 − u) (the inverse CDF).
    private struct FromUniform: UnaryOperation {
        @inline(__always) func callAsFunction(_ u: Double) -> Double { Foundation.log(u) - Foundation.log1p(-u) }
    }
    /// σ(x) = 1/(1 + e⁻ˣ), written on the side that does not overflow.
    public static func standardCDF<T: RealScalar>(_ x: T) -> T {
        x.value >= 0 ? T(1) / (T(1) + exp(-x)) : exp(x) / (T(1) + exp(x))
    }
    public static func standardCDF(_ x: Tensor) throws -> Tensor { sigmoid(x) }
    /// log p₀(x) = −x − 2 log(1 + e⁻ˣ) = −|x| − 2 log(1 + e^−|x|).
    public static func standardLogDensity(_ x: Tensor) -> Tensor { -x - 2 * softplus(-x) }
    public static func standardLogDensity(_ x: Double) -> Double {
        -Swift.abs(x) - 2 * Foundation.log1p(Foundation.exp(-Swift.abs(x)))
    }
    public static func standardQuantile(_ u: Tensor) throws -> Tensor { log(u) - log1p(-u) }

    public var mean: Tensor { batched(loc) }
    /// s²π²/3.
    public var variance: Tensor { batched(scale * scale * (Double.pi * Double.pi / 3)) }
    /// log s + 2.
    public func computeEntropy() -> Tensor { batched(log(scale) + 2) }
}
