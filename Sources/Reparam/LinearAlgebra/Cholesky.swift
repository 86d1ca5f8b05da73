import Foundation

/// Why a matrix has no Cholesky factor: the first pivot that was not positive.
///
/// Pivot j is Σ_jj − Σ_{k<j} L_jk², the ratio of the j-th to the (j−1)-th leading principal
/// minor; it is positive for every j exactly when the matrix is positive definite.
public struct CholeskyFailure: Error, Equatable, CustomStringConvertible {
    /// The matrix's index in the batch (empty for a single matrix).
    public let batchIndex: [Int]
    /// The row (0-based) whose pivot failed.
    public let row: Int
    /// Its value (≤ 0, or NaN).
    public let pivot: Double
    public let size: Int

    /// "its Cholesky pivot at row 2 (0-based, of 3) is -0.25" (and "in matrix [1, 0]" for a batch).
    public var description: String {
        "a matrix\(batchIndex.isEmpty ? "" : " (at batch index \(batchIndex))") whose Cholesky pivot at row \(row) (0-based, of \(size)) is "
            + String(format: "%.6g", pivot) + " (pivots must be > 0; the leading \(row + 1) × \(row + 1) block is not positive definite)"
    }
}

/// The lower-triangular L with L Lᵀ = ½(A + Aᵀ), for each matrix of A [b…, n, n].
///
/// The factor of the symmetric part, so a perturbation of one entry (a finite difference)
/// moves the matrix as ½(E_ij + E_ji) and the gradient below is exact for every entry.
/// Throws `CholeskyFailure` naming the first pivot that is not positive.
///
///     forward:   L_jj = √(A_jj − Σ_{k<j} L_jk²),  L_ij = (A_ij − Σ_{k<j} L_ik L_jk) / L_jj  (i > j)
///     backward:  P = Φ(Lᵀ L̄) (lower triangle, diagonal halved),  S = L⁻ᵀ P L⁻¹,  Ā = ½(S + Sᵀ)
///                (Murray 2016, "Differentiation of the Cholesky decomposition")
///
///     let l = try cholesky(Tensor(rows: [[4, 2], [2, 5]]))   // [[2, 0], [1, 2]]
public func cholesky(_ a: Tensor) throws -> Tensor {
    let (n, columns) = try a.matrixDimensions("cholesky")
    guard n == columns else { throw ReparamError.shape("cholesky needs square matrices, got shape \(a.shape)") }
    let batchShape = Array(a.shape.dropLast(2)), count = Shape.count(batchShape), size = n * n
    var factor = [Double](repeating: 0, count: a.count)
    let x = a.scalars
    for t in 0..<count {
        if let (row, pivot) = choleskyFactor(x, at: t * size, n: n, into: &factor) {
            let strides = Shape.strides(batchShape)
            throw CholeskyFailure(batchIndex: strides.indices.map { (t / strides[$0]) % batchShape[$0] }, row: row, pivot: pivot, size: n)
        }
    }
    let l = factor
    return Tensor.record(a.shape, l, inputs: [a]) { g in
        [Tensor(unchecked: a.shape, choleskyBackward(l, g.scalars, n: n, count: count))]
    }
}

/// Factors the symmetric part of the n × n matrix at `offset` into `factor`; the failing
/// (row, pivot) if it is not positive definite.
func choleskyFactor(_ a: [Double], at offset: Int, n: Int, into factor: inout [Double]) -> (Int, Double)? {
    for j in 0..<n {
        var s = a[offset + j * n + j]
        for k in 0..<j { s -= factor[offset + j * n + k] * factor[offset + j * n + k] }
        guard s > 0, s.isFinite else { return (j, s) }
        let pivot = s.squareRoot()
        factor[offset + j * n + j] = pivot
        for i in (j + 1)..<max(n, j + 1) {
            var v = 0.5 * (a[offset + i * n + j] + a[offset + j * n + i])
            for k in 0..<j { v -= factor[offset + i * n + k] * factor[offset + j * n + k] }
            factor[offset + i * n + j] = v / pivot
        }
    }
    return nil
}

/// Ā = ½(S + Sᵀ), S = L⁻ᵀ Φ(Lᵀ tril(L̄)) L⁻¹, for each of `count` matrices.
private func choleskyBackward(_ l: [Double], _ ḡ: [Double], n: Int, count: Int) -> [Double] {
    let size = n * n
    return l.withUnsafeBufferPointer { l in
        Kernels.make(count * size) { out in
            let l = SharedBuffer(l), out = SharedBuffer(out)
            Parallel.forEachChunk(count: count, alignment: 1) { range in
                var p = [Double](repeating: 0, count: size), y = p
                for t in range {
                    let base = l.buffer.baseAddress! + t * size
                    // P = Φ(Lᵀ tril(L̄)): (Lᵀ L̄)_ij = Σ_{k ≥ max(i, j)} L_ki L̄_kj, kept for i ≥ j.
                    for i in 0..<n {
                        for j in 0...i {
                            var s = 0.0
                            for k in i..<n { s += base[k * n + i] * ḡ[t * size + k * n + j] }
                            p[i * n + j] = i == j ? 0.5 * s : s
                        }
                        for j in (i + 1)..<max(n, i + 1) { p[i * n + j] = 0 }
                    }
                    // X = L⁻ᵀ P, then Sᵀ = L⁻ᵀ Xᵀ.
                    p.withUnsafeMutableBufferPointer { TriangularKernels.solveLowerTransposed(base, $0.baseAddress!, n: n, k: n) }
                    for i in 0..<n { for j in 0..<n { y[i * n + j] = p[j * n + i] } }
                    y.withUnsafeMutableBufferPointer { TriangularKernels.solveLowerTransposed(base, $0.baseAddress!, n: n, k: n) }
                    // y = Sᵀ; Ā = ½(S + Sᵀ).
                    for i in 0..<n { for j in 0..<n { out[t * size + i * n + j] = 0.5 * (y[i * n + j] + y[j * n + i]) } }
                }
            }
        }
    }
}
