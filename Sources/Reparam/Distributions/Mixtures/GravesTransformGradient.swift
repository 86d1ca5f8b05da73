import Foundation

/// The per-sample work of Graves' sequential transform for a `DiagonalMixture`:
/// a forward sweep over the dimensions (posterior weights, u_d, conditional
/// densities) and the back-substitution of the transposed triangular system
/// (see `DiagonalMixture`). Scratch buffers live per thread; nothing is
/// allocated per sample.
///
/// `@unchecked Sendable`: the chunks of one gradient share a kernel and only read it (the
/// components' tensors included; each chunk makes its own `Scratch`), which the compiler
/// cannot see through `any DifferentiableLogDensity`.
struct GravesTransformKernel: @unchecked Sendable {
    let K: Int, D: Int
    /// log w and w (w = π for logits).
    let logWeights: [Double], rawWeights: [Double]
    let components: any DifferentiableLogDensity
    /// Parameter values per (k, d), row-major [K, D], one array per parameter.
    let values: [[Double]]
    /// Normal components take the closed forms.
    let isNormal: Bool

    /// For Normal components: loc, log scale and 1/scale per (k, d).
    let locs: [Double], logScales: [Double], inverseScales: [Double]

    init(K: Int, D: Int, logWeights: [Double], rawWeights: [Double], components: any DifferentiableLogDensity, values: [[Double]], isNormal: Bool) {
        self.K = K; self.D = D
        self.logWeights = logWeights; self.rawWeights = rawWeights
        self.components = components; self.values = values; self.isNormal = isNormal
        locs = isNormal ? values[0] : []
        logScales = isNormal ? values[1].map { Foundation.log($0) } : []
        inverseScales = isNormal ? values[1].map { 1 / $0 } : []
    }

    var parameterCount: Int { values.count }
    /// Gradient slots: K weights, then K·D per parameter.
    var width: Int { K + parameterCount * K * D }

    /// Per-thread buffers (raw memory: no copy-on-write checks in the hot loops).
    final class Scratch {
        let logDensity, cdf, score, standardized: UnsafeMutableBufferPointer<Double>   // [K·D] each
        let posterior: UnsafeMutableBufferPointer<Double>    // π⁽ᵈ⁾ₖ for d = 0…D, [(D + 1)·K]
        let ratio: UnsafeMutableBufferPointer<Double>        // ρ⁽ᵈ⁾ₖ = πₖ⁽ᵈ⁾/wₖ, [D·K]
        let u, logConditional: UnsafeMutableBufferPointer<Double>   // [D]
        let logq, terms, A: UnsafeMutableBufferPointer<Double>      // [K]
        var θ: [Double], duals: [Dual]
        init(K: Int, D: Int, P: Int) {
            func buffer(_ n: Int) -> UnsafeMutableBufferPointer<Double> {
                let b = UnsafeMutableBufferPointer<Double>.allocate(capacity: n)
                b.initialize(repeating: 0)
                return b
            }
            logDensity = buffer(K * D); cdf = buffer(K * D); score = buffer(K * D); standardized = buffer(K * D)
            posterior = buffer((D + 1) * K); ratio = buffer(D * K)
            u = buffer(D); logConditional = buffer(D)
            logq = buffer(K); terms = buffer(K); A = buffer(K)
            θ = .init(repeating: 0, count: P); duals = .init(repeating: 0, count: P)
        }
        deinit {
            for b in [logDensity, cdf, score, standardized, posterior, ratio, u, logConditional, logq, terms, A] { b.deallocate() }
        }
    }

    func makeScratch() -> Scratch { Scratch(K: K, D: D, P: parameterCount) }

    /// Fills the scratch for the sample z[base ..< base + D]; returns min_d log p(z_d | z_<d).
    /// Without `withCDF` only the densities are computed (enough for the posterior weights and the check).
    func evaluate(_ z: UnsafeBufferPointer<Double>, base: Int, _ s: Scratch, withCDF: Bool = true) -> Double {
        for k in 0..<K {
            for d in 0..<D {
                let at = k * D + d, zd = z[base + d]
                if isNormal {
                    let x = (zd - locs[at]) * inverseScales[at]
                    s.standardized[at] = x
                    s.logDensity[at] = -0.5 * x * x - logScales[at] - 0.918_938_533_204_672_741_78
                    if withCDF { s.cdf[at] = 0.5 * Foundation.erfc(-x * 0.707_106_781_186_547_524_4) }
                    s.score[at] = -x * inverseScales[at]
                } else {
                    for j in 0..<parameterCount { s.θ[j] = values[j][at]; s.duals[j] = Dual(values[j][at]) }
                    let y = components.logDensity(at: Dual(zd, derivative: 1), parameters: s.duals)
                    s.logDensity[at] = y.value
                    s.score[at] = y.derivative
                    if withCDF { s.cdf[at] = components.cdf(at: zd, parameters: s.θ) }
                }
            }
        }
        // Sweep: log Z_d = logsumexp_k(log wₖ + log qₖ⁽ᵈ⁾), πₖ⁽ᵈ⁾ = wₖqₖ/Z_d, log p(z_d|z_<d) = log Z_{d+1} − log Z_d.
        for k in 0..<K { s.logq[k] = 0 }
        var logZ = logSumExp(s, d: 0)
        var worst = Double.infinity
        for d in 0..<D {
            var u = 0.0
            for k in 0..<K {
                u += s.posterior[d * K + k] * s.cdf[k * D + d]
                s.ratio[d * K + k] = Foundation.exp(s.logq[k] - logZ)
                s.logq[k] += s.logDensity[k * D + d]
            }
            s.u[d] = min(u, 1)
            let next = logSumExp(s, d: d + 1)
            s.logConditional[d] = next - logZ
            worst = min(worst, s.logConditional[d])
            logZ = next
        }
        return worst.isNaN ? -.infinity : worst
    }

    /// log Σₖ wₖ qₖ and the posterior row d (wₖqₖ normalized).
    private func logSumExp(_ s: Scratch, d: Int) -> Double {
        var peak = -Double.infinity
        for k in 0..<K { s.terms[k] = logWeights[k] + s.logq[k]; peak = max(peak, s.terms[k]) }
        var total = 0.0
        for k in 0..<K { let e = Foundation.exp(s.terms[k] - peak); s.posterior[d * K + k] = e; total += e }
        for k in 0..<K { s.posterior[d * K + k] /= total }
        return peak + Foundation.log(total)
    }

    /// Adds gᵀ dz/dθ for one evaluated sample into `sums` (`width` slots); `g(d)` is ∂L/∂z_d.
    func accumulate(_ z: UnsafeBufferPointer<Double>, base: Int, upstream g: (Int) -> Double,
                    _ s: Scratch, into sums: UnsafeMutableBufferPointer<Double>) {
        for k in 0..<K { s.A[k] = 0 }
        for d in stride(from: D - 1, through: 0, by: -1) {
            var coupling = 0.0
            for k in 0..<K { coupling += s.score[k * D + d] * s.A[k] }
            let r = g(d) - coupling           // λ_d · p(z_d | z_<d)
            let λ = r * Foundation.exp(-s.logConditional[d])
            let u = s.u[d]
            for k in 0..<K {
                let at = k * D + d
                let πd = s.posterior[d * K + k], excess = s.cdf[at] - u
                sums[k] += λ * s.ratio[d * K + k] * excess
                if isNormal {
                    // −λ πₖ⁽ᵈ⁾ ∂F/∂θ with ∂F/∂loc = −p, ∂F/∂scale = −p·x and πₖ⁽ᵈ⁾pₖd/p_d = πₖ⁽ᵈ⁺¹⁾;
                    // −Aₖ ∂log p/∂θ with ∂log p/∂loc = −s, ∂log p/∂scale = −s·x − 1/scale.
                    let next = s.posterior[(d + 1) * K + k], x = s.standardized[at], score = s.score[at], A = s.A[k]
                    sums[K + at] += r * next + A * score
                    sums[K + K * D + at] += r * next * x + A * (score * x + inverseScales[at])
                } else {
                    for j in 0..<parameterCount { s.θ[j] = values[j][at] }
                    let zd = z[base + d]
                    for j in 0..<parameterCount {
                        for m in 0..<parameterCount { s.duals[m] = Dual(s.θ[m], derivative: m == j ? 1 : 0) }
                        let dF = πd == 0 ? 0 : components.cdf(at: Dual(zd), parameters: s.duals).derivative
                        let dLogP = s.A[k] == 0 ? 0 : components.logDensity(at: Dual(zd), parameters: s.duals).derivative
                        sums[K + j * K * D + at] -= λ * πd * dF + s.A[k] * dLogP
                    }
                }
                s.A[k] += λ * πd * excess
            }
        }
    }
}

extension DiagonalMixture {
    var kernel: GravesTransformKernel {
        GravesTransformKernel(K: componentCount, D: dimension, logWeights: weights.logRaw, rawWeights: weights.raw,
                              components: components, values: values, isNormal: components is Normal)
    }

    /// `samples` (shape [..., D]) with gradients to π and every component parameter through Graves' transform.
    ///
    /// Throws where a conditional density p(z_d | z_<d) is too small for its inverse to be a double.
    public func implicitlyReparameterized(_ samples: Tensor) throws -> Tensor {
        guard samples.shape.last == dimension else {
            throw ReparamError.shape("DiagonalMixture: samples need a last axis of \(dimension) coordinates, got shape \(samples.shape)")
        }
        let z = samples.scalars, shape = samples.shape, kernel = self.kernel
        let D = dimension, n = z.count / max(D, 1)
        // Check every conditional density before recording (one sweep, no gradient yet).
        let worst = z.withUnsafeBufferPointer { zb in
            let shared = SharedBuffer(zb)
            return -Parallel.sums(count: n, width: 1) { range, out in
                let scratch = kernel.makeScratch()
                let zb = shared.readOnly
                var low = Double.infinity
                for i in range { low = min(low, kernel.evaluate(zb, base: i * D, scratch, withCDF: false)) }
                out[0] = -low
            }[0]
        }
        guard worst > -700 else {
            throw ReparamError.numerical("DiagonalMixture: a conditional density at the samples is \(worst == -.infinity ? "0" : "exp(\(worst))"), too small for the implicit gradient")
        }
        let weightsTensor = weights.tensor, componentParameters = components.parameters.map(\.value)
        let K = componentCount, weights = self.weights
        return Tensor.record(shape, z, inputs: [weightsTensor] + componentParameters, acceptsBroadcastGradient: true) { g in
            let sums = z.withUnsafeBufferPointer { zb in
                g.scalars.withUnsafeBufferPointer { gb in
                    let zs = SharedBuffer(zb), gs = SharedBuffer(gb)
                    return Parallel.sums(count: n, width: kernel.width) { range, out in
                        let scratch = kernel.makeScratch()
                        let zb = zs.readOnly, gb = gs.readOnly
                        for i in range {
                            _ = kernel.evaluate(zb, base: i * D, scratch)
                            if gb.count == 1 {
                                kernel.accumulate(zb, base: i * D, upstream: { _ in gb[0] }, scratch, into: out)
                            } else {
                                kernel.accumulate(zb, base: i * D, upstream: { gb[i * D + $0] }, scratch, into: out)
                            }
                        }
                    }
                }
            }
            return [weightsTensor.requiresGradient ? weights.gradient(fromB: Array(sums[0..<K])) : nil]
                + componentParameters.indices.map { j in
                    componentParameters[j].requiresGradient
                        ? Tensor(unchecked: [K, D], Array(sums[(K + j * K * D)..<(K + (j + 1) * K * D)])).summed(to: componentParameters[j].shape) : nil
                }
        }
    }

    /// dz_d/dθ for each sample and coordinate: per parameter a tensor of shape
    /// `samples.shape + θ.shape` (weights [K]; component parameters [K, D] or their own shape).
    public func sampleDerivatives(_ samples: Tensor) throws -> [Tensor] {
        let kernel = self.kernel, D = dimension, K = componentCount
        let n = samples.count / D
        let scratch = kernel.makeScratch()
        let parameterShapes = [weights.tensor.shape] + components.parameters.map(\.value.shape)
        var columns = [[Double]](repeating: [], count: parameterShapes.count)
        var sums = [Double](repeating: 0, count: kernel.width)
        samples.scalars.withUnsafeBufferPointer { zb in
            for i in 0..<n {
                _ = kernel.evaluate(zb, base: i * D, scratch)
                for d in 0..<D {
                    for j in sums.indices { sums[j] = 0 }
                    sums.withUnsafeMutableBufferPointer { out in
                        kernel.accumulate(zb, base: i * D, upstream: { $0 == d ? 1 : 0 }, scratch, into: out)
                    }
                    columns[0] += weights.gradient(fromB: Array(sums[0..<K])).scalars
                    for j in 1..<parameterShapes.count {
                        let block = Array(sums[(K + (j - 1) * K * D)..<(K + j * K * D)])
                        columns[j] += Tensor(unchecked: [K, D], block).summed(to: parameterShapes[j]).scalars
                    }
                }
            }
        }
        return parameterShapes.indices.map { Tensor(unchecked: samples.shape + parameterShapes[$0], columns[$0]) }
    }
}
