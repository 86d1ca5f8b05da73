/// LowRankMultivariateNormal's rsample as one kernel with its own backward, instead of a normal
/// fill, a product and three broadcast tensor operations (and their backward passes).
///
///     z_t = μ + W ε_r,t + √D ⊙ ε_n,t              ε_r,t ∈ ℝʳ, ε_n,t ∈ ℝⁿ standard normal, t over the draws
///     μ̄ = Σ_t ḡ_t,   W̄ = Σ_t ḡ_t ε_r,tᵀ,   D̄ = (Σ_t ḡ_t ⊙ ε_n,t) / (2√D)
///
/// Each block of draws fills its own rows of ε_r and ε_n (Philox is counter-based: the numbers of
/// one `normal(count:)` draw each, whatever the split) and writes z row by row with the products
/// and sums of `loc + matvec(W, ε_r) + sqrt(D) * ε_n` in their order: the same bits. With shared
/// parameters (one batch element) it also sums ε_r and ε_n over the draws, all that a one-number
/// upstream gradient s (a mean or sum of the draws) needs:
///
///     μ̄ = s·T,   W̄_il = s·Σ_t ε_r,tl,   D̄_i = s·Σ_t ε_n,ti / (2√D_i)     (T draws)
///
/// Any other upstream gradient draws ε_r and ε_n again from a copy of the stream.
///
///     let d = try LowRankMultivariateNormal(loc: .parameter([0, 0]), covFactor: .parameter(Tensor(rows: [[1], [0.5]])), covDiag: .parameter([1, 2]))
///     let z = try d.rsample([10_000], using: &stream)        // [10000, 2]
///     let g = try gradients(of: z.mean(), withRespectTo: [d.loc, d.covFactor, d.covDiag])
extension LowRankMultivariateNormal {
    func fusedRsample(shape: [Int], using stream: inout RandomStream) -> Tensor {
        let n = shape[shape.count - 1], r = covFactor.shape[covFactor.rank - 1]
        let batch = Shape.count(batchShape), count = Shape.count(shape), rows = count / n
        let locs = Kernels.expand(loc, to: batchShape + [n])
        let roots = Kernels.expand(covDiag, to: batchShape + [n]).map { $0.squareRoot() }
        let factors = Kernels.expand(covFactor, to: batchShape + [n, r])
        // Wᵀ per batch element ([b, l, i]): four coordinates' factors of one ε_r,l load as one SIMD4.
        let transposed = Kernels.make(factors.count) { out in
            for b in 0..<batch { for i in 0..<n { for l in 0..<r { out[(b * r + l) * n + i] = factors[(b * n + i) * r + l] } } }
        }
        let streamAtDraw = stream, key = stream.key
        let draws = (factor: stream.nextDraw(), noise: stream.nextDraw())
        let rowWriter = LowRankRowWriter(n: n, r: r, batch: batch, factorDraw: draws.factor, noiseDraw: draws.noise, key: key)
        var noiseSums: [Double] = []
        let values = locs.withUnsafeBufferPointer { locs in
            roots.withUnsafeBufferPointer { roots in
                transposed.withUnsafeBufferPointer { transposed in
                    Kernels.make(count) { out in
                        let out = SharedBuffer(out), locs = SharedBuffer(locs), roots = SharedBuffer(roots), factors = SharedBuffer(transposed)
                        if batch == 1 {
                            noiseSums = Parallel.sums(count: rows, width: r + n, elementsPerItem: n) { range, sums in
                                rowWriter.write(range, out.start, locs.start, roots.start, factors.start, sums: sums.baseAddress)
                            }
                        } else {
                            Parallel.forEachChunk(count: count, alignment: n) { range in
                                rowWriter.write((range.lowerBound / n)..<(range.upperBound / n), out.start, locs.start, roots.start,
                                                factors.start, sums: nil)
                            }
                        }
                    }
                }
            }
        }
        let loc = self.loc, covFactor = self.covFactor, covDiag = self.covDiag
        let expandedFactorShape = batchShape + [n, r], expandedShape = batchShape + [n]
        /// (Σ ḡ ⊙ ε_n summed to D's shape) / (2√D).
        func diagonalGradient(_ summed: [Double]) -> Tensor {
            Tensor(unchecked: covDiag.shape, zip(summed, covDiag.scalars).map { $0 * (0.5 / $1.squareRoot()) })
        }
        return Tensor.record(shape, values, inputs: [loc, covFactor, covDiag], acceptsBroadcastGradient: true) { g in
            if g.count == 1, !noiseSums.isEmpty {
                let s = g.scalars[0]
                return [loc.requiresGradient ? Tensor(repeating: s * Double(rows), shape: expandedShape).summed(to: loc.shape) : nil,
                        covFactor.requiresGradient
                            ? Tensor(unchecked: expandedFactorShape, (0..<(n * r)).map { s * noiseSums[$0 % r] }).summed(to: covFactor.shape) : nil,
                        covDiag.requiresGradient
                            ? diagonalGradient(Tensor(unchecked: expandedShape, (0..<n).map { s * noiseSums[r + $0] }).summed(to: covDiag.shape).scalars)
                            : nil]
            }
            let full = g.expanded(to: shape)
            var replay = streamAtDraw
            let factorNoise = replay.normal(count: rows * r), noise = replay.normal(count: count)
            var factorGradient: Tensor?
            if covFactor.requiresGradient {
                if covFactor.rank == 2 {
                    // One W for every draw: W̄ = Ḡᵀ E_r, one blocked product over all rows.
                    factorGradient = Tensor(unchecked: [n, r], transposedProduct(full.scalars, factorNoise, rows: rows, left: n, columns: r))
                } else {
                    let outer = try matmul(full.unsqueezed(full.rank), Tensor(unchecked: Array(shape.dropLast()) + [1, r], factorNoise))
                    factorGradient = outer.summed(to: covFactor.shape)
                }
            }
            return [loc.requiresGradient ? full.summed(to: loc.shape) : nil,
                    factorGradient,
                    covDiag.requiresGradient
                        ? diagonalGradient(Tensor(unchecked: shape, Kernels.zip(full.scalars, noise, Multiply())).summed(to: covDiag.shape).scalars)
                        : nil]
        }
    }
}

/// Writes rows of z = μ + W ε_r + √D ⊙ ε_n for one draw of ε_r and one of ε_n (see `fusedRsample`).
private struct LowRankRowWriter: Sendable {
    let n: Int, r: Int, batch: Int
    let factorDraw: UInt64, noiseDraw: UInt64, key: PhiloxKey

    /// Rows `range` of z into `out` (row t of batch element t mod `batch`); with `sums`, adds
    /// Σ_t ε_r,t into its first r values and Σ_t ε_n,t into the next n (one batch element only).
    ///
    /// Per coordinate: (μ_i + Σ_l ε_r,l W_il) + √D_i ε_n,i, the sum over l from 0 in order, as the
    /// blocked product (`ProductKernels.rowsTimesMatrix`) and the broadcast additions compute it.
    func write(_ range: Range<Int>, _ out: UnsafeMutablePointer<Double>, _ locs: UnsafeMutablePointer<Double>,
               _ roots: UnsafeMutablePointer<Double>, _ transposed: UnsafeMutablePointer<Double>, sums: UnsafeMutablePointer<Double>?) {
        guard !range.isEmpty else { return }
        let n = self.n, r = self.r
        NormalZiggurat.fill(out, range: (range.lowerBound * n)..<(range.upperBound * n), draw: noiseDraw, key: key)
        var factorNoise = [Double](repeating: 0, count: range.count * r)
        factorNoise.withUnsafeMutableBufferPointer { buffer in
            let e = buffer.baseAddress! - range.lowerBound * r
            NormalZiggurat.fill(e, range: (range.lowerBound * r)..<(range.upperBound * r), draw: factorDraw, key: key)
            var b = range.lowerBound % batch
            for t in range {
                let z = out + t * n, et = e + t * r, mu = locs + b * n, root = roots + b * n, w = transposed + b * r * n
                if let sums {
                    for l in 0..<r { sums[l] += et[l] }
                }
                var i = 0
                while i + 4 <= n {
                    var product = SIMD4<Double>()
                    for l in 0..<r { product += SIMD4(repeating: et[l]) * load(w + l * n + i) }
                    let noise = load(z + i)
                    if let sums { store(load(sums + r + i) + noise, sums + r + i) }
                    store((load(mu + i) + product) + load(root + i) * noise, z + i)
                    i += 4
                }
                while i < n {
                    var product = 0.0
                    for l in 0..<r { product += et[l] * w[l * n + i] }
                    let noise = z[i]
                    if let sums { sums[r + i] += noise }
                    z[i] = (mu[i] + product) + root[i] * noise
                    i += 1
                }
                b += 1
                if b == batch { b = 0 }
            }
        }
    }

    @inline(__always) private func load(_ p: UnsafePointer<Double>) -> SIMD4<Double> {
        UnsafeRawPointer(p).loadUnaligned(as: SIMD4<Double>.self)
    }

    @inline(__always) private func store(_ v: SIMD4<Double>, _ p: UnsafeMutablePointer<Double>) {
        UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD4<Double>.self)
    }
}
