import Foundation

/// Binomial(total_count n, probs p | logits l): the number of successes k = 0, 1, …, n in n trials.
///
///     log P(k) = log n! − log k! − log (n − k)! + k log p + (n − k) log(1 − p)
///     mean np, variance np(1 − p), F(k) = I_{1−p}(n − k, k + 1) (the regularized incomplete beta)
///
/// n is a count: it takes no gradient (the family reads it off the tape). The entropy sums −P log P
/// over the support (n ≤ 10⁷). Sampled exactly (`CountSamplers.binomial`). No rsample (see
/// `DiscreteDistribution`).
///
///     let d = try Binomial(totalCount: Tensor(10), probs: Tensor(0.3))
///     d.mean                    // 3
///     try d.logProb(Tensor(11)) // −inf: above n
public struct Binomial: DiscreteDistribution {
    public let totalCount: Tensor
    let probability: BinaryProbability
    public var parameters: [(name: String, value: Tensor)] { [("total_count", totalCount), (probability.name, probability.tensor)] }
    public let batchShape: [Int]
    public var eventShape: [Int] { [] }
    public var support: Support { .integers(0, totalCount.scalars.max() ?? 0) }
    public var supportEnds: (lower: Tensor, upper: Tensor) { (Tensor(0), totalCount.detached) }

    /// Counts are exact doubles up to 2⁵³.
    static let largestCount = 9_007_199_254_740_992.0
    /// The largest n whose entropy is summed over its support.
    static let largestEnumeratedCount = 1e7

    public static let family = Family(
        constructor: "binomial", name: "Binomial",
        parameters: [.init("total_count", .nonnegativeInteger, meaning: "n, the number of trials (a whole number, no gradient)"),
                     .init("probs", .unitInterval, meaning: "p, the chance each trial succeeds, in (0, 1)"),
                     BinaryProbability.logitsParameter],
        support: .integersThrough("total_count"), route: .fixed(.none),
        summary: "Binomial(total_count n, probs p | logits l): successes in n trials, mean np; no path (score function, enumeration)",
        formula: "P(k) = C(n, k) pᵏ (1 − p)^(n − k), k = 0, 1, …, n", example: "binomial(10, 0.3)") { inputs in
        try Binomial(inputs)
    }

    init(_ inputs: Family.Inputs) throws {
        let name = Self.family.name
        let n = inputs["total_count"] ?? Tensor(1)
        try Constraint.nonnegativeInteger.check(name, "total_count", n)
        if let bad = n.scalars.first(where: { $0 > Self.largestCount }) {
            throw ReparamError.invalidParameter(distribution: name, parameter: "total_count", value: Validation.format(bad),
                                                rule: "a whole number up to 2^53 = 9007199254740992 (above it doubles skip integers)")
        }
        probability = try BinaryProbability(inputs, family: name)
        totalCount = n
        batchShape = try Validation.batchShape(name, [("total_count", n), (probability.name, probability.tensor)])
    }

    public init(totalCount: Tensor, probs: Tensor) throws {
        try self.init(Family.Inputs(parameters: [("total_count", totalCount), ("probs", probs)]))
    }
    public init(totalCount: Tensor, logits: Tensor) throws {
        try self.init(Family.Inputs(parameters: [("total_count", totalCount), ("logits", logits)]))
    }

    public var probs: Tensor { probability.probs }
    private var n: Tensor { totalCount.detached }

    public func computeSample(_ sampleShape: [Int], using stream: inout RandomStream) throws -> Tensor {
        let shape = try Validation.drawShape(name, sampleShape, batchShape)
        let counts = Kernels.expand(n, to: batchShape), p = probability.probabilities(spreadTo: batchShape)
        let batch = Swift.max(counts.count, 1)
        return Tensor(unchecked: shape, stream.sampleEach(count: Shape.count(shape)) { random, i in
            CountSamplers.binomial(counts[i % batch], p[i % batch], &random)
        })
    }

    /// δ(n) − δ(k) − δ(n − k) − D(k, np) − D(n − k, nq) + ½ log(n/2πk(n − k)) for 0 < k < n (Loader's
    /// form, `SaddlePointTerms.swift`); n log(1 − p) at k = 0 and n log p at k = n.
    public func computeLogProb(_ value: Tensor) throws -> Tensor {
        let interior = try value.compared(.greaterOrEqual, Tensor(1)).multiplying(value.compared(.lessOrEqual, n - 1))
        let k = try `where`(interior, value, Tensor(1)), count = try `where`(interior, n, Tensor(2))
        let rest = try count.subtracting(k)
        func δ(_ x: Tensor) -> Tensor { Tensor(unchecked: x.shape, x.scalars.map(stirlingError)) }
        let stirling = try δ(count).subtracting(δ(k)).subtracting(δ(rest))
        let deviances = try deviance(k, count.multiplying(probs)).adding(deviance(rest, count.multiplying(probability.complement)))
        let root = try 0.5 * log(count.dividing(by: 2 * Double.pi * k.multiplying(rest)))
        let body = try stirling.subtracting(deviances).adding(root)
        let ends = try `where`(value.compared(.equal, Tensor(0)), n.multiplying(probability.logComplement), n.multiplying(probability.logProbability))
        return try `where`(interior, body, ends)
    }

    /// I_{1−p}(n − k, k + 1) for k < n, 1 from n on.
    public func computeCDF(_ value: Tensor) throws -> Tensor {
        let isLogits = probability.isLogits
        return try Tensor.dualElementwise([value, n, probability.tensor]) { v in
            let k = v[0], count = v[1]
            guard k.value < count.value else { return Dual(1) }
            // 1 − p and p, each formed directly so a small one keeps its digits.
            let q = isLogits ? 1 / (1 + exp(v[2])) : 1 - v[2], p = isLogits ? 1 / (1 + exp(-v[2])) : v[2]
            return regularizedBetaTails(x: q, complement: p, a: count - k, b: k + 1).lower
        }
    }

    public var mean: Tensor { batched(n * probs) }
    /// np(1 − p).
    public var variance: Tensor { batched(n * exp(probability.logProbability + probability.logComplement)) }

    /// −Σₖ P(k) log P(k) over k = 0…n.
    public func computeEntropy() throws -> Tensor {
        if let big = totalCount.scalars.first(where: { $0 > Self.largestEnumeratedCount }) {
            throw ReparamError.invalidArgument("Binomial.entropy sums −P log P over 0…n, which for total_count = \(Validation.format(big)) is too long; "
                                               + "it is defined for total_count up to \(Validation.format(Self.largestEnumeratedCount))")
        }
        let values = try enumerateSupport()
        let logP = try logProb(values)
        let finite = try `where`(logP.compared(.greater, -.infinity), logP, Tensor(0))
        return -(try (exp(logP) * finite).sum(axis: 0))
    }
}
