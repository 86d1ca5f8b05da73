/// `matmul` when one operand is a single matrix shared by the whole batch: the other operand's
/// matrices are stacked into one tall matrix and the product is one blocked kernel call
/// (`ProductKernels`), forward and backward, instead of one small product per batch element
/// and a serial sum for the shared operand's gradient.
///
///     A shared, B = [b₁ … b_T] vectors:  C = B Aᵀ (T × m),   Ā = C̄ᵀ B,   B̄ = C̄ A
///     A = [A₁ … A_T] stacked, B shared:  C = A B (Tm × p),   Ā = C̄ Bᵀ,   B̄ = Aᵀ C̄
///
/// z = L ε for 10,000 draws of ℝ⁵⁰ (a multivariate normal's rsample) is the first form.

/// C_t = A b_t for one A [m, k] and vectors b [T…, k, 1]: the rows of C [T, m] are B Aᵀ.
func sharedLeftTimesVectors(_ a: Tensor, _ b: Tensor, shape: [Int], m: Int, k: Int) -> Tensor {
    let x = a.scalars, y = b.scalars, rows = y.count / k
    let transposed = transposedMatrix(x, rows: m, columns: k)
    let values = product(y, transposed, rows: rows, inner: k, columns: m)
    let needA = a.requiresGradient, needB = b.requiresGradient
    let aShape = a.shape, bShape = b.shape
    return Tensor.record(shape, values, inputs: [a, b]) { g in
        let ḡ = g.scalars
        // Ā = Σ_t c̄_t b_tᵀ = C̄ᵀ B;   B̄ = C̄ A (rows b̄_t = Aᵀ c̄_t).
        let ā = needA ? Tensor(unchecked: aShape, transposedProduct(ḡ, y, rows: rows, left: m, columns: k)) : nil
        let b̄ = needB ? Tensor(unchecked: bShape, product(ḡ, x, rows: rows, inner: m, columns: k)) : nil
        return [ā, b̄]
    }
}

/// C_t = A_t B for matrices A [T…, m, k] and one B [k, p]: the stacked rows of A times B.
func stackedTimesShared(_ a: Tensor, _ b: Tensor, shape: [Int], rows: Int, k: Int, p: Int) -> Tensor {
    let x = a.scalars, y = b.scalars
    let values = product(x, y, rows: rows, inner: k, columns: p)
    let needA = a.requiresGradient, needB = b.requiresGradient
    let aShape = a.shape, bShape = b.shape
    return Tensor.record(shape, values, inputs: [a, b]) { g in
        let ḡ = g.scalars
        let ā = needA ? Tensor(unchecked: aShape, product(ḡ, transposedMatrix(y, rows: k, columns: p), rows: rows, inner: p, columns: k)) : nil
        let b̄ = needB ? Tensor(unchecked: bShape, transposedProduct(x, ḡ, rows: rows, left: k, columns: p)) : nil
        return [ā, b̄]
    }
}

/// X W for X of rows × inner, W of inner × columns.
private func product(_ x: [Double], _ w: [Double], rows: Int, inner: Int, columns: Int) -> [Double] {
    x.withUnsafeBufferPointer { xp in
        w.withUnsafeBufferPointer { wp in
            Kernels.make(rows * columns) { out in
                ProductKernels.rowsTimesMatrix(xp.baseAddress!, wp.baseAddress!, out.baseAddress!, rows: rows, inner: inner, columns: columns)
            }
        }
    }
}

/// Xᵀ G for X of rows × left, G of rows × columns.
func transposedProduct(_ x: [Double], _ g: [Double], rows: Int, left: Int, columns: Int) -> [Double] {
    x.withUnsafeBufferPointer { xp in
        g.withUnsafeBufferPointer { gp in
            Kernels.make(left * columns) { out in
                ProductKernels.transposedRowsProduct(xp.baseAddress!, gp.baseAddress!, out.baseAddress!, rows: rows, left: left, columns: columns)
            }
        }
    }
}

/// The transpose of one row-major matrix.
private func transposedMatrix(_ x: [Double], rows: Int, columns: Int) -> [Double] {
    var out = [Double](repeating: 0, count: x.count)
    for i in 0..<rows { for j in 0..<columns { out[j * rows + i] = x[i * columns + j] } }
    return out
}
