/// The structural rules of matrix-valued parameters: square, symmetric, lower triangular,
/// positive definite; each broken rule is reported as the entry or pivot that breaks it.
///
/// Symmetry and triangularity are checked to within 1e-4 · max(1, largest |entry|), so that a
/// finite difference of one entry (gradcheck's step is 1e-5 · max(1, |θ|)) stays admissible;
/// the families use exactly the symmetric part ½(A + Aᵀ), or exactly the lower triangle.
///
///     try MatrixConstraints.checkPositiveDefinite("MultivariateNormal", "covariance", Tensor(rows: [[1, 2], [2, 1]]))
///     // MultivariateNormal: covariance must be positive definite, got a matrix whose Cholesky pivot at row 1 (0-based, of 2) is -3 (…)
enum MatrixConstraints {
    static let tolerance = 1e-4

    /// Throws unless `value` has shape [b…, n, n].
    static func checkSquare(_ family: String, _ parameter: String, _ value: Tensor) throws -> Int {
        guard value.rank >= 2, value.shape[value.rank - 1] == value.shape[value.rank - 2], value.shape[value.rank - 1] >= 1 else {
            throw ReparamError.invalidParameter(distribution: family, parameter: parameter, value: "shape \(value.shape)",
                                                rule: "a square matrix (shape [..., n, n] with n ≥ 1)")
        }
        return value.shape[value.rank - 1]
    }

    /// Square, symmetric to within the tolerance, and with every Cholesky pivot positive.
    static func checkPositiveDefinite(_ family: String, _ parameter: String, _ value: Tensor) throws {
        let n = try checkSquare(family, parameter, value)
        let x = value.scalars, slack = slack(x)
        for e in x.indices {
            let i = (e / n) % n, j = e % n, mirrored = e - (i * n + j) + (j * n + i)
            if i < j, !(Swift.abs(x[e] - x[mirrored]) <= slack) {
                throw ReparamError.invalidParameter(
                    distribution: family, parameter: parameter,
                    value: "\(Validation.format(x[e])) at \(position(e, value.shape)) but \(Validation.format(x[mirrored])) at \(position(mirrored, value.shape))",
                    rule: "symmetric (entry [i, j] equal to entry [j, i])")
            }
        }
        do {
            _ = try cholesky(value.detached)
        } catch let failure as CholeskyFailure {
            throw ReparamError.invalidParameter(distribution: family, parameter: parameter, value: failure.description, rule: "positive definite")
        }
    }

    /// Square, zero above the diagonal to within the tolerance, and positive on it.
    static func checkLowerCholesky(_ family: String, _ parameter: String, _ value: Tensor) throws {
        let n = try checkSquare(family, parameter, value)
        let x = value.scalars, slack = slack(x)
        for e in x.indices {
            let i = (e / n) % n, j = e % n
            if i < j, !(Swift.abs(x[e]) <= slack) {
                throw ReparamError.invalidParameter(distribution: family, parameter: parameter,
                                                    value: "\(Validation.format(x[e])) at \(position(e, value.shape))",
                                                    rule: "lower triangular (zero above the diagonal)")
            }
            if i == j, !(x[e] > 0) {
                throw ReparamError.invalidParameter(distribution: family, parameter: parameter,
                                                    value: "\(Validation.format(x[e])) at \(position(e, value.shape))",
                                                    rule: "positive on the diagonal (a Cholesky factor)")
            }
        }
    }

    static func slack(_ x: [Double]) -> Double {
        tolerance * Swift.max(1, x.reduce(0) { Swift.max($0, Swift.abs($1)) })
    }

    /// "[1, 0]", or "[2, 1, 0]" inside a batch.
    static func position(_ flat: Int, _ shape: [Int]) -> String {
        let strides = Shape.strides(shape)
        return "[" + shape.indices.map { "\((flat / strides[$0]) % shape[$0])" }.joined(separator: ", ") + "]"
    }
}
