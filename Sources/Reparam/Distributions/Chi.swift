import Foundation

/// Chi(df k): the length of a k-dimensional standard normal vector, z = √(2G) with G ~ Gamma(k/2, 1);
/// p(z) = 2^{1−k/2} z^{k−1} e^{−z²/2} / Γ(k/2) on z > 0, F(z) = P(k/2, z²/2).
///
/// Implicit through the Gamma: log z = ½(log 2 + log G), so
///
///     dz/dk = z · ¼ · (d log G/dα) at α = k/2
///
///     let d = try Chi(df: .parameter(3))   // the Maxwell speed distribution, mean 2√(2/π)
public struct Chi: GammaTransformFamily {
    public let df: Tensor
    public var batchShape: [Int] { df.shape }
    public var parameters: [(name: String, value: Tensor)] { [("df", df)] }
    public var eventShape: [Int] { [] }
    public var support: Support { .positive }

    public static let family = Family(
        constructor: "chi", name: "Chi",
        parameters: [.init("df", .positive, meaning: "degrees of freedom k > 0")],
        support: .fixed(.positive), route: .implicit,
        summary: "Chi(df k), the length of a k-dimensional standard normal; z = √(2G), G ~ Gamma(k/2) (implicit)",
        formula: "p(z) = 2^(1−k/2) z^(k−1) e^(−z²/2) / Γ(k/2),  F(z) = P(k/2, z²/2)", example: "chi(3)") { inputs in
        try Chi(df: inputs[0])
    }

    public init(df: Tensor) throws {
        _ = try Self.family.checked([df])
        try Validation.checkHalvable("Chi", "df", df)
        self.df = df
    }

    static var increasingInGamma: Bool { true }
    static func gammaShape(_ θ: UnsafeBufferPointer<Double>, _ partials: UnsafeMutableBufferPointer<Double>) -> Double {
        partials[0] = 0.5
        return 0.5 * θ[0]
    }
    static func logValue(logGamma: Double, _ θ: UnsafeBufferPointer<Double>, _ partials: UnsafeMutableBufferPointer<Double>) -> (logValue: Double, slope: Double) {
        partials[0] = 0
        return (0.5 * (Double(0.6931471805599453) + logGamma), 0.5)
    }

    /// (1 − k/2) log 2 − log Γ(k/2) + (k−1) log z − z²/2 for z > 0; −∞ elsewhere.
    public func computeLogProb(_ value: Tensor) throws -> Tensor {
        let positive = try value.compared(.greater, Tensor(0))
        let safe = try `where`(positive, value, Tensor(1))
        let body = try ((1 - 0.5 * df) * Foundation.log(2.0) - lgamma(0.5 * df)).adding((df - 1) * log(safe)).subtracting(0.5 * safe * safe)
        return try `where`(positive, body, Tensor(-.infinity))
    }
    public func computeCDF(_ value: Tensor) throws -> Tensor { try cdfThroughDuals(value) }

    /// P(k/2, z²/2).
    public func cdf<T: RealScalar>(at z: T, parameters θ: [T]) -> T {
        z.value <= 0 ? T(0) : regularizedGammaP(T(0.5) * θ[0], T(0.5) * z * z)
    }
    public func logDensity(at z: Double, parameters θ: [Double]) -> Double {
        let k = θ[0]
        return (1 - 0.5 * k) * Foundation.log(2.0) - logGamma(0.5 * k) + (k - 1) * Foundation.log(z) - 0.5 * z * z
    }

    /// √2 Γ((k+1)/2)/Γ(k/2).
    public var mean: Tensor { 2.0.squareRoot() * exp(lgamma(0.5 * (df + 1)) - lgamma(0.5 * df)) }
    /// k − mean² = −k·expm1(ℓ), ℓ = 2 log(Γ((k+1)/2)/Γ(k/2)) − log(k/2).
    public var variance: Tensor {
        // One input: shapes always agree.
        (try? Tensor.dualElementwise([df]) { v in Self.variance(v[0]) }) ?? Tensor(repeating: .nan, shape: batchShape)
    }

    /// −k·expm1(ℓ); for k ≥ 16 ℓ comes from Stirling's series with x = k/2, h = 1/(2x),
    /// ℓ = 2x(log1p(h) − h) + 2(c(x + ½) − c(x)), every term small (k − mean² cancels to ½ otherwise).
    static func variance<T: RealScalar>(_ k: T) -> T {
        guard k.value >= 16 else {
            let m = T(2.0.squareRoot()) * exp(logGamma(T(0.5) * (k + 1)) - logGamma(T(0.5) * k))
            return k - m * m
        }
        let x = T(0.5) * k, h = 1 / (2 * x)
        var series = T(0)
        for n in stride(from: 20, through: 2, by: -1) { series = series * h + T((n % 2 == 0 ? -1.0 : 1.0) / Double(n)) }
        // log1p(h) − h = Σₙ≥₂ (−1)ⁿ⁺¹hⁿ/n = h²·(−½ + h/3 − h²/4 + …); h ≤ 1/16.
        let logRatio = 2 * x * (h * h * series) + 2 * (stirlingCorrection(x + 0.5) - stirlingCorrection(x))
        return -k * expm1(logRatio)
    }
    /// log Γ(k/2) + ½(k − log 2 − (k−1)ψ(k/2)) (`entropy(_:)`).
    public func computeEntropy() throws -> Tensor { try Tensor.dualElementwise([df]) { v in Self.entropy(v[0]) } }

    /// As written for k < 2 (terms of one sign); regrouped as H(h) − ½ψ(h) − ½ log 2 above, h = k/2 and
    /// H the Gamma(·, 1) entropy (`gammaStandardEntropy`), where the plain form cancels terms of size
    /// k log k. Its slope ½(H′(h) − ½ψ₁(h)) is O(1/k²) while each term is O(1/k): from h = 12 on it is
    /// ½(½T(h) − U(h)) with T = ψ₁ − 1/h and U = hT − 1/(2h) = Σ B₂ⱼ/h²ʲ, their 1/h parts cancelled by hand.
    static func entropy<T: RealScalar>(_ k: T) -> T {
        let half = T(0.5) * k
        if half.value < 1 { return logGamma(half) + T(0.5) * (k - T(Foundation.log(2.0)) - (k - 1) * digamma(half)) }
        let value = gammaStandardEntropy(half.value) - 0.5 * digamma(half.value) - 0.5 * Foundation.log(2.0)
        guard half.value >= 12 else {
            return k.lift(value: value, derivative: 0.5 * (1 + (1 - half.value) * trigamma(half.value) - 0.5 * trigamma(half.value)))
        }
        let t = trigammaMinusReciprocal(half.value), u = trigammaSeriesTail(half.value)
        return k.lift(value: value, derivative: 0.5 * (0.5 * t - u))
    }
}
