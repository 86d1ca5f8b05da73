import Foundation

/// Cauchy(loc x₀, scale γ): p(z) = 1 / (πγ(1 + ((z−x₀)/γ)²)).
///
/// ε = tan(π(u − ½)) with u uniform on (0, 1). Mean and variance do not
/// exist: `mean` is NaN and `variance` infinite, as in torch.distributions.
public struct Cauchy: LocationScaleFamily {
    public let loc: Tensor
    public let scale: Tensor
    public let batchShape: [Int]

    public static let family = locationScaleFamily(
        constructor: "cauchy", scale: "γ > 0, the half-width at half-maximum",
        summary: "Cauchy(loc x₀, scale γ); no mean or variance (explicit)",
        formula: "p(z) = 1 / (πγ(1 + ((z−x₀)/γ)²))", example: "cauchy(0, 1)")

    public init(loc: Tensor, scale: Tensor) throws {
        batchShape = try Self.family.checked([loc, scale])
        self.loc = loc
        self.scale = scale
    }

    public static func standardDraws(_ out: UnsafeMutableBufferPointer<Double>, using stream: inout RandomStream) {
        stream.fillUniform(out, mapped: FromUniform())
    }
    /// ε = tan(π(u − ½)) (the inverse CDF).
    private struct FromUniform: UnaryOperation {
        @inline(__always) func callAsFunction(_ u: Double) -> Double { Foundation.tan(Double.pi * (u - 0.5)) }
    }
    /// F₀(x) = ½ + atan(x)/π, written as atan(−1/x)/π for x < 0 so the far
    /// left tail keeps its relative accuracy.
    public static func standardCDF<T: RealScalar>(_ x: T) -> T {
        x.value < 0 ? atan(T(-1) / x) * T(1 / Double.pi) : T(0.5) + atan(x) * T(1 / Double.pi)
    }
    public static func standardCDF(_ x: Tensor) throws -> Tensor {
        try `where`(x.compared(.less, Tensor(0)), atan(-1 / x) / Double.pi, 0.5 + atan(x) / Double.pi)
    }
    public static func standardLogDensity(_ x: Tensor) -> Tensor { -log1p(x * x) - Foundation.log(Double.pi) }
    public static func standardLogDensity(_ x: Double) -> Double { -Foundation.log1p(x * x) - Foundation.log(Double.pi) }
    /// F₀⁻¹(u) = tan(π(u − ½)) = −1/tan(πu) for u < ½ and 1/tan(π(1 − u)) above,
    /// so neither tail loses digits near the pole.
    public static func standardQuantile(_ u: Tensor) throws -> Tensor {
        try `where`(u.compared(.less, Tensor(0.5)), -1 / tan(Double.pi * u), 1 / tan(Double.pi * (1 - u)))
    }

    public var mean: Tensor { Tensor(repeating: .nan, shape: batchShape) }
    public var variance: Tensor { Tensor(repeating: .infinity, shape: batchShape) }
    /// log 4πγ.
    public func computeEntropy() -> Tensor { batched(log(scale) + Foundation.log(4 * Double.pi)) }
}
