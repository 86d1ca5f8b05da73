import Foundation

/// RelaxedBernoulli(temperature λ, logits l | probs p): the binary Concrete distribution (Maddison,
/// Mnih & Teh 2017; Jang, Gu & Poole 2017), a continuous stand-in on (0, 1) for Bernoulli(σ(l))
/// whose draws have a path.
///
///     y = σ((l + log u − log(1 − u)) / λ),  u ~ Uniform(0, 1)   (explicit: dy/dl = y(1 − y)/λ)
///     F(y) = σ(λ logit y − l),  F⁻¹(u) = σ((l + logit u)/λ)
///     log p(y) = log λ + log σ(s) + log σ(−s) − log y − log(1 − y),  s = λ logit y − l
///
/// As λ → 0 the draws become Bernoulli(σ(l)) draws (P(y > ½) = σ(l) at every λ), and the gradient
/// of E[f(y)] tends to that of E[f(k)], with a bias that shrinks with λ while its variance grows.
/// The mean and variance have no closed form; they are `expectation(of:)`, Gauss–Legendre sums over
/// F⁻¹ on panels graded toward the step at u = σ(−l) (exact as λ → 0), differentiable in λ and l.
/// A draw that rounds to exactly 0 or 1 (λ ≪ 1) lies on the boundary, where log_prob is −∞.
///
/// Straight-through (`straightThrough`, the language's `hard: true`; Bengio et al. 2013, Jang et al.
/// 2017): each draw is rounded to k = [y > ½], a Bernoulli(σ(l)) draw, while its gradient is the
/// relaxed one: the value k + (y − stopgrad y). log_prob, cdf, icdf and the moments stay those of
/// the relaxed y (a hard draw lies on the boundary, log_prob −∞).
///
///     let d = try RelaxedBernoulli(temperature: Tensor(0.5), logits: .parameter(0.4))
///     try d.cdf(Tensor(0.5))     // σ(−0.4) = 0.401…: P(y ≤ ½) = P(k = 0)
public struct RelaxedBernoulli: UnivariateCDFFamily {
    public let temperature: Tensor
    let probability: BinaryProbability
    public var parameters: [(name: String, value: Tensor)] { [("temperature", temperature), (probability.name, probability.tensor)] }
    public let batchShape: [Int]
    /// Draws rounded to 0 or 1, with the relaxed gradient.
    public let straightThrough: Bool
    public var eventShape: [Int] { [] }
    public var support: Support { .unitInterval }
    public var reparameterization: Reparameterization { .explicit }

    public static let family = Family(
        constructor: "relaxed_bernoulli", name: "RelaxedBernoulli",
        parameters: [.init("temperature", .positive, meaning: "λ > 0; as λ → 0 the draws approach Bernoulli(σ(l)) draws"),
                     .init("logits", .real, meaning: "l = log(p/(1 − p)) of the Bernoulli it relaxes"),
                     .init("probs", .unitInterval, meaning: "p of the Bernoulli it relaxes", alternativeTo: "logits")],
        flags: [.init("hard", meaning: "straight-through: draws rounded to 0 or 1, gradients through the relaxation")],
        support: .fixed(.unitInterval), route: .explicit, methods: [.cdf, .icdf],
        summary: "RelaxedBernoulli(temperature λ, logits l): binary Concrete on (0, 1); rsample y = σ((l + logit u)/λ) (explicit)",
        formula: "p(y) = λ e^l y^(−λ−1) (1−y)^(−λ−1) / (e^l y^(−λ) + (1−y)^(−λ))²", example: "relaxed_bernoulli(0.5, logits: 0.4)") { inputs in
        try RelaxedBernoulli(inputs)
    }

    init(_ inputs: Family.Inputs) throws {
        let name = Self.family.name
        let temperature = inputs["temperature"] ?? Tensor(1)
        try Constraint.positive.check(name, "temperature", temperature)
        probability = try BinaryProbability(inputs, family: name)
        self.temperature = temperature
        straightThrough = inputs.flags.contains("hard")
        batchShape = try Validation.batchShape(name, [("temperature", temperature), (probability.name, probability.tensor)])
    }

    public init(temperature: Tensor, logits: Tensor, straightThrough: Bool = false) throws {
        try self.init(Family.Inputs(parameters: [("temperature", temperature), ("logits", logits)], flags: straightThrough ? ["hard"] : []))
    }
    public init(temperature: Tensor, probs: Tensor, straightThrough: Bool = false) throws {
        try self.init(Family.Inputs(parameters: [("temperature", temperature), ("probs", probs)], flags: straightThrough ? ["hard"] : []))
    }

    /// The logits of the Bernoulli it relaxes.
    public var logits: Tensor { probability.logits }

    /// σ((l + logit u)/λ) with logit u = log u − log1p(−u).
    func quantile(_ u: Tensor) throws -> Tensor {
        let noise = try log(u).subtracting(log1p(-u))
        return sigmoid(try logits.adding(noise).dividing(by: temperature))
    }

    public func computeRsample(_ sampleShape: [Int], using stream: inout RandomStream) throws -> Tensor {
        let shape = try Validation.drawShape(name, sampleShape, batchShape)
        let y = try quantile(Tensor(unchecked: shape, stream.uniform(count: Shape.count(shape))))
        guard straightThrough else { return y }
        let k = Tensor(unchecked: shape, y.scalars.map { $0 > 0.5 ? 1 : 0 })
        return try k.adding(y.subtracting(y.detached))
    }

    public func computeICDF(_ probability: Tensor) throws -> Tensor { try quantile(probability) }

    /// σ(λ logit y − l).
    public func computeCDF(_ value: Tensor) throws -> Tensor {
        sigmoid(try temperature.multiplying(log(value).subtracting(log1p(-value))).subtracting(logits))
    }

    /// F(y; λ, θ) = σ(λ logit y − l) at one point (θ = logits or probs as given), for the implicit route.
    public func cdf<T: RealScalar>(at y: T, parameters θ: [T]) -> T {
        if y.value <= 0 { return T(0) }
        if y.value >= 1 { return T(1) }
        let l = probability.isLogits ? θ[1] : log(θ[1]) - log1p(-θ[1])
        return 1 / (1 + exp(l - θ[0] * (log(y) - log1p(-y))))
    }
    public func logDensity(at y: Double, parameters θ: [Double]) -> Double {
        guard y > 0, y < 1 else { return -.infinity }
        let l = probability.isLogits ? θ[1] : Foundation.log(θ[1]) - Foundation.log1p(-θ[1])
        let s = θ[0] * (Foundation.log(y) - Foundation.log1p(-y)) - l
        func softplus(_ x: Double) -> Double { x > 0 ? x + Foundation.log1p(Foundation.exp(-x)) : Foundation.log1p(Foundation.exp(x)) }
        return Foundation.log(θ[0]) - softplus(-s) - softplus(s) - Foundation.log(y) - Foundation.log1p(-y)
    }

    /// log λ − softplus(−s) − softplus(s) − log y − log(1 − y), s = λ logit y − l; −∞ at y ∈ {0, 1}.
    public func computeLogProb(_ value: Tensor) throws -> Tensor {
        let inside = try value.compared(.greater, Tensor(0)).multiplying(value.compared(.less, Tensor(1)))
        let y = try `where`(inside, value, Tensor(0.5))
        let s = try temperature.multiplying(log(y).subtracting(log1p(-y))).subtracting(logits)
        let body = try log(temperature).subtracting(softplus(-s)).subtracting(softplus(s)).subtracting(log(y)).subtracting(log1p(-y))
        return try `where`(inside, body, Tensor(-.infinity))
    }

    public func computeEntropy() throws -> Tensor {
        throw ReparamError.invalidArgument("RelaxedBernoulli has no closed-form entropy; estimate it as -mean(d.log_prob(d.sample(n)))")
    }

    public var mean: Tensor { (try? expectation(of: { $0 })) ?? Tensor(repeating: .nan, shape: batchShape) }
    public var variance: Tensor {
        guard let first = try? expectation(of: { $0 }), let second = try? expectation(of: { $0 * $0 }) else { return Tensor(repeating: .nan, shape: batchShape) }
        return second - first * first
    }

    /// E[f(y)] = ∫₀¹ f(F⁻¹(u)) du, differentiable in λ and l (so its gradient is the exact expected
    /// pathwise gradient of the relaxation, bias included): 16-point Gauss–Legendre on panels whose
    /// ends, in the logistic noise ε = logit u, sit at −l + λ·{0, ±1, ±2, ±5, …, ±80} and at
    /// ±{1, 3, 10, 30, 60}: fine where F⁻¹ steps, coarse where it is flat, so the sum stays exact
    /// as λ → 0. `f` maps values of shape [m] + batch to the same shape.
    ///
    ///     try RelaxedBernoulli(temperature: Tensor(1), logits: Tensor(0)).expectation { $0 }   // ½
    public func expectation(of f: (Tensor) throws -> Tensor) throws -> Tensor {
        let l = Kernels.expand(logits.detached, to: batchShape), λ = Kernels.expand(temperature.detached, to: batchShape)
        let batch = Swift.max(l.count, 1)
        let steps = [0.0, 1, 2, 5, 10, 20, 40, 80]
        var nodes: [[Double]] = [], weights: [[Double]] = []
        for b in 0..<batch {
            var ends: Set<Double> = []
            for step in steps { ends.formUnion([-l[b] + λ[b] * step, -l[b] - λ[b] * step]) }
            for width in [1.0, 3, 10, 30, 60] { ends.formUnion([width, -width]) }
            let inner: [Double] = ends.sorted().map { (ε: Double) -> Double in 1 / (1 + Foundation.exp(-ε)) }.filter { $0 > 0 && $0 < 1 }
            let cuts: [Double] = [0.0] + inner + [1.0]
            var u: [Double] = [], w: [Double] = []
            for (a, c) in zip(cuts, cuts.dropFirst()) where c > a {
                for (x, weight) in Self.rule {
                    u.append(a + (c - a) * (x + 1) / 2)
                    w.append(weight * (c - a) / 2)
                }
            }
            nodes.append(u)
            weights.append(w)
        }
        // Every batch element gets the same number of nodes (padded with zero weight at u = ½).
        let count = nodes.map(\.count).max() ?? 0
        var u = [Double](repeating: 0.5, count: count * batch), w = [Double](repeating: 0, count: count * batch)
        for b in 0..<batch {
            for (i, (x, weight)) in zip(nodes[b], weights[b]).enumerated() { u[i * batch + b] = x; w[i * batch + b] = weight }
        }
        let y = try quantile(Tensor(unchecked: [count] + batchShape, u))
        return try f(y).multiplying(Tensor(unchecked: [count] + batchShape, w)).sum(axis: 0)
    }

    static let rule = gaussLegendreRule(count: 16)
}
