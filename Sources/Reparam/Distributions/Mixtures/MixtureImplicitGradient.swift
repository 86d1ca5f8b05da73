import Foundation

/// The implicit gradient of mixture samples, dz/dθ = −(∂F/∂θ)(z) / p(z) with F = Σₖ πₖFₖ.
///
/// Per sample, with λ = g/p(z) (g the upstream gradient) and rₖ = πₖpₖ(z)/p(z):
///
///     weights:               ∂L/∂wₖ = −λ ρ (Fₖ(z) − F(z)),  ρ = 1/Σw  (logits: ∂L/∂lₖ = πₖ·that with w = π)
///     location–scale k:      ∂L/∂locₖ = g rₖ,   ∂L/∂scaleₖ = g rₖ (z − locₖ)/scaleₖ
///     any other component k: ∂L/∂θ = −λ πₖ ∂Fₖ/∂θ(z)   (dual numbers)
///
/// One fused pass over the samples, partial sums per thread; nothing of size
/// samples × parameters is kept.
extension Mixture {
    /// `samples` (values from any sampler, e.g. `sample`) with gradients to every
    /// parameter by the implicit rule on the mixture CDF.
    ///
    /// Throws when the mixture density at a sample is 0 or too small for 1/p(z) to be a
    /// double (log p(z) < −700): the implicit gradient is not representable there.
    public func implicitlyReparameterized(_ samples: Tensor) throws -> Tensor {
        try attachImplicitGradient(samples, probability: nil)
    }

    func attachImplicitGradient(_ samples: Tensor, probability: Tensor?) throws -> Tensor {
        let z = samples.scalars, shape = samples.shape
        let (responsibility, logDensity) = try posteriorWeights(z)
        // An infinite z (the quantile of 0 or 1) is an end of the support, not a sample to differentiate.
        if let bad = logDensity.indices.first(where: { !(logDensity[$0] > -700) && z[$0].isFinite }) {
            throw ReparamError.numerical("Mixture: the density at z = \(z[bad]) is \(logDensity[bad] == -.infinity ? "0" : "exp(\(logDensity[bad]))"), too small for the implicit gradient −(∂F/∂θ)/p(z)")
        }
        let inputs = [probability ?? Tensor(0)] + parameters.map(\.value)
        return Tensor.record(shape, z, inputs: inputs, acceptsBroadcastGradient: true) { g in
            let total = self.gradientSums(z, responsibility: responsibility, logDensity: logDensity, upstream: g)
            var result: [Tensor?] = [probability.flatMap { u in
                u.requiresGradient ? Tensor(unchecked: shape, z.indices.map { i in
                    (g.count == 1 ? g.scalars[0] : g.scalars[i]) * Foundation.exp(-logDensity[i]) }).summed(to: u.shape) : nil
            }]
            result.append(self.weights.tensor.requiresGradient ? self.weights.gradient(fromB: Array(total[0..<self.weights.count])) : nil)
            var k = self.weights.count
            for c in self.components {
                for p in c.parameters {
                    result.append(p.value.requiresGradient ? Tensor(total[k]) : nil)
                    k += 1
                }
            }
            return result
        }
    }

    /// Σᵢ gᵢ·(dzᵢ/dθ) for every parameter slot: B for the weights (see `MixtureWeights`), then each component's parameters.
    /// `responsibility` is component-major (r[k·n + i] = πₖpₖ(zᵢ)/p(zᵢ)).
    func gradientSums(_ z: [Double], responsibility: [Double], logDensity: [Double], upstream g: Tensor) -> [Double] {
        let K = components.count, n = z.count
        // Normal components' Φ is computed inline in the pass below; the others' CDFs come as arrays.
        let isNormal = evaluators.map { $0.family is Normal }
        var F: [Double] = []
        F.reserveCapacity(K * n)
        for (k, c) in evaluators.enumerated() {
            F += isNormal[k] ? [Double](repeating: 0, count: n) : (try? c.cdfs(z)) ?? z.map { c.family.cdf(at: $0, parameters: c.θ) }
        }
        let slots = K + evaluators.reduce(0) { $0 + $1.parameterCount }
        let π = weights.logProbabilities.map { Foundation.exp($0) }
        var logTotalWeight = -Double.infinity
        for lw in weights.logRaw where lw > -.infinity { logTotalWeight = logTotalWeight == -.infinity ? lw : max(logTotalWeight, lw) + Foundation.log1p(Foundation.exp(-abs(logTotalWeight - lw))) }
        let ρ = Foundation.exp(-logTotalWeight)
        // Where each component's slots start, and its (loc, 1/scale) if location–scale.
        let components = evaluators
        let firstSlot = evaluators.indices.map { k in K + evaluators[..<k].reduce(0) { $0 + $1.parameterCount } }
        let isLocationScale = evaluators.map { $0.locationScale != nil }
        let locs = evaluators.map { $0.locationScale?.loc ?? 0 }, inverseScales = evaluators.map { 1 / ($0.locationScale?.scale ?? 1) }
        let anyGeneric = isLocationScale.contains(false)
        let maximumParameters = evaluators.map(\.parameterCount).max() ?? 0
        return z.withUnsafeBufferPointer { z in
            responsibility.withUnsafeBufferPointer { responsibility in
                logDensity.withUnsafeBufferPointer { logDensity in
                    F.withUnsafeBufferPointer { F in
                        g.scalars.withUnsafeBufferPointer { g in
                            let z = SharedBuffer(z), responsibility = SharedBuffer(responsibility)
                            let logDensity = SharedBuffer(logDensity), F = SharedBuffer(F), g = SharedBuffer(g)
                            return Parallel.sums(count: n, width: slots) { range, s in
                                var scratch = [Dual](repeating: 0, count: maximumParameters)
                                let Fi = UnsafeMutableBufferPointer<Double>.allocate(capacity: K)
                                defer { Fi.deallocate() }
                                for i in range {
                                    let gi = g.count == 1 ? g[0] : g[i]
                                    let λ = gi * Foundation.exp(-logDensity[i])
                                    var u = 0.0
                                    for k in 0..<K {
                                        Fi[k] = isNormal[k] ? 0.5 * Foundation.erfc((locs[k] - z[i]) * inverseScales[k] * 0.707_106_781_186_547_524_4) : F[k * n + i]
                                        u += π[k] * Fi[k]
                                    }
                                    for k in 0..<K {
                                        s[k] += λ * ρ * (Fi[k] - u)
                                        if isLocationScale[k] {
                                            let r = gi * responsibility[k * n + i]
                                            s[firstSlot[k]] += r
                                            s[firstSlot[k] + 1] += r * (z[i] - locs[k]) * inverseScales[k]
                                        }
                                    }
                                    guard anyGeneric else { continue }
                                    for k in 0..<K where !isLocationScale[k] {
                                        let c = components[k]
                                        for j in 0..<c.parameterCount {
                                            s[firstSlot[k] + j] -= λ * π[k] * c.cdfDerivative(at: z[i], parameter: j, scratch: &scratch)
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// dz/dθ for each sample and each parameter (in `parameters` order), by the implicit rule:
    /// tensors of shape `samples.shape + θ.shape`. For teaching and for checking accuracy per sample.
    public func sampleDerivatives(_ samples: Tensor) throws -> [Tensor] {
        let z = samples.scalars
        let (responsibility, logDensity) = try posteriorWeights(z)
        let K = components.count
        var rows: [[Double]] = []
        for i in z.indices {
            let b = gradientSums([z[i]], responsibility: (0..<K).map { responsibility[$0 * z.count + i] }, logDensity: [logDensity[i]], upstream: Tensor(1))
            rows.append(weights.gradient(fromB: Array(b[0..<K])).scalars + b[K...])
        }
        var result = [Tensor(unchecked: samples.shape + [K], rows.flatMap { $0[0..<K] })]
        for j in K..<(rows.first?.count ?? K) { result.append(Tensor(unchecked: samples.shape, rows.map { $0[j] })) }
        return result
    }

    /// F(z) and p(z) at one point, through the components' scalar functions.
    func cdfAndDensity(at z: Double) -> (cdf: Double, density: Double) {
        var f = 0.0, p = 0.0
        for k in evaluators.indices {
            let (cdf, logDensity) = evaluators[k].cdfAndLogDensity(at: z)
            f += Foundation.exp(weights.logProbabilities[k]) * cdf
            p += Foundation.exp(weights.logProbabilities[k] + logDensity)
        }
        return (f, p)
    }

    /// z = F⁻¹(u) by safeguarded Newton inside the bracket [minₖ Fₖ⁻¹(u), maxₖ Fₖ⁻¹(u)]
    /// (there every Fₖ ≤ u, resp. ≥ u, so F does too); differentiable by the implicit
    /// rule in θ and with dz/du = 1/p(z).
    public func computeICDF(_ probability: Tensor) throws -> Tensor {
        let u = probability.detached
        let quantiles = try components.map { try $0.icdf(u).scalars }
        let z = try u.scalars.indices.map { i -> Double in
            let bracket = quantiles.map { $0[i] }
            let lo = bracket.min() ?? .nan, hi = bracket.max() ?? .nan
            // F⁻¹(0) and F⁻¹(1) are the ends of the support.
            if u.scalars[i] == 0 { return lo }
            if u.scalars[i] == 1 { return hi }
            if !lo.isFinite || !hi.isFinite {
                throw ReparamError.numerical("Mixture.icdf: the quantile at u = \(u.scalars[i]) is infinite")
            }
            return SafeguardedInversion.solve(u.scalars[i], lo: lo, hi: hi) { cdfAndDensity(at: $0) }
        }
        return try attachImplicitGradient(Tensor(unchecked: probability.shape, z), probability: probability)
    }
}
