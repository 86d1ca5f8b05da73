import Foundation

/// TruncatedNormal(loc μ, scale σ, low a, high b): the Normal(μ, σ) conditioned on [a, b].
///
/// p(x) = φ(z) / (σ Z), z = (x − μ)/σ, Z = Φ(β) − Φ(α), α = (a − μ)/σ, β = (b − μ)/σ.
/// Sampled by inversion, x = μ + σ F⁻¹(u) with u uniform, which stays exact when both bounds lie
/// far in one tail; every parameter gets the implicit gradient dx/dθ = −(∂F/∂θ)/p
/// (`truncatedNormalImplicitDerivatives`). Bounds may be infinite.
///
///     var stream = RandomStream(seed: 1)
///     let d = try TruncatedNormal(loc: .parameter(0), scale: .parameter(1), low: .parameter(1), high: Tensor(.infinity))
///     let x = try d.rsample(1000, using: &stream)
///     let g = try gradients(of: x.mean(), withRespectTo: [d.loc, d.scale, d.low])   // each ≈ d mean / dθ
public struct TruncatedNormal: UnivariateCDFFamily {
    public let loc: Tensor
    public let scale: Tensor
    public let low: Tensor
    public let high: Tensor
    public let batchShape: [Int]
    public var parameters: [(name: String, value: Tensor)] { [("loc", loc), ("scale", scale), ("low", low), ("high", high)] }
    public var eventShape: [Int] { [] }
    public var support: Support {
        low.count == 1 && high.count == 1 ? .interval(low.scalars[0], high.scalars[0]) : .real
    }
    public var reparameterization: Reparameterization { .implicit }
    public var supportEnds: (lower: Tensor, upper: Tensor) { (low.detached, high.detached) }

    /// - Throws: `ReparamError.invalidParameter` unless loc is finite, scale positive and finite,
    ///   and low < high (bounds may be ±∞, not NaN); `ReparamError.shape` when they do not broadcast.
    public static let family = Family(
        constructor: "truncated_normal", name: "TruncatedNormal",
        parameters: Normal.locationScaleParameters(scale: "σ > 0 of the Normal before truncation")
            + [.init("low", .extendedReal, default: -.infinity, meaning: "the lower bound a (may be -inf)"),
               .init("high", .extendedReal, default: .infinity, meaning: "the upper bound b > a (may be inf)")],
        support: .between(lower: "low", upper: "high", includesUpper: true), route: .implicit,
        summary: "Normal(loc, scale) conditioned on [low, high]; sampled by inversion, implicit gradients in all four",
        formula: "p(x) = φ((x−μ)/σ) / (σ(Φ(β) − Φ(α))), α = (a−μ)/σ, β = (b−μ)/σ", example: "truncated_normal(0, 1, low: 1)") { inputs in
        try TruncatedNormal(loc: inputs[0], scale: inputs[1], low: inputs[2], high: inputs[3])
    }

    public init(loc: Tensor, scale: Tensor, low: Tensor, high: Tensor) throws {
        batchShape = try Self.family.checked([loc, scale, low, high])
        let lows = Kernels.expand(low, to: batchShape), highs = Kernels.expand(high, to: batchShape)
        for i in lows.indices where !(lows[i] < highs[i]) || lows[i] == .infinity || highs[i] == -.infinity {
            let at = lows.count > 1 ? " at index \(i)" : ""
            throw ReparamError.invalidParameter(distribution: "TruncatedNormal", parameter: "low", value: Validation.format(lows[i]) + at,
                                                rule: "below high (\(Validation.format(highs[i])))")
        }
        self.loc = loc
        self.scale = scale
        self.low = low
        self.high = high
    }

    /// The parameters spread to the batch shape: (μ, σ, a, b) per batch element.
    private func batchValues() -> (loc: [Double], scale: [Double], low: [Double], high: [Double]) {
        (Kernels.expand(loc, to: batchShape), Kernels.expand(scale, to: batchShape),
         Kernels.expand(low, to: batchShape), Kernels.expand(high, to: batchShape))
    }

    /// x = μ + σ F⁻¹(u), u uniform; dx/dθ by the implicit rule, for all four parameters.
    public func computeRsample(_ sampleShape: [Int], using stream: inout RandomStream) throws -> Tensor {
        let shape = try Validation.drawShape(name, sampleShape, batchShape)
        let count = Shape.count(shape)
        let (locs, scales, lows, highs) = batchValues()
        let batch = locs.count
        let uniforms = stream.uniform(count: count)
        let values = Kernels.make(count) { out in
            let out = SharedBuffer(out)
            Parallel.forEachChunk(count: count) { range in
                for i in range {
                    let b = i % batch, m = locs[b], s = scales[b]
                    let z = truncatedNormalQuantile(u: uniforms[i], alpha: (lows[b] - m) / s, beta: (highs[b] - m) / s)
                    out[i] = Swift.min(Swift.max(m + s * z, lows[b]), highs[b])
                }
            }
        }
        let derivatives = TruncatedNormalDerivativeCache(values: values, locs: locs, scales: scales, lows: lows, highs: highs,
                                                         wanted: [loc, scale, low, high].map(\.requiresGradient))
        return ImplicitGradient.attach(Tensor(unchecked: shape, values), to: [loc, scale, low, high]) { k in
            derivatives.column(k)
        }
    }

    /// log φ(z) − log σ − log Z; −∞ outside [a, b]. Differentiable in the value and every parameter.
    public func computeLogProb(_ value: Tensor) throws -> Tensor {
        try recordElementwise([value, loc, scale, low, high], name) { p, d in
            let (x, m, s, a, b) = (p[0], p[1], p[2], p[3], p[4])
            guard x >= a && x <= b else {
                for k in 0..<5 { d[k] = 0 }
                return -.infinity
            }
            let z = (x - m) / s, alpha = (a - m) / s, beta = (b - m) / s
            let mass = TruncatedNormalLogMass(alpha: alpha, beta: beta)
            // ∂ log Z/∂α = −φ(α)/Z, ∂ log Z/∂β = φ(β)/Z.
            let dAlpha = alpha.isFinite ? -Foundation.exp(mass.logDensity(alpha)) : 0
            let dBeta = beta.isFinite ? Foundation.exp(mass.logDensity(beta)) : 0
            d[0] = -z / s
            d[1] = (z + dAlpha + dBeta) / s
            d[2] = (z * z - 1 + (alpha.isFinite ? alpha * dAlpha : 0) + (beta.isFinite ? beta * dBeta : 0)) / s
            d[3] = -dAlpha / s
            d[4] = -dBeta / s
            return mass.logDensity(z) - Foundation.log(s)
        }
    }

    /// F(x) = (Φ(z) − Φ(α))/Z; ∂F/∂x = p(x) and ∂F/∂θ = −p(x) dx/dθ.
    public func computeCDF(_ value: Tensor) throws -> Tensor {
        try recordElementwise([value, loc, scale, low, high], name) { p, d in
            let (x, m, s, a, b) = (p[0], p[1], p[2], p[3], p[4])
            let z = (x - m) / s, alpha = (a - m) / s, beta = (b - m) / s
            guard x > a && x < b else {
                for k in 0..<5 { d[k] = 0 }
                return x <= a ? 0 : 1
            }
            let density = Foundation.exp(TruncatedNormalLogMass(alpha: alpha, beta: beta).logDensity(z)) / s
            let dx = truncatedNormalImplicitDerivativesUnchecked(x, m, s, a, b)
            d[0] = density
            d[1] = -density * dx.loc
            d[2] = -density * dx.scale
            d[3] = -density * dx.low
            d[4] = -density * dx.high
            return truncatedNormalCDF(z, alpha: alpha, beta: beta)
        }
    }

    /// x = μ + σ F⁻¹(u); ∂x/∂u = 1/p(x), ∂x/∂θ implicit.
    public func computeICDF(_ probability: Tensor) throws -> Tensor {
        try recordElementwise([probability, loc, scale, low, high], name) { p, d in
            let (u, m, s, a, b) = (p[0], p[1], p[2], p[3], p[4])
            let alpha = (a - m) / s, beta = (b - m) / s
            let z = truncatedNormalQuantile(u: u, alpha: alpha, beta: beta)
            let x = Swift.min(Swift.max(m + s * z, a), b)
            let dx = truncatedNormalImplicitDerivativesUnchecked(x, m, s, a, b)
            d[0] = s / Foundation.exp(TruncatedNormalLogMass(alpha: alpha, beta: beta).logDensity(z))
            d[1] = dx.loc
            d[2] = dx.scale
            d[3] = dx.low
            d[4] = dx.high
            return x
        }
    }

    public func cdf<T: RealScalar>(at z: T, parameters θ: [T]) -> T {
        truncatedNormalCDF((z - θ[0]) / θ[1], alpha: (θ[2] - θ[0]) / θ[1], beta: (θ[3] - θ[0]) / θ[1])
    }

    public func logDensity(at z: Double, parameters θ: [Double]) -> Double {
        truncatedNormalLogDensity((z - θ[0]) / θ[1], alpha: (θ[2] - θ[0]) / θ[1], beta: (θ[3] - θ[0]) / θ[1]) - Foundation.log(θ[1])
    }

    /// μ + σ(φ(α) − φ(β))/Z.
    public var mean: Tensor { moment { m, s, standard in m + s * standard.mean } }
    /// σ²(1 + (αφ(α) − βφ(β))/Z − ((φ(α) − φ(β))/Z)²).
    public var variance: Tensor { moment { _, s, standard in s * s * standard.variance } }
    /// log(√(2πe) σ Z) + (αφ(α) − βφ(β))/(2Z).
    public func computeEntropy() -> Tensor { moment { _, s, standard in log(s) + standard.entropy } }

    /// A function of (μ, σ, standardized moments) per batch element, differentiable in all four
    /// parameters (one dual pass per parameter).
    private func moment(_ f: @escaping (Dual, Dual, (mean: Dual, variance: Dual, entropy: Dual)) -> Dual) -> Tensor {
        let result = try? recordElementwise([loc, scale, low, high], name) { p, d in
            var value = 0.0
            for k in 0..<4 {
                let θ = (0..<4).map { Dual(p[$0], derivative: $0 == k ? 1 : 0) }
                let (m, s, a, b) = (θ[0], θ[1], θ[2], θ[3])
                let y = f(m, s, truncatedNormalMoments(alpha: (a - m) / s, beta: (b - m) / s))
                value = y.value
                d[k] = y.derivative
            }
            return value
        }
        // The parameters were validated to broadcast, so recording cannot fail.
        return batched(result ?? Tensor(.nan))
    }
}

/// The implicit derivatives of a batch of samples, computed on first use (the backward pass asks
/// for them one parameter at a time): every column the pass will want (the parameters that require
/// gradients) in one pass across threads, each written straight into its own array.
private final class TruncatedNormalDerivativeCache: @unchecked Sendable {
    let values: [Double], locs: [Double], scales: [Double], lows: [Double], highs: [Double]
    /// Whether each of (loc, scale, low, high) requires a gradient.
    let wanted: [Bool]
    private var columns: [[Double]?] = [nil, nil, nil, nil]
    private let lock = NSLock()

    init(values: [Double], locs: [Double], scales: [Double], lows: [Double], highs: [Double], wanted: [Bool]) {
        (self.values, self.locs, self.scales, self.lows, self.highs, self.wanted) = (values, locs, scales, lows, highs, wanted)
    }

    func column(_ k: Int) -> [Double] {
        lock.lock()
        defer { lock.unlock() }
        if let column = columns[k] { return column }
        let missing = (0..<4).filter { columns[$0] == nil && (wanted[$0] || $0 == k) }
        let (values, locs, scales, lows, highs) = (values, locs, scales, lows, highs)
        let count = values.count, batch = locs.count
        let masses = count > batch ? Self.masses(locs: locs, scales: scales, lows: lows, highs: highs) : nil
        let computed = Kernels.makeColumns(missing.count, count) { out in
            let out = out.map { SharedBuffer($0) }
            Parallel.forEachChunk(count: count) { range in
                for i in range {
                    let b = i % batch
                    let d = truncatedNormalImplicitDerivativesUnchecked(values[i], locs[b], scales[b], lows[b], highs[b],
                                                                        mass: masses?[b])
                    for (j, parameter) in missing.enumerated() { out[j][i] = Self.component(parameter, of: d) }
                }
            }
        }
        for (j, parameter) in missing.enumerated() { columns[parameter] = computed[j] }
        return computed[missing.firstIndex(of: k) ?? 0]
    }

    /// The normalizing mass of each batch element, across threads, when several draws share it
    /// (one draw per element forms its own in the derivative pass instead).
    private static func masses(locs: [Double], scales: [Double], lows: [Double], highs: [Double]) -> [TruncatedNormalLogMass] {
        let batch = locs.count
        return [TruncatedNormalLogMass](unsafeUninitializedCapacity: batch) { buffer, initialized in
            let out = SharedBuffer(buffer)
            Parallel.forEachChunk(count: batch) { range in
                for b in range {
                    (out.start + b).initialize(to: TruncatedNormalLogMass(alpha: (lows[b] - locs[b]) / scales[b],
                                                                          beta: (highs[b] - locs[b]) / scales[b]))
                }
            }
            initialized = batch
        }
    }

    /// dx/dθₖ for θ = (loc, scale, low, high).
    private static func component(_ k: Int, of d: TruncatedNormalSampleDerivatives) -> Double {
        switch k {
        case 0: d.loc
        case 1: d.scale
        case 2: d.low
        default: d.high
        }
    }
}
