import Foundation

/// Laplace(loc μ, scale b): p(z) = exp(−|z−μ|/b) / 2b.
///
/// ε = −sign(v)·log(1 − 2|v|) with v uniform on (−½, ½).
public struct Laplace: LocationScaleFamily {
    public let loc: Tensor
    public let scale: Tensor
    public let batchShape: [Int]

    public static let family = locationScaleFamily(
        constructor: "laplace", scale: "b > 0; the standard deviation is b√2",
        summary: "Laplace(loc μ, scale b), a two-sided exponential (explicit)",
        formula: "p(z) = exp(−|z−μ|/b) / 2b", example: "laplace(0, 1)")

    public init(loc: Tensor, scale: Tensor) throws {
        batchShape = try Self.family.checked([loc, scale])
        self.loc = loc
        self.scale = scale
    }

    public static func standardDraws(_ out: UnsafeMutableBufferPointer<Double>, using stream: inout RandomStream) {
        stream.fillUniform(out, mapped: FromUniform())
    }
    /// ε = sign(v)·log(1 − 2|v|) for v = u − ½ (the inverse CDF).
    private struct FromUniform: UnaryOperation {
        @inline(__always) func callAsFunction(_ u: Double) -> Double {
            // 1 − 2|v| is 2u below ½ and 2(1 − u) above, both exact (Sterbenz), so one
            // log of an exact argument replaces log1p and the sign is a select, not a branch.
            let lower = u < 0.5
            let e = Foundation.log(lower ? 2 * u : 2 - 2 * u)
            return lower ? e : -e
        }
    }
    /// F₀(x) = ½eˣ for x < 0, 1 − ½e⁻ˣ otherwise.
    public static func standardCDF<T: RealScalar>(_ x: T) -> T { x.value < 0 ? T(0.5) * exp(x) : T(1) - T(0.5) * exp(-x) }
    public static func standardCDF(_ x: Tensor) throws -> Tensor {
        try `where`(x.compared(.less, Tensor(0)), 0.5 * exp(x), 1 - 0.5 * exp(-x))
    }
    public static func standardLogDensity(_ x: Tensor) -> Tensor { -abs(x) - Foundation.log(2) }
    public static func standardLogDensity(_ x: Double) -> Double { -Swift.abs(x) - Foundation.log(2) }
    /// F₀⁻¹(u) = log(2u) for u < ½, −log(2 − 2u) otherwise.
    public static func standardQuantile(_ u: Tensor) throws -> Tensor {
        try `where`(u.compared(.less, Tensor(0.5)), log(2 * u), -log(2 - 2 * u))
    }

    public var mean: Tensor { batched(loc) }
    public var variance: Tensor { batched(2 * scale * scale) }
    /// 1 + log 2b.
    public func computeEntropy() -> Tensor { batched(log(2 * scale) + 1) }
}
