/// X = L⁻¹ B for lower-triangular L [b…, n, n] and right-hand sides B [b…, n, k] (batch axes
/// broadcast), by forward substitution; only the lower triangle of L is read.
///
///     backward:  B̄ = L⁻ᵀ X̄,   L̄ = −tril(B̄ Xᵀ)
///
///     let x = try solveLowerTriangular(Tensor(rows: [[2, 0], [1, 1]]), Tensor(rows: [[2], [3]]))   // [[1], [2]]
public func solveLowerTriangular(_ l: Tensor, _ b: Tensor) throws -> Tensor {
    let (n, columns) = try l.matrixDimensions("solveLowerTriangular"), (rows, k) = try b.matrixDimensions("solveLowerTriangular")
    guard n == columns, rows == n else {
        throw ReparamError.shape("solveLowerTriangular: the matrix \(l.shape) must be square and match the right-hand side's rows \(b.shape)")
    }
    let batch = try MatrixBatch([l.shape, b.shape])
    let shape = batch.shape + [n, k], block = n * k
    let lValues = l.scalars, bValues = b.scalars
    let values = lValues.withUnsafeBufferPointer { lp in
        Kernels.make(batch.count * block) { out in
            let lp = SharedBuffer(lp), out = SharedBuffer(out)
            Parallel.forEachChunk(count: batch.count, alignment: 1) { range in
                for t in range {
                    let x = out.buffer.baseAddress! + t * block
                    for i in 0..<block { x[i] = bValues[batch.offsets[1][t] + i] }
                    TriangularKernels.solveLower(lp.buffer.baseAddress! + batch.offsets[0][t], x, n: n, k: k)
                }
            }
        }
    }
    let needL = l.requiresGradient, needB = b.requiresGradient
    let lShape = l.shape, bShape = b.shape
    return Tensor.record(shape, values, inputs: [l, b]) { g in
        // B̄_t = L_t⁻ᵀ X̄_t, one system per batch element.
        var solved = g.scalars
        lValues.withUnsafeBufferPointer { lp in
            solved.withUnsafeMutableBufferPointer { s in
                let lp = SharedBuffer(lp), s = SharedBuffer(s)
                Parallel.forEachChunk(count: batch.count, alignment: 1) { range in
                    for t in range {
                        TriangularKernels.solveLowerTransposed(lp.buffer.baseAddress! + batch.offsets[0][t], s.buffer.baseAddress! + t * block, n: n, k: k)
                    }
                }
            }
        }
        var l̄: [Double]? = nil, b̄: [Double]? = nil
        if needB {
            var out = [Double](repeating: 0, count: bValues.count)
            for t in 0..<batch.count {
                for i in 0..<block { out[batch.offsets[1][t] + i] += solved[t * block + i] }
            }
            b̄ = out
        }
        if needL {
            var out = [Double](repeating: 0, count: lValues.count)
            for t in 0..<batch.count {
                let lo = batch.offsets[0][t], xo = t * block
                for i in 0..<n {
                    for j in 0...i {
                        var s = 0.0
                        for c in 0..<k { s += solved[xo + i * k + c] * values[xo + j * k + c] }
                        out[lo + i * n + j] -= s
                    }
                }
            }
            l̄ = out
        }
        return [l̄.map { Tensor(unchecked: lShape, $0) }, b̄.map { Tensor(unchecked: bShape, $0) }]
    }
}
