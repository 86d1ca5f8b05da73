import Foundation

/// Categorical(probs π | logits l): an index k ∈ {0, …, K − 1} with P(k) = πₖ, over the last axis of
/// the parameter (batch shape: the other axes).
///
///     π = probs / Σ probs  or  softmax(logits)      log P(k) = log πₖ
///     mean Σ k πₖ, variance Σ k² πₖ − mean², entropy −Σ πₖ log πₖ, F(k) = Σ_{j ≤ k} πⱼ
///
/// (The mean and variance are those of the index itself.) Sampled by inversion of F. No rsample
/// (see `DiscreteDistribution`); its relaxation with a path is `RelaxedCategorical` (Concrete,
/// Gumbel-softmax).
///
///     let d = try Categorical(probs: Tensor([0.2, 0.5, 0.3]))
///     try d.logProb(Tensor([1, 2]))   // [log 0.5, log 0.3]
///     d.mean                          // 1.1
public struct Categorical: DiscreteDistribution {
    /// The tensor as given (gradients flow to it).
    let given: Tensor
    let isLogits: Bool
    /// log π, shape batch + [K], differentiable in the given tensor.
    public let logProbabilities: Tensor
    public var parameters: [(name: String, value: Tensor)] { [(isLogits ? "logits" : "probs", given)] }
    public var batchShape: [Int] { Array(given.shape.dropLast()) }
    public var eventShape: [Int] { [] }
    /// K, the number of categories.
    public var categoryCount: Int { given.shape.last ?? 0 }
    public var support: Support { .integers(0, Double(categoryCount - 1)) }
    public static var relaxation: String? { "relaxed_categorical(temperature, logits: …)" }

    public static let family = Family(
        constructor: "categorical", name: "Categorical",
        parameters: [.init("probs", .simplex, meaning: "π₁…π_K ≥ 0 along the last axis, normalized by their sum"),
                     .init("logits", .real, meaning: "l₁…l_K, π = softmax(l)", alternativeTo: "probs")],
        support: .categories(of: "probs"), route: .fixed(.none),
        summary: "Categorical(probs π | logits l): an index 0…K−1 with P(k) = πₖ; no path (score function, enumeration, or relaxed_categorical)",
        formula: "P(k) = πₖ, k = 0, 1, …, K − 1", example: "categorical([0.2, 0.5, 0.3])") { inputs in
        try Categorical(inputs)
    }

    init(_ inputs: Family.Inputs) throws {
        let name = Self.family.name
        let logits = inputs["logits"]
        guard let given = logits ?? inputs["probs"] else { throw ReparamError.invalidArgument("\(name) needs probs or logits") }
        let parameter = logits == nil ? "probs" : "logits"
        guard given.rank >= 1, given.count > 0 else {
            throw ReparamError.invalidParameter(distribution: name, parameter: parameter, value: "shape \(given.shape)",
                                                rule: "a vector (or a batch of vectors) with at least one category")
        }
        let width = given.shape[given.rank - 1]
        if logits == nil {
            try Constraint.simplex.check(name, "probs", given)
            if let row = (0..<(given.count / width)).first(where: { row in
                !(given.scalars[(row * width)..<((row + 1) * width)].reduce(0, +) > 0)
            }) {
                throw ReparamError.invalidParameter(distribution: name, parameter: "probs",
                                                    value: "all zero" + (given.count > width ? " in row \(row)" : ""), rule: "of positive sum")
            }
            let total = try given.sum(axis: -1).reshaped(Array(given.shape.dropLast()) + [1])
            // log 0 = −∞ for an impossible category, taken from log 1 so no 0 · ∞ reaches the gradient:
            // ∂ log πₖ/∂pⱼ = [j = k]/pₖ − 1/Σp stays finite for every possible k.
            let possible = given.compared(.greater, 0)
            let logGiven = try `where`(possible, log(`where`(possible, given, Tensor(1))), Tensor(-.infinity))
            logProbabilities = try logGiven.subtracting(log(total))
        } else {
            try Constraint.real.check(name, "logits", given)
            logProbabilities = try given.logSoftmax(axis: -1)
        }
        self.given = given
        isLogits = logits != nil
    }

    public init(probs: Tensor) throws { try self.init(Family.Inputs(parameters: [("probs", probs)])) }
    public init(logits: Tensor) throws { try self.init(Family.Inputs(parameters: [("logits", logits)])) }

    /// π, shape batch + [K].
    public var probs: Tensor { exp(logProbabilities) }

    /// 1 where category j ≤ k, shape value + [K], for indices `value` (the CDF's mask).
    private func cumulativeMask(_ value: Tensor) throws -> Tensor {
        let shape = try Shape.broadcast(value.shape, batchShape)
        let k = Kernels.expand(value, to: shape), width = categoryCount
        var mask = [Double](repeating: 0, count: k.count * width)
        for i in k.indices {
            let index = Int(Swift.max(0, Swift.min(Double(width - 1), k[i])))
            for j in 0...index { mask[i * width + j] = 1 }
        }
        return Tensor(unchecked: shape + [width], mask)
    }

    /// k with F(k − 1) < u·Σπ ≤ F(k), per batch row.
    public func computeSample(_ sampleShape: [Int], using stream: inout RandomStream) throws -> Tensor {
        let (shape, u) = try uniforms(sampleShape, using: &stream)
        let width = categoryCount, rows = Swift.max(batchShape.reduce(1, *), 1)
        let π = probs.detached.scalars
        var cumulative = [Double](repeating: 0, count: π.count)
        for r in 0..<rows {
            var total = 0.0
            for j in 0..<width { total += π[r * width + j]; cumulative[r * width + j] = total }
        }
        // Each draw is a search of its own row: the draws split across cores.
        let cumulativeRows = cumulative
        let draws = Kernels.make(u.count) { out in
            let out = SharedBuffer(out)
            Parallel.forEachChunk(count: u.count) { range in
                for i in range {
                    let base = (i % rows) * width
                    let target = u[i] * cumulativeRows[base + width - 1]
                    var k = 0
                    while k < width - 1 && cumulativeRows[base + k] < target { k += 1 }
                    // Never a category of probability 0 (u is never exactly 0).
                    while k > 0 && π[base + k] == 0 { k -= 1 }
                    out[i] = Double(k)
                }
            }
        }
        return Tensor(unchecked: shape, draws)
    }

    /// log π_k, gathered from its row (no [n, K] mask: one read per value), the gradient scattered
    /// back to that entry, so it reaches every logit through the softmax. An impossible category
    /// (π_k = 0) gives −∞, whose gradient the −∞ branch of log π keeps away from the parameters.
    public func computeLogProb(_ value: Tensor) throws -> Tensor {
        let shape = try Shape.broadcast(value.shape, batchShape)
        let k = Kernels.expand(value, to: shape), width = categoryCount, rows = Swift.max(batchShape.reduce(1, *), 1)
        let table = logProbabilities
        let source = table.scalars
        let entries = k.indices.map { i in (i % rows) * width + Int(Swift.max(0, Swift.min(Double(width - 1), k[i]))) }
        return Tensor.record(shape, entries.map { source[$0] }, inputs: [table]) { g in
            var scattered = [Double](repeating: 0, count: source.count)
            for (i, entry) in entries.enumerated() { scattered[entry] += g.scalars[i] }
            return [Tensor(unchecked: table.shape, scattered)]
        }
    }

    /// Σ_{j ≤ k} πⱼ; exactly 1 at the last category.
    public func computeCDF(_ value: Tensor) throws -> Tensor {
        let sum = try cumulativeMask(value).multiplying(probs).sum(axis: -1)
        return try `where`(value.compared(.greaterOrEqual, Double(categoryCount - 1)), Tensor(1), sum)
    }

    private var indices: Tensor { Tensor((0..<categoryCount).map(Double.init)) }
    /// Σ k πₖ.
    public var mean: Tensor { (try? (probs * indices).sum(axis: -1)) ?? Tensor(repeating: .nan, shape: batchShape) }
    /// Σ k² πₖ − mean².
    public var variance: Tensor {
        (try? (probs * indices * indices).sum(axis: -1) - mean * mean) ?? Tensor(repeating: .nan, shape: batchShape)
    }
    /// −Σ πₖ log πₖ (a category of probability 0 adds 0).
    public func computeEntropy() throws -> Tensor {
        // π log π with log π read as 0 where π = 0, so neither the value nor the gradient meets 0 · ∞.
        let finite = try `where`(logProbabilities.compared(.greater, -.infinity), logProbabilities, Tensor(0))
        return -(try (probs * finite).sum(axis: -1))
    }
}
