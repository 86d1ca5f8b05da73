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
    /// How `rsample` carries gradients to the parameters.
    var reparameterization: Reparameterization { get }

    /// Differentiable samples of shape `sampleShape + batchShape + eventShape`.
    func rsample(_ sampleShape: [Int], using stream: inout RandomStream) throws -> Tensor
    /// Differentiable samples through the asked-for route; throws when the family has none such.
    func rsample(_ sampleShape: [Int], using stream: inout RandomStream, via method: Reparameterization) throws -> Tensor
    /// Samples cut off from the tape.
    func sample(_ sampleShape: [Int], using stream: inout RandomStream) throws -> Tensor
    /// log p(value), shape `sampleShape + batchShape`.
    func logProb(_ value: Tensor) throws -> Tensor
    /// P(Z ≤ value).
    func cdf(_ value: Tensor) throws -> Tensor
    /// The quantile function F⁻¹(probability; θ), differentiable in θ and in the probability.
    func icdf(_ probability: Tensor) throws -> Tensor
    var mean: Tensor { get }
    var variance: Tensor { get }
    func entropy() throws -> Tensor
}

/// How a family's `rsample` is differentiated.
public enum Reparameterization: String, Sendable {
    /// z = g(ε; θ) with ε from a fixed distribution; dz/dθ = ∂g/∂θ.
    case explicit
    /// dz/dθ = −(∂F/∂θ)(z; θ) / p(z; θ), through the CDF.
    case implicit
    /// No pathwise gradient (use the score-function estimator).
    case none
}

extension Distribution {
    public func sample(_ sampleShape: [Int], using stream: inout RandomStream) throws -> Tensor {
        try rsample(sampleShape, using: &stream).detached
    }

    public func rsample(_ sampleShape: [Int], using stream: inout RandomStream, via method: Reparameterization) throws -> Tensor {
        if method == reparameterization { return try rsample(sampleShape, using: &stream) }
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

    public func cdf(_ value: Tensor) throws -> Tensor {
        throw ReparamError.invalidArgument("\(name) has no cumulative distribution function")
    }
    public func icdf(_ probability: Tensor) throws -> Tensor {
        throw ReparamError.invalidArgument("\(name) has no quantile function (icdf)")
    }

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

    public var description: String {
        switch self {
        case .real: "real numbers"
        case .positive: "positive numbers"
        case .unitInterval: "the interval (0, 1)"
        case let .interval(a, b): "the interval [\(a), \(b)]"
        case .simplex: "the probability simplex"
        case .circle: "angles in [-π, π)"
        }
    }
}

extension Distribution {
    /// `value` (built from parameters that broadcast to the batch shape) spread to the batch shape.
    func batched(_ value: Tensor) -> Tensor { (try? value.broadcast(to: batchShape)) ?? value }
}
