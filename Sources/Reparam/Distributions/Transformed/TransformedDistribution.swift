import Foundation

/// The law of Y = f_m(… f_1(X)) for X from a continuous univariate family and bijections f_1 … f_m
/// (`Bijection`): log-normal is `Normal` through `exp`, a logit-normal `Normal` through `sigmoid`,
/// a Weibull an `Exponential` through `power(1/k)` then `affine(0, λ)`.
///
///     rsample:  y = f(x), x from the base's rsample (gradients through both; implicit on request
///               through F_Y below)
///     logProb:  log p_X(f⁻¹(y)) − Σᵢ log|fᵢ′(xᵢ)|   (change of variables, xᵢ the value entering fᵢ)
///     cdf:      F_X(f⁻¹(y)), or 1 − F_X(f⁻¹(y)) where f decreases (an odd number of decreasing maps)
///     icdf:     f(F_X⁻¹(u)), or f(F_X⁻¹(1 − u))
///     support:  the base's ends carried through the maps (swapped where one decreases)
///
/// Mean and variance in closed form through affine maps and through `exp` of a Normal (then
/// affine maps again): E e^X = e^{μ+σ²/2}, Var e^X = (e^{σ²} − 1) e^{2μ+σ²}; otherwise by quadrature
/// over the quantile function, NaN where that does not converge (a heavy tail). Entropy
/// H(Y) = H(X) + E[Σ log|fᵢ′|]: exact through affine maps (log|scale|) and `exp` of a base with a
/// known mean (E[X]); otherwise the expectation by quadrature.
///
///     let d = try TransformedDistribution(Normal(loc: .parameter(0), scale: Tensor(1)), by: [.exp])   // LogNormal(0, 1)
public struct TransformedDistribution: UnivariateCDFFamily {
    public let base: any UnivariateCDFFamily
    public let bijections: [Bijection]
    public let batchShape: [Int]
    /// The base's support ends carried through the maps, per batch element.
    public let supportEnds: (lower: Tensor, upper: Tensor)
    public let support: Support
    /// 1 over the batch elements where the composition decreases, 0 elsewhere; nil when it increases everywhere.
    private let decreasing: Tensor?

    public static let family = Family(
        constructor: "transform", name: "Transformed",
        parameters: [], composition: .componentAndBijection, support: .fromComponents, route: .fromComponents,
        summary: "a continuous univariate family pushed through a bijection (affine, exp, sigmoid, softplus, tanh, power, "
            + "or compose(f, g) = f∘g); log_prob by the change of variables, rsample through the base's",
        formula: "Y = f(X): log p_Y(y) = log p_X(f⁻¹(y)) − log|f′(f⁻¹(y))|", example: "transform(normal(0, 0.5), exp)") { inputs in
        guard inputs.components.count == 1 else {
            throw ReparamError.invalidArgument("transform takes one distribution and a bijection, e.g. transform(normal(0, 0.5), exp)")
        }
        let base = try checkedBase(inputs.components[0])
        return try TransformedDistribution(base, by: Bijection.assemble(inputs.bijections, parameters: inputs.parameters.map(\.value)))
    }

    /// `d` as a base a transform accepts: univariate, continuous, with a CDF; otherwise an error saying which it is not.
    public static func checkedBase(_ d: any Distribution) throws -> any UnivariateCDFFamily {
        let why = !d.eventShape.isEmpty ? "is multivariate (event shape \(d.eventShape))"
            : d.support.isDiscrete ? "is discrete (the change of variables needs a density)" : "has no CDF"
        guard let base = d as? any UnivariateCDFFamily, d.eventShape.isEmpty, !d.support.isDiscrete else {
            throw ReparamError.invalidArgument("transform takes one continuous univariate distribution with a CDF; \(d.name) \(why), e.g. transform(normal(0, 0.5), exp)")
        }
        return base
    }

    public init(_ base: any UnivariateCDFFamily, by bijections: [Bijection]) throws {
        _ = try Self.checkedBase(base)
        var shape = base.batchShape
        for b in bijections {
            try b.validate()
            for (name, value) in b.parameters {
                do { shape = try Shape.broadcast(shape, value.shape) } catch {
                    throw ReparamError.shape("transform: \(b.name)'s \(name) has shape \(value.shape), which does not broadcast with the batch shape \(shape)")
                }
            }
        }
        // A base drawn with the sample shape + the leading axes the maps add has the whole batch shape
        // (the maps may add axes in front of the base's, not widen its own).
        guard Array(shape.suffix(base.batchShape.count)) == base.batchShape else {
            throw ReparamError.shape("transform: the maps' parameters widen \(base.name)'s batch shape \(base.batchShape) to \(shape); "
                                     + "they may add axes in front of it, but not widen its own (give \(base.name) parameters of shape \(Array(shape.suffix(base.batchShape.count))))")
        }
        // The ends, pushed through each map in turn, per batch element.
        let count = Shape.count(shape)
        var lower = Kernels.expand(base.supportEnds.lower.detached, to: shape), upper = Kernels.expand(base.supportEnds.upper.detached, to: shape)
        var flips = [Bool](repeating: false, count: count)
        for b in bijections {
            if let bad = lower.firstIndex(where: { $0 < b.domainLowerEnd }) {
                let at = count > 1 ? " (batch element \(bad))" : ""
                throw ReparamError.invalidArgument("transform: \(b.name) is defined on \(b.domainRule), but the values it would receive "
                                                   + "reach down to \(Validation.format(lower[bad]))\(at); map them onto x > 0 first, "
                                                   + "e.g. compose(\(b.name)(0.5), exp) applies exp, then \(b.name)")
            }
            let θ = b.parameters.map { Kernels.expand($0.value.detached, to: shape) }
            for i in 0..<count {
                let mine = θ.map { $0[i] }[...]
                var (a, c) = (b.forward(lower[i], mine), b.forward(upper[i], mine))
                if b.decreases(mine) { swap(&a, &c); flips[i].toggle() }
                (lower[i], upper[i]) = (a, c)
            }
        }
        self.base = base
        self.bijections = bijections
        self.batchShape = shape
        self.supportEnds = (Tensor(unchecked: shape, lower), Tensor(unchecked: shape, upper))
        self.decreasing = flips.contains(true) ? Tensor(unchecked: shape, flips.map { $0 ? 1 : 0 }) : nil
        self.support = Self.support(lower: lower, upper: upper)
    }

    /// The named support the ends describe (the widest interval when they differ over the batch).
    private static func support(lower: [Double], upper: [Double]) -> Support {
        let a = lower.min() ?? -.infinity, b = upper.max() ?? .infinity
        switch (a, b) {
        case (-.infinity, .infinity): return .real
        case (0, .infinity): return .positive
        case (0, 1): return .unitInterval
        default: return .interval(a, b)
        }
    }

    public var parameters: [(name: String, value: Tensor)] {
        base.parameters + zip(Bijection.parameterNames(bijections.map(\.kind)), bijections.flatMap { $0.parameters.map(\.value) }).map { ($0, $1) }
    }
    public var eventShape: [Int] { [] }
    public var reparameterization: Reparameterization { base.reparameterization }

    /// y = f_m(… f_1(x)), differentiable in x and in the maps' parameters.
    ///
    ///     try TransformedDistribution.push(Tensor([0, 1]), through: [.affine(loc: Tensor(0), scale: Tensor(2)), .exp])   // [1, e²]
    public static func push(_ x: Tensor, through maps: [Bijection]) throws -> Tensor {
        try maps.reduce(x) { try $1.forward($0) }
    }

    private func forward(_ x: Tensor) throws -> Tensor { try Self.push(x, through: bijections) }

    private func inverse(_ value: Tensor) throws -> Tensor {
        try bijections.reversed().reduce(value) { try $1.inverse($0) }
    }

    public func computeRsample(_ sampleShape: [Int], using stream: inout RandomStream) throws -> Tensor {
        try forward(base.rsample(sampleShape + batchShape.dropLast(base.batchShape.count), using: &stream))
    }

    public func computeLogProb(_ value: Tensor) throws -> Tensor {
        var y = value, correction = Tensor(0)
        for b in bijections.reversed() {
            let x = try b.inverse(y)
            correction = try correction.adding(b.logAbsDerivative(x, y))
            y = x
        }
        return try base.logProb(y).subtracting(correction)
    }

    /// F_X(f⁻¹(y)); where a map decreases, the base's upper tail 1 − F_X from its own log-survival
    /// (`LogTailFamily`), so the far tail keeps its digits (Φ(−10) = 7.6e-24, not 1 − Φ(10) = 0).
    public func computeCDF(_ value: Tensor) throws -> Tensor {
        guard decreasing != nil else { return try base.cdf(inverse(value)) }
        return try cdfThroughDuals(value)
    }
    public func computeICDF(_ probability: Tensor) throws -> Tensor {
        guard let decreasing else { return try forward(base.icdf(probability)) }
        return try forward(base.icdf(`where`(decreasing, 1 - probability, probability)))
    }

    /// x = f⁻¹(y) with the base's parameters (θ = base parameters, then each map's), and whether f decreases there.
    private func pulledBack<T: RealScalar>(_ y: T, _ θ: [T]) -> (x: T, base: [T], decreasing: Bool) {
        var x = y, end = θ.count, flips = false
        for b in bijections.reversed() {
            let count = b.parameters.count
            let slice = θ[(end - count)..<end]
            x = b.inverse(x, slice)
            if b.decreases(slice) { flips.toggle() }
            end -= count
        }
        return (x, Array(θ[..<end]), flips)
    }

    /// F_X(f⁻¹(y)), or the base's upper tail 1 − F_X(f⁻¹(y)) where f decreases.
    public func cdf<T: RealScalar>(at y: T, parameters θ: [T]) -> T {
        let (x, θx, decreasing) = pulledBack(y, θ)
        return decreasing ? exp(base.logUpperTail(at: x, parameters: θx)) : base.cdf(at: x, parameters: θx)
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

    public var mean: Tensor { closedForm()?.mean ?? quadratureMoments().mean }
    public var variance: Tensor { closedForm()?.variance ?? quadratureMoments().variance }

    private func quadratureMoments() -> (mean: Tensor, variance: Tensor) {
        QuantileQuadrature.moments(batchShape: batchShape) { try icdf($0) }
    }

    /// Mean, variance and the entropy's shift E[Σ log|fᵢ′|] through affine maps and `exp` of a
    /// Normal; nil for any other chain. The shift is known further (through `exp` of any base with
    /// a mean) than the moments.
    private func closedForm() -> (mean: Tensor, variance: Tensor)? {
        guard let moments = closedFormMoments(), let mean = moments.mean, let variance = moments.variance else { return nil }
        return (batched(mean), batched(variance))
    }

    private func closedFormMoments() -> (mean: Tensor?, variance: Tensor?, entropyShift: Tensor)? {
        var mean: Tensor? = base.mean, variance: Tensor? = base.variance, shift = Tensor(0)
        var normal = base is Normal
        for b in bijections {
            switch b {
            case let .affine(loc, scale):
                mean = mean.flatMap { try? loc.adding(scale.multiplying($0)) }
                variance = variance.flatMap { try? scale.multiplying(scale).multiplying($0) }
                guard let next = try? shift.adding(Reparam.log(Reparam.abs(scale))) else { return nil }
                shift = next
            case .exp:
                // log|(eˣ)′| = x: its expectation is the mean so far.
                guard let m = mean, let next = try? shift.adding(m) else { return nil }
                shift = next
                if normal, let v = variance {
                    // exp(μ + σ²/2) and (e^{σ²} − 1)·e^{2μ+σ²}, as LogNormal writes them.
                    mean = Reparam.exp(m + 0.5 * v)
                    variance = Reparam.expm1(v) * Reparam.exp(2 * m + v)
                } else {
                    mean = nil
                    variance = nil
                }
            default:
                return nil
            }
            normal = normal && b.kind == .affine
        }
        return (mean, variance, shift)
    }

    /// H(X) + E[Σᵢ log|fᵢ′(xᵢ)|]: closed form through affine maps and `exp` (see `closedFormMoments`),
    /// otherwise the expectation over the base's quantile function (tanh–sinh in u).
    public func computeEntropy() throws -> Tensor {
        if let shift = closedFormMoments()?.entropyShift { return try base.entropy().adding(shift) }
        let (u, w) = QuantileQuadrature.rule(step: 1.0 / 32)
        let column = [u.count] + batchShape.map { _ in 1 }
        var x = try base.icdf(Tensor(unchecked: column, u)), correction = Tensor(0)
        for b in bijections {
            let y = try b.forward(x)
            correction = try correction.adding(b.logAbsDerivative(x, y))
            x = y
        }
        return try base.entropy().adding(correction.multiplying(Tensor(unchecked: column, w)).sum(axis: 0))
    }
}

/// log F and log(1 − F) from the base's own tails (swapped where the maps decrease), so a
/// transform truncated far in a tail stays exact: `truncated(transform(normal(0, 1), affine(0, -1)), high: -39)`.
extension TransformedDistribution: LogTailFamily {
    public func logCDF<T: RealScalar>(at y: T, parameters θ: [T]) -> T {
        let (x, θx, decreasing) = pulledBack(y, θ)
        return decreasing ? base.logUpperTail(at: x, parameters: θx) : base.logLowerTail(at: x, parameters: θx)
    }
    public func logSurvival<T: RealScalar>(at y: T, parameters θ: [T]) -> T {
        let (x, θx, decreasing) = pulledBack(y, θ)
        return decreasing ? base.logLowerTail(at: x, parameters: θx) : base.logUpperTail(at: x, parameters: θx)
    }
}
