import Foundation

/// Bernoulli(probs p | logits l): k ∈ {0, 1} with P(1) = p.
///
///     log P(k) = k log p + (1 − k) log(1 − p)      mean p, variance p(1 − p)
///     H = −p log p − (1 − p) log(1 − p)             F(0) = 1 − p, F(1) = 1
///
/// Sampled as k = [u < p]. No rsample (see `DiscreteDistribution`); its relaxation with a path is
/// `RelaxedBernoulli` (the binary Concrete).
///
///     let d = try Bernoulli(logits: .parameter(0.4))
///     let g = try gradients(of: d.logProb(Tensor(1)), withRespectTo: [d.probability.tensor])   // [1 − σ(0.4)]
public struct Bernoulli: DiscreteDistribution {
    let probability: BinaryProbability
    public var parameters: [(name: String, value: Tensor)] { [(probability.name, probability.tensor)] }
    public let batchShape: [Int]
    public var eventShape: [Int] { [] }
    public var support: Support { .integers(0, 1) }
    public static var relaxation: String? { "relaxed_bernoulli(temperature, logits: …)" }

    public static let family = Family(
        constructor: "bernoulli", name: "Bernoulli",
        parameters: [.init("probs", .unitInterval, meaning: "p = P(k = 1) in (0, 1)"),
                     BinaryProbability.logitsParameter],
        support: .fixed(.integers(0, 1)), route: .fixed(.none),
        summary: "Bernoulli(probs p | logits l) on {0, 1}: no path (score function, enumeration, or relaxed_bernoulli)",
        formula: "P(k) = pᵏ (1 − p)^(1 − k), k ∈ {0, 1}", example: "bernoulli(0.3)") { inputs in
        try Bernoulli(inputs)
    }

    init(_ inputs: Family.Inputs) throws {
        probability = try BinaryProbability(inputs, family: Self.family.name)
        batchShape = try Validation.batchShape(Self.family.name, [(probability.name, probability.tensor)])
    }

    public init(probs: Tensor) throws { try self.init(Family.Inputs(parameters: [("probs", probs)])) }
    public init(logits: Tensor) throws { try self.init(Family.Inputs(parameters: [("logits", logits)])) }

    /// p.
    public var probs: Tensor { probability.probs }
    /// log(p/(1 − p)).
    public var logits: Tensor { probability.logits }

    public func computeSample(_ sampleShape: [Int], using stream: inout RandomStream) throws -> Tensor {
        let (shape, u) = try uniforms(sampleShape, using: &stream)
        let p = probability.probabilities(spreadTo: shape)
        return Tensor(unchecked: shape, (0..<u.count).map { u[$0] < p[$0] ? 1 : 0 })
    }

    /// k log p + (1 − k) log(1 − p).
    public func computeLogProb(_ value: Tensor) throws -> Tensor {
        try value.multiplying(probability.logProbability).adding((1 - value).multiplying(probability.logComplement))
    }

    /// 1 − p at 0, 1 at 1.
    public func computeCDF(_ value: Tensor) throws -> Tensor {
        try `where`(value.compared(.greaterOrEqual, 1), Tensor(1), probability.complement)
    }

    public var mean: Tensor { probs }
    /// p(1 − p) = exp(log p + log(1 − p)).
    public var variance: Tensor { exp(probability.logProbability + probability.logComplement) }
    /// −p log p − (1 − p) log(1 − p).
    public func computeEntropy() throws -> Tensor {
        -(probs * probability.logProbability) - probability.complement * probability.logComplement
    }
}
