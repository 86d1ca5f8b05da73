import Foundation

/// A finite mixture of univariate distributions of any families: p(z) = Σₖ πₖ pₖ(z).
///
/// `rsample` picks component k with probability πₖ and draws from it; the
/// gradient is implicit on the mixture CDF F(z) = Σₖ πₖ Fₖ(z):
///
///     dz/dθ = −(Σₖ ∂(πₖ Fₖ(z))/∂θ) / Σₖ πₖ pₖ(z)
///
/// so component parameters and the weights (probabilities or logits, through
/// the normalization or the softmax) all get pathwise gradients. Densities are
/// combined in log space; the posterior weight rₖ(z) = πₖpₖ(z)/p(z) carries the
/// location–scale terms, so nothing divides by an underflowed density.
///
///     let d = try Mixture(components: [Normal(loc: .parameter(-2), scale: 1), Gamma(...)],
///                         weights: .logits(.parameter([0, 0.5])))
///     let z = try d.rsample(1000, using: &stream)
///     let g = try gradients(of: z.mean(), withRespectTo: d.parameters.map(\.value))
public struct Mixture: Distribution {
    public let components: [any UnivariateCDFFamily]
    let weights: MixtureWeights
    let evaluators: [MixtureComponent]

    public var batchShape: [Int] { [] }
    public var eventShape: [Int] { [] }
    public var reparameterization: Reparameterization { .implicit }
    public var support: Support {
        let supports = components.map(\.support)
        return supports.allSatisfy({ $0 == supports[0] }) ? supports[0] : .real
    }

    /// The weights tensor as given (named `weights` or `logits`), then each component's
    /// parameters as `k.name` (e.g. `0.loc`).
    public var parameters: [(name: String, value: Tensor)] {
        [(weights.name, weights.tensor)] + components.enumerated().flatMap { k, c in c.parameters.map { ("\(k).\($0.name)", $0.value) } }
    }

    /// The mixing probabilities π (differentiable, shape [K]).
    public var probabilities: Tensor { weights.probabilities }

    public static let family = Family(
        constructor: "mixture", name: "Mixture",
        parameters: [.init("weights", .simplex, default: .equalWeights, meaning: "mixing weights w ≥ 0, one per component (π = w/Σw)"),
                     .init("logits", .real, meaning: "mixing logits l, one per component (π = softmax(l))", alternativeTo: "weights")],
        composition: .components, support: .fromComponents, route: .implicit, methods: [.cdf, .icdf],
        summary: "a finite mixture of univariate distributions; implicit gradients through Σₖ πₖ Fₖ reach the weights too",
        formula: "p(z) = Σₖ πₖ pₖ(z),  F(z) = Σₖ πₖ Fₖ(z)", example: "mixture(normal(-2, 1), normal(2, 0.5), weights: [0.3, 0.7])") { inputs in
        let components = try inputs.components.map { distribution -> any UnivariateCDFFamily in
            guard let component = distribution as? any UnivariateCDFFamily else {
                throw ReparamError.invalidArgument("mixture components must be univariate with a CDF; \(distribution.name) is not")
            }
            return component
        }
        let weights: MixingWeights = inputs["logits"].map { .logits($0) } ?? .probabilities(inputs["weights"] ?? Tensor([]))
        return try Mixture(components: components, weights: weights)
    }

    public init(components: [any UnivariateCDFFamily], weights: MixingWeights) throws {
        guard !components.isEmpty else { throw ReparamError.invalidArgument("Mixture needs at least one component") }
        let w = try MixtureWeights(weights, family: "Mixture")
        guard w.count == components.count else {
            throw ReparamError.shape("Mixture: \(components.count) components but \(w.count) \(w.name)")
        }
        self.components = components
        self.weights = w
        evaluators = try components.enumerated().map { try MixtureComponent($1, mixture: "Mixture", index: $0) }
    }

    /// Mixture of `components` with probabilities `weights` (normalized: π = w/Σw).
    public init(components: [any UnivariateCDFFamily], weights: Tensor) throws {
        try self.init(components: components, weights: .probabilities(weights))
    }

    /// Mixture of `components` with π = softmax(`logits`).
    public init(components: [any UnivariateCDFFamily], logits: Tensor) throws {
        try self.init(components: components, weights: .logits(logits))
    }

    // MARK: Sampling

    /// Component indices for `n` draws: k with probability πₖ, from one uniform draw.
    func chooseComponents(_ n: Int, using stream: inout RandomStream) -> [Int32] {
        var cumulative = [Double](), total = 0.0
        for w in weights.raw { total += w; cumulative.append(total) }
        let u = stream.uniform(count: n)
        let last = Int32(cumulative.count - 1)
        return u.map { u in
            let target = u * total
            var k: Int32 = 0
            while k < last && !(target < cumulative[Int(k)]) { k += 1 }
            // Never a zero-weight component, even at a rounding edge.
            while weights.raw[Int(k)] == 0 && k > 0 { k -= 1 }
            return k
        }
    }

    /// Values drawn from the mixture: one draw per component for its share of the samples.
    func drawValues(_ n: Int, using stream: inout RandomStream) throws -> [Double] {
        let choice = chooseComponents(n, using: &stream)
        var counts = [Int](repeating: 0, count: components.count)
        for k in choice { counts[Int(k)] += 1 }
        // All components' draws back to back; each sample takes the next draw of its component.
        var cursor = [Int](), flat: [Double] = []
        flat.reserveCapacity(n)
        for k in components.indices {
            cursor.append(flat.count)
            flat += try components[k].sample([counts[k]], using: &stream).scalars
        }
        return Kernels.make(n) { out in
            flat.withUnsafeBufferPointer { flat in
                cursor.withUnsafeMutableBufferPointer { cursor in
                    for i in 0..<n {
                        let k = Int(choice[i])
                        out[i] = flat[cursor[k]]
                        cursor[k] += 1
                    }
                }
            }
        }
    }

    public func computeSample(_ sampleShape: [Int], using stream: inout RandomStream) throws -> Tensor {
        let shape = try Validation.drawShape(name, sampleShape, batchShape)
        return Tensor(unchecked: shape, try drawValues(Shape.count(shape), using: &stream))
    }

    public func computeRsample(_ sampleShape: [Int], using stream: inout RandomStream) throws -> Tensor {
        let shape = try Validation.drawShape(name, sampleShape, batchShape)
        return try implicitlyReparameterized(Tensor(unchecked: shape, try drawValues(Shape.count(shape), using: &stream)))
    }

    // MARK: Densities

    /// The posterior weights rₖ(z) = πₖpₖ(z)/p(z) (component-major: r[k·n + i]) and
    /// log p(z) = logsumexp_k(log πₖ + log pₖ(z)), from the components' log densities.
    func posteriorWeights(_ z: [Double]) throws -> (responsibility: [Double], logDensity: [Double]) {
        let n = z.count, K = evaluators.count
        var r: [Double] = []
        r.reserveCapacity(K * n)
        for k in evaluators.indices { r += try evaluators[k].logDensities(z, adding: weights.logProbabilities[k]) }
        let total = r.withUnsafeMutableBufferPointer { r in
            let r = SharedBuffer(r)
            return Kernels.make(n) { out in
                let out = SharedBuffer(out)
                Parallel.forEachChunk(count: n) { range in
                    for i in range {
                        var peak = -Double.infinity
                        for k in 0..<K where r[k * n + i] > peak { peak = r[k * n + i] }
                        guard peak.isFinite else {
                            out[i] = peak.isNaN ? .nan : -.infinity
                            for k in 0..<K { r[k * n + i] = 0 }
                            continue
                        }
                        var sum = 0.0
                        for k in 0..<K { let e = Foundation.exp(r[k * n + i] - peak); r[k * n + i] = e; sum += e }
                        let inverse = 1 / sum
                        for k in 0..<K { r[k * n + i] *= inverse }
                        out[i] = peak + Foundation.log(sum)
                    }
                }
            }
        }
        return (r, total)
    }

    /// log p(z) = logsumexp_k(log πₖ + log pₖ(z)), differentiable in z and every parameter.
    public func computeLogProb(_ value: Tensor) throws -> Tensor {
        let logπ = try weights.isLogits ? weights.tensor.logSoftmax(axis: 0) : log(weights.tensor) - log(weights.tensor.sum())
        let terms = try components.indices.map { k in try components[k].logProb(value).adding(logπ.select(axis: 0, k)) }
        return try stack(terms, axis: -1).logSumExp(axis: -1)
    }

    /// F(z) = Σₖ πₖ Fₖ(z).
    public func computeCDF(_ value: Tensor) throws -> Tensor {
        let π = probabilities
        var total: Tensor?
        for k in components.indices {
            let term = try components[k].cdf(value).multiplying(π.select(axis: 0, k))
            total = try total.map { try $0.adding(term) } ?? term
        }
        return total ?? Tensor(repeating: 0, shape: value.shape)
    }

    // MARK: Moments

    /// Σₖ πₖ μₖ.
    public var mean: Tensor { weightedSum { components[$0].mean } }

    /// Σₖ πₖ(σₖ² + μₖ²) − μ².
    public var variance: Tensor {
        let m = mean
        return weightedSum { components[$0].variance + components[$0].mean * components[$0].mean } - m * m
    }

    /// Σₖ πₖ·term(k), differentiable in π and in the terms.
    private func weightedSum(_ term: (Int) -> Tensor) -> Tensor {
        let π = probabilities
        // π has shape [K] (checked by the initializer), so selecting k < K cannot fail.
        func weight(_ k: Int) -> Tensor { (try? π.select(axis: 0, k)) ?? Tensor(.nan) }
        return components.indices.dropFirst().reduce(weight(0) * term(0)) { $0 + weight($1) * term($1) }
    }

    /// A mixture's entropy −∫ p log p has no closed form; estimate it as
    /// `-d.logProb(d.sample(n)).mean()` if an estimate will do.
    public func computeEntropy() throws -> Tensor {
        throw ReparamError.invalidArgument("Mixture: the entropy of a mixture has no closed form; estimate it by Monte Carlo as -mean(logProb(sample(n)))")
    }
}
