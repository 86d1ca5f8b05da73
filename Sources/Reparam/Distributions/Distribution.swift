/// A probability distribution over tensors, in the spirit of `torch.distributions`.
///
/// Shapes follow sample shape + batch shape + event shape: `rsample([1000])`
/// from a Dirichlet with concentration `[1, 2, 3]` has shape `[1000, 3]`
/// (batch `[]`, event `[3]`); from `Normal(loc: [0, 1], scale: 1)` it has
/// shape `[1000, 2]` (batch `[2]`, event `[]`).
///
///     var stream = RandomStream(seed: 7)
///     let d = try Normal(loc: .parameter(2), scale: .parameter(5))
///     let z = try d.rsample(1000, using: &stream)
///     let g = try gradients(of: z.mean(), withRespectTo: [d.loc, d.scale])  // ≈ [1, mean ε]
public protocol Distribution: Sendable {
    /// The family's declaration: constructor, parameters and their constraints, support, route, help text.
    static var family: Family { get }
    /// The family's name as messages show it, e.g. `Normal`.
    var name: String { get }
    /// Parameters in declaration order, as the user gave them (gradients flow to these).
    var parameters: [(name: String, value: Tensor)] { get }
    /// Shape of independent, differently parameterized copies.
    var batchShape: [Int] { get }
    /// Shape of one draw (`[]` for univariate families, `[k]` for a Dirichlet over k categories).
    var eventShape: [Int] { get }
    /// Where the samples live.
    var support: Support { get }
    /// The support's lower and upper ends, broadcastable to `batchShape + eventShape`; the front
    /// gives `log_prob` −∞ and `cdf` 0 or 1 beyond them. Defaults to the ends of `support`.
    var supportEnds: (lower: Tensor, upper: Tensor) { get }
    /// How `rsample` carries gradients to the parameters.
    var reparameterization: Reparameterization { get }

    // The family's bodies. They are called by the validating front (`rsample`, `logProb`, …) once
    // the value's shape is known to broadcast against batch + event shape, the sample shape is
    // sane, probabilities lie in [0, 1] and values outside the support are replaced by a point
    // inside it; they only compute.

    /// Differentiable samples of shape `sampleShape + batchShape + eventShape`.
    func computeRsample(_ sampleShape: [Int], using stream: inout RandomStream) throws -> Tensor
    /// Samples cut off from the tape (defaults to the detached `computeRsample`).
    func computeSample(_ sampleShape: [Int], using stream: inout RandomStream) throws -> Tensor
    /// log p(value) for a value inside the support, shape `sampleShape + batchShape`.
    func computeLogProb(_ value: Tensor) throws -> Tensor
    /// P(Z ≤ value) for a value inside the support.
    func computeCDF(_ value: Tensor) throws -> Tensor
    /// F⁻¹(probability; θ) for probabilities in [0, 1], differentiable in θ and in the probability.
    func computeICDF(_ probability: Tensor) throws -> Tensor
    /// The differential entropy per batch element.
    func computeEntropy() throws -> Tensor
    var mean: Tensor { get }
    var variance: Tensor { get }
}

/// How a family's `rsample` is differentiated.
public enum Reparameterization: String, Sendable {
    /// z = g(ε; θ) with ε from a fixed distribution; dz/dθ = ∂g/∂θ.
    case explicit
    /// dz/dθ = −(∂F/∂θ)(z; θ) / p(z; θ), through the CDF: the family's own, or, for a draw built
    /// from several random variables, theirs (see `UnivariateCDFFamily.drawsHoldTheQuantile`).
    case implicit
    /// No pathwise gradient (use the score-function estimator).
    case none
}

extension Distribution {
    public var name: String { Self.family.name }

    public func computeSample(_ sampleShape: [Int], using stream: inout RandomStream) throws -> Tensor {
        try computeRsample(sampleShape, using: &stream).detached
    }

    public func computeCDF(_ value: Tensor) throws -> Tensor {
        throw ReparamError.invalidArgument("\(name) has no cumulative distribution function")
    }
    public func computeICDF(_ probability: Tensor) throws -> Tensor {
        throw ReparamError.invalidArgument("\(name) has no quantile function (icdf)")
    }

    public var supportEnds: (lower: Tensor, upper: Tensor) { (Tensor(support.lowerEnd), Tensor(support.upperEnd)) }

    /// Differentiable samples through the asked-for route; throws when the family has none such.
    public func rsample(_ sampleShape: [Int], using stream: inout RandomStream, via method: Reparameterization) throws -> Tensor {
        if method == reparameterization, (self as? any UnivariateCDFFamily)?.drawsHoldTheQuantile ?? true {
            return try rsample(sampleShape, using: &stream)
        }
        switch method {
        case .implicit:
            guard let family = self as? any UnivariateCDFFamily else {
                throw ReparamError.invalidArgument("\(name) has no implicit reparameterization here; use \(reparameterization.rawValue)")
            }
            return family.implicitlyReparameterized(try sample(sampleShape, using: &stream))
        case .explicit:
            throw ReparamError.invalidArgument("\(name) has no explicit reparameterization (no closed-form z = g(ε; θ)); use implicit")
        case .none:
            throw ReparamError.invalidArgument("\(name): a sample without reparameterization has no pathwise gradient; use the score-function estimator")
        }
    }

    /// `n` differentiable samples.
    public func rsample(_ n: Int, using stream: inout RandomStream) throws -> Tensor { try rsample([n], using: &stream) }
    /// `n` samples without gradients.
    public func sample(_ n: Int, using stream: inout RandomStream) throws -> Tensor { try sample([n], using: &stream) }

    /// √variance.
    public var standardDeviation: Tensor { sqrt(variance) }

    /// The parameter called `name`, if the family has one.
    public func parameter(named name: String) -> Tensor? { parameters.first { $0.name == name }?.value }
}

/// The set a distribution's samples live in.
public enum Support: Equatable, Sendable, CustomStringConvertible {
    case real
    case positive
    case unitInterval
    case interval(Double, Double)
    case simplex
    /// Angles in [−π, π).
    case circle
    /// Symmetric positive-definite n × n matrices (a Wishart's draws).
    case positiveDefinite
    /// Lower-triangular matrices with unit rows and a positive diagonal (Cholesky factors of correlation matrices).
    case correlationCholesky
    /// Unit vectors in ℝᵈ, the sphere S^{d−1} (a power spherical's draws).
    case unitSphere
    /// The integers from `lower` through `upper` (which may be +∞): a discrete family's values.
    case integers(Double, Double)
    /// One-hot vectors: one coordinate 1, the others 0 (a one-hot categorical's draws).
    case oneHot

    public var description: String {
        switch self {
        case .real: "real numbers"
        case .positive: "positive numbers"
        case .unitInterval: "the interval (0, 1)"
        case let .interval(a, b): "the interval [\(a), \(b)]"
        case .simplex: "the probability simplex"
        case .circle: "angles in [-π, π)"
        case .positiveDefinite: "symmetric positive-definite matrices"
        case .correlationCholesky: "Cholesky factors of correlation matrices"
        case .unitSphere: "unit vectors (the sphere ‖z‖ = 1)"
        case .oneHot: "one-hot vectors (one coordinate 1, the others 0)"
        case let .integers(a, b):
            if b == a + 1 { "the integers {\(Validation.format(a)), \(Validation.format(b))}" }
            else if b.isFinite { "the integers \(Validation.format(a)), \(Validation.format(a + 1)), …, \(Validation.format(b))" }
            else { "the integers \(Validation.format(a)), \(Validation.format(a + 1)), \(Validation.format(a + 2)), …" }
        }
    }

    /// Whether the values are integers (a discrete family's support).
    public var isDiscrete: Bool { if case .integers = self { true } else { false } }

    /// The lowest value in the support (or its infimum); −∞ for the real line and the circle
    /// (every real number names an angle), 0 for the simplex's coordinates.
    public var lowerEnd: Double {
        switch self {
        case .positive, .unitInterval, .simplex, .oneHot: 0
        case let .interval(a, _), let .integers(a, _): a
        case .correlationCholesky, .unitSphere: -1
        case .real, .circle, .positiveDefinite: -.infinity
        }
    }

    /// The highest value in the support (or its supremum).
    public var upperEnd: Double {
        switch self {
        case .unitInterval, .simplex, .correlationCholesky, .unitSphere, .oneHot: 1
        case let .interval(_, b), let .integers(_, b): b
        case .real, .positive, .circle, .positiveDefinite: .infinity
        }
    }
}

extension Distribution {
    /// `value` (built from parameters that broadcast to the batch shape) spread to the batch shape.
    func batched(_ value: Tensor) -> Tensor { (try? value.broadcast(to: batchShape)) ?? value }

    /// `a` where `condition` holds, `b` elsewhere, for operands built from the parameters (which
    /// the initializer checked to broadcast to the batch shape); NaN should they not.
    func select(_ condition: Tensor, _ a: Tensor, _ b: Tensor) -> Tensor {
        (try? `where`(condition, a, b)) ?? Tensor(repeating: .nan, shape: batchShape)
    }
}
