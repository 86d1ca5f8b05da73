import Foundation

/// InverseGamma(concentration α, rate β): the law of 1/X for X ~ Gamma(α, β),
/// p(z) = βᵅ z^{−α−1} e^{−β/z} / Γ(α) on z > 0, F(z) = Q(α, β/z).
///
/// Sampling: z = β/G with G ~ Gamma(α, 1), drawn as log G. Gradients: implicit in α through
/// the engine's exact Gamma derivative, explicit in β:
///
///     d log z/dα = −d log G/dα,   dz/dβ = z/β
///
///     let d = try InverseGamma(concentration: .parameter(3), rate: .parameter(2))   // mean β/(α−1) = 1
public struct InverseGamma: GammaTransformFamily {
    public let concentration: Tensor
    public let rate: Tensor
    public let batchShape: [Int]
    public var parameters: [(name: String, value: Tensor)] { [("concentration", concentration), ("rate", rate)] }
    public var eventShape: [Int] { [] }
    public var support: Support { .positive }

    public static let family = Family(
        constructor: "inverse_gamma", name: "InverseGamma",
        parameters: [.init("concentration", .positive, meaning: "shape α > 0 (the mean exists for α > 1, the variance for α > 2)"),
                     .init("rate", .positive, default: 1, meaning: "β > 0, a scale: the mean is β/(α−1)")],
        support: .fixed(.positive), route: .implicit,
        summary: "InverseGamma(concentration α, rate β), the law of 1/X for X ~ Gamma(α, β); implicit in α through the Gamma, explicit in β",
        formula: "p(z) = βᵅ z^(−α−1) e^(−β/z) / Γ(α) on z > 0,  F(z) = Q(α, β/z)", example: "inverse_gamma(3, rate: 2)") { inputs in
        try InverseGamma(concentration: inputs[0], rate: inputs[1])
    }

    public init(concentration: Tensor, rate: Tensor) throws {
        batchShape = try Self.family.checked([concentration, rate])
        self.concentration = concentration
        self.rate = rate
    }

    static var increasingInGamma: Bool { false }
    static func gammaShape(_ θ: UnsafeBufferPointer<Double>, _ partials: UnsafeMutableBufferPointer<Double>) -> Double {
        partials[0] = 1
        partials[1] = 0
        return θ[0]
    }
    static func logValue(logGamma: Double, _ θ: UnsafeBufferPointer<Double>, _ partials: UnsafeMutableBufferPointer<Double>) -> (logValue: Double, slope: Double) {
        partials[0] = 0
        partials[1] = 1 / θ[1]
        return (Foundation.log(θ[1]) - logGamma, -1)
    }

    /// α log β − log Γ(α) − (α+1) log z − β/z for z > 0; −∞ elsewhere.
    public func computeLogProb(_ value: Tensor) throws -> Tensor {
        let positive = try value.compared(.greater, Tensor(0))
        let safe = try `where`(positive, value, Tensor(1))
        let body = try (concentration * log(rate) - lgamma(concentration)).subtracting((concentration + 1) * log(safe)).subtracting(rate / safe)
        return try `where`(positive, body, Tensor(-.infinity))
    }
    public func computeCDF(_ value: Tensor) throws -> Tensor { try cdfThroughDuals(value) }

    /// Q(α, β/z), the regularized upper incomplete gamma function.
    public func cdf<T: RealScalar>(at z: T, parameters θ: [T]) -> T {
        z.value <= 0 ? T(0) : regularizedGammaQ(θ[0], θ[1] / z)
    }
    public func logDensity(at z: Double, parameters θ: [Double]) -> Double {
        let (a, b) = (θ[0], θ[1])
        return a * Foundation.log(b) - logGamma(a) - (a + 1) * Foundation.log(z) - b / z
    }

    /// β/(α−1) for α > 1, else +∞.
    public var mean: Tensor { moment(rate / (concentration - 1), where: concentration, exceeds: 1) }
    /// β²/((α−1)²(α−2)) for α > 2, else +∞.
    public var variance: Tensor {
        moment(rate * rate / ((concentration - 1) * (concentration - 1) * (concentration - 2)), where: concentration, exceeds: 2)
    }
    /// α + log β + log Γ(α) − (1+α)ψ(α) (`standardEntropy`).
    public func computeEntropy() throws -> Tensor {
        batched(try Tensor.dualElementwise([concentration]) { v in Self.standardEntropy(v[0]) } + log(rate))
    }

    /// α + log Γ(α) − (1+α)ψ(α), the entropy at β = 1: as written below α = 1 (terms of one sign, each
    /// of size log α or 1/α), regrouped as H(α) − 2ψ(α) above (H the Gamma(·, 1) entropy,
    /// `gammaStandardEntropy`; the plain form lost ε·α there: 6e-6 relative at α = 1e12).
    static func standardEntropy<T: RealScalar>(_ a: T) -> T {
        if a.value < 1 { return a + logGamma(a) - (1 + a) * digamma(a) }
        return gammaStandardEntropy(a) - 2 * digamma(a)
    }
}
