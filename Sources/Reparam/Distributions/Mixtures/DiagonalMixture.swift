import Foundation

/// A mixture of K distributions factorized over D dimensions:
/// p(z) = Σₖ πₖ Π_d pₖd(z_d), event shape [D].
///
/// `components` is one family with batch shape [K, D] (e.g. `Normal(loc: [K, D], scale: [K, D])`).
/// `rsample` picks k ~ π and draws every coordinate from component k; the
/// gradient is implicit on Graves' (2016) sequential distributional transform
///
///     u_d = F_d(z_d | z_<d) = Σₖ πₖ⁽ᵈ⁾ Fₖd(z_d),   πₖ⁽ᵈ⁾ ∝ πₖ Π_{j<d} pₖj(z_j)
///
/// held fixed: (∂u/∂z) dz/dθ = −∂u/∂θ with ∂u/∂z lower triangular. The backward
/// pass solves the transposed system λ = (∂u/∂z)⁻ᵀ g by back-substitution in
/// O(K·D) per sample, using
///
///     Σ_{j>d} (∂u_j/∂z_d) λ_j = Σₖ sₖd Aₖ(d),   Aₖ(d) = Σ_{j>d} λ_j πₖ⁽ʲ⁾ (Fₖj − u_j),   sₖd = ∂log pₖd/∂z_d
///
/// and then ∂L/∂θₖd = −λ_d πₖ⁽ᵈ⁾ ∂Fₖd/∂θ − Aₖ(d) ∂log pₖd/∂θ. No D×D Jacobian is formed.
///
///     let d = try DiagonalMixture(components: Normal(loc: .parameter(locs), scale: .parameter(scales)),   // [K, D]
///                                 weights: .logits(.parameter([0, 0.5, -1])))
///     let z = try d.rsample(1000, using: &stream)   // [1000, D]
public struct DiagonalMixture: Distribution {
    public let components: any DifferentiableLogDensity
    let weights: MixtureWeights
    let componentCount: Int
    let dimension: Int
    /// Parameter values per (k, d), row-major, one array per parameter.
    let values: [[Double]]

    public var batchShape: [Int] { [] }
    public var eventShape: [Int] { [dimension] }
    public var support: Support { components.support }
    public var reparameterization: Reparameterization { .implicit }
    public var parameters: [(name: String, value: Tensor)] {
        [(weights.name, weights.tensor)] + components.parameters.map { ("components.\($0.name)", $0.value) }
    }
    /// The mixing probabilities π (differentiable, shape [K]).
    public var probabilities: Tensor { weights.probabilities }

    public static let family = Family(
        constructor: "diagonal_mixture", name: "DiagonalMixture",
        parameters: [.init("weights", .simplex, default: .equalWeights, meaning: "mixing weights w ≥ 0, one per component (π = w/Σw)"),
                     .init("logits", .real, meaning: "mixing logits l, one per component (π = softmax(l))", alternativeTo: "weights")],
        composition: .componentGrid, support: .fromComponents, eventShape: .componentGridColumns, route: .implicit, methods: [],
        summary: "a mixture of K factorized components over D coordinates, d with parameters of shape [K, D]; implicit gradients by Graves' sequential transform",
        formula: "p(z) = Σₖ πₖ Π_d pₖd(z_d)", example: "diagonal_mixture(normal([[-2, 0], [2, 1]], 0.5), weights: [0.3, 0.7])") { inputs in
        guard let grid = inputs.components.first, inputs.components.count == 1 else {
            throw ReparamError.invalidArgument("DiagonalMixture takes one distribution whose parameters have shape [K, D]")
        }
        guard let component = grid as? any UnivariateCDFFamily else {
            throw ReparamError.invalidArgument("DiagonalMixture: components must be univariate with a CDF; \(grid.name) is not")
        }
        let weights: MixingWeights = inputs["logits"].map { .logits($0) } ?? .probabilities(inputs["weights"] ?? Tensor([]))
        return try DiagonalMixture(components: component, weights: weights)
    }

    public init(components: any UnivariateCDFFamily, weights: MixingWeights) throws {
        let w = try MixtureWeights(weights, family: "DiagonalMixture")
        guard components.batchShape.count == 2, components.batchShape[0] == w.count else {
            throw ReparamError.shape("DiagonalMixture: components need batch shape [K, D] with K = \(w.count) (one row per \(w.name) entry), got \(components.batchShape)")
        }
        guard let differentiable = components as? any DifferentiableLogDensity else {
            throw ReparamError.invalidArgument("DiagonalMixture: \(components.name) has no generic log density (needed for the posterior weights of Graves' transform); use Normal, Logistic, Laplace, Gumbel, Cauchy, Gamma, Beta or Student-t components")
        }
        self.components = differentiable
        self.weights = w
        componentCount = w.count
        dimension = components.batchShape[1]
        values = components.parameters.map { Kernels.expand($0.value, to: components.batchShape) }
    }

    public init(components: any UnivariateCDFFamily, weights: Tensor) throws { try self.init(components: components, weights: .probabilities(weights)) }
    public init(components: any UnivariateCDFFamily, logits: Tensor) throws { try self.init(components: components, weights: .logits(logits)) }

    // MARK: Sampling

    /// n draws: component k ~ π per draw, then each coordinate from component k.
    func drawValues(_ n: Int, using stream: inout RandomStream) throws -> [Double] {
        let K = componentCount, D = dimension
        var cumulative = [Double](), total = 0.0
        for w in weights.raw { total += w; cumulative.append(total) }
        let u = stream.uniform(count: n)
        let choice = u.map { u -> Int in
            var k = 0
            while k < K - 1 && !(u * total < cumulative[k]) { k += 1 }
            while weights.raw[k] == 0 && k > 0 { k -= 1 }
            return k
        }
        if let ls = components as? any LocationScaleFamily {
            // z = loc[k, d] + scale[k, d]·ε with ε from the family's standard law.
            let locs = values[0], scales = values[1]
            var z = Kernels.make(n * D) { type(of: ls).standardDraws($0, using: &stream) }
            for i in 0..<n {
                let row = choice[i] * D
                for d in 0..<D { z[i * D + d] = locs[row + d] + scales[row + d] * z[i * D + d] }
            }
            return z
        }
        // Any other family: as many draws of all K·D components as the most chosen one needs.
        var counts = [Int](repeating: 0, count: K)
        for k in choice { counts[k] += 1 }
        let rows = counts.max() ?? 0
        let all = try components.sample([rows], using: &stream).scalars   // [rows, K, D]
        var next = [Int](repeating: 0, count: K)
        var z = [Double](repeating: 0, count: n * D)
        for i in 0..<n {
            let k = choice[i], r = next[k]
            next[k] += 1
            for d in 0..<D { z[i * D + d] = all[(r * K + k) * D + d] }
        }
        return z
    }

    public func computeSample(_ sampleShape: [Int], using stream: inout RandomStream) throws -> Tensor {
        let shape = try Validation.drawShape(name, sampleShape, [], eventShape)
        return Tensor(unchecked: shape, try drawValues(Shape.count(sampleShape), using: &stream))
    }

    public func computeRsample(_ sampleShape: [Int], using stream: inout RandomStream) throws -> Tensor {
        try implicitlyReparameterized(sample(sampleShape, using: &stream))
    }

    // MARK: Densities and moments

    /// log p(z) = logsumexp_k(log πₖ + Σ_d log pₖd(z_d)), differentiable.
    public func computeLogProb(_ value: Tensor) throws -> Tensor {
        guard value.shape.last == dimension else {
            throw ReparamError.shape("DiagonalMixture: values need a last axis of \(dimension) coordinates, got shape \(value.shape)")
        }
        // value [..., D] → [..., 1, D] against the components' [K, D].
        var expanded = value.shape
        expanded.insert(1, at: expanded.count - 1)
        let perComponent = try components.logProb(value.reshaped(expanded)).sum(axis: expanded.count - 1)   // [..., K]
        let logπ = try weights.isLogits ? weights.tensor.logSoftmax(axis: 0) : log(weights.tensor) - log(weights.tensor.sum())
        return try perComponent.adding(logπ).logSumExp(axis: perComponent.rank - 1)
    }

    /// Σₖ πₖ μₖ (shape [D]).
    public var mean: Tensor { weightedOverComponents(components.mean) }

    /// Σₖ πₖ(σₖ² + μₖ²) − μ² per coordinate (shape [D]).
    public var variance: Tensor {
        let m = mean
        return weightedOverComponents(components.variance + components.mean * components.mean) - m * m
    }

    /// Σₖ πₖ t[k, d] for a [K, D] tensor t (shapes fixed by the initializer, so this cannot fail).
    private func weightedOverComponents(_ t: Tensor) -> Tensor {
        (try? probabilities.reshaped([componentCount, 1]).multiplying(t).sum(axis: 0)) ?? Tensor(repeating: .nan, shape: [dimension])
    }

    public func computeEntropy() throws -> Tensor {
        throw ReparamError.invalidArgument("DiagonalMixture: the entropy of a mixture has no closed form; estimate it by Monte Carlo as -mean(logProb(sample(n)))")
    }
}

