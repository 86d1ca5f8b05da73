import Foundation

/// Pieces of matrices over the last two axes, each with its backward rule.
extension Tensor {
    /// The last two axes swapped: [b…, m, n] → [b…, n, m].  ∂: swap back.
    public func matrixTransposed() throws -> Tensor {
        let (m, n) = try matrixDimensions("matrixTransposed")
        let count = self.count / Swift.max(m * n, 1)
        func swap(_ x: [Double], _ m: Int, _ n: Int) -> [Double] {
            Kernels.make(x.count) { out in
                for t in 0..<count { for i in 0..<m { for j in 0..<n { out[t * m * n + j * m + i] = x[t * m * n + i * n + j] } } }
            }
        }
        var shape = self.shape
        shape.swapAt(rank - 2, rank - 1)
        let old = self.shape
        return Tensor.record(shape, swap(scalars, m, n), inputs: [self]) { g in [Tensor(unchecked: old, swap(g.scalars, n, m))] }
    }

    /// The diagonal of each square matrix: [b…, n, n] → [b…, n].  ∂: scatter onto the diagonal.
    public func diagonal() throws -> Tensor {
        let (n, columns) = try matrixDimensions("diagonal")
        guard n == columns else { throw ReparamError.shape("diagonal needs square matrices, got shape \(shape)") }
        let count = self.count / Swift.max(n * n, 1), x = scalars, old = shape
        let values = Kernels.make(count * n) { out in for t in 0..<count { for i in 0..<n { out[t * n + i] = x[t * n * n + i * n + i] } } }
        return Tensor.record(Array(shape.dropLast()), values, inputs: [self]) { g in
            var out = [Double](repeating: 0, count: x.count)
            for t in 0..<count { for i in 0..<n { out[t * n * n + i * n + i] = g.scalars[t * n + i] } }
            return [Tensor(unchecked: old, out)]
        }
    }

    /// The lower-triangular factor with a positive diagonal that unconstrained entries u stand for:
    /// L_ij = u_ij below the diagonal, L_ii = exp(u_ii), 0 above (the optimizers' map onto scale_tril).
    ///
    ///     ∂L_ij/∂u_ij = 1 (i > j),  ∂L_ii/∂u_ii = L_ii,  0 above
    public func lowerCholeskyFromUnconstrained() throws -> Tensor {
        let (n, columns) = try matrixDimensions("lowerCholeskyFromUnconstrained")
        guard n == columns else { throw ReparamError.shape("a lower Cholesky factor needs square matrices, got shape \(shape)") }
        let x = scalars
        let values = Kernels.make(x.count) { out in
            for e in 0..<x.count {
                let i = (e / n) % n, j = e % n
                out[e] = i > j ? x[e] : i == j ? Foundation.exp(x[e]) : 0
            }
        }
        return Tensor.record(shape, values, inputs: [self]) { g in
            [Tensor(unchecked: g.shape, (0..<x.count).map { e in
                let i = (e / n) % n, j = e % n
                return i > j ? g.scalars[e] : i == j ? g.scalars[e] * values[e] : 0
            })]
        }
    }

    /// The inverse of `lowerCholeskyFromUnconstrained`: u_ij = L_ij below, log L_ii on the diagonal, 0 above.
    func unconstrainedFromLowerCholesky() -> Tensor {
        let n = shape.last ?? 1
        return Tensor(unchecked: shape, scalars.indices.map { e in
            let i = (e / n) % n, j = e % n
            return i > j ? scalars[e] : i == j ? Foundation.log(scalars[e]) : 0
        })
    }
}
