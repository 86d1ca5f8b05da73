import Foundation

/// The law of Y = f_m(… f_1(X)) for X from a univariate family and bijections f_1 … f_m
/// (`Bijection`): log-normal is `Normal` through `exp`, a logit-normal `Normal` through `sigmoid`,
/// a scaled Beta `Beta` through `affine`.
///
///     rsample:  y = f(x), x from the base's rsample (gradients through both)
///     logProb:  log p_X(f⁻¹(y)) − Σᵢ log|fᵢ′(xᵢ)|   (change of variables)
///     cdf:      F_X(f⁻¹(y)), or 1 − F_X(f⁻¹(y)) where f decreases
///     icdf:     f(F_X⁻¹(u)), or f(F_X⁻¹(1 − u))
///
/// Mean and variance: closed form through affine maps, otherwise by quadrature over the
/// quantile function; entropy H(Y) = H(X) + E[log|f′(X)|] (the expectation by quadrature).
///
///     let d = try TransformedDistribution(Normal(loc: .parameter(0), scale: Tensor(1)), by: [.exp])   // LogNormal(0, 1)
public struct TransformedDistribution: UnivariateCDFFamily {
    public let base: any UnivariateCDFFamily
    public let bijections: [Bijection]
    public let batchShape: [Int]
    public let support: Support
    public var supportEnds: (lower: Tensor, upper: Tensor) { (Tensor(support.lowerEnd), Tensor(support.upperEnd)) }

    /// The declaration (engine only for now: the language has no bijection values yet, so the
    /// family is not in `Family.all`; `TransformedDistribution(_:by:)` builds it).
    public static let family = Family(
        constructor: "transform", name: "Transformed",
        parameters: [], composition: .component, support: .fromComponents, route: .fromComponents,
        summary: "a univariate family pushed through bijections (affine, exp, sigmoid, softplus, tanh, power); log_prob by the change of variables",
        formula: "log p_Y(y) = log p_X(f⁻¹(y)) − log|f′(f⁻¹(y))|", example: "transform(normal(0, 1), exp)") { inputs in
        throw ReparamError.invalidArgument("transform is built in the engine (TransformedDistribution); the language cannot name bijections yet")
    }

    public init(_ base: any UnivariateCDFFamily, by bijections: [Bijection]) throws {
        guard base.eventShape.isEmpty else {
            throw ReparamError.invalidArgument("transform: \(base.name) is not univariate (event shape \(base.eventShape)); transform takes a univariate family")
        }
        var support = base.support
        var shape = base.batchShape
        for b in bijections {
            try b.validate()
            guard let image = b.image(of: support) else {
                throw ReparamError.invalidArgument("transform: \(b.name) needs \(b.domainRule), but the values it would receive lie in \(support)")
            }
            support = image
            for (name, value) in b.parameters {
                do { shape = try Shape.broadcast(shape, value.shape) } catch {
                    throw ReparamError.shape("transform: \(b.name)'s \(name) has shape \(value.shape), which does not broadcast with the batch shape \(shape)")
                }
            }
        }
        self.base = base
        self.bijections = bijections
        self.batchShape = shape
        self.support = support
    }

    public var parameters: [(name: String, value: Tensor)] {
        base.parameters + bijections.flatMap { b in b.parameters.map { ("\(b.name)_\($0.name)", $0.value) } }
    }
    public var eventShape: [Int] { [] }
    public var reparameterization: Reparameterization { base.reparameterization }

    /// Whether the composition is decreasing (an odd number of decreasing maps); the maps must agree over the batch.
    private func decreasing() throws -> Bool {
        var flips = false
        for b in bijections {
            let directions = b.increasing
            guard let first = directions.first, directions.allSatisfy({ $0 == first }) else {
                throw ReparamError.invalidArgument("transform: \(b.name) increases for some batch elements and decreases for others; cdf and icdf need one direction")
            }
            if !first { flips.toggle() }
        }
        return flips
    }

    private func forward(_ x: Tensor) throws -> Tensor {
        try bijections.reduce(x) { try $1.forward($0) }
    }

    public func computeRsample(_ sampleShape: [Int], using stream: inout RandomStream) throws -> Tensor {
        try forward(base.rsample(sampleShape, using: &stream))
    }

    public func computeLogProb(_ value: Tensor) throws -> Tensor {
        var y = value, correction = Tensor(0)
        for b in bijections.reversed() {
            let x = try b.inverse(y)
            correction = try correction.adding(b.logAbsDerivative(x, y))
            y = x
        }
        let logDensity = try base.logProb(y).subtracting(correction)
        // Off the support an inverse gives nan (log of a negative number): that value has density 0.
        return try `where`(logDensity.compared(.equal, logDensity), logDensity, Tensor(-.infinity))
    }

    private func inverse(_ value: Tensor) throws -> Tensor {
        try bijections.reversed().reduce(value) { try $1.inverse($0) }
    }

    public func computeCDF(_ value: Tensor) throws -> Tensor {
        let f = try base.cdf(inverse(value))
        return try decreasing() ? 1 - f : f
    }
    public func computeICDF(_ probability: Tensor) throws -> Tensor {
        try forward(base.icdf(decreasing() ? 1 - probability : probability))
    }

    /// F_X(f⁻¹(y)) with θ = base parameters then each map's.
    public func cdf<T: RealScalar>(at y: T, parameters θ: [T]) -> T {
        var x = y, end = θ.count
        for b in bijections.reversed() {
            let count = b.parameters.count
            x = b.inverse(x, θ[(end - count)..<end])
            end -= count
        }
        let f = base.cdf(at: x, parameters: Array(θ[..<end]))
        return (try? decreasing()) == true ? 1 - f : f
    }
    public func logDensity(at y: Double, parameters θ: [Double]) -> Double {
        var x = y, end = θ.count, correction = 0.0
        for b in bijections.reversed() {
            let count = b.parameters.count
            let slice = θ[(end - count)..<end]
            x = b.inverse(x, slice)
            correction += b.logAbsDerivative(x, slice)
            end -= count
        }
        return base.logDensity(at: x, parameters: Array(θ[..<end])) - correction
    }

    /// Affine maps alone: loc + scale·E[X]; otherwise quadrature over the quantile function.
    public var mean: Tensor { affineMoments()?.mean ?? QuantileQuadrature.moments(batchShape: batchShape) { try icdf($0) }.mean }
    public var variance: Tensor { affineMoments()?.variance ?? QuantileQuadrature.moments(batchShape: batchShape) { try icdf($0) }.variance }

    private func affineMoments() -> (mean: Tensor, variance: Tensor)? {
        var mean = base.mean, variance = base.variance
        for b in bijections {
            guard case let .affine(loc, scale) = b, let m = try? loc.adding(scale.multiplying(mean)),
                  let v = try? scale.multiplying(scale).multiplying(variance) else { return nil }
            mean = m
            variance = v
        }
        return (mean, variance)
    }

    /// H(X) + E[Σᵢ log|fᵢ′(xᵢ)|], the expectation over the base's quantile function (tanh–sinh in u).
    public func computeEntropy() throws -> Tensor {
        let (u, w) = QuantileQuadrature.rule(step: 1.0 / 32)
        let column = [u.count] + base.batchShape.map { _ in 1 }
        var x = try base.icdf(Tensor(unchecked: column, u)), correction = Tensor(0)
        for b in bijections {
            let y = try b.forward(x)
            correction = try correction.adding(b.logAbsDerivative(x, y))
            x = y
        }
        return try base.entropy().adding(correction.multiplying(Tensor(unchecked: column, w)).sum(axis: 0))
    }
}
