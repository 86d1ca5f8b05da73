import Foundation

/// A univariate family restricted to [low, high] and renormalized:
///
///     G(z) = (F(z) − F(a)) / (F(b) − F(a)),   p_G(z) = p(z) / (F(b) − F(a))   on a ≤ z ≤ b
///
/// Everything is computed from log-tails so truncation far in a tail stays finite and exact:
/// below the base's median (a left of it) from ℓ = log F,
///
///     G(z) = e^{ℓ(z)−ℓ(b)} · expm1(ℓ(a) − ℓ(z)) / expm1(ℓ(a) − ℓ(b)),
///
/// above it from s = log(1 − F), G(z) = expm1(s(z) − s(a)) / expm1(s(b) − s(a)), where log F and
/// log(1 − F) come from the family itself when it has them (`LogTailFamily`: Normal's log Φ, an
/// exponential's −λz), so a Normal cut to [39, 40] or a Gamma to [200, 300] has its mass below
/// the smallest double and still samples, evaluates and differentiates.
///
/// Sampling by inversion of G (safeguarded Newton inside [a, b]); gradients implicit through G, to
/// the base's parameters and to both bounds: dz/dθ = −(∂G/∂θ)/p_G(z) with ∂G/∂θ from dual numbers.
///
///     let d = try Truncated(Normal(loc: .parameter(0), scale: Tensor(1)), low: Tensor(39), high: Tensor(.infinity))
public struct Truncated: UnivariateCDFFamily {
    public let base: any UnivariateCDFFamily
    public let low: Tensor
    public let high: Tensor
    public let batchShape: [Int]

    public static let family = Family(
        constructor: "truncated", name: "Truncated",
        parameters: [.init("low", .extendedReal, default: -.infinity, meaning: "the lower bound a (may be -inf)"),
                     .init("high", .extendedReal, default: .infinity, meaning: "the upper bound b > a (may be inf)")],
        composition: .component, support: .between(lower: "low", upper: "high", includesUpper: true), route: .implicit,
        summary: "any univariate family with a CDF restricted to [low, high]; inversion, implicit gradients to its parameters and both bounds, exact far in the tails",
        formula: "G(z) = (F(z) − F(a)) / (F(b) − F(a)) on [a, b]", example: "truncated(gamma(2), low: 1, high: 3)") { inputs in
        guard inputs.components.count == 1, let base = inputs.components[0] as? any UnivariateCDFFamily else {
            throw ReparamError.invalidArgument("truncated takes one univariate distribution with a CDF, e.g. truncated(gamma(2), low: 1, high: 3)")
        }
        return try Truncated(base, low: inputs["low"] ?? Tensor(-.infinity), high: inputs["high"] ?? Tensor(.infinity))
    }

    public var supportEnds: (lower: Tensor, upper: Tensor) { (low.detached, high.detached) }

    public init(_ base: any UnivariateCDFFamily, low: Tensor, high: Tensor) throws {
        guard base.eventShape.isEmpty else {
            throw ReparamError.invalidArgument("truncated: \(base.name) is not univariate (event shape \(base.eventShape)); truncated takes a univariate family")
        }
        for (what, bound) in [("low", low), ("high", high)] {
            if let bad = bound.scalars.firstIndex(where: \.isNaN) {
                throw ReparamError.invalidParameter(distribution: "truncated", parameter: what, value: "nan" + (bound.count > 1 ? " at index \(bad)" : ""),
                                                    rule: "a number (±inf for no bound)")
            }
        }
        var shape = base.batchShape
        for (what, bound) in [("low", low), ("high", high)] {
            do { shape = try Shape.broadcast(shape, bound.shape) } catch {
                throw ReparamError.shape("truncated: \(what) has shape \(bound.shape), which does not broadcast with \(base.name)'s batch shape \(shape)")
            }
        }
        // An empty bound would make an empty batch that the checks below index into.
        for (what, bound) in [("low", low), ("high", high)] where bound.count == 0 {
            throw ReparamError.invalidParameter(distribution: "truncated", parameter: what, value: "shape \(bound.shape), no values",
                                                rule: "a number or a tensor with at least one value")
        }
        self.base = base
        self.low = low
        self.high = high
        self.batchShape = shape
        let values = batchParameterValues()
        // Every parameter expanded to the batch: one value per batch element (none for an empty batch).
        let count = values.map(\.count).min() ?? 0, arity = values.count
        for b in 0..<count {
            let θ = values.map { $0[b] }
            let (a, c) = (θ[arity - 2], θ[arity - 1])
            let at = count > 1 ? " at index \(b)" : ""
            guard a < c else {
                throw ReparamError.invalidParameter(distribution: "truncated", parameter: "low", value: "\(Validation.format(a)) with high \(Validation.format(c))\(at)",
                                                    rule: "below high")
            }
            guard logMass(θ).isFinite else {
                throw ReparamError.invalidArgument("truncated: [\(Validation.format(a)), \(Validation.format(c))] has no probability under \(base.name)\(at): the interval has no mass to renormalize")
            }
        }
    }

    public var parameters: [(name: String, value: Tensor)] { base.parameters + [("low", low), ("high", high)] }
    public var eventShape: [Int] { [] }
    public var support: Support {
        if let a = low.scalar, let b = high.scalar { return .interval(a, b) }
        return base.support
    }
    public var reparameterization: Reparameterization { .implicit }

    // MARK: Pointwise pieces (θ = base parameters, then low, high)

    /// Whether the upper-tail form is the accurate one: a at or above the base's median.
    private func usesUpperTail<T: RealScalar>(_ θ: [T]) -> Bool {
        let a = θ[θ.count - 2]
        guard a.value > -.infinity else { return false }
        return base.logLowerTail(at: Double(a.value), parameters: θ.dropLast(2).map(\.value)) > -Double(0.6931471805599453)
    }

    /// log(F(b) − F(a)).
    func logMass<T: RealScalar>(_ θ: [T]) -> T {
        let baseθ = Array(θ.dropLast(2)), a = θ[θ.count - 2], b = θ[θ.count - 1]
        if usesUpperTail(θ) {
            let sa = base.logUpperTail(at: a, parameters: baseθ)
            let sb = b.value == .infinity ? T(-.infinity) : base.logUpperTail(at: b, parameters: baseθ)
            return sa + log(-expm1(sb - sa))
        }
        let lb = b.value == .infinity ? T(0) : base.logLowerTail(at: b, parameters: baseθ)
        let la = a.value == -.infinity ? T(-.infinity) : base.logLowerTail(at: a, parameters: baseθ)
        return lb + log(-expm1(la - lb))
    }

    public func cdf<T: RealScalar>(at z: T, parameters θ: [T]) -> T {
        let baseθ = Array(θ.dropLast(2)), a = θ[θ.count - 2], b = θ[θ.count - 1]
        if z.value <= a.value { return T(0) }
        if z.value >= b.value { return T(1) }
        if usesUpperTail(θ) {
            let sa = base.logUpperTail(at: a, parameters: baseθ), sz = base.logUpperTail(at: z, parameters: baseθ)
            let sb = b.value == .infinity ? T(-.infinity) : base.logUpperTail(at: b, parameters: baseθ)
            return expm1(sz - sa) / expm1(sb - sa)
        }
        let lz = base.logLowerTail(at: z, parameters: baseθ)
        let lb = b.value == .infinity ? T(0) : base.logLowerTail(at: b, parameters: baseθ)
        let la = a.value == -.infinity ? T(-.infinity) : base.logLowerTail(at: a, parameters: baseθ)
        return exp(lz - lb) * (-expm1(la - lz)) / (-expm1(la - lb))
    }

    public func logDensity(at z: Double, parameters θ: [Double]) -> Double {
        let a = θ[θ.count - 2], b = θ[θ.count - 1]
        guard z >= a, z <= b else { return -.infinity }
        return base.logDensity(at: z, parameters: Array(θ.dropLast(2))) - logMass(θ)
    }

    /// What inversion needs of one batch element, computed once: which tail form, the log-tails at
    /// the bounds and the log mass (plain doubles; the generic `cdf(at:)` recomputes them on duals).
    private struct Bounds {
        let θ: [Double], baseθ: [Double]
        let a: Double, b: Double
        let upper: Bool
        let tailAtLow: Double, tailAtHigh: Double, logMass: Double
    }

    private func bounds(_ θ: [Double]) -> Bounds {
        let baseθ = Array(θ.dropLast(2)), a = θ[θ.count - 2], b = θ[θ.count - 1]
        let upper = usesUpperTail(θ)
        let tailAtLow = upper ? base.logUpperTail(at: a, parameters: baseθ) : (a == -.infinity ? -.infinity : base.logLowerTail(at: a, parameters: baseθ))
        let tailAtHigh = upper ? (b == .infinity ? -.infinity : base.logUpperTail(at: b, parameters: baseθ)) : (b == .infinity ? 0 : base.logLowerTail(at: b, parameters: baseθ))
        return Bounds(θ: θ, baseθ: baseθ, a: a, b: b, upper: upper, tailAtLow: tailAtLow, tailAtHigh: tailAtHigh, logMass: logMass(θ))
    }

    /// G(z) and p_G(z) from precomputed bounds.
    private func evaluate(_ z: Double, _ k: Bounds) -> (cdf: Double, density: Double) {
        let density = Foundation.exp(base.logDensity(at: z, parameters: k.baseθ) - k.logMass)
        if z <= k.a { return (0, density) }
        if z >= k.b { return (1, density) }
        if k.upper {
            let sz = base.logUpperTail(at: z, parameters: k.baseθ)
            return (Foundation.expm1(sz - k.tailAtLow) / Foundation.expm1(k.tailAtHigh - k.tailAtLow), density)
        }
        let lz = base.logLowerTail(at: z, parameters: k.baseθ)
        return (Foundation.exp(lz - k.tailAtHigh) * -Foundation.expm1(k.tailAtLow - lz) / -Foundation.expm1(k.tailAtLow - k.tailAtHigh), density)
    }

    /// z in [a, b] with G(z) = u: safeguarded Newton, the bracket grown from a finite end for an infinite one.
    private func quantile(_ u: Double, _ k: Bounds) -> Double {
        guard u > 0 else { return u == 0 ? k.a : .nan }
        guard u < 1 else { return u == 1 ? k.b : .nan }
        var lo = k.a, hi = k.b
        if !lo.isFinite {
            var width = 1.0
            lo = (hi.isFinite ? hi : 0) - width
            while evaluate(lo, k).cdf > u && width < 1e300 { width *= 2; lo = (hi.isFinite ? hi : 0) - width }
        }
        if !hi.isFinite {
            var width = 1.0
            hi = Swift.max(lo, 0) + width
            while evaluate(hi, k).cdf < u && width < 1e300 { width *= 2; hi = Swift.max(lo, 0) + width }
        }
        return SafeguardedInversion.solve(u, lo: lo, hi: hi) { evaluate($0, k) }
    }

    // MARK: Tensor methods

    public func computeRsample(_ sampleShape: [Int], using stream: inout RandomStream) throws -> Tensor {
        let shape = try Validation.drawShape(name, sampleShape, batchShape)
        let uniforms = Kernels.make(Shape.count(shape)) { stream.fillUniform($0) }
        let values = batchParameterValues()
        let batch = Swift.max(values.first?.count ?? 1, 1)
        let perBatch = (0..<batch).map { b in bounds(values.map { $0[b] }) }
        let z = Kernels.generate(uniforms.count) { i in quantile(uniforms[i], perBatch[i % batch]) }
        return ImplicitGradient.attach(Tensor(unchecked: shape, z), to: parameters.map(\.value), derivatives: derivativeSource(of: z, bounds: perBatch))
    }

    public func computeICDF(_ probability: Tensor) throws -> Tensor {
        let values = batchParameterValues()
        let batch = Swift.max(values.first?.count ?? 1, 1)
        let perBatch = (0..<batch).map { b in bounds(values.map { $0[b] }) }
        return try quantileThroughImplicitRule(probability, derivatives: { z in derivativeSource(of: z, bounds: perBatch) }) { u, θ in
            quantile(u, bounds(θ))
        }
    }

    /// (G(z), 1 − G(z)), each from the log-tails without subtracting from 1.
    private func truncatedTails(_ z: Double, _ k: Bounds) -> (cdf: Double, complement: Double) {
        if z <= k.a { return (0, 1) }
        if z >= k.b { return (1, 0) }
        if k.upper {
            let sz = base.logUpperTail(at: z, parameters: k.baseθ)
            let mass = -Foundation.expm1(k.tailAtHigh - k.tailAtLow)
            return (-Foundation.expm1(sz - k.tailAtLow) / mass, Foundation.exp(sz - k.tailAtLow) * -Foundation.expm1(k.tailAtHigh - sz) / mass)
        }
        let lz = base.logLowerTail(at: z, parameters: k.baseθ)
        let mass = -Foundation.expm1(k.tailAtLow - k.tailAtHigh)
        return (Foundation.exp(lz - k.tailAtHigh) * -Foundation.expm1(k.tailAtLow - lz) / mass, -Foundation.expm1(lz - k.tailAtHigh) / mass)
    }

    /// dz/dθₖ of draws z (base parameters, then low, high): in closed form from the base's
    /// own derivatives where it gives them (`TruncatedBoundDerivatives`), else by the implicit rule on
    /// G's dual numbers. All wanted parameters are computed in the first call of a backward pass.
    private func derivativeSource(of z: [Double], bounds perBatch: [Bounds]) -> (_ k: Int) throws -> [Double] {
        guard let exact = base as? any SampleDerivativeFamily else { return implicitDerivativeSource(of: z) }
        let elements = perBatch.map { TruncatedBoundDerivatives.element($0.baseθ, low: $0.a, high: $0.b, base: exact) }
        let arity = parameters.count, count = z.count, batch = perBatch.count
        // The θ-derivative subtracts nearly equal terms that carry G's error, ℓε for log-tails of size ℓ;
        // far in a tail (|ℓ| > 40: a Normal cut at 39 has ℓ = −764) the dual route, which differentiates
        // the log-tails instead (error ℓ′ε), keeps more digits (3e-11 against 8e-9 there).
        let closedFormθ = perBatch.allSatisfy { k in
            [k.tailAtLow, k.tailAtHigh].allSatisfy { !$0.isFinite || Swift.abs($0) <= 40 }
        }
        let dual = closedFormθ ? nil : implicitDerivativeSource(of: z)
        let cache = TruncatedDerivativeCache()
        return { k in
            if let dual, k < arity - 2 { return try dual(k) }
            if let rows = cache.rows { return rows[k] }
            let rows = Kernels.makeColumns(arity, count) { out in
                let out = out.map { SharedBuffer($0) }
                Parallel.forEachChunk(count: count) { range in
                    for i in range {
                        let k = perBatch[i % batch], tails = truncatedTails(z[i], k)
                        let d = TruncatedBoundDerivatives.derivatives(at: z[i], cdf: tails.cdf, complement: tails.complement,
                                                                      element: elements[i % batch], base: exact)
                        for j in 0..<arity { out[j][i] = d[j] }
                    }
                }
            }
            cache.rows = rows
            return rows[k]
        }
    }

    /// log(F(b) − F(a)) per batch element, differentiable in every parameter and both bounds.
    private func logMassTensor() throws -> Tensor {
        try Tensor.dualElementwise(parameters.map(\.value)) { θ in logMass(θ) }
    }

    /// log p(z) − log(F(b) − F(a)) on [a, b]; −∞ outside.
    public func computeLogProb(_ value: Tensor) throws -> Tensor {
        let inside = try value.compared(.greaterOrEqual, low).multiplying(value.compared(.lessOrEqual, high))
        let body = try base.logProb(value).subtracting(logMassTensor())
        return try `where`(inside, body, Tensor(-.infinity))
    }
    public func computeCDF(_ value: Tensor) throws -> Tensor { try cdfThroughDuals(value) }

    /// By quadrature over the quantile function (differentiable through `icdf`).
    public var mean: Tensor { QuantileQuadrature.moments(batchShape: batchShape) { try icdf($0) }.mean }
    public var variance: Tensor { QuantileQuadrature.moments(batchShape: batchShape) { try icdf($0) }.variance }
    /// −E[log p_G(Z)], by tanh–sinh quadrature in u over the quantile function.
    public func computeEntropy() throws -> Tensor {
        let (u, w) = QuantileQuadrature.rule(step: 1.0 / 32)
        let column = [u.count] + batchShape.map { _ in 1 }
        let z = try icdf(Tensor(unchecked: column, u))
        return try -(logProb(z).multiplying(Tensor(unchecked: column, w)).sum(axis: 0))
    }
}

/// Per-draw derivatives kept between the calls of one backward pass.
private final class TruncatedDerivativeCache: @unchecked Sendable {
    var rows: [[Double]]?
}
