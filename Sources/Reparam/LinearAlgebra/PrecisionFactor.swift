/// The lower Cholesky factor of the covariance Σ = P⁻¹ for precision matrices P [b…, n, n], on
/// P's tape (every step records its backward rule, so gradients reach every entry of P):
///
///     P = Lₚ Lₚᵀ,   W = Lₚ⁻¹,   Σ = Wᵀ W,   L = cholesky(Σ)
///
/// Throws `CholeskyFailure` when P, or the Σ it gives (too ill-conditioned), is not positive definite.
///
///     let l = try covarianceFactor(fromPrecision: Tensor(rows: [[2, 0], [0, 4]]))   // [[0.7071, 0], [0, 0.5]]
public func covarianceFactor(fromPrecision p: Tensor) throws -> Tensor {
    let (n, _) = try p.matrixDimensions("covarianceFactor")
    let w = try solveLowerTriangular(cholesky(p), Tensor.identity(n))
    return try cholesky(matmul(w.matrixTransposed(), w))
}
