/// The matrix product over the last two axes, batched and broadcast over the others.
///
///     C = A B,   A: [b…, m, k],  B: [b…, k, p]  →  C: [b…, m, p]
///     Ā = C̄ Bᵀ,  B̄ = Aᵀ C̄   (summed over the batch axes an operand was broadcast along)
///
///     let a = Tensor.parameter(try Tensor(rows: [[1, 2], [3, 4]]))
///     let c = try matmul(a, Tensor(rows: [[1], [1]]))   // [[3], [7]]
public func matmul(_ a: Tensor, _ b: Tensor) throws -> Tensor {
    let (m, k) = try a.matrixDimensions("matmul"), (k2, p) = try b.matrixDimensions("matmul")
    guard k == k2 else { throw ReparamError.shape("matmul: cannot multiply \(a.shape) by \(b.shape) (inner sizes \(k) and \(k2) differ)") }
    let batch = try MatrixBatch([a.shape, b.shape])
    let shape = batch.shape + [m, p]
    let x = a.scalars, y = b.scalars
    let values = Kernels.make(batch.count * m * p) { out in
        let out = SharedBuffer(out)
        Parallel.forEachChunk(count: batch.count, alignment: 1) { range in
            for t in range {
                let ao = batch.offsets[0][t], bo = batch.offsets[1][t], co = t * m * p
                for i in 0..<m {
                    for j in 0..<p { out[co + i * p + j] = 0 }
                    for l in 0..<k {
                        let s = x[ao + i * k + l]
                        if s == 0 { continue }
                        for j in 0..<p { out[co + i * p + j] += s * y[bo + l * p + j] }
                    }
                }
            }
        }
    }
    let needA = a.requiresGradient, needB = b.requiresGradient
    let aShape = a.shape, bShape = b.shape
    return Tensor.record(shape, values, inputs: [a, b]) { g in
        let ḡ = g.scalars
        var ā: [Double]? = nil, b̄: [Double]? = nil
        if needA {
            // Ā_t += C̄_t Bᵀ_t
            var out = [Double](repeating: 0, count: x.count)
            for t in 0..<batch.count {
                let ao = batch.offsets[0][t], bo = batch.offsets[1][t], co = t * m * p
                for i in 0..<m {
                    for l in 0..<k {
                        var s = 0.0
                        for j in 0..<p { s += ḡ[co + i * p + j] * y[bo + l * p + j] }
                        out[ao + i * k + l] += s
                    }
                }
            }
            ā = out
        }
        if needB {
            // B̄_t += Aᵀ_t C̄_t
            var out = [Double](repeating: 0, count: y.count)
            for t in 0..<batch.count {
                let ao = batch.offsets[0][t], bo = batch.offsets[1][t], co = t * m * p
                for i in 0..<m {
                    for l in 0..<k {
                        let s = x[ao + i * k + l]
                        if s == 0 { continue }
                        for j in 0..<p { out[bo + l * p + j] += s * ḡ[co + i * p + j] }
                    }
                }
            }
            b̄ = out
        }
        return [ā.map { Tensor(unchecked: aShape, $0) }, b̄.map { Tensor(unchecked: bShape, $0) }]
    }
}

/// A v for matrices A [b…, m, k] and vectors v [b…, k] (batch axes broadcast): [b…, m].
public func matvec(_ a: Tensor, _ v: Tensor) throws -> Tensor {
    guard v.rank >= 1 else { throw ReparamError.shape("matvec needs a vector (rank ≥ 1), got a scalar") }
    return try matmul(a, v.unsqueezed(v.rank)).squeezed(v.rank)
}
