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
    if batch.count > 1, m * k * p > 0, a.count == m * k, batch.isFull[1], p == 1 { return sharedLeftTimesVectors(a, b, shape: shape, m: m, k: k) }
    if batch.count > 1, m * k * p > 0, b.count == k * p, batch.isFull[0] { return stackedTimesShared(a, b, shape: shape, rows: batch.count * m, k: k, p: p) }
    if m * k * p == 0 {
        // An empty product: zeros (a sum of no terms), and no gradient to pass back.
        let aShape = a.shape, bShape = b.shape, aCount = a.count, bCount = b.count
        return Tensor.record(shape, [Double](repeating: 0, count: batch.count * m * p), inputs: [a, b]) { _ in
            [Tensor(unchecked: aShape, [Double](repeating: 0, count: aCount)), Tensor(unchecked: bShape, [Double](repeating: 0, count: bCount))]
        }
    }
    let x = a.scalars, y = b.scalars
    let values = x.withUnsafeBufferPointer { xp in
        y.withUnsafeBufferPointer { yp in
            Kernels.make(batch.count * m * p) { out in
                let xp = SharedBuffer(xp), yp = SharedBuffer(yp), out = SharedBuffer(out)
                ProductKernels.forEachRowChunk(blocks: batch.count, work: batch.count * m * k * p) { range in
                    for t in range {
                        multiplyAdd(xp.buffer.baseAddress! + batch.offsets[0][t], yp.buffer.baseAddress! + batch.offsets[1][t],
                                    out.buffer.baseAddress! + t * m * p, m, k, p, clear: true)
                    }
                }
            }
        }
    }
    let needA = a.requiresGradient, needB = b.requiresGradient
    let aShape = a.shape, bShape = b.shape
    return Tensor.record(shape, values, inputs: [a, b]) { g in
        let ḡ = g.scalars
        let work = batch.count * m * k * p
        // Ā_t += C̄_t B_tᵀ, B̄_t += A_tᵀ C̄_t: written in place where the operand has a matrix per batch
        // element, summed over per-thread partials where it is broadcast.
        let ā = needA ? gradient(count: x.count, batch: batch, operand: 0, work: work) { t, out in
            ḡ.withUnsafeBufferPointer { gp in y.withUnsafeBufferPointer { yp in
                multiplyTransposedRight(gp.baseAddress! + t * m * p, yp.baseAddress! + batch.offsets[1][t], out, m, p, k)
            } }
        } : nil
        let b̄ = needB ? gradient(count: y.count, batch: batch, operand: 1, work: work) { t, out in
            x.withUnsafeBufferPointer { xp in ḡ.withUnsafeBufferPointer { gp in
                multiplyTransposedLeft(xp.baseAddress! + batch.offsets[0][t], gp.baseAddress! + t * m * p, out, m, k, p)
            } }
        } : nil
        return [ā.map { Tensor(unchecked: aShape, $0) }, b̄.map { Tensor(unchecked: bShape, $0) }]
    }
}

/// One operand's gradient, Σ_t of `add(t, at)` where `at` points at the operand's matrix for t:
/// chunks of t in parallel, each writing its own matrices when the operand is full, or summing into
/// a private copy of the operand when it is broadcast.
private func gradient(count: Int, batch: MatrixBatch, operand: Int, work: Int,
                      _ add: @escaping @Sendable (Int, UnsafeMutablePointer<Double>) -> Void) -> [Double] {
    let offsets = batch.offsets[operand]
    if batch.isFull[operand] {
        return Kernels.make(count) { out in
            out.initialize(repeating: 0)
            let out = SharedBuffer(out)
            ProductKernels.forEachRowChunk(blocks: batch.count, work: work) { range in
                for t in range { add(t, out.buffer.baseAddress! + offsets[t]) }
            }
        }
    }
    return ProductKernels.chunkedSum(count: batch.count, work: work, size: count) { range, partial in
        for t in range { add(t, partial + offsets[t]) }
    }
}

/// C (m × p) = A (m × k) B (k × p), or C += A B without `clear`; rows of B streamed along p.
@inline(__always)
private func multiplyAdd(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ c: UnsafeMutablePointer<Double>,
                         _ m: Int, _ k: Int, _ p: Int, clear: Bool) {
    for i in 0..<m {
        if clear { for j in 0..<p { c[i * p + j] = 0 } }
        for l in 0..<k {
            let s = a[i * k + l]
            if s == 0 { continue }
            for j in 0..<p { c[i * p + j] += s * b[l * p + j] }
        }
    }
}

/// Ā (m × k) += C̄ (m × p) Bᵀ for B of k × p.
@inline(__always)
private func multiplyTransposedRight(_ ḡ: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>,
                                     _ m: Int, _ p: Int, _ k: Int) {
    for i in 0..<m {
        for l in 0..<k {
            var s = 0.0
            for j in 0..<p { s += ḡ[i * p + j] * b[l * p + j] }
            out[i * k + l] += s
        }
    }
}

/// B̄ (k × p) += Aᵀ C̄ for A of m × k, C̄ of m × p.
@inline(__always)
private func multiplyTransposedLeft(_ a: UnsafePointer<Double>, _ ḡ: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>,
                                    _ m: Int, _ k: Int, _ p: Int) {
    for i in 0..<m {
        for l in 0..<k {
            let s = a[i * k + l]
            if s == 0 { continue }
            for j in 0..<p { out[l * p + j] += s * ḡ[i * p + j] }
        }
    }
}

/// A v for matrices A [b…, m, k] and vectors v [b…, k] (batch axes broadcast): [b…, m].
public func matvec(_ a: Tensor, _ v: Tensor) throws -> Tensor {
    guard v.rank >= 1 else { throw ReparamError.shape("matvec needs a vector (rank ≥ 1), got a scalar") }
    return try matmul(a, v.unsqueezed(v.rank)).squeezed(v.rank)
}
