import Reparam

/// Matrix products and transposes over the last two axes (batched, broadcast), differentiable:
/// `a @ b` and `matmul(a, b)` are NumPy's matmul, `transpose(x)` swaps the last two axes. With
/// them the correlation matrix behind an LKJ factor, or a Wishart draw's square, is one line:
///
///     let l = lkj_cholesky(3, 2).rsample(100)
///     let c = l @ transpose(l)          // [100, 3, 3], unit diagonal
///
///     [m, k] @ [k, p] → [m, p]   batched: [b…, m, k] @ [b…, k, p] → [b…, m, p]
///     [m, k] @ [k]    → [m]      [k] @ [k, p] → [p]      [k] @ [k] → []   (a vector is a row on the left, a column on the right)
extension BuiltinRegistry {
    mutating func addMatrices() {
        binary("matmul", ("a", "b"), "the matrix product a @ b over the last two axes (batched; a vector is a row on the left, a column on the right)",
               example: "matmul([[1, 2], [3, 4]], [1, -1])", MatrixBuiltins.product)
        add(Builtin(name: "transpose", signature: "transpose(x)", summary: "x with its last two axes swapped",
                    example: "transpose([[1, 2, 3], [4, 5, 6]])") { arguments, _ in
            try arguments.expectOnly(positional: 1, named: ["x"])
            let (x, provenance) = try arguments.tensor(0, "x")
            guard x.rank >= 2 else {
                throw ReparamError.invalidArgument("transpose needs a matrix (rank ≥ 2), got shape \(x.shape); a vector is its own transpose here")
            }
            return .tensor(try x.matrixTransposed(), provenance)
        })
    }
}

enum MatrixBuiltins {
    /// NumPy's matmul: vectors are promoted to a row (left) or a column (right) and the added axis dropped.
    static func product(_ a: Tensor, _ b: Tensor) throws -> Tensor {
        guard a.rank >= 1, b.rank >= 1 else {
            throw ReparamError.invalidArgument("@ multiplies matrices or vectors, not numbers (shapes \(a.shape) and \(b.shape)); use * for numbers")
        }
        let left = a.rank == 1 ? try a.reshaped([1, a.count]) : a, right = b.rank == 1 ? try b.reshaped([b.count, 1]) : b
        let k = left.shape[left.rank - 1], k2 = right.shape[right.rank - 2]
        guard k == k2 else {
            throw ReparamError.shape("@: cannot multiply \(a.shape) by \(b.shape): \(a.rank == 1 ? "the vector's length" : "the columns of the left") (\(k)) "
                                     + "must equal \(b.rank == 1 ? "the vector's length" : "the rows of the right") (\(k2))")
        }
        let c = try matmul(left, right)
        // Drop the axes the promotion added: the row's (second to last) and the column's (last).
        var shape = c.shape
        if b.rank == 1 { shape.removeLast() }
        if a.rank == 1 { shape.remove(at: shape.count - (b.rank == 1 ? 1 : 2)) }
        return try c.reshaped(shape)
    }
}
