import Foundation

/// MultivariateNormal(loc μ, covariance Σ | precision Σ⁻¹ | scale_tril L) on ℝⁿ.
///
/// Everything runs through the lower Cholesky factor L (Σ = L Lᵀ): given a covariance it is
/// `cholesky(Σ)`; given a precision P = Lₚ Lₚᵀ, Σ = Lₚ⁻ᵀ Lₚ⁻¹ and L = cholesky(Σ); given
/// `scale_tril` it is L itself. Each step records its backward rule, so gradients reach every
/// entry of whichever matrix was given.
///
///     rsample:   z = μ + L ε,  ε ~ N(0, I)                     (explicit: ∂z/∂μ = I, ∂z/∂L_ij = ε_j)
///     log_prob:  −½‖L⁻¹(x − μ)‖² − Σ log L_ii − (n/2) log 2π
///     entropy:   (n/2)(1 + log 2π) + Σ log L_ii
///     mean μ,    variance diag Σ
///
///     let d = try MultivariateNormal(loc: Tensor([0, 0]), covariance: Tensor(rows: [[2, 0.6], [0.6, 1]]))
///     let z = try d.rsample([1000], using: &stream)   // shape [1000, 2]
public struct MultivariateNormal: Distribution {
    public let loc: Tensor
    /// The lower Cholesky factor L of the covariance, [b…, n, n] (on the tape of the given matrix).
    public let scaleTril: Tensor
    /// The matrix as given: ("covariance" | "precision" | "scale_tril", value).
    private let matrix: (name: String, value: Tensor)
    public let batchShape: [Int]

    public var parameters: [(name: String, value: Tensor)] { [("loc", loc), matrix] }
    public var eventShape: [Int] { [loc.shape.last ?? 0] }
    public var support: Support { .real }
    public var reparameterization: Reparameterization { .explicit }

    public static let family = Family(
        constructor: "multivariate_normal", name: "MultivariateNormal",
        parameters: [.init("loc", .real, meaning: "mean vector μ (length n ≥ 1)"),
                     .init("covariance", .positiveDefinite, meaning: "covariance Σ, n × n, symmetric positive definite"),
                     .init("precision", .positiveDefinite, meaning: "precision Σ⁻¹, n × n, symmetric positive definite", alternativeTo: "covariance"),
                     .init("scale_tril", .lowerCholesky, meaning: "lower Cholesky factor L of Σ = L Lᵀ, positive diagonal", alternativeTo: "covariance")],
        support: .fixed(.real), eventShape: .lastAxis(of: "loc"), route: .explicit, methods: [.entropy],
        summary: "MultivariateNormal(μ, Σ) on ℝⁿ: z = μ + L ε with L Lᵀ = Σ (Cholesky), explicit gradients to μ and every entry of Σ",
        formula: "p(x) = exp(−½ (x−μ)ᵀ Σ⁻¹ (x−μ)) / √((2π)ⁿ det Σ)",
        example: "multivariate_normal([0, 0], [[2, 0.6], [0.6, 1]])") { inputs in
        try MultivariateNormal(loc: inputs[0], matrix: ScaleMatrix(from: inputs, for: "MultivariateNormal"))
    }

    /// From the covariance Σ [b…, n, n]: L = cholesky(Σ).
    public init(loc: Tensor, covariance: Tensor) throws {
        try self.init(loc: loc, matrix: ScaleMatrix(.covariance, covariance))
    }

    /// From the precision P = Σ⁻¹: P = Lₚ Lₚᵀ, W = Lₚ⁻¹, Σ = Wᵀ W, L = cholesky(Σ).
    public init(loc: Tensor, precision: Tensor) throws {
        try self.init(loc: loc, matrix: ScaleMatrix(.precision, precision))
    }

    /// From the factor L itself (its lower triangle).
    public init(loc: Tensor, scaleTril: Tensor) throws {
        try self.init(loc: loc, matrix: ScaleMatrix(.scaleTril, scaleTril))
    }

    private init(loc: Tensor, matrix: ScaleMatrix) throws {
        let name = Self.family.name
        guard loc.rank >= 1, loc.count > 0 else {
            throw ReparamError.invalidParameter(distribution: name, parameter: "loc", value: "shape \(loc.shape)",
                                                rule: "a vector of n ≥ 1 values (shape [..., n])")
        }
        try Constraint.real.check(name, "loc", loc)
        try matrix.check(name)
        let n = loc.shape[loc.rank - 1], size = matrix.value.shape[matrix.value.rank - 1]
        guard size == n else {
            throw ReparamError.invalidParameter(distribution: name, parameter: matrix.name, value: "\(size) × \(size)",
                                                rule: "\(n) × \(n), matching loc's length \(n)")
        }
        do {
            batchShape = try Shape.broadcast(Array(loc.shape.dropLast()), Array(matrix.value.shape.dropLast(2)))
        } catch {
            throw ReparamError.shape("\(name): loc's batch shape \(Array(loc.shape.dropLast())) does not broadcast with \(matrix.name)'s "
                                     + "\(Array(matrix.value.shape.dropLast(2))) (loc is [..., n], \(matrix.name) is [..., n, n])")
        }
        self.loc = loc
        self.matrix = matrix.parameter
        scaleTril = try matrix.lowerFactor(name)
    }

    private var n: Int { eventShape[0] }

    /// z = μ + L ε for ε ~ N(0, I) of shape sampleShape + batch + [n].
    public func computeRsample(_ sampleShape: [Int], using stream: inout RandomStream) throws -> Tensor {
        let shape = try Validation.drawShape(name, sampleShape, batchShape, eventShape)
        let ε = Tensor(unchecked: shape, stream.normal(count: Shape.count(shape)))
        return try loc.adding(matvec(scaleTril, ε))
    }

    /// −½‖L⁻¹(x − μ)‖² − Σ log L_ii − (n/2) log 2π.
    public func computeLogProb(_ value: Tensor) throws -> Tensor {
        let centered = try value.subtracting(loc)
        let whitened = try solveLowerTriangular(scaleTril, centered.unsqueezed(centered.rank)).squeezed(centered.rank)
        let mahalanobis = try (whitened * whitened).sum(axis: -1)
        return try (mahalanobis * -0.5).subtracting(halfLogDeterminant).subtracting(Tensor(Double(n) / 2 * Foundation.log(2 * Double.pi)))
    }

    /// (n/2)(1 + log 2π) + ½ log det Σ.
    public func computeEntropy() throws -> Tensor {
        try halfLogDeterminant.adding(Tensor(Double(n) / 2 * (1 + Foundation.log(2 * Double.pi))))
    }

    /// ½ log det Σ = Σ log L_ii, shape of L's batch.
    private var halfLogDeterminant: Tensor {
        get throws { try log(scaleTril.diagonal()).sum(axis: -1) }
    }

    /// μ, spread to batch + event shape.
    public var mean: Tensor { (try? loc.broadcast(to: batchShape + eventShape)) ?? loc }

    /// diag Σ (read off a given covariance, else Σ_j L_ij²), spread to batch + event shape.
    public var variance: Tensor {
        let diagonal = matrix.name == "covariance" ? try? matrix.value.diagonal() : try? (scaleTril * scaleTril).sum(axis: -1)
        return (try? diagonal?.broadcast(to: batchShape + eventShape)) ?? Tensor(repeating: .nan, shape: batchShape + eventShape)
    }

    /// Σ = L Lᵀ, [batch…, n, n].
    public var covarianceMatrix: Tensor {
        get throws { try matmul(scaleTril, scaleTril.matrixTransposed()).broadcast(to: batchShape + [n, n]) }
    }
}
