import Foundation

/// Geometric(probs p | logits l): the number of failures k = 0, 1, 2, … before the first success
/// in trials that each succeed with probability p (torch.distributions' convention).
///
///     log P(k) = k log(1 − p) + log p         F(k) = 1 − (1 − p)^(k+1)
///     mean (1 − p)/p, variance (1 − p)/p², entropy (−(1 − p) log(1 − p) − p log p)/p
///
/// Sampled by inversion, k = ⌊log u / log(1 − p)⌋. No rsample (see `DiscreteDistribution`).
///
///     let d = try Geometric(probs: Tensor(0.25))
///     d.mean                          // 3
///     try d.cdf(Tensor(1))            // 1 − 0.75² = 0.4375
public struct Geometric: DiscreteDistribution {
    let probability: BinaryProbability
    public var parameters: [(name: String, value: Tensor)] { [(probability.name, probability.tensor)] }
    public let batchShape: [Int]
    public var eventShape: [Int] { [] }
    public var support: Support { .integers(0, .infinity) }

    public static let family = Family(
        constructor: "geometric", name: "Geometric",
        parameters: [.init("probs", .unitInterval, meaning: "p, the chance each trial succeeds, in (0, 1)"),
                     BinaryProbability.logitsParameter],
        support: .fixed(.integers(0, .infinity)), route: .fixed(.none),
        summary: "Geometric(probs p | logits l): failures before the first success, mean (1 − p)/p; no path (score function)",
        formula: "P(k) = (1 − p)ᵏ p, k = 0, 1, 2, …", example: "geometric(0.25)") { inputs in
        try Geometric(inputs)
    }

    init(_ inputs: Family.Inputs) throws {
        probability = try BinaryProbability(inputs, family: Self.family.name)
        batchShape = try Validation.batchShape(Self.family.name, [(probability.name, probability.tensor)])
    }

    public init(probs: Tensor) throws { try self.init(Family.Inputs(parameters: [("probs", probs)])) }
    public init(logits: Tensor) throws { try self.init(Family.Inputs(parameters: [("logits", logits)])) }

    public var probs: Tensor { probability.probs }

    /// ⌊log u / log(1 − p)⌋: the k with (1 − p)^(k+1) < u ≤ (1 − p)ᵏ.
    public func computeSample(_ sampleShape: [Int], using stream: inout RandomStream) throws -> Tensor {
        let (shape, u) = try uniforms(sampleShape, using: &stream)
        let logQ = Kernels.expand(probability.logComplement.detached, to: shape)
        return Tensor(unchecked: shape, (0..<u.count).map { (Foundation.log(u[$0]) / logQ[$0]).rounded(.down) })
    }

    /// k log(1 − p) + log p.
    public func computeLogProb(_ value: Tensor) throws -> Tensor {
        try value.multiplying(probability.logComplement).adding(probability.logProbability)
    }

    /// 1 − (1 − p)^(k+1) = −expm1((k + 1) log(1 − p)).
    public func computeCDF(_ value: Tensor) throws -> Tensor {
        -expm1(try (value + 1).multiplying(probability.logComplement))
    }

    /// (1 − p)/p.
    public var mean: Tensor { exp(probability.logComplement - probability.logProbability) }
    /// (1 − p)/p².
    public var variance: Tensor { exp(probability.logComplement - 2 * probability.logProbability) }
    /// (−(1 − p) log(1 − p) − p log p)/p.
    public func computeEntropy() throws -> Tensor {
        let logQ = probability.logComplement, logP = probability.logProbability
        return (-(exp(logQ) * logQ) - probs * logP) / probs
    }
}
