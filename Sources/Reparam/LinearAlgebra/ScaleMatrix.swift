/// The n × n matrix a Gaussian-family constructor was given — covariance Σ, precision Σ⁻¹ or the
/// factor L of Σ = L Lᵀ — and how each becomes L.
///
///     let m = ScaleMatrix(.precision, Tensor(rows: [[2, 0], [0, 4]]))
///     try m.check("MultivariateNormal")                    // positive definite
///     try m.lowerFactor("MultivariateNormal")              // [[0.7071, 0], [0, 0.5]]
///
/// MultivariateNormal and Wishart take the same three forms; both keep the matrix as given (its
/// name and value are the family's parameter) and compute with L.
struct ScaleMatrix {
    enum Form: String { case covariance, precision, scaleTril = "scale_tril" }

    let form: Form
    let value: Tensor

    init(_ form: Form, _ value: Tensor) {
        self.form = form
        self.value = value
    }

    /// The one of covariance, precision and scale_tril among a family's inputs (the family layer
    /// admits exactly one of these alternatives).
    init(from inputs: Family.Inputs, for distribution: String) throws {
        if let precision = inputs["precision"] { self.init(.precision, precision); return }
        if let scaleTril = inputs["scale_tril"] { self.init(.scaleTril, scaleTril); return }
        guard let covariance = inputs["covariance"] else {
            throw ReparamError.invalidArgument("\(distribution) needs covariance, precision or scale_tril")
        }
        self.init(.covariance, covariance)
    }

    /// "covariance", "precision" or "scale_tril": the parameter's name.
    var name: String { form.rawValue }

    /// (name, the matrix as given).
    var parameter: (name: String, value: Tensor) { (name, value) }

    /// Positive definite for Σ and Σ⁻¹; a lower Cholesky factor for L.
    func check(_ distribution: String) throws {
        try (form == .scaleTril ? Constraint.lowerCholesky : .positiveDefinite).check(distribution, name, value)
    }

    /// L with Σ = L Lᵀ, on the tape of the matrix as given: cholesky(Σ); cholesky(P⁻¹) for a
    /// precision; exactly the lower triangle of a given factor (entries above the diagonal, zero
    /// to within the check's tolerance, carry no gradient).
    func lowerFactor(_ distribution: String) throws -> Tensor {
        do {
            switch form {
            case .covariance: return try cholesky(value)
            case .precision: return try covarianceFactor(fromPrecision: value)
            case .scaleTril: return try value.lowerTriangle()
            }
        } catch let failure as CholeskyFailure {
            // A precision that passed its own check can still give a covariance that rounds to not positive definite.
            throw ReparamError.invalidParameter(distribution: distribution, parameter: name, value: failure.description,
                                                rule: "positive definite once inverted (too ill-conditioned)")
        }
    }
}
