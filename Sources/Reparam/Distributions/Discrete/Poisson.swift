import Foundation

/// Poisson(rate λ): counts k = 0, 1, 2, … with P(k) = λᵏ e^{−λ} / k!.
///
///     log P(k) = k log λ − λ − log k!       mean λ, variance λ   (evaluated in Loader's saddle-point form)
///     F(k) = Q(k + 1, λ), the regularized upper incomplete gamma (differentiable in λ)
///
/// Sampled exactly (`CountSamplers.poisson`: multiplication below λ = 10, PTRS above). No rsample
/// (see `DiscreteDistribution`); no closed-form entropy.
///
///     let d = try Poisson(rate: Tensor(4))
///     try d.cdf(Tensor(2))       // 13 e^{−4} = 0.2381…
public struct Poisson: DiscreteDistribution {
    public let rate: Tensor
    public var parameters: [(name: String, value: Tensor)] { [("rate", rate)] }
    public var batchShape: [Int] { rate.shape }
    public var eventShape: [Int] { [] }
    public var support: Support { .integers(0, .infinity) }

    public static let family = Family(
        constructor: "poisson", name: "Poisson",
        parameters: [.init("rate", .positive, meaning: "λ > 0, the mean count")],
        support: .fixed(.integers(0, .infinity)), route: .fixed(.none), methods: [.cdf, .icdf],
        summary: "Poisson(rate λ): counts with mean and variance λ; no path (score function)",
        formula: "P(k) = λᵏ e^(−λ) / k!, k = 0, 1, 2, …", example: "poisson(3.5)") { inputs in
        try Poisson(rate: inputs[0])
    }

    public init(rate: Tensor) throws {
        _ = try Self.family.checked([rate])
        self.rate = rate
    }

    public func computeSample(_ sampleShape: [Int], using stream: inout RandomStream) throws -> Tensor {
        let shape = try Validation.drawShape(name, sampleShape, batchShape)
        let λ = Kernels.expand(rate, to: batchShape), batch = Swift.max(λ.count, 1)
        return Tensor(unchecked: shape, stream.sampleEach(count: Shape.count(shape)) { random, i in
            CountSamplers.poisson(λ[i % batch], &random)
        })
    }

    /// −δ(k) − D(k, λ) − ½ log 2πk for k ≥ 1 (Loader's form, `SaddlePointTerms.swift`), −λ at 0.
    public func computeLogProb(_ value: Tensor) throws -> Tensor {
        let positive = value.compared(.greaterOrEqual, 1)
        let k = try `where`(positive, value, Tensor(1))
        let δ = Tensor(unchecked: k.shape, k.scalars.map(stirlingError))
        let body = try (-δ).subtracting(deviance(k, rate)).subtracting(0.5 * log(2 * Double.pi * k))
        return try `where`(positive, body, -rate)
    }

    /// Q(k + 1, λ).
    public func computeCDF(_ value: Tensor) throws -> Tensor {
        try Tensor.dualElementwise([value, rate]) { v in regularizedGammaQ(v[0] + 1, v[1]) }
    }

    public var mean: Tensor { batched(rate) }
    public var variance: Tensor { batched(rate) }
    public func computeEntropy() throws -> Tensor {
        throw ReparamError.invalidArgument("Poisson has no closed-form entropy; estimate it as -mean(d.log_prob(d.sample(n)))")
    }
}
