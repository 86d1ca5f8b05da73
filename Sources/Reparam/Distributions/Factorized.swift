/// A product of independent univariate distributions of any families, one per dimension:
/// p(z) = Π_d p_d(z_d), event shape [D].
///
/// Each factor samples and is reparameterized its own way (explicitly, implicitly
/// through its CDF, or a user's CDF); the draws are stacked along the last axis.
///
///     let d = try Factorized([Normal(loc: .parameter(0), scale: 1), Gamma(...), CustomDistribution(...)])
///     let z = try d.rsample(1000, using: &stream)      // shape [1000, 3]
///     let lp = try d.logProb(z)                          // shape [1000]: Σ_d log p_d(z_d)
public struct Factorized: Distribution {
    public let factors: [any Distribution]

    public var batchShape: [Int] { [] }
    public var eventShape: [Int] { [factors.count] }
    public var support: Support {
        let supports = factors.map(\.support)
        return supports.allSatisfy({ $0 == supports[0] }) ? supports[0] : .real
    }
    /// Explicit when every factor is; implicit when some factor needs its CDF; none when a factor has no pathwise gradient.
    public var reparameterization: Reparameterization {
        let kinds = factors.map(\.reparameterization)
        return kinds.contains(.none) ? .none : kinds.contains(.implicit) ? .implicit : .explicit
    }
    /// Each factor's parameters as `d.name` (e.g. `0.loc`).
    public var parameters: [(name: String, value: Tensor)] {
        factors.enumerated().flatMap { d, f in f.parameters.map { ("\(d).\($0.name)", $0.value) } }
    }

    public static let family = Family(
        constructor: "factorized", name: "Factorized", parameters: [],
        composition: .components, support: .fromComponents, eventShape: .componentCount, route: .fromComponents, methods: [.cdf, .entropy],
        summary: "independent univariate distributions, one per coordinate: p(z) = Π_d p_d(z_d); each keeps its own gradient route",
        formula: "p(z) = Π_d p_d(z_d),  F(z) = Π_d F_d(z_d)", example: "factorized(normal(0, 1), gamma(2, 1))") { inputs in
        try Factorized(inputs.components)
    }

    public init(_ factors: [any Distribution]) throws {
        guard !factors.isEmpty else { throw ReparamError.invalidArgument("Factorized needs at least one factor") }
        for (d, f) in factors.enumerated() where !f.batchShape.isEmpty || !f.eventShape.isEmpty {
            throw ReparamError.shape("Factorized: factor \(d) (\(f.name)) has batch shape \(f.batchShape) and event shape \(f.eventShape); each factor must be one univariate distribution")
        }
        self.factors = factors
    }

    public func computeRsample(_ sampleShape: [Int], using stream: inout RandomStream) throws -> Tensor {
        _ = try Validation.drawShape(name, sampleShape, [], eventShape)
        return try stack(factors.map { try $0.rsample(sampleShape, using: &stream) }, axis: sampleShape.count)
    }

    public func computeSample(_ sampleShape: [Int], using stream: inout RandomStream) throws -> Tensor {
        _ = try Validation.drawShape(name, sampleShape, [], eventShape)
        return try stack(factors.map { try $0.sample(sampleShape, using: &stream) }, axis: sampleShape.count)
    }

    /// The last axis of `value` holds the D coordinates.
    private func coordinates(_ value: Tensor) throws -> [Tensor] {
        guard value.shape.last == factors.count else {
            throw ReparamError.shape("Factorized: values need a last axis of \(factors.count) coordinates, got shape \(value.shape)")
        }
        return try factors.indices.map { try value.select(axis: value.rank - 1, $0) }
    }

    /// Σ_d log p_d(z_d).
    public func computeLogProb(_ value: Tensor) throws -> Tensor {
        let z = try coordinates(value)
        return try factors.indices.dropFirst().reduce(try factors[0].logProb(z[0])) { try $0.adding(factors[$1].logProb(z[$1])) }
    }

    /// The joint CDF P(Z ≤ z) = Π_d F_d(z_d).
    public func computeCDF(_ value: Tensor) throws -> Tensor {
        let z = try coordinates(value)
        return try factors.indices.dropFirst().reduce(try factors[0].cdf(z[0])) { try $0.multiplying(factors[$1].cdf(z[$1])) }
    }

    public func computeICDF(_ probability: Tensor) throws -> Tensor {
        throw ReparamError.invalidArgument("Factorized: a multivariate distribution has no quantile function; use each factor's icdf")
    }

    /// The factors' means, one per coordinate (each factor is univariate with batch shape [], so stacking cannot fail).
    public var mean: Tensor { (try? stack(factors.map(\.mean), axis: 0)) ?? Tensor(repeating: .nan, shape: eventShape) }
    public var variance: Tensor { (try? stack(factors.map(\.variance), axis: 0)) ?? Tensor(repeating: .nan, shape: eventShape) }
    /// Σ_d H(p_d) (independence).
    public func computeEntropy() throws -> Tensor {
        try factors.dropFirst().reduce(try factors[0].entropy()) { try $0.adding($1.entropy()) }
    }
}
